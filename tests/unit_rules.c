/*
 * unit_rules.c: the rule file reader: errors name file, line, offset and
 * PCRE2's message; overriding and disabling; matching and named groups.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "names.h"
#include "proto.h"
#include "received.h"
#include "rules.h"
#include "tap.h"
#include "tlsinfo.h"

/* Loads text into a fresh ruleset; returns the status and the error. */
static int
load(const char *text, char *err, size_t errsize, struct ruleset **out)
{
	struct ruleset *rs = ruleset_new();
	int rc;

	err[0] = '\0';
	rc = ruleset_load_text(rs, text, strlen(text), "test.rules", err,
	    errsize);
	if (out != NULL)
		*out = rs;
	else
		ruleset_free(rs);
	return rc;
}

/* The TLS state tlsinfo_assess() gives one field under a ruleset. */
static enum tls_state
assess(const struct ruleset *rs, const char *field)
{
	struct diaglist dl = { NULL, 0, 0, 0 };
	struct hop hop;

	memset(&hop, 0, sizeof hop);
	hop.index = 1;
	received_parse(field, strlen(field), &hop.rcv, &dl, 1);
	tlsinfo_assess(&hop, rs, &dl);
	diag_clear(&dl);
	return hop.tls;
}

/*
 * An anchored pattern is tried only on a subject that starts with a byte
 * it can start with: the pre-check gives the matches PCRE2 gives, with
 * (?i), a first byte in either case, a class or alternation of starts,
 * and a pattern that can start anywhere.
 */
static void
test_first_bytes(void)
{
	static const struct {
		const char *pattern, *subject;
		size_t want;
	} cases[] = {
		{ "^using\\s+TLS", "using TLS", 1 },
		{ "^using\\s+TLS", "Using TLS", 0 },
		{ "(?i)^using\\s+tls", "USING TLS", 1 },
		{ "(?i)^using\\s+tls", "using TLS", 1 },
		{ "^(?:a|B)x", "Bx", 1 },
		{ "^(?:a|B)x", "ax", 1 },
		{ "^(?:a|B)x", "bx", 0 },
		{ "^[0-9]+ bits", "256 bits", 1 },
		{ "^[0-9]+ bits", " 256 bits", 0 },
		{ "^(?i:é)t", "\xc3\xa9t", 1 },
		{ "^x?y", "y", 1 },
		{ "^$", "", 1 },
		{ "TLS", "over TLS", 1 },
		{ "^\\s*TLS", "  TLS", 1 },
	};
	struct diaglist dl = { NULL, 0, 0, 0 };
	struct rule_hit hits[2];
	struct ruleset *rs;
	char text[256], err[256];
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		(void)snprintf(text, sizeof text, "rule r\n scope comment\n "
		    "pattern %s\n", cases[i].pattern);
		if (load(text, err, sizeof err, &rs) != 0) {
			tap_ok(false, "/%s/ loads: %s", cases[i].pattern, err);
			ruleset_free(rs);
			continue;
		}
		n = ruleset_match(rs, RULESCOPE_COMMENT, cases[i].subject,
		    strlen(cases[i].subject), hits, 2, &dl, 1);
		tap_is_int((long long)n, (long long)cases[i].want,
		    "/%s/ on \"%s\"", cases[i].pattern, cases[i].subject);
		ruleset_free(rs);
	}
	diag_clear(&dl);
}

