/*
 * unit_datetime.c: tests for datetime_parse and datetime_format_iso.
 *
 * Every input is copied into a heap block of exactly its length, with no
 * NUL after it, so that a read past the end shows up under ASan or
 * valgrind.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "tap.h"
#include "util.h"

/* One row of the parse table; iso is NULL for an input to reject. */
struct parse_case {
	const char	*in;
	const char	*iso;
	int		 tzoff;
};

static const struct parse_case parse_cases[] = {
	/* Real-world Received dates and the RFC 5322 forms. */
	{ "Fri Feb 07 10:18:12 2003 -0800", "2003-02-07T18:18:12Z", -480 },
	{ "Fri Feb  7 10:18:12 2003", "2003-02-07T10:18:12Z", 0 },
	{ "Thu, 2 Aug 2007 21:50:04 -0200", "2007-08-02T23:50:04Z", -120 },
	{ "02 Sep 2023 04:24:06 +0200", "2023-09-02T02:24:06Z", 120 },
	{ "Sat, 02 Sep 2023 02:04:03 +0200", "2023-09-02T00:04:03Z", 120 },
	{ "Tue, 29 Aug 2023 16:20:12 +0000", "2023-08-29T16:20:12Z", 0 },
	{ "Mon, 28 Aug 2023 02:21:37 -0700 (PDT)", "2023-08-28T09:21:37Z",
	    -420 },
	{ "28 Aug 2023 02:21:37 -0700", "2023-08-28T09:21:37Z", -420 },
	{ "Thu, 18 May 2006 18:28:08 +0200 (CEST)", "2006-05-18T16:28:08Z",
	    120 },
	{ "2023-08-28 02:21:37 +0000", "2023-08-28T02:21:37Z", 0 },
	{ "2023-08-28T02:21:37Z", "2023-08-28T02:21:37Z", 0 },
	{ "2023-08-28T02:21:37+05:30", "2023-08-27T20:51:37Z", 330 },
	/* Days of the week, white space, case. */
	{ "Monday, 28 Aug 2023 02:21:37 +0000", "2023-08-28T02:21:37Z", 0 },
	{ "Mon 28 Aug 2023 02:21:37 +0000", "2023-08-28T02:21:37Z", 0 },
	{ "mon , 28 aug 2023 02:21:37 +0000", "2023-08-28T02:21:37Z", 0 },
	{ "  \tMon,\t28  AUG\t 2023   02:21:37\t+0000 \r\n",
	    "2023-08-28T02:21:37Z", 0 },
	{ "Mon,\r\n 28 Aug 2023 02:21:37 +0000", "2023-08-28T02:21:37Z", 0 },
	{ "Mon,28 Aug 2023 02:21:37 +0000", "2023-08-28T02:21:37Z", 0 },
	{ "1 january 2020 10:00:00 +0000", "2020-01-01T10:00:00Z", 0 },
	{ "1 Sept 2020 10:00:00 +0000", "2020-09-01T10:00:00Z", 0 },
	/* Leap days and month lengths. */
	{ "Thu, 29 Feb 2024 12:00:00 +0000", "2024-02-29T12:00:00Z", 0 },
	{ "Wed, 29 Feb 2023 12:00:00 +0000", NULL, 0 },
	{ "29 Feb 2000 00:00:00 +0000", "2000-02-29T00:00:00Z", 0 },
	{ "29 Feb 1900 00:00:00 +0000", NULL, 0 },
	{ "31 Apr 2020 10:00:00 +0000", NULL, 0 },
	{ "30 Apr 2020 10:00:00 +0000", "2020-04-30T10:00:00Z", 0 },
	{ "31 Dec 2020 23:59:59 +0000", "2020-12-31T23:59:59Z", 0 },
	{ "0 Jan 2020 10:00:00 +0000", NULL, 0 },
	/* Years of 2 and 3 digits. */
	{ "1 Jan 03 10:00:00 +0000", "2003-01-01T10:00:00Z", 0 },
	{ "1 Jan 49 10:00:00 +0000", "2049-01-01T10:00:00Z", 0 },
	{ "1 Jan 50 10:00:00 +0000", "1950-01-01T10:00:00Z", 0 },
	{ "1 Jan 99 10:00:00 +0000", "1999-01-01T10:00:00Z", 0 },
	{ "1 Jan 103 10:00:00 +0000", "2003-01-01T10:00:00Z", 0 },
	{ "1 Jan 1899 10:00:00 +0000", NULL, 0 },
	{ "1 Jan 10000 10:00:00 +0000", NULL, 0 },
	{ "1 Jan 2 10:00:00 +0000", NULL, 0 },
	/* Times. */
	{ "1 Jan 2020 10:00 +0000", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 9:05:01 +0000", "2020-01-01T09:05:01Z", 0 },
	{ "1 Jan 2020 10:00:00.123 +0000", "2020-01-01T10:00:00Z", 0 },
	{ "31 Dec 2016 23:59:60 +0000", "2016-12-31T23:59:59Z", 0 },
	{ "1 Jan 2020 25:00:00 +0000", NULL, 0 },
	{ "1 Jan 2020 10:60:00 +0000", NULL, 0 },
	{ "1 Jan 2020 10:00:61 +0000", NULL, 0 },
	{ "1 Jan 2020 10:0:00 +0000", NULL, 0 },
	{ "1 Jan 2020 10:00:00. +0000", NULL, 0 },
	/* Zones. */
	{ "1 Jan 2020 10:00:00 -0000", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 +02:00", "2020-01-01T08:00:00Z", 120 },
	{ "1 Jan 2020 10:00:00 +2359", "2019-12-31T10:01:00Z", 1439 },
	{ "1 Jan 2020 10:00:00 GMT", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 UT", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 utc", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 Z", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 EST", "2020-01-01T15:00:00Z", -300 },
	{ "1 Jan 2020 10:00:00 EDT", "2020-01-01T14:00:00Z", -240 },
	{ "1 Jan 2020 10:00:00 CST", "2020-01-01T16:00:00Z", -360 },
	{ "1 Jan 2020 10:00:00 CDT", "2020-01-01T15:00:00Z", -300 },
	{ "1 Jan 2020 10:00:00 MST", "2020-01-01T17:00:00Z", -420 },
	{ "1 Jan 2020 10:00:00 MDT", "2020-01-01T16:00:00Z", -360 },
	{ "1 Jan 2020 10:00:00 PST", "2020-01-01T18:00:00Z", -480 },
	{ "1 Jan 2020 10:00:00 pdt", "2020-01-01T17:00:00Z", -420 },
	{ "1 Jan 2020 10:00:00 CEST", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 A", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 (no zone)", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 +0000(UTC)", "2020-01-01T10:00:00Z", 0 },
	{ "1 Jan 2020 10:00:00 +0000 (a (nested) \\) comment)",
	    "2020-01-01T10:00:00Z", 0 },
	{ "Fri Feb  7 10:18:12 PST 2003", "2003-02-07T18:18:12Z", -480 },
	{ "Feb 7 10:18:12 2003 +0100 (CET)", "2003-02-07T09:18:12Z", 60 },
	{ "1 Jan 2020 10:00:00 +9999", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +2400", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +0060", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +000", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +00000", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +0000 -0000", NULL, 0 },
	{ "1 Jan 2020 10:00:00+0000", NULL, 0 },
	{ "1 Jan 2020 10:00:00 ABCDEF", NULL, 0 },
	/* Rejects. */
	{ "", NULL, 0 },
	{ " \t ", NULL, 0 },
	{ "garbage", NULL, 0 },
	{ "Mon, 32 Jan 2020 10:00:00 +0000", NULL, 0 },
	{ "Mon, 1 Foo 2020 10:00:00 +0000", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +0000 junk", NULL, 0 },
	{ "1 Jan 2020", NULL, 0 },
	{ "Mon,", NULL, 0 },
	{ "Mon 1 Jan", NULL, 0 },
	{ "Mon28 Aug 2023 02:21:37 +0000", NULL, 0 },
	{ "28Aug 2023 02:21:37 +0000", NULL, 0 },
	{ "123 Aug 2023 02:21:37 +0000", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +0000 (unclosed", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +0000 (a) (b)", NULL, 0 },
	{ "1 Jan 2020 10:00:00 +0000 )", NULL, 0 },
	{ "(comment) 1 Jan 2020 10:00:00 +0000", NULL, 0 },
	{ "Fri Feb  7 10:18:12", NULL, 0 },
	{ "Fri Feb  7 10:18:12 PST", NULL, 0 },
	{ "Fri Feb  7 10:18:12 PST 2003 -0800", NULL, 0 },
	{ "2023-13-01 00:00:00", NULL, 0 },
	{ "2023-02-30T00:00:00Z", NULL, 0 },
	{ "2023-2-3 00:00:00", NULL, 0 },
	{ "1800-01-01 00:00:00", NULL, 0 },
	{ "Sun, 1 Jan 2020 10:00:00 +0000 ; x", NULL, 0 },
};

/* Holds the text that shown() returns. */
static struct strbuf shown_buf;

/* Returns a printable form of a test input, for a one-line description. */
static const char *
shown(const char *s)
{
	struct strbuf *sb = &shown_buf;

	strbuf_reset(sb);
	strbuf_appends(sb, "");
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			strbuf_appends(sb, "\\t");
		else if (*s == '\r')
			strbuf_appends(sb, "\\r");
		else if (*s == '\n')
			strbuf_appends(sb, "\\n");
		else
			strbuf_appendc(sb, *s);
	}
	return sb->data;
}

/* Runs one row of the parse table as one test point. */
static void
check_parse(const struct parse_case *pc)
{
	char iso[DATETIME_ISO_MAX], *copy;
	size_t len = strlen(pc->in);
	int64_t utc = 12345;
	int tzoff = 777;
	bool ok, want = pc->iso != NULL;

	copy = tap_exact_copy(pc->in, len);
	ok = datetime_parse(copy, len, &utc, &tzoff);
	free(copy);
	if (ok && datetime_format_iso(utc, iso, sizeof iso) == 0)
		(void)strcpy(iso, "(unformattable)");
	if (!want) {
		if (!tap_ok(!ok && utc == 12345 && tzoff == 777,
		    "reject \"%s\"", shown(pc->in)))
			tap_diag("got %s, tzoff %d", ok ? iso : "a failure",
			    tzoff);
		return;
	}
	if (!tap_ok(ok && strcmp(iso, pc->iso) == 0 && tzoff == pc->tzoff,
	    "parse \"%s\"", shown(pc->in))) {
		if (ok)
			tap_diag("got %s %+d, want %s %+d", iso, tzoff,
			    pc->iso, pc->tzoff);
		else
			tap_diag("rejected, want %s %+d", pc->iso, pc->tzoff);
	}
}

/* One row of the format table; want is "" for a refusal. */
struct format_case {
	int64_t		 utc;
	size_t		 size;
	const char	*want;
};

static const struct format_case format_cases[] = {
	{ 0, DATETIME_ISO_MAX, "1970-01-01T00:00:00Z" },
	{ 951782400, DATETIME_ISO_MAX, "2000-02-29T00:00:00Z" },
	{ 1795428000, DATETIME_ISO_MAX, "2026-11-23T10:00:00Z" },
	{ -1, DATETIME_ISO_MAX, "1969-12-31T23:59:59Z" },
	{ -86400, DATETIME_ISO_MAX, "1969-12-31T00:00:00Z" },
	{ -86401, DATETIME_ISO_MAX, "1969-12-30T23:59:59Z" },
	{ -2208988800LL, DATETIME_ISO_MAX, "1900-01-01T00:00:00Z" },
	{ -62167219200LL, DATETIME_ISO_MAX, "0000-01-01T00:00:00Z" },
	{ 253402300799LL, 64, "9999-12-31T23:59:59Z" },
	{ -62167219201LL, DATETIME_ISO_MAX, "" },
	{ 253402300800LL, DATETIME_ISO_MAX, "" },
	{ INT64_MIN, DATETIME_ISO_MAX, "" },
	{ INT64_MAX, DATETIME_ISO_MAX, "" },
	{ 0, DATETIME_ISO_MAX - 1, "" },
	{ 0, 1, "" },
};

/* Runs one row of the format table as one test point. */
static void
check_format(const struct format_case *fc)
{
	char *buf = xmalloc(fc->size);
	size_t n, want = strlen(fc->want);

	memset(buf, 'x', fc->size);
	n = datetime_format_iso(fc->utc, buf, fc->size);
	if (n == 0)
		tap_ok(want == 0 && buf[0] == '\0', "format %lld in %zu bytes "
		    "refused", (long long)fc->utc, fc->size);
	else
		tap_ok(n == want && strcmp(buf, fc->want) == 0,
		    "format %lld is %s", (long long)fc->utc, fc->want);
	free(buf);
}

/* Parses every prefix of a good date: each must fail or give a date. */
static void
check_prefixes(const char *s)
{
	size_t i, len = strlen(s), bad = 0;
	int64_t utc;
	int tzoff;
	char *copy;

	for (i = 0; i < len; i++) {
		copy = tap_exact_copy(s, i);
		if (datetime_parse(copy, i, &utc, &tzoff) &&
		    (utc < -2208988800LL || utc > 253402300799LL))
			bad++;
		free(copy);
	}
	tap_ok(bad == 0, "every prefix of \"%s\" is safe", s);
}

/* Feeds pseudo-random bytes from a fixed seed; only safety is checked. */
static void
check_noise(void)
{
	static const char alphabet[] = "0123456789 :+-,()\\TZJanMonGMT\t.";
	char buf[48];
	uint32_t x = 2463534242u;
	size_t i, j, len, accepted = 0;
	int64_t utc;
	int tzoff;
	char *copy;

	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		len = x % sizeof buf;
		for (j = 0; j < len; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[j] = (x & 0x100) != 0 ? (char)(x & 0xff) :
			    alphabet[x % (sizeof alphabet - 1)];
		}
		copy = tap_exact_copy(buf, len);
		if (datetime_parse(copy, len, &utc, &tzoff))
			accepted++;
		free(copy);
	}
	tap_ok(true, "20000 noisy inputs parsed safely (%zu accepted)",
	    accepted);
}

/* Checks that a long hostile input is handled in one pass. */
static void
check_long(void)
{
	const char head[] = "1 Jan 2020 10:00:00 +0000 ";
	size_t i, n = 1 << 20;
	char *buf = xmalloc(n);
	int64_t utc;
	int tzoff;
	bool ok1, ok2;

	memcpy(buf, head, sizeof head - 1);
	for (i = sizeof head - 1; i < n; i++)
		buf[i] = '(';
	ok1 = datetime_parse(buf, n, &utc, &tzoff);
	for (i = sizeof head - 1; i < n; i++)
		buf[i] = i < sizeof head - 1 + (n - sizeof head + 1) / 2 ?
		    '(' : ')';
	ok2 = datetime_parse(buf, n, &utc, &tzoff);
	tap_ok(!ok1 && ok2, "a megabyte of nested comment parses linearly");
	for (i = 0; i < n; i++)
		buf[i] = '1';
	tap_ok(!datetime_parse(buf, n, &utc, &tzoff), "a megabyte of digits");
	free(buf);
}

/* Runs every table and check in turn. */
int
main(void)
{
	size_t i;
	int64_t utc = 1;
	int tzoff = 1;

	for (i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++)
		check_parse(&parse_cases[i]);
	for (i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++)
		check_format(&format_cases[i]);
	tap_ok(!datetime_parse(NULL, 0, &utc, &tzoff), "NULL input rejected");
	tap_ok(datetime_parse("1 Jan 2020 10:00:00 +0000xyz", 25, &utc,
	    &tzoff) && utc == 1577872800, "only len bytes are read");
	check_prefixes("Mon, 28 Aug 2023 02:21:37 -0700 (PDT)");
	check_prefixes("Fri Feb  7 10:18:12 PST 2003");
	check_prefixes("2023-08-28T02:21:37+05:30");
	check_noise();
	check_long();
	strbuf_clear(&shown_buf);
	return tap_done();
}
