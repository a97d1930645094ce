/*
 * summary.c: aggregate figures over many messages (see summary.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "regdomain.h"
#include "summary.h"
#include "util.h"

/* One kept name and its figures; name NULL: an empty slot. */
struct entry {
	char *name;
	size_t len;
	unsigned long long n[SUMMARY_FIELDS];
};

/* An open-addressing hash table of owned names and their figures. */
struct counter {
	struct entry *slot;
	size_t cap;			/* a power of two */
	size_t n;
	unsigned long long others[SUMMARY_FIELDS]; /* names not kept */
};

/* FNV-1a over the bytes of a name. */
static uint64_t
hash(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct counter *
counter_new(void)
{
	struct counter *t = xcalloc(1, sizeof(*t));

	t->cap = 64;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	return t;
}

static void
counter_free(struct counter *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->cap; i++)
		free(t->slot[i].name);
	free(t->slot);
	free(t);
}

/* Finds the slot of a name, or the empty slot where it would go. */
static struct entry *
counter_slot(struct entry *slot, size_t cap, const char *p, size_t len)
{
	size_t i = (size_t)hash(p, len) & (cap - 1);

	while (slot[i].name != NULL && (slot[i].len != len ||
	    memcmp(slot[i].name, p, len) != 0))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

/* Doubles the table. */
static void
counter_grow(struct counter *t)
{
	struct entry *old = t->slot;
	size_t oldcap = t->cap, i;

	t->cap *= 2;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].name != NULL)
			*counter_slot(t->slot, t->cap, old[i].name,
			    old[i].len) = old[i];
	}
	free(old);
}

/*
 * Adds figures to a name's row; past SUMMARY_NAMES_MAX names, and for a
 * NULL name, to others.  A kept name is at most SUMMARY_NAME_MAX bytes,
 * with NUL and SUMMARY_PATH_SEP (except at sep_at) written as spaces, so
 * that it is one C string and a downgrade row splits in one place.
 */
static void
counter_add(struct counter *t, const char *p, size_t len, size_t sep_at,
    const unsigned long long n[SUMMARY_FIELDS])
{
	char name[2 * SUMMARY_NAME_MAX + 2];
	unsigned long long *to;
	struct entry *c;
	size_t i;

	if (len > sizeof name - 1)
		len = sizeof name - 1;
	for (i = 0; p != NULL && i < len; i++) {
		name[i] = p[i];
		if (name[i] == '\0' || (name[i] == SUMMARY_PATH_SEP &&
		    i != sep_at))
			name[i] = ' ';
	}
	to = t->others;
	if (p != NULL) {
		c = counter_slot(t->slot, t->cap, name, len);
		if (c->name == NULL && t->n < SUMMARY_NAMES_MAX) {
			if (2 * (t->n + 1) > t->cap) {
				counter_grow(t);
				c = counter_slot(t->slot, t->cap, name, len);
			}
			c->name = xmemdup0(name, len);
			c->len = len;
			t->n++;
		}
		if (c->name != NULL)
			to = c->n;
	}
	for (i = 0; i < SUMMARY_FIELDS; i++)
		to[i] += n[i];
}

struct summary *
summary_new(void)
{
	struct summary *s = xcalloc(1, sizeof(*s));
	size_t i;

	for (i = 0; i < SUMMARY_TABLES; i++)
		s->table[i] = counter_new();
	return s;
}

void
summary_free(struct summary *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < SUMMARY_TABLES; i++)
		counter_free(s->table[i]);
	regdomain_close(s->psl);
	free(s);
}

void
summary_add_error(struct summary *s)
{
	s->errors++;
}

void
summary_count(struct summary *s, enum summary_table t, const char *name,
    size_t len, const unsigned long long n[SUMMARY_FIELDS])
{
	const char *sep;

	if ((size_t)t >= SUMMARY_TABLES)
		return;
	sep = t == SUMMARY_DOWNGRADES && name != NULL ?
	    memchr(name, SUMMARY_PATH_SEP, len) : NULL;
	counter_add(s->table[t], name, len, sep != NULL ?
	    (size_t)(sep - name) : len, n);
}

size_t
summary_names(const struct summary *s, enum summary_table t)
{
	return (size_t)t < SUMMARY_TABLES ? s->table[t]->n : 0;
}

/*
 * A name into out (SUMMARY_NAME_MAX + 1 bytes), as a table keeps it: valid
 * UTF-8 (invalid bytes and NUL become U+FFFD), C0 controls and DEL as '?',
 * ASCII lower-cased, without a final dot, cut to SUMMARY_NAME_MAX bytes on
 * a character boundary.  So a name reads back from the JSON summary as
 * the same bytes, and shards merge exactly.  Returns the length.
 */
