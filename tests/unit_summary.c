/*
 * unit_summary.c: registrable domains (regdomain.c) and the counting of
 * summary.c: the hop into our MX by its recorded sender, never the HELO;
 * upstream claims apart; downgraded paths; rows added from a shard.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regdomain.h"
#include "summary.h"
#include "tap.h"
#include "util.h"

static struct regdomain *psl;

/* Checks regdomain_of on one name. */
static void
domain_is(const char *name, const char *want)
{
	const char *dom;
	size_t len = regdomain_of(psl, name, strlen(name), &dom);

	if (want == NULL)
		tap_is_int((long long)len, 0, "%s: no registrable domain", name);
	else
		tap_is_span(dom, len, want, "%s: %s", name, want);
}

static void
test_domains(void)
{
	psl = regdomain_open();
	if (!tap_ok(psl != NULL, "the Public Suffix List loads"))
		return;
	domain_is("mail.example.com", "example.com");
	domain_is("example.com", "example.com");
	domain_is("a.b.example.co.uk", "example.co.uk");
	/* The last two labels are not a domain here: a public suffix. */
	domain_is("rpt-glb-asav2.external.tpg.com.au", "tpg.com.au");
	domain_is("icp-osb-irony-out7.external.iinet.net.au", "iinet.net.au");
	domain_is("com.au", NULL);
	domain_is("net.au", NULL);
	domain_is("a.b.c.kawasaki.jp", "b.c.kawasaki.jp");
	domain_is("MX.Example.ORG.", "Example.ORG");
	domain_is("localhost", NULL);
	domain_is("user", NULL);
	domain_is("192.0.2.1", NULL);
	domain_is("[192.0.2.1]", NULL);
	domain_is("2001:db8::1", NULL);
	domain_is("evil\033[2j.example.com", NULL);
	domain_is("", NULL);
	domain_is(".", NULL);
	regdomain_close(psl);
	regdomain_close(NULL);
}

/* A hop for the tests below. */
static void
set_hop(struct hop *h, unsigned index, const char *helo, const char *rdns,
    const char *ip, enum tls_state tls, enum trust trust)
{
	memset(h, 0, sizeof *h);
	h->index = index;
	h->rcv.helo.p = helo;
	h->rcv.helo.len = helo != NULL ? strlen(helo) : 0;
	h->rcv.rdns.p = rdns;
	h->rcv.rdns.len = rdns != NULL ? strlen(rdns) : 0;
	h->rcv.clause[CLAUSE_BY].first.p = "mx.example.org";
	h->rcv.clause[CLAUSE_BY].first.len = strlen("mx.example.org");
	(void)snprintf(h->ip, sizeof h->ip, "%s", ip);
	h->scope = SCOPE_PUBLIC;
	h->tls = tls;
	h->trust = trust;
	h->judged = true;
}

/* Finds the row of name in a table; NULL when it has none. */
static const struct summary_row *
find_row(const struct summary_row *rows, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	}
	return NULL;
}

