/*
 * unit_escape.c: tests for the escaping and UTF-8 repair functions.
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

#include "escape.h"
#include "tap.h"
#include "util.h"

/* Expands a string literal to its bytes and length, NULs included. */
#define S(lit) lit, sizeof(lit) - 1

/* One row of a table: an input, the expected output, a count. */
struct esc_case {
	const char	*name;
	const char	*in;
	size_t		 inlen;
	const char	*want;
	size_t		 wantlen;
	size_t		 count;
};

static const struct esc_case terminal_cases[] = {
	{ "plain text", S("mx.example.org [192.0.2.1]"),
	    S("mx.example.org [192.0.2.1]"), 0 },
	{ "empty", S(""), S(""), 0 },
	{ "ESC sequence", S("\x1b[31mred\x1b[0m"),
	    S("\\x1b[31mred\\x1b[0m"), 0 },
	{ "BEL", S("bell\a"), S("bell\\x07"), 0 },
	{ "DEL", S("del\x7f"), S("del\\x7f"), 0 },
	{ "backslash doubled", S("a\\b\\"), S("a\\\\b\\\\"), 0 },
	{ "TAB CR LF", S("a\tb\r\nc"), S("a\\tb\\r\\nc"), 0 },
	{ "NUL", S("a\0b"), S("a\\x00b"), 0 },
	{ "other C0", S("\x01\x08\x0b\x0c\x1f"),
	    S("\\x01\\x08\\x0b\\x0c\\x1f"), 0 },
	{ "e acute kept", S("caf\xc3\xa9"), S("caf\xc3\xa9"), 0 },
	{ "C1 CSI", S("\xc2\x9b" "31m"), S("\\u{009b}31m"), 0 },
	{ "C1 U+0080 and NEL", S("\xc2\x80\xc2\x85"),
	    S("\\u{0080}\\u{0085}"), 0 },
	{ "U+00A0 kept", S("\xc2\xa0"), S("\xc2\xa0"), 0 },
	{ "U+202E escaped", S("abc\xe2\x80\xae" "fdp.exe"),
	    S("abc\\u{202e}fdp.exe"), 0 },
	{ "bidi embeddings",
	    S("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"),
	    S("\\u{202a}\\u{202b}\\u{202c}\\u{202d}"), 0 },
	{ "bidi isolates",
	    S("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"),
	    S("\\u{2066}\\u{2067}\\u{2068}\\u{2069}"), 0 },
	{ "LRM RLM ALM", S("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c"),
	    S("\\u{200e}\\u{200f}\\u{061c}"), 0 },
	{ "line and paragraph separators", S("\xe2\x80\xa8\xe2\x80\xa9"),
	    S("\\u{2028}\\u{2029}"), 0 },
	{ "BOM", S("\xef\xbb\xbfx"), S("\\u{feff}x"), 0 },
	{ "neighbours kept", S("\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xaa"),
	    S("\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xaa"), 0 },
	{ "4-byte emoji kept", S("\xf0\x9f\x98\x80!"),
	    S("\xf0\x9f\x98\x80!"), 0 },
	{ "U+10FFFF kept", S("\xf4\x8f\xbf\xbf"), S("\xf4\x8f\xbf\xbf"), 0 },
	{ "overlong slash", S("\xc0\xaf"), S("\\xc0\\xaf"), 0 },
	{ "overlong 3-byte", S("\xe0\x80\xaf"), S("\\xe0\\x80\\xaf"), 0 },
	{ "overlong 4-byte", S("\xf0\x80\x80\xaf"),
	    S("\\xf0\\x80\\x80\\xaf"), 0 },
	{ "surrogate", S("\xed\xa0\x80"), S("\\xed\\xa0\\x80"), 0 },
	{ "above U+10FFFF", S("\xf4\x90\x80\x80"),
	    S("\\xf4\\x90\\x80\\x80"), 0 },
	{ "F5 and FF", S("\xf5\x80\xff"), S("\\xf5\\x80\\xff"), 0 },
	{ "truncated at end", S("\xe2\x82"), S("\\xe2\\x82"), 0 },
	{ "truncated in the middle", S("\xe2\x82" "A"), S("\\xe2\\x82" "A"),
	    0 },
	{ "truncated emoji", S("\xf0\x9f\x98"), S("\\xf0\\x9f\\x98"), 0 },
	{ "lone continuation bytes", S("a\x80\xbf" "b"),
	    S("a\\x80\\xbf" "b"), 0 },
	{ "bad byte then good sequence", S("\xc3\xc3\xa9"),
	    S("\\xc3\xc3\xa9"), 0 },
};