static size_t
put_name(char *out, const char *p, size_t len)
{
	struct strbuf repaired;
	bool ascii = true;
	size_t i;

	while (len > 1 && p[len - 1] == '.')
		len--;
	for (i = 0; i < len && ascii; i++)
		ascii = (unsigned char)p[i] >= 0x20 &&
		    (unsigned char)p[i] < 0x7f;
	strbuf_init(&repaired);
	if (!ascii) {
		(void)escape_utf8_repair(&repaired, p, len);
		p = repaired.data;
		len = repaired.len;
	}
	if (len > SUMMARY_NAME_MAX) {
		len = SUMMARY_NAME_MAX;
		while (len > 0 && ((unsigned char)p[len] & 0xc0) == 0x80)
			len--;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];

		out[i] = ch < 0x20 || ch == 0x7f ? '?' :
		    (char)ascii_tolower(ch);
	}
	strbuf_clear(&repaired);
	return len;
}

/*
 * The sending host of a hop as its receiver recorded it: the reverse DNS
 * name of the connecting address, else the address, else the hop's scope
 * in parentheses ("(local)").  Never the HELO name, which the client
 * chooses.  Returns the length written to out (SUMMARY_NAME_MAX + 1).
 */
static size_t
sender_name(const struct hop *h, char *out)
{
	struct span r = h->rcv.rdns;
	size_t len;

	if (SPAN_IS_SET(r) && r.len > 0 &&
	    !ascii_span_eq(r.p, r.len, "unknown"))
		return put_name(out, r.p, r.len);
	if (h->ip[0] != '\0')
		return put_name(out, h->ip, strlen(h->ip));
	len = (size_t)snprintf(out, SUMMARY_NAME_MAX + 1, "(%s)",
	    scope_name(h->scope));
	return len < SUMMARY_NAME_MAX ? len : SUMMARY_NAME_MAX;
}

/* The registrable domain of a kept name, or 0. */
static size_t
domain_of(struct summary *s, const char *name, size_t len, const char **dom)
{
	if (!s->psl_tried) {
		s->psl = regdomain_open();
		s->psl_tried = true;
	}
	return regdomain_of(s->psl, name, len, dom);
}

/* Counts figures for a host and its registrable domain. */
static void
count_host(struct summary *s, enum summary_table host_table,
    const char *name, size_t len, const unsigned long long n[SUMMARY_FIELDS])
{
	const char *dom;
	size_t dlen;

	summary_count(s, host_table, name, len, n);
	if ((dlen = domain_of(s, name, len, &dom)) > 0)
		summary_count(s, host_table + 1, dom, dlen, n);
}

/* True for a TLS version deprecated by RFC 8996 (or SSL: RFC 6176, 7568). */
static bool
is_deprecated(const struct hop *h)
{
	return h->tls == TLSSTATE_YES && h->version != TLSVER_NONE &&
	    h->version <= TLSVER_TLS11;
}

/* True for a hop over a network (as the verdict's downgrade finding). */
static bool
is_network(const struct hop *h)
{
	return h->scope == SCOPE_PUBLIC || h->scope == SCOPE_PRIVATE ||
	    h->scope == SCOPE_LOOPBACK;
}

/*
 * Counts a downgrade: the judged plaintext hop h came after a network hop
 * that used TLS.  The relay that dropped TLS is h's sender (its reverse
 * name or address, else the name it gave itself as the receiver of the
 * hop before), the receiver is h's "by" host.
 */
static void
count_downgrade(struct summary *s, const struct chain *c, size_t i)
{
	const struct hop *h = &c->hop[i];
	struct span by = h->rcv.clause[CLAUSE_BY].first;
	struct span prev_by;
	char path[2 * (SUMMARY_NAME_MAX + 1)];
	unsigned long long n[SUMMARY_FIELDS] = { 0 };
	size_t len;

	len = sender_name(h, path);
	if (path[0] == '(' && i > 0) {
		prev_by = c->hop[i - 1].rcv.clause[CLAUSE_BY].first;
		if (SPAN_IS_SET(prev_by) && prev_by.len > 0)
			len = put_name(path, prev_by.p, prev_by.len);
	}
	path[len++] = SUMMARY_PATH_SEP;
	if (SPAN_IS_SET(by) && by.len > 0)
		len += put_name(path + len, by.p, by.len);
	else
		path[len++] = '?';
	n[DOWNGRADE_PATHS] = 1;
	n[DOWNGRADE_ATTESTED] = h->trust == TRUST_ATTESTED;
	summary_count(s, SUMMARY_DOWNGRADES, path, len, n);
}

