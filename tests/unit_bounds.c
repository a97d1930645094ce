/*
 * unit_bounds.c: every per-field limit of tlstrace.h is hit and gives its
 * diagnostic, and hostile fields (100,000 nested comments, 1 MB of
 * words, of ';', of '(') are parsed to the right result.  These run in
 * linear time; bench/hostile measures how long they take.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "diag.h"
#include "lex.h"
#include "received.h"
#include "rules.h"
#include "tap.h"
#include "tlsinfo.h"
#include "util.h"

#define DATE	"; Mon, 23 Nov 2026 10:00:00 +0000"

static struct ruleset *rules;

/* Builds prefix, n copies of unit, suffix into a new NUL-terminated string. */
static char *
repeat(const char *prefix, const char *unit, size_t n, const char *suffix)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_appends(&sb, prefix);
	for (i = 0; i < n; i++)
		strbuf_appends(&sb, unit);
	strbuf_appends(&sb, suffix);
	return sb.data;
}

/* Parses and assesses one field into h; diagnostics go to dl. */
static void
run(const char *field, struct hop *h, struct diaglist *dl)
{
	memset(h, 0, sizeof(*h));
	h->index = 1;
	received_parse(field, strlen(field), &h->rcv, dl, 1);
	tlsinfo_assess(h, rules, dl);
	classify_hop(h, dl);
}

/* Checks that a field gives (or not) a diagnostic code. */
static void
expect_diag(const char *field, const char *code, bool want,
    const char *what)
{
	struct diaglist dl;
	struct hop *h = xcalloc(1, sizeof(*h));

	memset(&dl, 0, sizeof dl);
	run(field, h, &dl);
	tap_ok(diag_has(&dl, code, 1) == want, "%s: %s%s", what,
	    want ? "" : "no ", code);
	diag_clear(&dl);
	free(h);
}

static void
test_field_limits(void)
{
	char *f;

	f = repeat("from a ", "(", COMMENT_DEPTH_MAX, "");
	free(f);
	f = repeat("from a ", "(", COMMENT_DEPTH_MAX, "");
	{
		char *g = repeat(f, ")", COMMENT_DEPTH_MAX, " by b" DATE);

		expect_diag(g, "comment-too-deep", false,
		    "COMMENT_DEPTH_MAX nested comments");
		free(g);
	}
	free(f);
	f = repeat("from a ", "(", COMMENT_DEPTH_MAX + 1, "");
	{
		char *g = repeat(f, ")", COMMENT_DEPTH_MAX + 1, " by b" DATE);

		expect_diag(g, "comment-too-deep", true,
		    "COMMENT_DEPTH_MAX + 1 nested comments");
		free(g);
	}
	free(f);

	f = repeat("from a by b with ESMTP", " w", TOKEN_MAX - 8, DATE);
	expect_diag(f, "too-many-tokens", false, "fewer than TOKEN_MAX tokens");
	free(f);
	f = repeat("from a by b with ESMTP", " w", TOKEN_MAX, DATE);
	expect_diag(f, "too-many-tokens", true, "more than TOKEN_MAX tokens");
	free(f);

	f = repeat("from a", " by b", CLAUSE_MAX - 1, DATE);
	expect_diag(f, "too-many-clauses", false, "CLAUSE_MAX clauses");
	free(f);
	f = repeat("from a", " by b", CLAUSE_MAX, DATE);
	expect_diag(f, "too-many-clauses", true, "CLAUSE_MAX + 1 clauses");
	free(f);

	f = repeat("from a by b", " (c)", COMMENT_MAX, DATE);
	expect_diag(f, "too-many-comments", false, "COMMENT_MAX comments");
	free(f);
	f = repeat("from a by b", " (c)", COMMENT_MAX + 1, DATE);
	expect_diag(f, "too-many-comments", true, "COMMENT_MAX + 1 comments");
	{
		struct diaglist dl;
		struct hop *h = xcalloc(1, sizeof(*h));

		memset(&dl, 0, sizeof dl);
		run(f, h, &dl);
		tap_is_int((long long)h->rcv.ncomments, COMMENT_MAX,
		    "COMMENT_MAX comments kept");
		diag_clear(&dl);
		free(h);
	}
	free(f);
}

static void
test_evidence_limits(void)
{
	struct diaglist dl;
	struct hop *h = xcalloc(1, sizeof(*h));
	char *f;

	/* Each Postfix "using" comment is one evidence item. */
	f = repeat("from a (a [8.8.8.8]) by b with ESMTPS",
	    " (using TLSv1.2 with cipher AES128-SHA (128/128 bits))",
	    EVIDENCE_MAX + 4, DATE);
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_is_int((long long)h->nevidence, EVIDENCE_MAX,
	    "EVIDENCE_MAX evidence items kept");
	tap_ok(diag_has(&dl, "too-much-evidence", 1),
	    "more evidence than EVIDENCE_MAX: too-much-evidence");
	tap_is_int(h->tls, TLSSTATE_YES, "and the hop is still TLS");
	diag_clear(&dl);
	free(f);

	f = repeat("from a (a [8.8.8.8]) by b with ESMTPS",
	    " (using TLSv1.2 with cipher AES128-SHA (128/128 bits))", 2, DATE);
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_ok(!diag_has(&dl, "too-much-evidence", 1) &&
	    !diag_has(&dl, "too-many-rule-matches", 1),
	    "two matches: no evidence or match limit diagnostic");
	diag_clear(&dl);
	free(f);

	/* RULE_MATCH_MAX matching comments use up the match budget. */
	f = repeat("from a by b with ESMTPS",
	    " (using TLSv1.2 with cipher AES128-SHA (128/128 bits))",
	    RULE_MATCH_MAX + 1, DATE);
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_ok(diag_has(&dl, "too-many-rule-matches", 1),
	    "RULE_MATCH_MAX rule matches: too-many-rule-matches");
	diag_clear(&dl);
	free(f);
	free(h);
}

