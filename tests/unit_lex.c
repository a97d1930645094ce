/*
 * unit_lex.c: the RFC 5322 tokenizer, token by token, and its bounds.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "tap.h"
#include "tlstrace.h"

struct lex_case {
	const char *input;
	const char *tokens;	/* kinds: W word C comment Q quoted L literal
				 * A angle ; semicolon S stray */
};

static const struct lex_case cases[] = {
	{ "from a.example (b [1.2.3.4]) by c", "WWCWW" },
	{ "(a (nested) comment) x", "CW" },
	{ "(quoted \\) paren) x", "CW" },
	{ "\"quoted (not a comment)\" x", "QW" },
	{ "[IPv6:::1] <a@b> ;", "LA;" },
	{ "a;b", "W;W" },
	{ ") > x", "SSW" },
	{ "SMTPSVC(6.0.3790.4675)", "WC" },
	{ "[1.2.3.4]:25", "LW" },
	{ "unknown[1.2.3.4]", "W" },
	{ "[no close", "WW" },
	{ "<no close", "SWW" },
	{ "(unterminated", "C" },
	{ "", "" },
	{ "   \t  ", "" },
	{ "a\0b", "W" },	/* NUL is turned to space before lexing */
};

/* Fills a new buffer of len bytes with copies of unit. */
static char *
filled(const char *unit, size_t len)
{
	char *buf = malloc(len);
	size_t i, n = strlen(unit);

	for (i = 0; i < len; i++)
		buf[i] = unit[i % n];
	return buf;
}

/* The steps one lexer takes to read the whole buffer. */
static size_t
steps_to_end(const char *buf, size_t len)
{
	struct lexer lx;
	struct token tok;

	lex_init(&lx, buf, len, COMMENT_DEPTH_MAX);
	while (lex_next(&lx, &tok))
		;
	return lx.steps;
}

/*
 * Unclosed openers cost each byte a bounded number of steps: a scan for
 * ']' or '>' that reaches the end is not repeated by the next opener.
 */
static void
test_linear_work(void)
{
	static const char *const units[] = {
		"[ ", "< ", "[ < ", "[<", "[\\", "<\\ ", "( ", "\" ", "; ",
		") ", "> ", "[(", "<[ ", "a] [ ", "b> < ",
	};
	const size_t len = 65536;
	unsigned long long before;
	size_t i, steps;
	char *buf;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		buf = filled(units[i], len);
		before = lex_work_total();
		steps = steps_to_end(buf, len);
		tap_ok(steps <= 3 * len, "64 KiB of \"%s\": %zu steps, at "
		    "most 3 per byte", units[i], steps);
		tap_ok(lex_work_total() - before == steps,
		    "lex_work_total counts the same steps for \"%s\"",
		    units[i]);
		free(buf);
	}
}

/* Lexes a buffer of exactly len bytes (no NUL after it) into kind letters. */
static void
kinds(const char *input, size_t len, char *out, size_t outsize)
{
	static const char letters[] = { '?', 'W', 'C', 'Q', 'L', 'A', ';',
	    'S' };
	char *copy = malloc(len ? len : 1);
	struct lexer lx;
	struct token tok;
	size_t n = 0;

	memcpy(copy, input, len);
	lex_init(&lx, copy, len, COMMENT_DEPTH_MAX);
	while (lex_next(&lx, &tok) && n + 1 < outsize)
		out[n++] = letters[tok.kind];
	out[n] = '\0';
	free(copy);
}

int
main(void)
{
	char got[64], *deep;
	struct lexer lx;
	struct token tok;
	const char *p;
	size_t i, len, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		len = strlen(cases[i].input);
		if (i == sizeof cases / sizeof cases[0] - 1)
			len = 3;	/* the one case with a NUL inside */
		kinds(cases[i].input, len, got, sizeof got);
		tap_is_str(got, cases[i].tokens, "tokens of \"%s\"",
		    cases[i].input);
	}

	/* Inner text of delimited tokens. */
	lex_init(&lx, "(abc) [1.2.3.4] (open", 21, COMMENT_DEPTH_MAX);
	(void)lex_next(&lx, &tok);
	lex_inner(&tok, &p, &len);
	tap_is_span(p, len, "abc", "comment inner text");
	(void)lex_next(&lx, &tok);
	lex_inner(&tok, &p, &len);
	tap_is_span(p, len, "1.2.3.4", "literal inner text");
	(void)lex_next(&lx, &tok);
	tap_ok((tok.flags & TOKF_UNTERMINATED) != 0, "unterminated flagged");
	lex_inner(&tok, &p, &len);
	tap_is_span(p, len, "open", "unterminated comment inner text");

	/* 100,000 nested comments: one token, flagged deep, linear time. */
	n = 100000;
	deep = malloc(2 * n);
	memset(deep, '(', n);
	memset(deep + n, ')', n);
	lex_init(&lx, deep, 2 * n, COMMENT_DEPTH_MAX);
	tap_ok(lex_next(&lx, &tok) && tok.kind == TOK_COMMENT &&
	    tok.len == 2 * n, "100000 nested comments are one token");
	tap_ok((tok.flags & TOKF_DEEP) != 0, "deep nesting flagged");
	tap_is_int(tok.depth, (long long)n, "nesting depth counted");
	tap_ok(!lex_next(&lx, &tok), "nothing after the deep comment");
	free(deep);

	test_linear_work();

	/* The record of a missing closer does not hide a later token. */
	kinds("[ [ x", 5, got, sizeof got);
	tap_is_str(got, "WWW", "two unclosed literals are words");
	kinds("< [a] <b> <", 11, got, sizeof got);
	tap_is_str(got, "AS", "an angle-addr reaches the first '>'");
	kinds("<a> [ <", 7, got, sizeof got);
	tap_is_str(got, "AWS", "openers after the last closers");

	/* A backslash as the very last byte does not read past the end. */
	lex_init(&lx, "(a\\", 3, COMMENT_DEPTH_MAX);
	tap_ok(lex_next(&lx, &tok) && tok.len == 3,
	    "trailing quoted-pair stays in bounds");
	return tap_done();
}
