/*
 * unit_filter.c: tests for the field folding of report_field.c and the
 * field names of filter.c.
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

int
main(void)
{
	tap_plan(0);
	test_fold();
	test_names();
	test_value_unknown();
	return tap_done();
}
