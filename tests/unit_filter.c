/*
 * unit_filter.c: tests for the field folding of report_field.c, the
 * field names of filter.c and the counting of summary.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "report.h"
#include "summary.h"
#include "tap.h"
#include "util.h"

/* True when every line of s (ended by eol) is at most width columns. */
static bool
lines_fit(const char *s, const char *eol, size_t width)
{
	const char *p = s, *e;

	while ((e = strstr(p, eol)) != NULL) {
		if ((size_t)(e - p) > width)
			return false;
		p = e + strlen(eol);
	}
	return *p == '\0';
}

static void
test_fold(void)
{
	struct strbuf sb;
	char value[512];
	size_t i;

	strbuf_init(&sb);
	field_fold(&sb, "TLS-Trace", "pass; hops=1", "\n");
	tap_is_str(sb.data, "TLS-Trace: pass; hops=1\n", "short field");

	strbuf_reset(&sb);
	field_fold(&sb, "TLS-Trace", "fail; hops=2; public=2; tls=1; "
	    "plaintext-hop=1 by=news-s.info from=DESKTOP57VP31H "
	    "ip=213.91.210.186", "\r\n");
	tap_is_str(sb.data, "TLS-Trace: fail; hops=2; public=2; tls=1; "
	    "plaintext-hop=1 by=news-s.info\r\n from=DESKTOP57VP31H "
	    "ip=213.91.210.186\r\n", "folded at a space, CRLF");
	tap_ok(lines_fit(sb.data, "\r\n", FIELD_FOLD_WIDTH),
	    "no line over 78 columns");

	/* A list longer than a line folds after its commas. */
	strcpy(value, "fail; findings=");
	for (i = 0; i < 10; i++)
		strcat(value, i ? ",plaintext-public-hop" :
		    "plaintext-public-hop");
	strbuf_reset(&sb);
	field_fold(&sb, "TLS-Trace", value, "\r");
	tap_ok(lines_fit(sb.data, "\r", FIELD_FOLD_WIDTH),
	    "a long list folds after commas (bare CR)");
	tap_ok(strstr(sb.data, ",\r plaintext") != NULL,
	    "the fold comes right after a comma");

	/* One word longer than a line and without a comma: left whole. */
	memset(value, 'x', 200);
	value[200] = '\0';
	strbuf_reset(&sb);
	field_fold(&sb, "N", value, "\n");
	tap_is_int((long long)sb.len, 1 + 2 + 200 + 1,
	    "an unbreakable word is kept on one line");
	strbuf_clear(&sb);
}

static void
test_names(void)
{
	char longname[FILTER_FIELD_NAME_MAX + 2];

	tap_ok(filter_name_is_valid("TLS-Trace"), "TLS-Trace is a name");
	tap_ok(filter_name_is_valid("X-TLS-2"), "X-TLS-2 is a name");
	tap_ok(!filter_name_is_valid(""), "empty is not");
	tap_ok(!filter_name_is_valid("Bad:Name"), "a colon is not");
	tap_ok(!filter_name_is_valid("Bad Name"), "a space is not");
	tap_ok(!filter_name_is_valid("Tr\xc3\xa9"), "non-ASCII is not");
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	tap_ok(!filter_name_is_valid(longname), "65 bytes is too long");
	longname[FILTER_FIELD_NAME_MAX] = '\0';
	tap_ok(filter_name_is_valid(longname), "64 bytes is fine");
}

static void
test_value_unknown(void)
{
	struct strbuf sb;

	strbuf_init(&sb);
	field_value_unknown(&sb, "a \"quoted\" \\ reason\n");
	tap_is_str(sb.data, "unknown; reason=\"a ?quoted? ? reason?\"",
	    "a reason cannot break out of its quotes");
	strbuf_clear(&sb);
}

/* Checks summary_domain on one name. */
static void
domain_is(const char *name, const char *want)
{
	const char *dom;
	size_t len = summary_domain(name, strlen(name), &dom);

	if (want == NULL)
		tap_is_int((long long)len, 0, "%s: no domain", name);
	else
		tap_is_span(dom, len, want, "%s: %s", name, want);
}

static void
test_domains(void)
{
	domain_is("mail.example.com", "example.com");
	domain_is("example.com", "example.com");
	domain_is("a.b.example.co.uk", "example.co.uk");
	domain_is("mx.example.org.", "example.org");
	domain_is("localhost", NULL);
	domain_is("192.0.2.1", NULL);
	domain_is("[192.0.2.1]", NULL);
	domain_is("2001:db8::1", NULL);
	domain_is("", NULL);
}

static void
test_top(void)
{
	struct summary *s = summary_new();
	struct summary_count top[SUMMARY_TOP];
	struct chain c;
	struct hop h;
	unsigned long long others;
	char name[32];
	size_t n, i;

	memset(&c, 0, sizeof c);
	memset(&h, 0, sizeof h);
	h.judged = true;
	h.tls = TLSSTATE_NO;
	c.hop = &h;
	c.nhops = 1;
	c.verdict = VERDICT_FAIL;
	/* b.example.net three times, a.example.net twice. */
	for (i = 0; i < 5; i++) {
		h.rcv.helo.p = i < 3 ? "B.example.net" : "a.example.net";
		h.rcv.helo.len = strlen(h.rcv.helo.p);
		summary_add(s, &c);
	}
	n = summary_top(s, false, top, SUMMARY_TOP, &others);
	tap_is_int((long long)n, 2, "two hosts");
	tap_is_str(n > 0 ? top[0].name : NULL, "b.example.net",
	    "most hops first, lower-cased");
	tap_is_int(n > 0 ? (long long)top[0].n : -1, 3, "with its count");
	n = summary_top(s, true, top, SUMMARY_TOP, NULL);
	tap_is_int((long long)n, 1, "one domain");
	tap_is_int(n > 0 ? (long long)top[0].n : -1, 5, "with every hop");
	tap_is_int((long long)s->verdict[VERDICT_FAIL], 5, "five fails");

	/* Past SUMMARY_HOSTS_MAX distinct names, hops go to "others". */
	for (i = 0; i < SUMMARY_HOSTS_MAX + 10; i++) {
		(void)snprintf(name, sizeof name, "h%zu.example.org", i);
		h.rcv.helo.p = name;
		h.rcv.helo.len = strlen(name);
		summary_add(s, &c);
	}
	(void)summary_top(s, false, top, SUMMARY_TOP, &others);
	tap_is_int((long long)others, 12, "names past the cap are counted "
	    "as others");
	summary_free(s);
}

int
main(void)
{
	tap_plan(0);
	test_fold();
	test_names();
	test_value_unknown();
	test_domains();
	test_top();
	return tap_done();
}