/* "keyword" blocks: the with keyword table overridden from a rule file. */
static void
check_keywords(void)
{
	static const char field[] = "from a.example.net (a.example.net "
	    "[192.0.2.1]) by mx.example.org with ESMTP id 1; Tue, 3 Jan "
	    "2017 10:00:00 +0000";
	static const char acme[] = "from a.example.net (a.example.net "
	    "[192.0.2.1]) by mx.example.org with Acme  Secure id 1; Tue, 3 "
	    "Jan 2017 10:00:00 +0000";
	const struct proto_entry *pe;
	struct ruleset *rs;
	char err[512];

	rs = ruleset_new();
	tap_is_int(assess(rs, field), TLSSTATE_NO, "ESMTP is plaintext by the "
	    "built-in table");
	ruleset_free(rs);

	tap_is_int(load("keyword ESMTP\n tls none\n source gateway ends TLS"
	    "\n", err, sizeof err, &rs), 0, "a keyword block loads");
	tap_is_int(assess(rs, field), TLSSTATE_UNKNOWN, "the rule file's "
	    "ESMTP entry overrides the built-in one");
	pe = ruleset_keyword(rs, "esmtp", 5);
	tap_ok(pe != NULL && pe->flags == PROTO_KNOWN &&
	    strcmp(pe->source, "gateway ends TLS") == 0, "its flags and "
	    "source");
	tap_is_int((long long)ruleset_keyword_count(rs), 1, "one keyword");
	tap_is_int((long long)ruleset_count(rs), 0, "a keyword is no rule");
	ruleset_free(rs);

	tap_is_int(load("keyword Acme Secure\n tls yes\n auth yes\n"
	    "keyword Acme Secure\n tls yes\n", err, sizeof err, &rs), 0,
	    "a keyword of two words, given twice");
	tap_is_int((long long)ruleset_keyword_count(rs), 1, "the second "
	    "replaces the first");
	pe = ruleset_keyword_at(rs, 0);
	tap_ok(pe != NULL && (pe->flags & PROTO_TLS) != 0 &&
	    (pe->flags & PROTO_AUTH) == 0, "with the second's flags");
	tap_is_int(assess(rs, acme), TLSSTATE_YES, "a new keyword says TLS, "
	    "white space folded");
	ruleset_free(rs);

	tap_is_int(load("keyword LMTPX\n tls local\n lmtp yes\n", err,
	    sizeof err, &rs), 0, "tls local and lmtp load");
	pe = ruleset_keyword(rs, "LMTPX", 5);
	tap_ok(pe != NULL && (pe->flags & (PROTO_LOCAL | PROTO_LMTP)) ==
	    (PROTO_LOCAL | PROTO_LMTP), "local and lmtp flags");
	ruleset_free(rs);

	tap_is_int(load("keyword ESMTP\n source x\n", err, sizeof err,
	    NULL), -1, "a keyword needs tls");
	tap_is_str(err, "test.rules:1: keyword ESMTP: no 'tls' line",
	    "the error names file, line and keyword");
	tap_is_int(load("keyword ESMTP\n tls yes\n pattern x\n", err,
	    sizeof err, NULL), -1, "a keyword takes no pattern");
	tap_ok(strstr(err, "test.rules:3:") != NULL &&
	    strstr(err, "not a field of a keyword") != NULL, "says so on "
	    "line 3");
	tap_is_int(load("rule cipher-suite-name\n scope comment\n pattern x\n",
	    err, sizeof err, NULL), -1, "a rule cannot take a built-in "
	    "evidence name");
	tap_ok(strstr(err, "built-in evidence") != NULL, "says why");
	tap_is_int(load("keyword A  B\n tls yes\n", err, sizeof err, NULL),
	    -1, "a doubled space in a keyword is refused");
	tap_is_int(load("keyword ESMTP\n tls yes\n auth maybe\n", err,
	    sizeof err, NULL), -1, "auth must be yes or no");
}

