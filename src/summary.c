/*
 * summary.c: aggregate figures over many messages (see summary.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "util.h"

/* An open-addressing hash table of owned names and counts. */
struct counter {
	struct summary_count *slot;	/* name NULL: empty */
	size_t cap;			/* a power of two */
	size_t n;
	unsigned long long others;	/* hops of names not kept */
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
		free((char *)(uintptr_t)t->slot[i].name);
	free(t->slot);
	free(t);
}

/* Finds the slot of a name, or the empty slot where it would go. */
static struct summary_count *
counter_slot(struct summary_count *slot, size_t cap, const char *p,
    size_t len)
{
	size_t i = (size_t)hash(p, len) & (cap - 1);

	while (slot[i].name != NULL && (strlen(slot[i].name) != len ||
	    memcmp(slot[i].name, p, len) != 0))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

/* Doubles the table. */
static void
counter_grow(struct counter *t)
{
	struct summary_count *old = t->slot, *to;
	size_t oldcap = t->cap, i;

	t->cap *= 2;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].name == NULL)
			continue;
		to = counter_slot(t->slot, t->cap, old[i].name,
		    strlen(old[i].name));
		*to = old[i];
	}
	free(old);
}

/* Counts one hop for a name; past SUMMARY_HOSTS_MAX names, in others. */
static void
counter_add(struct counter *t, const char *p, size_t len)
{
	struct summary_count *c;

	c = counter_slot(t->slot, t->cap, p, len);
	if (c->name == NULL) {
		if (t->n >= SUMMARY_HOSTS_MAX) {
			t->others++;
			return;
		}
		if (2 * (t->n + 1) > t->cap) {
			counter_grow(t);
			c = counter_slot(t->slot, t->cap, p, len);
		}
		c->name = xmemdup0(p, len);
		t->n++;
	}
	c->n++;
}

struct summary *
summary_new(void)
{
	struct summary *s = xcalloc(1, sizeof(*s));

	s->hosts = counter_new();
	s->domains = counter_new();
	return s;
}

void
summary_free(struct summary *s)
{
	if (s == NULL)
		return;
	counter_free(s->hosts);
	counter_free(s->domains);
	free(s);
}

void
summary_add_error(struct summary *s)
{
	s->errors++;
}

/* True when the name is an address literal or has no dot: no domain. */
static bool
is_address(const char *p, size_t len)
{
	size_t i;
	bool dot = false, alpha = false;

	for (i = 0; i < len; i++) {
		if (p[i] == ':' || p[i] == '[')
			return true;
		dot |= p[i] == '.';
		alpha |= ascii_isalpha((unsigned char)p[i]);
	}
	return !dot || !alpha;
}

size_t
summary_domain(const char *name, size_t len, const char **dom)
{
	size_t i, dots = 0, keep = 2, start = 0, last = len;

	*dom = NULL;
	while (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || is_address(name, len))
		return 0;
	/* Keep three labels when the second to last is short (co.uk). */
	for (i = len; i > 0; i--) {
		if (name[i - 1] != '.')
			continue;
		dots++;
		if (dots == 1)
			last = i - 1;
		else if (dots == 2 && last - i <= 2)
			keep = 3;
		if (dots == keep) {
			start = i;
			break;
		}
	}
	*dom = name + start;
	return len - start;
}

/* Counts a finding code (codes are static strings). */
static void
count_code(struct summary *s, const char *code)
{
	size_t i;

	for (i = 0; i < s->ncodes; i++) {
		if (strcmp(s->code[i].name, code) == 0) {
			s->code[i].n++;
			return;
		}
	}
	if (s->ncodes < SUMMARY_CODES_MAX) {
		s->code[s->ncodes].name = code;
		s->code[s->ncodes++].n = 1;
	}
}

/* Counts the sending host of a plaintext public hop, and its domain. */
static void
count_sender(struct summary *s, const struct hop *h)
{
	char name[SUMMARY_NAME_MAX + 1];
	struct span src = h->rcv.rdns;
	const char *dom;
	size_t len, i, dlen;

	if (!SPAN_IS_SET(src) || src.len == 0 ||
	    ascii_span_eq(src.p, src.len, "unknown"))
		src = h->rcv.helo;
	if (SPAN_IS_SET(src) && src.len > 0) {
		len = src.len < SUMMARY_NAME_MAX ? src.len : SUMMARY_NAME_MAX;
		for (i = 0; i < len; i++) {
			name[i] = (char)ascii_tolower((unsigned char)src.p[i]);
			if (name[i] == '\0')
				name[i] = ' ';
		}
	} else if (h->ip[0] != '\0') {
		len = strlen(h->ip);
		memcpy(name, h->ip, len);
	} else {
		len = strlen("(unknown)");
		memcpy(name, "(unknown)", len);
	}
	name[len] = '\0';
	counter_add(s->hosts, name, len);
	if ((dlen = summary_domain(name, len, &dom)) > 0)
		counter_add(s->domains, dom, dlen);
}

void
summary_add(struct summary *s, const struct chain *c)
{
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
		if (h->judged && h->tls == TLSSTATE_NO) {
			s->plaintext++;
			count_sender(s, h);
		}
	}
	for (i = 0; i < c->findings.n; i++)
		count_code(s, c->findings.v[i].code);
}

/* Most hops first, then by name. */
static int
cmp_count(const void *a, const void *b)
{
	const struct summary_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

size_t
summary_top(const struct summary *s, bool domains,
    struct summary_count *out, size_t max, unsigned long long *others)
{
	const struct counter *t = domains ? s->domains : s->hosts;
	struct summary_count *all;
	size_t i, n = 0;

	if (others != NULL)
		*others = t->others;
	if (t->n == 0 || max == 0)
		return 0;
	all = xreallocarray(NULL, t->n, sizeof(*all));
	for (i = 0; i < t->cap; i++) {
		if (t->slot[i].name != NULL)
			all[n++] = t->slot[i];
	}
	qsort(all, n, sizeof(*all), cmp_count);
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof(*all));
	free(all);
	return n;
}