static const struct esc_case repair_cases[] = {
	{ "valid kept", S("caf\xc3\xa9 \xf0\x9f\x98\x80 \xc2\x9b\x1b"),
	    S("caf\xc3\xa9 \xf0\x9f\x98\x80 \xc2\x9b\x1b"), 0 },
	{ "empty", S(""), S(""), 0 },
	{ "NUL", S("a\0b\0"), S("a\xef\xbf\xbd" "b\xef\xbf\xbd"), 2 },
	{ "overlong", S("\xc0\xaf"), S("\xef\xbf\xbd\xef\xbf\xbd"), 2 },
	{ "surrogate", S("\xed\xa0\x80"),
	    S("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"), 3 },
	{ "above U+10FFFF", S("\xf4\x90\x80\x80"),
	    S("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"), 4 },
	{ "truncated 3-byte is one subpart", S("\xe2\x82"),
	    S("\xef\xbf\xbd"), 1 },
	{ "truncated 4-byte then ASCII", S("\xf0\x9f\x98x"),
	    S("\xef\xbf\xbdx"), 1 },
	{ "lone continuations", S("\x80\xbf"),
	    S("\xef\xbf\xbd\xef\xbf\xbd"), 2 },
	{ "Unicode table 3-8", S("a\xf1\x80\x80\xe1\x80\xc2" "b\x80"
	    "c\x80\xbf" "d"),
	    S("a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd"
	    "c\xef\xbf\xbd\xef\xbf\xbd" "d"), 6 },
	{ "FF FE", S("\xff\xfe"), S("\xef\xbf\xbd\xef\xbf\xbd"), 2 },
};

static const struct esc_case ascii_cases[] = {
	{ "printable kept", S("Received: from a.example ([192.0.2.1])"),
	    S("Received: from a.example ([192.0.2.1])"), 0 },
	{ "empty", S(""), S(""), 0 },
	{ "TAB CR LF", S("a\tb\r\nc"), S("a b  c"), 0 },
	{ "ESC and DEL", S("\x1b[31m\x7f"), S(" [31m "), 0 },
	{ "NUL", S("a\0b"), S("a b"), 0 },
	{ "e acute", S("caf\xc3\xa9"), S("caf?"), 0 },
	{ "emoji", S("\xf0\x9f\x98\x80"), S("?"), 0 },
	{ "C1 control", S("\xc2\x9b"), S("?"), 0 },
	{ "U+202E", S("\xe2\x80\xae"), S("?"), 0 },
	{ "overlong", S("\xc0\xaf"), S("??"), 0 },
	{ "truncated", S("\xe2\x82"), S("??"), 0 },
	{ "surrogate", S("\xed\xa0\x80"), S("???"), 0 },
	{ "backslash kept", S("a\\b"), S("a\\b"), 0 },
};

/* Runs escape_terminal on one row. */
static void
check_terminal(const struct esc_case *ec)
{
	struct strbuf sb;
	char *copy = tap_exact_copy(ec->in, ec->inlen);

	strbuf_init(&sb);
	escape_terminal(&sb, copy, ec->inlen);
	tap_ok(sb.data != NULL && sb.len == ec->wantlen &&
	    memcmp(sb.data, ec->want, sb.len) == 0 && sb.data[sb.len] == '\0',
	    "terminal: %s", ec->name);
	strbuf_clear(&sb);
	free(copy);
}

