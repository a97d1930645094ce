/*
 * escape.c: renders untrusted header bytes safely for a terminal, for
 * JSON and for a mail header (see escape.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escape.h"
#include "tlstrace.h"
#include "util.h"

/* The bytes of U+FFFD, the replacement character. */
#define REPLACEMENT "\xef\xbf\xbd"

static const char hexdigits[] = "0123456789abcdef";

/*
 * Decodes one sequence at s, of which n > 0 bytes are left.  Sets *seqlen
 * and *cp and returns true for a well-formed sequence; otherwise sets
 * *seqlen to the length of the maximal subpart (at least 1) and returns
 * false.
 */
static bool
utf8_next(const unsigned char *s, size_t n, size_t *seqlen, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t i, need;
	uint32_t v;

	if (c < 0x80) {
		*seqlen = 1;
		*cp = c;
		return true;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* No overlongs. */
		else if (c == 0xed)
			hi = 0x9f;	/* No surrogates. */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* No overlongs. */
		else if (c == 0xf4)
			hi = 0x8f;	/* Nothing past U+10FFFF. */
	} else {
		*seqlen = 1;
		return false;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*seqlen = i;
			return false;
		}
		v = (v << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*seqlen = need + 1;
	*cp = v;
	return true;
}

/* Tells whether a valid non-ASCII character must be escaped on a tty. */
static bool
is_unsafe_char(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c ||
	    cp == 0x200e || cp == 0x200f || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Appends "\xhh" for one byte. */
static void
append_hex_byte(struct strbuf *sb, unsigned char b)
{
	char esc[4];

	esc[0] = '\\';
	esc[1] = 'x';
	esc[2] = hexdigits[b >> 4];
	esc[3] = hexdigits[b & 0x0f];
	strbuf_append(sb, esc, sizeof esc);
}

/* Appends "\u{hhhh}" for a character below U+10000. */
static void
append_u_escape(struct strbuf *sb, uint32_t cp)
{
	char esc[8];

	esc[0] = '\\';
	esc[1] = 'u';
	esc[2] = '{';
	esc[3] = hexdigits[(cp >> 12) & 0x0f];
	esc[4] = hexdigits[(cp >> 8) & 0x0f];
	esc[5] = hexdigits[(cp >> 4) & 0x0f];
	esc[6] = hexdigits[cp & 0x0f];
	esc[7] = '}';
	strbuf_append(sb, esc, sizeof esc);
}

/* Appends the escaped form of one ASCII byte for a terminal. */
static void
append_terminal_ascii(struct strbuf *sb, unsigned char c)
{
	switch (c) {
	case '\\':
		strbuf_append(sb, "\\\\", 2);
		break;
	case '\t':
		strbuf_append(sb, "\\t", 2);
		break;
	case '\r':
		strbuf_append(sb, "\\r", 2);
		break;
	case '\n':
		strbuf_append(sb, "\\n", 2);
		break;
	default:
		if (c >= 0x20 && c < 0x7f)
			strbuf_appendc(sb, (char)c);
		else
			append_hex_byte(sb, c);
		break;
	}
}

/* The end of the run of printable ASCII other than '\\' from p[i]. */
static size_t
plain_run(const unsigned char *p, size_t i, size_t len)
{
	while (i < len && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
		i++;
	return i;
}

/* Escapes a span so that no byte can drive a terminal. */
void
escape_terminal(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, n;
	uint32_t cp;

	strbuf_reserve(sb, len);
	strbuf_append(sb, "", 0);
	while (i < len) {
		/* A run of printable ASCII other than '\\' is copied whole. */
		if ((k = plain_run(p, i, len)) > i) {
			strbuf_append(sb, s + i, k - i);
			i = k;
			continue;
		}
		if (!utf8_next(p + i, len - i, &n, &cp)) {
			for (k = 0; k < n; k++)
				append_hex_byte(sb, p[i + k]);
		} else if (n == 1)
			append_terminal_ascii(sb, p[i]);
		else if (is_unsafe_char(cp))
			append_u_escape(sb, cp);
		else
			strbuf_append(sb, s + i, n);
		i += n;
	}
}

/* Appends "\\uhhhh", JSON's escape for a character below U+10000. */
static void
append_json_u(struct strbuf *sb, uint32_t cp)
{
	char esc[6];

	esc[0] = '\\';
	esc[1] = 'u';
	esc[2] = hexdigits[(cp >> 12) & 0x0f];
	esc[3] = hexdigits[(cp >> 8) & 0x0f];
	esc[4] = hexdigits[(cp >> 4) & 0x0f];
	esc[5] = hexdigits[cp & 0x0f];
	strbuf_append(sb, esc, sizeof esc);
}

/* Copies serialised JSON, escaping what a terminal could act on. */
void
escape_json_text(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, n;
	uint32_t cp;

	strbuf_reserve(sb, len);
	strbuf_append(sb, "", 0);
	while (i < len) {
		/* Printable ASCII, almost all of it: nothing to decode. */
		if (p[i] < 0x7f) {
			i++;
			continue;
		}
		if (!utf8_next(p + i, len - i, &n, &cp)) {
			/* Not from our writer; keep the JSON valid UTF-8. */
			if (i > start)
				strbuf_append(sb, s + start, i - start);
			strbuf_append(sb, REPLACEMENT, sizeof REPLACEMENT - 1);
		} else if (cp == 0x7f || (n > 1 && is_unsafe_char(cp))) {
			if (i > start)
				strbuf_append(sb, s + start, i - start);
			append_json_u(sb, cp);
		} else {
			i += n;
			continue;
		}
		i += n;
		start = i;
	}
	if (i > start)
		strbuf_append(sb, s + start, i - start);
}

/* Replaces each maximal invalid subpart and each NUL by U+FFFD. */
size_t
escape_utf8_repair(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, start = 0, count = 0;
	uint32_t cp;

	strbuf_reserve(sb, len);
	strbuf_append(sb, "", 0);
	while (i < len) {
		/* ASCII but NUL, most of any header: no decoding needed. */
		if (p[i] != 0 && p[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_next(p + i, len - i, &n, &cp) && cp != 0) {
			i += n;
			continue;
		}
		/* Flush the valid run before the bad stretch. */
		if (i > start)
			strbuf_append(sb, s + start, i - start);
		strbuf_append(sb, REPLACEMENT, sizeof REPLACEMENT - 1);
		count++;
		i += n;
		start = i;
	}
	if (i > start)
		strbuf_append(sb, s + start, i - start);
	return count;
}

/* Tells whether a span is well-formed UTF-8. */
bool
utf8_is_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (!utf8_next(p + i, len - i, &n, &cp))
			return false;
		i += n;
	}
	return true;
}

/* Reduces a span to printable ASCII for a mail header. */
void
escape_ascii(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, n;
	uint32_t cp;

	strbuf_reserve(sb, len);
	strbuf_append(sb, "", 0);
	while (i < len) {
		/* A run of printable ASCII other than '\\' is copied whole. */
		if ((k = plain_run(p, i, len)) > i) {
			strbuf_append(sb, s + i, k - i);
			i = k;
			continue;
		}
		if (!utf8_next(p + i, len - i, &n, &cp)) {
			for (k = 0; k < n; k++)
				strbuf_appendc(sb, '?');
		} else if (n > 1)
			strbuf_appendc(sb, '?');
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			strbuf_appendc(sb, s[i]);
		else
			strbuf_appendc(sb, ' ');
		i += n;
	}
}

size_t
escape_text_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	}
	return w;
}

void
escape_span_or_mark(struct strbuf *sb, struct span s)
{
	if (SPAN_IS_SET(s) && s.len > 0)
		escape_terminal(sb, s.p, s.len);
	else
		strbuf_appendc(sb, '?');
}
