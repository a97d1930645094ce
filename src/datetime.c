/*
 * datetime.c: parses the date-time of a Received field (RFC 5322 section
 * 3.3, the obsolete forms of section 4.3 and a few real-world orders) and
 * formats a time as ISO 8601 UTC.
 *
 * The calendar arithmetic is Howard Hinnant's days_from_civil and
 * civil_from_days on int64_t: no mktime, timegm or locale is involved.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "datetime.h"
#include "util.h"

/* A read position inside the untrusted span; p never passes end. */
struct cursor {
	const char	*p;
	const char	*end;
};

/* The broken-down date and time gathered by the parser. */
struct fields {
	int	year;
	int	mon;		/* 1..12 */
	int	mday;		/* 1..31 */
	int	hour;
	int	min;
	int	sec;
	int	tzoff;		/* Minutes east of UTC. */
};

/* A zone name with a known offset. */
struct zone_name {
	const char	*name;
	int		 off;
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const day_names[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

static const struct zone_name zone_names[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
	{ "est", -5 * 60 }, { "edt", -4 * 60 },
	{ "cst", -6 * 60 }, { "cdt", -5 * 60 },
	{ "mst", -7 * 60 }, { "mdt", -6 * 60 },
	{ "pst", -8 * 60 }, { "pdt", -7 * 60 },
};

/* The longest run of letters taken as an unknown zone name. */
#define ZONE_NAME_MAX 5

/* The first and last instants datetime_format_iso can write. */
#define ISO_MIN (-62167219200LL)	/* 0000-01-01T00:00:00Z */
#define ISO_MAX 253402300799LL		/* 9999-12-31T23:59:59Z */

/* Returns the byte under the cursor, or -1 at the end. */
static int
peek(const struct cursor *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

/* Skips folding white space; returns true when at least one byte went. */
static bool
skip_ws(struct cursor *c)
{
	const char *start = c->p;

	while (c->p < c->end && ascii_isspace((unsigned char)*c->p))
		c->p++;
	return c->p != start;
}

/* Counts the digits at the cursor. */
static size_t
digit_run(const struct cursor *c)
{
	const char *q = c->p;

	while (q < c->end && ascii_isdigit((unsigned char)*q))
		q++;
	return (size_t)(q - c->p);
}

/* Counts the letters at the cursor. */
static size_t
alpha_run(const struct cursor *c)
{
	const char *q = c->p;

	while (q < c->end && ascii_isalpha((unsigned char)*q))
		q++;
	return (size_t)(q - c->p);
}

/* Reads a whole run of min..max digits (max <= 9) as a number. */
static bool
read_number(struct cursor *c, size_t min, size_t max, int *out)
{
	size_t i, n = digit_run(c);
	int v = 0;

	if (n < min || n > max)
		return false;
	for (i = 0; i < n; i++)
		v = v * 10 + (c->p[i] - '0');
	c->p += n;
	*out = v;
	return true;
}

/* Skips one parenthesised comment, nested or with quoted pairs. */
static bool
skip_comment(struct cursor *c)
{
	size_t depth = 0;
	char ch;

	while (c->p < c->end) {
		ch = *c->p++;
		if (ch == '\\') {
			if (c->p == c->end)
				return false;
			c->p++;
		} else if (ch == '(')
			depth++;
		else if (ch == ')') {
			if (depth == 0)
				return false;
			if (--depth == 0)
				return true;
		}
	}
	return false;
}

/* Finds a word among names, whole or as its first three letters. */
static int
match_name(const char *w, size_t n, const char *const *names, int count)
{
	size_t i, full;
	int k;

	for (k = 0; k < count; k++) {
		full = strlen(names[k]);
		if (n != 3 && n != full)
			continue;
		for (i = 0; i < n; i++)
			if (ascii_tolower((unsigned char)w[i]) !=
			    (unsigned char)names[k][i])
				break;
		if (i == n)
			return k;
	}
	return -1;
}

/* Reads the name of a month at the cursor into f->mon. */
static bool
read_month(struct cursor *c, struct fields *f)
{
	size_t n = alpha_run(c);
	int k;

	if (n == 4 && ascii_span_eq(c->p, n, "sept"))
		k = 8;
	else if ((k = match_name(c->p, n, month_names, 12)) < 0)
		return false;
	c->p += n;
	f->mon = k + 1;
	return true;
}

/* Reads a year of 2, 3 or 4 digits and expands it as RFC 5322 4.3 says. */
static bool
read_year(struct cursor *c, struct fields *f)
{
	size_t n = digit_run(c);
	int y;

	if (!read_number(c, 2, 4, &y))
		return false;
	if (n == 2)
		y += y < 50 ? 2000 : 1900;
	else if (n == 3)
		y += 1900;
	f->year = y;
	return y >= 1900 && y <= 9999;
}

/* Reads h:mm or hh:mm[:ss[.frac]] and checks the ranges. */
static bool
read_time(struct cursor *c, struct fields *f)
{
	size_t n;

	if (!read_number(c, 1, 2, &f->hour) || peek(c) != ':')
		return false;
	c->p++;
	if (!read_number(c, 2, 2, &f->min))
		return false;
	f->sec = 0;
	if (peek(c) == ':') {
		c->p++;
		if (!read_number(c, 2, 2, &f->sec))
			return false;
		if (peek(c) == '.') {
			c->p++;
			if ((n = digit_run(c)) == 0)
				return false;
			c->p += n;
		}
	}
	return f->hour <= 23 && f->min <= 59 && f->sec <= 60;
}

/* Reads a numeric or alphabetic zone into f->tzoff. */
static bool
read_zone(struct cursor *c, struct fields *f)
{
	size_t i, n;
	int ch = peek(c), hh, mm, sign;

	if (ch == '+' || ch == '-') {
		sign = ch == '-' ? -1 : 1;
		c->p++;
		n = digit_run(c);
		if (n == 4) {
			hh = (c->p[0] - '0') * 10 + (c->p[1] - '0');
			mm = (c->p[2] - '0') * 10 + (c->p[3] - '0');
			c->p += 4;
		} else if (n == 2) {
			if (!read_number(c, 2, 2, &hh) || peek(c) != ':')
				return false;
			c->p++;
			if (!read_number(c, 2, 2, &mm))
				return false;
		} else
			return false;
		if (hh > 23 || mm > 59)
			return false;
		f->tzoff = sign * (hh * 60 + mm);
		return true;
	}
	n = alpha_run(c);
	if (n == 0 || n > ZONE_NAME_MAX)
		return false;
	f->tzoff = 0;
	for (i = 0; i < sizeof zone_names / sizeof zone_names[0]; i++)
		if (ascii_span_eq(c->p, n, zone_names[i].name)) {
			f->tzoff = zone_names[i].off;
			break;
		}
	c->p += n;
	return true;
}

/*
 * Reads the end of the span: an optional zone (when allow_zone; set off by
 * white space when zone_ws), one optional comment, white space, the end.
 */
static bool
read_tail(struct cursor *c, struct fields *f, bool allow_zone, bool zone_ws)
{
	bool ws = skip_ws(c);
	int ch = peek(c);

	if (allow_zone && ch != -1 && ch != '(') {
		if (zone_ws && !ws)
			return false;
		if (!read_zone(c, f))
			return false;
		(void)skip_ws(c);
		ch = peek(c);
	}
	if (ch == '(') {
		if (!skip_comment(c))
			return false;
		(void)skip_ws(c);
	}
	return c->p == c->end;
}

/* Parses "28 Aug 2023 02:21:37 [zone]", the RFC 5322 order. */
static bool
parse_rfc(struct cursor *c, struct fields *f)
{
	if (!read_number(c, 1, 2, &f->mday) || !skip_ws(c) ||
	    !read_month(c, f) || !skip_ws(c) ||
	    !read_year(c, f) || !skip_ws(c) ||
	    !read_time(c, f))
		return false;
	return read_tail(c, f, true, true);
}

/* Parses "Aug 28 02:21:37 2023 [zone]" or "Aug 28 02:21:37 zone 2023". */
static bool
parse_asctime(struct cursor *c, struct fields *f)
{
	int ch;

	if (!read_month(c, f) || !skip_ws(c) ||
	    !read_number(c, 1, 2, &f->mday) || !skip_ws(c) ||
	    !read_time(c, f) || !skip_ws(c))
		return false;
	if ((ch = peek(c)) == -1)
		return false;
	if (ascii_isdigit((unsigned char)ch))
		return read_year(c, f) && read_tail(c, f, true, true);
	if (!read_zone(c, f) || !skip_ws(c) || !read_year(c, f))
		return false;
	return read_tail(c, f, false, false);
}

/* Parses "2023-08-28T02:21:37Z" and "2023-08-28 02:21:37 +0000". */
static bool
parse_iso(struct cursor *c, struct fields *f)
{
	int ch;

	if (!read_number(c, 4, 4, &f->year) || peek(c) != '-')
		return false;
	c->p++;
	if (!read_number(c, 2, 2, &f->mon) || peek(c) != '-')
		return false;
	c->p++;
	if (!read_number(c, 2, 2, &f->mday))
		return false;
	if ((ch = peek(c)) == 'T' || ch == 't')
		c->p++;
	else if (!skip_ws(c))
		return false;
	if (!read_time(c, f))
		return false;
	return f->year >= 1900 && f->mon >= 1 && f->mon <= 12 &&
	    read_tail(c, f, true, false);
}

/* Tells whether a year of the proleptic Gregorian calendar is a leap year. */
static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Returns the number of days in a month (1..12) of a year. */
static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Counts the days from 1970-01-01 to y-m-d (Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Turns a day count from 1970-01-01 into y-m-d (civil_from_days). */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Parses a Received date-time; see datetime.h for the accepted forms. */
bool
datetime_parse(const char *s, size_t len, int64_t *utc, int *tzoff)
{
	struct cursor c;
	struct fields f;
	size_t n;
	int ch, sec;
	bool ok;

	if (s == NULL)
		return false;
	c.p = s;
	c.end = s + len;
	memset(&f, 0, sizeof f);
	(void)skip_ws(&c);
	if ((ch = peek(&c)) == -1)
		return false;
	if (ascii_isdigit((unsigned char)ch)) {
		if (digit_run(&c) == 4)
			ok = parse_iso(&c, &f);
		else
			ok = parse_rfc(&c, &f);
	} else if (ascii_isalpha((unsigned char)ch)) {
		n = alpha_run(&c);
		if (match_name(c.p, n, day_names, 7) >= 0) {
			c.p += n;
			ok = skip_ws(&c);
			if (peek(&c) == ',') {
				c.p++;
				(void)skip_ws(&c);
				ok = true;
			}
			ch = peek(&c);
			if (!ok || ch == -1)
				ok = false;
			else if (ascii_isdigit((unsigned char)ch))
				ok = parse_rfc(&c, &f);
			else
				ok = parse_asctime(&c, &f);
		} else
			ok = parse_asctime(&c, &f);
	} else
		ok = false;
	if (!ok || f.mday < 1 || f.mday > days_in_month(f.year, f.mon))
		return false;
	sec = f.sec == 60 ? 59 : f.sec;
	*utc = days_from_civil(f.year, f.mon, f.mday) * 86400 +
	    f.hour * 3600 + f.min * 60 + sec - (int64_t)f.tzoff * 60;
	*tzoff = f.tzoff;
	return true;
}

/* Writes value as exactly width decimal digits, zero-padded. */
static void
put_digits(char *p, int64_t value, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + value % 10);
		value /= 10;
	}
}

/* Writes utc as an ISO 8601 UTC time of exactly 20 bytes. */
size_t
datetime_format_iso(int64_t utc, char *buf, size_t size)
{
	int64_t days, secs, y;
	int m, d;

	if (buf == NULL)
		return 0;
	if (size < DATETIME_ISO_MAX || utc < ISO_MIN || utc > ISO_MAX) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	days = utc / 86400;
	secs = utc % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	memcpy(buf, "0000-00-00T00:00:00Z", DATETIME_ISO_MAX);
	put_digits(buf, y, 4);
	put_digits(buf + 5, m, 2);
	put_digits(buf + 8, d, 2);
	put_digits(buf + 11, secs / 3600, 2);
	put_digits(buf + 14, secs / 60 % 60, 2);
	put_digits(buf + 17, secs % 60, 2);
	return DATETIME_ISO_MAX - 1;
}
