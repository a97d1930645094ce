/*
 * trust.c: the trust boundary (see trust.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netaddr.h"
#include "proto.h"
#include "trust.h"
#include "util.h"

/* The longest host name kept (RFC 1035: 253 octets, plus a dot). */
#define TRUST_NAME_MAX	255

/* The longest line of a configuration file. */
#define CONFIG_LINE_MAX	1024

struct trust_entry {
	bool is_net;
	struct netaddr net;
	unsigned prefixlen;
	char *name;		/* owned, lower case, no final dot */
	bool domain;		/* ".example.org": any name under it */
};

struct trustlist {
	struct trust_entry *v;
	size_t n;
	size_t cap;
};

struct trustlist *
trustlist_new(void)
{
	return xcalloc(1, sizeof(struct trustlist));
}

void
trustlist_free(struct trustlist *tl)
{
	size_t i;

	if (tl == NULL)
		return;
	for (i = 0; i < tl->n; i++)
		free(tl->v[i].name);
	free(tl->v);
	free(tl);
}

/* Appends an entry, growing the array. */
static struct trust_entry *
push(struct trustlist *tl)
{
	if (tl->n == tl->cap) {
		tl->cap = tl->cap ? tl->cap * 2 : 8;
		tl->v = xreallocarray(tl->v, tl->cap, sizeof(*tl->v));
	}
	memset(&tl->v[tl->n], 0, sizeof(tl->v[tl->n]));
	return &tl->v[tl->n++];
}

/* True for a host name: labels of letters, digits, '-' and '_'. */
static bool
is_hostname(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > TRUST_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (ascii_isalnum(c) || c == '-' || c == '_')
			label++;
		else
			return false;
	}
	return label > 0;
}

int
trustlist_add(struct trustlist *tl, const char *spec, char *err,
    size_t errsize)
{
	struct trust_entry *e;
	struct netaddr net;
	unsigned prefixlen;
	size_t len = strlen(spec), i;
	bool domain = false;

	if (netaddr_parse_cidr(spec, len, &net, &prefixlen)) {
		e = push(tl);
		e->is_net = true;
		e->net = net;
		e->prefixlen = prefixlen;
		return 0;
	}
	if (len > 0 && spec[0] == '.') {
		domain = true;
		spec++;
		len--;
	}
	if (len > 1 && spec[len - 1] == '.')
		len--;
	if (!is_hostname(spec, len)) {
		(void)snprintf(err, errsize, "'%.*s' is neither a host name "
		    "nor an address or CIDR", (int)(len > 80 ? 80 : len),
		    spec);
		return -1;
	}
	e = push(tl);
	e->name = xmemdup0(spec, len);
	for (i = 0; i < len; i++)
		e->name[i] = (char)ascii_tolower((unsigned char)e->name[i]);
	e->domain = domain;
	return 0;
}