/* Runs escape_utf8_repair on one row and checks the count too. */
static void
check_repair(const struct esc_case *ec)
{
	struct strbuf sb;
	char *copy = tap_exact_copy(ec->in, ec->inlen);
	size_t n;

	strbuf_init(&sb);
	n = escape_utf8_repair(&sb, copy, ec->inlen);
	if (!tap_ok(sb.data != NULL && sb.len == ec->wantlen &&
	    memcmp(sb.data, ec->want, sb.len) == 0 && n == ec->count,
	    "repair: %s", ec->name))
		tap_diag("count %zu, want %zu; length %zu, want %zu", n,
		    ec->count, sb.len, ec->wantlen);
	strbuf_clear(&sb);
	free(copy);
}

/* Runs escape_ascii on one row. */
static void
check_ascii(const struct esc_case *ec)
{
	struct strbuf sb;
	char *copy = tap_exact_copy(ec->in, ec->inlen);

	strbuf_init(&sb);
	escape_ascii(&sb, copy, ec->inlen);
	tap_ok(sb.data != NULL && sb.len == ec->wantlen &&
	    memcmp(sb.data, ec->want, sb.len) == 0, "ascii: %s", ec->name);
	strbuf_clear(&sb);
	free(copy);
}

/* Checks utf8_is_valid on one span. */
static void
check_valid(const char *in, size_t len, bool want, const char *name)
{
	char *copy = tap_exact_copy(in, len);

	tap_ok(utf8_is_valid(copy, len) == want, "utf8_is_valid: %s is %s",
	    name, want ? "valid" : "invalid");
	free(copy);
}

/* Returns the value of one hex digit. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undoes escape_terminal; returns false on a malformed escape. */
static bool
unescape_terminal(const char *s, size_t len, struct strbuf *out)
{
	size_t i = 0;
	uint32_t cp;
	char enc[3];

	while (i < len) {
		if (s[i] != '\\') {
			strbuf_appendc(out, s[i++]);
			continue;
		}
		if (i + 1 >= len)
			return false;
		switch (s[i + 1]) {
		case '\\':
			strbuf_appendc(out, '\\');
			i += 2;
			break;
		case 't':
			strbuf_appendc(out, '\t');
			i += 2;
			break;
		case 'r':
			strbuf_appendc(out, '\r');
			i += 2;
			break;
		case 'n':
			strbuf_appendc(out, '\n');
			i += 2;
			break;
		case 'x':
			if (i + 4 > len || hexval(s[i + 2]) < 0 ||
			    hexval(s[i + 3]) < 0)
				return false;
			strbuf_appendc(out, (char)(hexval(s[i + 2]) * 16 +
			    hexval(s[i + 3])));
			i += 4;
			break;
		case 'u':
			if (i + 8 > len || s[i + 2] != '{' || s[i + 7] != '}')
				return false;
			cp = (uint32_t)(hexval(s[i + 3]) << 12 |
			    hexval(s[i + 4]) << 8 | hexval(s[i + 5]) << 4 |
			    hexval(s[i + 6]));
			if (cp < 0x80 || cp > 0xffff)
				return false;
			if (cp < 0x800) {
				enc[0] = (char)(0xc0 | cp >> 6);
				enc[1] = (char)(0x80 | (cp & 0x3f));
				strbuf_append(out, enc, 2);
			} else {
				enc[0] = (char)(0xe0 | cp >> 12);
				enc[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
				enc[2] = (char)(0x80 | (cp & 0x3f));
				strbuf_append(out, enc, 3);
			}
			i += 8;
			break;
		default:
			return false;
		}
	}
	return true;
}

/* Tells whether escaped text holds a byte or character that drives a tty. */
static bool
has_unsafe(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return true;
		if (i + 1 < len && p[i] == 0xc2 && p[i + 1] <= 0x9f)
			return true;
		if (i + 1 < len && p[i] == 0xd8 && p[i + 1] == 0x9c)
			return true;
		if (i + 2 < len && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0x8e || p[i + 2] == 0x8f ||
		    (p[i + 2] >= 0xa8 && p[i + 2] <= 0xae)))
			return true;
		if (i + 2 < len && p[i] == 0xe2 && p[i + 1] == 0x81 &&
		    p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)
			return true;
		if (i + 2 < len && p[i] == 0xef && p[i + 1] == 0xbb &&
		    p[i + 2] == 0xbf)
			return true;
	}
	return false;
}