static void
test_inbound(void)
{
	struct summary *s = summary_new();
	struct summary_row *rows, others;
	const struct summary_row *r;
	struct chain c;
	struct hop h[2];
	size_t n;

	memset(&c, 0, sizeof c);
	c.hop = h;
	c.nhops = 2;
	c.verdict = VERDICT_FAIL;
	/* An upstream claim over TLS, then plaintext into our MX. */
	set_hop(&h[0], 1, "a", "out.upstream.example", "192.0.2.9",
	    TLSSTATE_YES, TRUST_CLAIMED);
	set_hop(&h[1], 2, "user", "Relay.Example.NET.", "198.51.100.7",
	    TLSSTATE_NO, TRUST_ATTESTED);
	summary_add(s, &c);
	/* The same relay without a reverse name: its address. */
	set_hop(&h[1], 2, "unknown", "unknown", "198.51.100.8",
	    TLSSTATE_NO, TRUST_ATTESTED);
	summary_add(s, &c);
	/* And over TLS, with a plaintext upstream claim. */
	set_hop(&h[0], 1, "x", "deep.upstream.example", "192.0.2.10",
	    TLSSTATE_NO, TRUST_CLAIMED);
	set_hop(&h[1], 2, "user", "relay.example.net", "198.51.100.7",
	    TLSSTATE_YES, TRUST_ATTESTED);
	h[1].version = TLSVER_TLS10;
	summary_add(s, &c);

	rows = summary_rows(s, SUMMARY_SENDERS, &n, &others);
	tap_is_int((long long)n, 2, "two senders into our MX");
	tap_ok(find_row(rows, n, "user") == NULL &&
	    find_row(rows, n, "unknown") == NULL, "never the HELO name");
	r = find_row(rows, n, "relay.example.net");
	tap_ok(r != NULL, "the reverse name, lower-cased, no final dot");
	if (r != NULL) {
		tap_is_int((long long)r->n[SENDER_MESSAGES], 2, "its messages");
		tap_is_int((long long)r->n[SENDER_PLAINTEXT], 1,
		    "one over plaintext");
		tap_is_int((long long)r->n[SENDER_DOWNGRADED], 1,
		    "one on a downgraded path");
		tap_is_int((long long)r->n[SENDER_DEPRECATED], 1,
		    "one over TLS 1.0");
	}
	tap_ok(find_row(rows, n, "198.51.100.8") != NULL,
	    "no reverse name: the address");
	tap_is_str(n > 0 ? rows[0].name : NULL, "relay.example.net",
	    "ranked by plaintext, downgraded, then deprecated TLS");
	free(rows);

	rows = summary_rows(s, SUMMARY_SENDER_DOMAINS, &n, &others);
	tap_is_int((long long)n, 1, "one registrable domain");
	tap_is_str(n > 0 ? rows[0].name : NULL, "example.net",
	    "example.net");
	tap_is_int(n > 0 ? (long long)rows[0].n[SENDER_MESSAGES] : -1, 2,
	    "with the messages of its hosts");
	free(rows);

	tap_is_int((long long)s->attested.hops, 3, "three attested hops");
	tap_is_int((long long)s->attested.plaintext, 2, "two plaintext");
	tap_is_int((long long)s->attested.deprecated, 1, "one deprecated");
	tap_is_int((long long)s->claimed.hops, 3, "three upstream claims");
	tap_is_int((long long)s->claimed.plaintext, 1, "one plaintext claim");
	tap_is_int((long long)s->inbound[SENDER_MESSAGES], 3,
	    "three messages into our MX");

	rows = summary_rows(s, SUMMARY_DOWNGRADES, &n, &others);
	tap_is_int((long long)n, 2, "two downgraded paths");
	r = find_row(rows, n, "relay.example.net\x1fmx.example.org");
	tap_ok(r != NULL && r->n[DOWNGRADE_PATHS] == 1 &&
	    r->n[DOWNGRADE_ATTESTED] == 1, "relay -> next hop, attested");
	free(rows);

	rows = summary_rows(s, SUMMARY_PLAINTEXT_HOSTS, &n, &others);
	r = find_row(rows, n, "deep.upstream.example");
	tap_ok(r != NULL && r->n[PLAIN_CLAIMED] == 1,
	    "a plaintext upstream hop is marked claimed");
	free(rows);
	summary_free(s);
}

static void
test_bounds_and_merge(void)
{
	struct summary *s = summary_new(), *m = summary_new();
	struct summary_row *rows, others;
	unsigned long long n4[SUMMARY_FIELDS] = { 1, 1, 0, 0 };
	char name[64];
	size_t i, n;

	/* Past SUMMARY_NAMES_MAX names, figures go to "others". */
	for (i = 0; i < SUMMARY_NAMES_MAX + 10; i++) {
		(void)snprintf(name, sizeof name, "h%zu.example.org", i);
		summary_count(s, SUMMARY_SENDERS, name, strlen(name), n4);
	}
	rows = summary_rows(s, SUMMARY_SENDERS, &n, &others);
	tap_is_int((long long)n, SUMMARY_NAMES_MAX, "names kept: the bound");
	tap_is_int((long long)others.n[SENDER_MESSAGES], 10,
	    "names past the bound are counted as others");
	free(rows);

	/* Rows added twice add up; a NUL in a name is a space. */
	summary_count(m, SUMMARY_SENDERS, "a\0b", 3, n4);
	summary_count(m, SUMMARY_SENDERS, "a b", 3, n4);
	summary_count(m, SUMMARY_SENDERS, NULL, 0, n4);
	rows = summary_rows(m, SUMMARY_SENDERS, &n, &others);
	tap_is_int((long long)n, 1, "one row");
	tap_ok(n == 1 && strcmp(rows[0].name, "a b") == 0 &&
	    rows[0].n[SENDER_MESSAGES] == 2, "its figures added");
	tap_is_int((long long)others.n[SENDER_PLAINTEXT], 1,
	    "a NULL name adds to others");
	free(rows);
	summary_free(s);
	summary_free(m);
}

int
main(void)
{
	tap_plan(0);
	test_domains();
	test_inbound();
	test_bounds_and_merge();
	return tap_done();
}