/* Strips white space from both ends of a NUL-terminated line in place. */
static char *
trim(char *s)
{
	char *end;

	while (ascii_isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && ascii_isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int
trustlist_load_file(struct trustlist *tl, const char *path, char *err,
    size_t errsize)
{
	char line[CONFIG_LINE_MAX], msg[512], *s, *value, *hash;
	unsigned lineno = 0;
	FILE *fp;
	int rc = -1;

	if ((fp = fopen(path, "r")) == NULL) {
		(void)snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			(void)snprintf(err, errsize, "%s:%u: line longer than "
			    "%d bytes", path, lineno, CONFIG_LINE_MAX - 2);
			goto out;
		}
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		s = trim(line);
		if (*s == '\0')
			continue;
		value = s;
		while (*value != '\0' && !ascii_isspace((unsigned char)*value))
			value++;
		if (*value != '\0')
			*value++ = '\0';
		value = trim(value);
		if (strcmp(s, "trusted") != 0) {
			(void)snprintf(err, errsize, "%s:%u: unknown directive "
			    "'%.40s' (expected 'trusted')", path, lineno, s);
			goto out;
		}
		if (*value == '\0' || strpbrk(value, " \t") != NULL) {
			(void)snprintf(err, errsize, "%s:%u: 'trusted' takes "
			    "one HOST or CIDR", path, lineno);
			goto out;
		}
		if (trustlist_add(tl, value, msg, sizeof msg) == -1) {
			(void)snprintf(err, errsize, "%s:%u: %s", path, lineno,
			    msg);
			goto out;
		}
	}
	if (ferror(fp)) {
		(void)snprintf(err, errsize, "%s: read error", path);
		goto out;
	}
	rc = 0;
out:
	(void)fclose(fp);
	return rc;
}

size_t
trustlist_count(const struct trustlist *tl)
{
	return tl != NULL ? tl->n : 0;
}

bool
trustlist_has_addr(const struct trustlist *tl, const struct netaddr *a)
{
	size_t i;

	for (i = 0; tl != NULL && i < tl->n; i++) {
		if (tl->v[i].is_net && netaddr_in_prefix(a, &tl->v[i].net,
		    tl->v[i].prefixlen))
			return true;
	}
	return false;
}

bool
trustlist_has_name(const struct trustlist *tl, const char *p, size_t len)
{
	size_t i, n;

	if (len > 1 && p[len - 1] == '.')
		len--;
	for (i = 0; tl != NULL && i < tl->n; i++) {
		const struct trust_entry *e = &tl->v[i];

		if (e->is_net)
			continue;
		n = strlen(e->name);
		if (ascii_span_eq(p, len, e->name))
			return true;
		if (e->domain && len > n + 1 && p[len - n - 1] == '.' &&
		    ascii_span_eq(p + len - n, n, e->name))
			return true;
	}
	return false;
}

/*
 * What says the client authenticated: a with keyword of RFC 3848 (ESMTPA,
 * ESMTPSA, LMTPA, ...), or a comment that starts with the word
 * "authenticated", as Sendmail writes "(authenticated bits=0)" and Postfix
 * "(Authenticated sender: user@example.org)" whatever the keyword.
 */
static struct span
find_auth(const struct hop *h)
{
	const struct received *rcv = &h->rcv;
	static const char word[] = "authenticated";
	const size_t n = sizeof word - 1;
	struct span none = { NULL, 0 };
	size_t i;

	if ((h->proto & PROTO_AUTH) != 0)
		return rcv->clause[CLAUSE_WITH].first;
	for (i = 0; i < rcv->ncomments; i++) {
		struct span t = rcv->comment[i].text;

		if (t.len >= n && ascii_span_startswith(t.p, t.len, word) &&
		    (t.len == n || t.p[n] == ' ' || t.p[n] == '\t' ||
		    t.p[n] == ':'))
			return t;
	}
	return none;
}

/* True when the client of an attested hop is ours, so it wrote the next. */
static bool
client_is_ours(const struct hop *h, const struct trustlist *tl)
{
	const struct received *rcv = &h->rcv;

	if (!rcv->clause[CLAUSE_FROM].present && !h->has_addr)
		return true;
	if (h->scope == SCOPE_LOCAL || h->scope == SCOPE_LOOPBACK)
		return true;
	/* Our user, or our MTA delivering (RFC 2033). */
	if (SPAN_IS_SET(h->auth) || (h->proto & PROTO_LMTP) != 0)
		return true;
	/* A list adds to the inference: it never takes trust away. */
	if (h->scope == SCOPE_PRIVATE)
		return true;
	if (h->has_addr && trustlist_has_addr(tl, &h->addr))
		return true;
	return SPAN_IS_SET(rcv->rdns) &&
	    trustlist_has_name(tl, rcv->rdns.p, rcv->rdns.len);
}

void
trust_assign(struct chain *c, const struct trustlist *tl)
{
	bool attested = true;
	size_t i;

	for (i = c->nhops; i > 0; i--) {
		struct hop *h = &c->hop[i - 1];

		h->auth = find_auth(h);
		h->trust = attested ? TRUST_ATTESTED : TRUST_CLAIMED;
		if (attested)
			attested = client_is_ours(h, tl);
	}
}