/* Returns the next value of a xorshift generator. */
static uint32_t
next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * Feeds pseudo-random byte strings, biased toward UTF-8 lead and
 * continuation bytes, through every function and checks the invariants.
 */
static void
check_noise(void)
{
	static const unsigned char pool[] = {
		0x00, 0x1b, 0x5c, 0x7f, 0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0,
		0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4,
		0xf5, 0xff, 0x80, 0x81, 0xaa, 0xae, 0xbb
	};
	struct strbuf t, r, a, back;
	uint32_t x = 88172645u;
	size_t i, j, k, len, fixes, nuls;
	char buf[32], *copy;
	int bad_rt = 0, bad_t = 0, bad_r = 0, bad_a = 0, bad_v = 0;

	strbuf_init(&t);
	strbuf_init(&r);
	strbuf_init(&a);
	strbuf_init(&back);
	for (i = 0; i < 50000; i++) {
		len = next_random(&x) % sizeof buf;
		for (j = 0; j < len; j++) {
			k = next_random(&x);
			buf[j] = (k & 0x100) != 0 ? (char)(k & 0xff) :
			    (char)pool[k % sizeof pool];
		}
		copy = tap_exact_copy(buf, len);
		strbuf_reset(&t);
		strbuf_reset(&r);
		strbuf_reset(&a);
		strbuf_reset(&back);
		escape_terminal(&t, copy, len);
		fixes = escape_utf8_repair(&r, copy, len);
		escape_ascii(&a, copy, len);
		if (!unescape_terminal(t.data, t.len, &back) ||
		    back.len != len || (len > 0 &&
		    memcmp(back.data, buf, len) != 0))
			bad_rt++;
		if (!utf8_is_valid(t.data, t.len) ||
		    has_unsafe((const unsigned char *)t.data, t.len))
			bad_t++;
		if (!utf8_is_valid(r.data, r.len) ||
		    memchr(r.data, '\0', r.len) != NULL ||
		    (fixes == 0) != (utf8_is_valid(copy, len) &&
		    memchr(copy, '\0', len) == NULL))
			bad_r++;
		for (j = 0; j < a.len; j++)
			if (a.data[j] < 0x20 || a.data[j] > 0x7e)
				bad_a++;
		if (a.len > len)
			bad_a++;
		for (j = 0, nuls = 0; j < len; j++)
			if (buf[j] == '\0')
				nuls++;
		if (utf8_is_valid(copy, len) != (fixes == nuls))
			bad_v++;
		free(copy);
	}
	tap_is_int(bad_rt, 0, "noise: escape_terminal is reversible");
	tap_is_int(bad_t, 0, "noise: terminal output is safe UTF-8");
	tap_is_int(bad_r, 0, "noise: repaired output is valid, NUL-free");
	tap_is_int(bad_a, 0, "noise: ascii output is printable, no longer");
	tap_is_int(bad_v, 0, "noise: utf8_is_valid agrees with repair");
	strbuf_clear(&t);
	strbuf_clear(&r);
	strbuf_clear(&a);
	strbuf_clear(&back);
}

/* Checks that the functions append rather than overwrite. */
/* Runs escape_json_text on serialised JSON and compares. */
static void
check_json(const char *in, size_t len, const char *want, const char *name)
{
	struct strbuf sb;
	char *copy = xmemdup0(in, len);

	strbuf_init(&sb);
	escape_json_text(&sb, copy, len);
	tap_is_str(sb.data, want, "json: %s", name);
	tap_ok(utf8_is_valid(sb.data, sb.len), "json: %s: valid UTF-8", name);
	strbuf_clear(&sb);
	free(copy);
}