int
main(void)
{
	struct rule_hit hits[4];
	struct diaglist dl = { NULL, 0, 0, 0 };
	struct ruleset *rs;
	char err[512];
	size_t n, before;

	test_first_bytes();
	tap_is_int(load("rule a\n scope comment\n pattern (x\n", err,
	    sizeof err, NULL), -1, "unbalanced pattern is refused");
	tap_is_str(err, "test.rules:1: rule a: pattern offset 2: missing "
	    "closing parenthesis", "error names file, line, offset, message");
	tap_is_int(load("rule a\n scope comment\n", err, sizeof err, NULL), -1,
	    "rule without pattern refused");
	tap_ok(strstr(err, "no 'pattern' line") != NULL, "says what is missing");
	tap_is_int(load("rule a\n scope nowhere\n pattern x\n", err,
	    sizeof err, NULL), -1, "bad scope refused");
	tap_ok(strstr(err, "test.rules:2:") != NULL, "bad scope names line 2");
	tap_is_int(load("rule a\n scope comment\n pattern (?<foo>x)\n", err,
	    sizeof err, NULL), -1, "unknown group name refused");
	tap_ok(strstr(err, "'foo'") != NULL, "names the group");
	tap_is_int(load("rule v\n scope via\n pattern ^SSL$\n", err,
	    sizeof err, &rs), 0, "via scope loads");
	tap_is_int((long long)ruleset_match(rs, RULESCOPE_VIA, "SSL", 3, hits,
	    4, &dl, 1), 1, "via rule matches the via clause");
	tap_is_int((long long)ruleset_match(rs, RULESCOPE_COMMENT, "SSL", 3,
	    hits, 4, &dl, 1), 0, "via rule does not match comments");
	tap_is_str(rule_scope_name(RULESCOPE_VIA), "via", "via scope name");
	ruleset_free(rs);
	tap_is_int(load("scope comment\n", err, sizeof err, NULL), -1,
	    "keyword outside a block refused");
	tap_is_int(load("rule bad name\n", err, sizeof err, NULL), -1,
	    "name with spaces refused");
	tap_is_int(load("rule a\n scope comment\n colour red\n pattern x\n",
	    err, sizeof err, NULL), -1, "unknown keyword refused");
	tap_is_int(load("disable nosuch\n", err, sizeof err, NULL), -1,
	    "disabling an unknown rule refused");
	tap_is_int(load("rule a\n scope comment\n mta X\n mta Y\n pattern x\n",
	    err, sizeof err, NULL), -1, "a string field given twice refused");
	tap_is_str(err, "test.rules:4: rule a: 'mta' given twice",
	    "says which field, on which line");
	tap_is_int(load("rule a\n scope comment\n pattern x\n pattern y\n",
	    err, sizeof err, NULL), -1, "a second pattern refused");
	tap_is_str(err, "test.rules:4: rule a: 'pattern' given twice",
	    "names the second pattern line");
	tap_is_int(load("rule a\n scope comment\n source\n pattern x\n", err,
	    sizeof err, NULL), -1, "an empty source refused");
	tap_is_str(err, "test.rules:3: rule a: 'source' needs a value",
	    "says the value is missing");

	/* The defaults load; a file can override and disable. */
	rs = ruleset_new();
	tap_is_int(ruleset_load_default(rs, err, sizeof err), 0,
	    "default rules load");
	before = ruleset_count(rs);
	tap_ok(before >= 10, "default rules are many (%zu)", before);
	{
		static const char text[] = "rule microsoft-tls\n"
		    " scope comment\n tls no\n pattern ^TLS$\n";

		tap_is_int(ruleset_load_text(rs, text, sizeof text - 1,
		    "o.rules", err, sizeof err), 0, "override loads");
	}
	tap_is_int((long long)ruleset_count(rs), (long long)before,
	    "override replaces, count unchanged");
	n = ruleset_match(rs, RULESCOPE_COMMENT, "TLS", 3, hits, 4, &dl, 1);
	tap_ok(n == 1 && hits[0].rule->tls == TLSSTATE_NO &&
	    strcmp(hits[0].rule->file, "o.rules") == 0,
	    "overriding rule is the one that matches");
	tap_is_int(ruleset_load_text(rs, "disable microsoft-tls\n", 22,
	    "d.rules", err, sizeof err), 0, "disable loads");
	tap_is_int(ruleset_match(rs, RULESCOPE_COMMENT, "TLS", 3, hits, 4,
	    &dl, 1), 0, "disabled rule no longer matches");
	tap_is_int((long long)ruleset_count(rs), (long long)before - 1,
	    "disabled rule not counted");

	n = ruleset_match(rs, RULESCOPE_COMMENT,
	    "version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256", 57,
	    hits, 4, &dl, 1);
	tap_ok(n >= 1, "Gmail comment matches");
	if (n >= 1) {
		tap_is_span(hits[0].version.p, hits[0].version.len, "TLS1_3",
		    "version group");
		tap_is_span(hits[0].cipher.p, hits[0].cipher.len,
		    "TLS_AES_256_GCM_SHA384", "cipher group");
		tap_is_span(hits[0].bits.p, hits[0].bits.len, "256",
		    "bits group");
		tap_ok(hits[0].verify.p == NULL, "unset group is unset");
	}
	tap_is_int((long long)dl.n, 0, "no match errors");
	ruleset_free(rs);

	/* A catastrophic pattern hits the match limit: a diagnostic. */
	tap_is_int(load("rule slow\n scope comment\n pattern ^(a+)+$\n", err,
	    sizeof err, &rs), 0, "backtracking pattern loads");
	{
		char subject[64];

		memset(subject, 'a', sizeof subject - 1);
		subject[sizeof subject - 2] = 'b';
		subject[sizeof subject - 1] = '\0';
		n = ruleset_match(rs, RULESCOPE_COMMENT, subject,
		    sizeof subject - 1, hits, 4, &dl, 7);
	}
	tap_is_int((long long)n, 0, "limit hit gives no match");
	tap_ok(diag_has(&dl, "rule-match-error", 7),
	    "limit hit is a diagnostic on the hop");
	ruleset_free(rs);
	diag_clear(&dl);
	check_keywords();
	return tap_done();
}