static void
test_diag_max(void)
{
	struct diaglist dl;
	int i;

	memset(&dl, 0, sizeof dl);
	for (i = 0; i < DIAG_MAX + 50; i++)
		diag_add(&dl, "x", SEVERITY_INFO, 0, "entry %d", i);
	tap_is_int((long long)dl.n, DIAG_MAX, "DIAG_MAX entries kept");
	tap_is_int((long long)dl.dropped, 50, "the rest counted as dropped");
	diag_clear(&dl);
}

static void
test_hostile(void)
{
	struct diaglist dl;
	struct hop *h = xcalloc(1, sizeof(*h));
	char *f, *g;

	/* 100,000 nested comments, closed, then the clauses and a date. */
	f = repeat("from a.example ", "(", 100000, "");
	g = repeat(f, ")", 100000, " by b.example with ESMTPS id 1" DATE);
	free(f);
	memset(&dl, 0, sizeof dl);
	run(g, h, &dl);
	tap_ok(diag_has(&dl, "comment-too-deep", 1),
	    "100,000 nested comments: comment-too-deep");
	tap_ok(h->rcv.has_date && h->rcv.clause[CLAUSE_WITH].present &&
	    h->tls == TLSSTATE_YES,
	    "and the clauses and date after them are still read");
	diag_clear(&dl);
	free(g);

	/* 100,000 unclosed '(': one unterminated comment to the end. */
	f = repeat("from a.example by b ", "(", 100000, DATE);
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_ok(diag_has(&dl, "unterminated", 1) &&
	    diag_has(&dl, "comment-too-deep", 1),
	    "100,000 unclosed '(': unterminated, too deep");
	diag_clear(&dl);
	free(f);

	/* 1 MB of words: the date at the end is still found. */
	f = repeat("from a.example by b.example with ESMTP", " word", 200000,
	    DATE);
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_ok(strlen(f) > 1000000, "a field over 1 MB");
	tap_ok(h->rcv.has_date && diag_has(&dl, "too-many-tokens", 1),
	    "1 MB of words: date read, too-many-tokens");
	diag_clear(&dl);
	free(f);

	/* 500,000 ';': only the last few are tried as a date. */
	f = repeat("from a.example by b.example with ESMTP", " ;", 500000,
	    " Mon, 23 Nov 2026 10:00:00 +0000");
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_ok(h->rcv.has_date && diag_has(&dl, "extra-semicolon", 1),
	    "500,000 ';': date read, extra-semicolon");
	diag_clear(&dl);
	free(f);

	/* 1 MB of quoted-pairs inside one comment. */
	f = repeat("from a.example (", "\\)", 500000,
	    ") by b.example with ESMTPS" DATE);
	memset(&dl, 0, sizeof dl);
	run(f, h, &dl);
	tap_ok(h->rcv.has_date && h->rcv.ncomments == 1 &&
	    h->tls == TLSSTATE_YES, "1 MB of quoted-pairs: one comment");
	diag_clear(&dl);
	free(f);
	free(h);
}

/* The lexing work of parsing one field, in lexer steps. */
static unsigned long long
parse_work(const char *field)
{
	struct diaglist dl;
	struct hop *h = xcalloc(1, sizeof(*h));
	unsigned long long before = lex_work_total();

	memset(&dl, 0, sizeof dl);
	received_parse(field, strlen(field), &h->rcv, &dl, 1);
	diag_clear(&dl);
	free(h);
	return lex_work_total() - before;
}

/*
 * Issue 12: parsing a field of RECEIVED_MAX_BYTES costs at most three
 * times the lexing work of benign words of the same size, whatever the
 * hostile shape (unclosed '[', '<', '(', '"', mixes, runs of ';').
 */
static void
test_linear_work(void)
{
	static const char *const units[] = {
		"[ ", "< ", "[ < ", "[<", "<[ ", "( ", "\" ", "; ", ") ",
		"[(", "( ) ; ", "\\[ ",
	};
	const size_t n = (RECEIVED_MAX_BYTES - 64) / 4;
	unsigned long long benign, hostile;
	char *f;
	size_t i, k, reps;

	f = repeat("from x by y ", "ab  ", n, DATE);
	benign = parse_work(f);
	free(f);
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		reps = 4 * n / strlen(units[i]);
		f = repeat("from x by y ", units[i], reps, DATE);
		hostile = parse_work(f);
		tap_ok(hostile <= 3 * benign, "a field of \"%s\" x %zu: %llu "
		    "lexer steps, benign %llu (<= 3x)", units[i], reps,
		    hostile, benign);
		free(f);
	}
	/* The same with the date missing, so every ';' is tried. */
	for (k = 0; k < 2; k++) {
		f = repeat("from x by y ", k ? "; (" : "[ ;", n, "");
		hostile = parse_work(f);
		tap_ok(hostile <= 3 * benign, "no date, \"%s\" x %zu: %llu "
		    "steps (<= 3x benign)", k ? "; (" : "[ ;", n, hostile);
		free(f);
	}
}

int
main(void)
{
	char err[512];

	rules = ruleset_new();
	if (ruleset_load_default(rules, err, sizeof err) == -1)
		tap_bail("default rules: %s", err);
	test_field_limits();
	test_evidence_limits();
	test_diag_max();
	test_hostile();
	test_linear_work();
	ruleset_free(rules);
	return tap_done();
}