static void
check_append(void)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_appends(&sb, "pre:");
	escape_terminal(&sb, S("\x1b"));
	(void)escape_utf8_repair(&sb, S("\xff"));
	escape_ascii(&sb, S("\t"));
	tap_is_span(sb.data, sb.len, "pre:\\x1b\xef\xbf\xbd ",
	    "all three append to what the buffer holds");
	strbuf_clear(&sb);
}

/* Runs a megabyte of hostile bytes through each function. */
static void
check_long(void)
{
	struct strbuf sb;
	size_t i, n = 1 << 20;
	char *buf = xmalloc(n);

	for (i = 0; i < n; i++)
		buf[i] = (char)(i % 3 == 0 ? 0xf0 : i % 3 == 1 ? 0x9f : 0x1b);
	strbuf_init(&sb);
	escape_terminal(&sb, buf, n);
	tap_is_int((long long)sb.len, (long long)(n * 4),
	    "a megabyte escaped for the terminal");
	strbuf_reset(&sb);
	tap_is_int((long long)escape_utf8_repair(&sb, buf, n),
	    (long long)(n / 3 + 1), "a megabyte repaired");
	strbuf_reset(&sb);
	escape_ascii(&sb, buf, n);
	tap_is_int((long long)sb.len, (long long)n,
	    "a megabyte made ASCII");
	strbuf_clear(&sb);
	free(buf);
}

/* Runs every table and check in turn. */
int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof terminal_cases / sizeof terminal_cases[0]; i++)
		check_terminal(&terminal_cases[i]);
	for (i = 0; i < sizeof repair_cases / sizeof repair_cases[0]; i++)
		check_repair(&repair_cases[i]);
	for (i = 0; i < sizeof ascii_cases / sizeof ascii_cases[0]; i++)
		check_ascii(&ascii_cases[i]);

	check_valid(S(""), true, "empty");
	check_valid(S("plain ASCII\t\r\n"), true, "ASCII");
	check_valid(S("a\0b"), true, "NUL");
	check_valid(S("caf\xc3\xa9"), true, "e acute");
	check_valid(S("\xf0\x9f\x98\x80"), true, "emoji");
	check_valid(S("\xed\x9f\xbf\xee\x80\x80"), true, "U+D7FF U+E000");
	check_valid(S("\xef\xbf\xbf\xf4\x8f\xbf\xbf"), true,
	    "U+FFFF U+10FFFF");
	check_valid(S("\xc0\xaf"), false, "overlong");
	check_valid(S("\xc1\xbf"), false, "overlong C1");
	check_valid(S("\xe0\x9f\xbf"), false, "overlong E0");
	check_valid(S("\xed\xa0\x80"), false, "surrogate");
	check_valid(S("\xed\xbf\xbf"), false, "low surrogate");
	check_valid(S("\xf4\x90\x80\x80"), false, "above U+10FFFF");
	check_valid(S("\xe2\x82"), false, "truncated");
	check_valid(S("\x80"), false, "lone continuation");
	check_valid(S("\xff"), false, "FF");

	check_json(S("{\"a\": \"plain \\u001b caf\xc3\xa9\"}"),
	    "{\"a\": \"plain \\u001b caf\xc3\xa9\"}", "kept as is");
	check_json(S("\"x\x7fy\""), "\"x\\u007fy\"", "DEL");
	check_json(S("\"\xc2\x9b" "2J\""), "\"\\u009b2J\"", "C1 CSI");
	check_json(S("\"\xe2\x80\xae\xe2\x81\xa6\""),
	    "\"\\u202e\\u2066\"", "bidi controls");
	check_json(S("\"\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf\""),
	    "\"\\u2028\\u2029\\ufeff\"", "U+2028 U+2029 U+FEFF");
	check_json(S("\"\xc2\xa0\xe2\x80\x8b\""),
	    "\"\xc2\xa0\xe2\x80\x8b\"", "NBSP, ZWSP kept");
	check_json(S("\"\xff\""), "\"\xef\xbf\xbd\"",
	    "invalid byte repaired");
	check_append();
	check_noise();
	check_long();
	return tap_done();
}
