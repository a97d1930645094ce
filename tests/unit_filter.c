/*
 * unit_filter.c: tests for the field value and folding of report_field.c
 * and the field names of filter.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "report.h"
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

/* Sets a hop's by and from names. */
static void
name_hop(struct hop *h, unsigned index, const char *from, const char *by)
{
	memset(h, 0, sizeof(*h));
	h->index = index;
	h->rcv.helo.p = from;
	h->rcv.helo.len = strlen(from);
	h->rcv.clause[CLAUSE_BY].first.p = by;
	h->rcv.clause[CLAUSE_BY].first.len = strlen(by);
}

/* The field renders what the chain says; it decides nothing. */
static void
test_value(void)
{
	struct strbuf sb;
	struct chain c;
	struct hop h[2];
	struct policy all = { .all_hops = true }, deflt = { .all_hops = false };

	memset(&c, 0, sizeof c);
	name_hop(&h[0], 1, "client.example", "mx.example.org");
	(void)snprintf(h[0].ip, sizeof h[0].ip, "192.0.2.1");
	name_hop(&h[1], 2, "mx.example.org", "in\x1b.example.net");
	c.hop = h;
	c.nhops = c.nreceived = 2;
	c.verdict = VERDICT_FAIL;
	c.reason = REASON_PLAINTEXT;
	c.first_offender = c.first_plaintext = 1;
	c.njudged = 2;
	c.ntls = 1;
	c.lowest = TLSVER_TLS12;
	strbuf_init(&sb);
	field_value(&sb, &c, &deflt);
	tap_is_str(sb.data, "fail; hops=2; public=2; tls=1; plaintext-hop=1 "
	    "by=mx.example.org from=client.example ip=192.0.2.1; "
	    "lowest-tls=TLSv1.2", "fail: the counts and the plaintext hop");

	c.verdict = VERDICT_UNKNOWN;
	c.reason = REASON_VERSION_UNSTATED;
	c.first_offender = 2;
	c.first_plaintext = 0;
	c.lowest = TLSVER_NONE;
	strbuf_reset(&sb);
	field_value(&sb, &c, &deflt);
	tap_is_str(sb.data, "unknown; hops=2; public=2; tls=1; reason=\"a "
	    "public hop does not state its TLS version\"",
	    "unknown: the stored reason, whatever the hops hold");
	strbuf_reset(&sb);
	field_value(&sb, &c, &all);
	tap_is_str(sb.data, "unknown; hops=2; public=2; tls=1; reason=\"a "
	    "hop between hosts does not state its TLS version\"",
	    "unknown under --all-hops: the reason names the hops judged");
	c.reason = REASON_NO_EVIDENCE;
	strbuf_reset(&sb);
	field_value(&sb, &c, &deflt);
	tap_ok(strstr(sb.data, "reason=\"a public hop gives no evidence of "
	    "TLS\"") != NULL, "no-evidence has its own reason");
	c.first_plaintext = 2;
	strbuf_reset(&sb);
	field_value(&sb, &c, &deflt);
	tap_ok(strstr(sb.data, "by=in?.example.net") != NULL,
	    "a name from the message is narrowed to the field's alphabet");
	strbuf_clear(&sb);
}

int
main(void)
{
	tap_plan(0);
	test_fold();
	test_names();
	test_value_unknown();
	test_value();
	return tap_done();
}