/* Counts the judged hops: by trust, plaintext hosts, downgrades. */
static bool
count_judged(struct summary *s, const struct chain *c)
{
	char name[SUMMARY_NAME_MAX + 1];
	unsigned long long n[SUMMARY_FIELDS];
	struct summary_hops *side;
	bool tls_before = false, downgraded = false;
	size_t i;

	for (i = 0; i < c->nhops; i++) {
		const struct hop *h = &c->hop[i];

		side = h->trust == TRUST_ATTESTED ? &s->attested :
		    &s->claimed;
		if (h->judged) {
			side->hops++;
			side->deprecated += is_deprecated(h);
		}
		if (h->judged && h->tls == TLSSTATE_NO) {
			side->plaintext++;
			s->plaintext++;
			memset(n, 0, sizeof n);
			n[PLAIN_HOPS] = 1;
			n[PLAIN_CLAIMED] = h->trust != TRUST_ATTESTED;
			count_host(s, SUMMARY_PLAINTEXT_HOSTS, name,
			    sender_name(h, name), n);
			if (tls_before) {
				count_downgrade(s, c, i);
				downgraded = true;
			}
		}
		tls_before |= h->tls == TLSSTATE_YES && is_network(h);
	}
	return downgraded;
}

/*
 * Counts the message under the sender of its hop into our MX: the oldest
 * hop our side wrote.  A message with no attested hop has none.
 */
static void
count_inbound(struct summary *s, const struct chain *c, bool downgraded)
{
	char name[SUMMARY_NAME_MAX + 1];
	unsigned long long n[SUMMARY_FIELDS];
	const struct hop *h = NULL;
	size_t i;

	for (i = 0; i < c->nhops; i++) {
		if (c->hop[i].trust == TRUST_ATTESTED) {
			h = &c->hop[i];
			break;
		}
	}
	if (h == NULL)
		return;
	n[SENDER_MESSAGES] = 1;
	n[SENDER_PLAINTEXT] = h->judged && h->tls == TLSSTATE_NO;
	n[SENDER_DEPRECATED] = h->judged && is_deprecated(h);
	n[SENDER_DOWNGRADED] = downgraded;
	for (i = 0; i < SUMMARY_FIELDS; i++)
		s->inbound[i] += n[i];
	count_host(s, SUMMARY_SENDERS, name, sender_name(h, name), n);
}

void
summary_add(struct summary *s, const struct chain *c)
{
	static const unsigned long long one[SUMMARY_FIELDS] = { 1 };
	size_t i;

	s->messages++;
	if ((size_t)c->verdict < sizeof s->verdict / sizeof s->verdict[0])
		s->verdict[c->verdict]++;
	for (i = 0; i < c->nhops; i++) {
		const struct hop *h = &c->hop[i];

		s->hops++;
		if ((size_t)h->tls < sizeof s->state / sizeof s->state[0])
			s->state[h->tls]++;
		if (h->tls == TLSSTATE_YES && (size_t)h->version <
		    sizeof s->version / sizeof s->version[0])
			s->version[h->version]++;
	}
	count_inbound(s, c, count_judged(s, c));
	for (i = 0; i < c->findings.n; i++)
		summary_count(s, SUMMARY_CODES, c->findings.v[i].code,
		    strlen(c->findings.v[i].code), one);
}

/* Figure 0 first, most first, then by name. */
static int
cmp_first(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	if (x->n[0] != y->n[0])
		return x->n[0] > y->n[0] ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sender rows: plaintext, downgraded, deprecated, messages; then name. */
static int
cmp_sender(const void *a, const void *b)
{
	static const int order[] = { SENDER_PLAINTEXT, SENDER_DOWNGRADED,
	    SENDER_DEPRECATED, SENDER_MESSAGES };
	const struct summary_row *x = a, *y = b;
	size_t i;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (x->n[order[i]] != y->n[order[i]])
			return x->n[order[i]] > y->n[order[i]] ? -1 : 1;
	}
	return strcmp(x->name, y->name);
}

struct summary_row *
summary_rows(const struct summary *s, enum summary_table t, size_t *nrows,
    struct summary_row *others)
{
	const struct counter *c;
	struct summary_row *rows;
	size_t i, n = 0;

	*nrows = 0;
	memset(others, 0, sizeof *others);
	if ((size_t)t >= SUMMARY_TABLES)
		return NULL;
	c = s->table[t];
	memcpy(others->n, c->others, sizeof others->n);
	if (c->n == 0)
		return NULL;
	rows = xreallocarray(NULL, c->n, sizeof(*rows));
	for (i = 0; i < c->cap; i++) {
		if (c->slot[i].name == NULL)
			continue;
		rows[n].name = c->slot[i].name;
		memcpy(rows[n++].n, c->slot[i].n, sizeof rows[0].n);
	}
	qsort(rows, n, sizeof(*rows), t == SUMMARY_SENDERS ||
	    t == SUMMARY_SENDER_DOMAINS ? cmp_sender : cmp_first);
	*nrows = n;
	return rows;
}

void
summary_path_split(const char *name, const char **relay, size_t *relay_len,
    const char **receiver, size_t *receiver_len)
{
	const char *sep = strchr(name, SUMMARY_PATH_SEP);

	*relay = name;
	if (sep == NULL) {
		*relay_len = strlen(name);
		*receiver = "?";
		*receiver_len = 1;
		return;
	}
	*relay_len = (size_t)(sep - name);
	*receiver = sep + 1;
	*receiver_len = strlen(sep + 1);
}
