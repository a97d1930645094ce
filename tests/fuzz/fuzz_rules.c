/*
 * fuzz_rules.c: libFuzzer harness for the rule engine.  The input is a
 * rule file, a NUL byte, then a subject.  The rule text is loaded into a
 * fresh ruleset (the reader must reject bad files with a message and
 * never crash); the subject is matched, in every scope, against those
 * rules and against the built-in ones, and every hit must lie inside the
 * subject.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "rules.h"
#include "util.h"

#define SUBJECT_MAX	4096
#define HITS_MAX	16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *builtin;

/* Matches the subject in every scope and checks the hits. */
static void
match_all(const struct ruleset *rs, const char *subject, size_t len,
    struct diaglist *diags)
{
	static const enum rule_scope scopes[] = {
		RULESCOPE_WITH, RULESCOPE_COMMENT, RULESCOPE_HEADER
	};
	struct rule_hit hits[HITS_MAX];
	size_t i, k, n;

	for (k = 0; k < sizeof scopes / sizeof scopes[0]; k++) {
		n = ruleset_match(rs, scopes[k], subject, len, hits, HITS_MAX,
		    diags, 1);
		if (n > HITS_MAX)
			abort();
		for (i = 0; i < n; i++) {
			fuzz_span_inside(hits[i].match, subject, len, "match");
			fuzz_span_inside(hits[i].version, subject, len,
			    "version");
			fuzz_span_inside(hits[i].cipher, subject, len, "cipher");
			fuzz_span_inside(hits[i].bits, subject, len, "bits");
			fuzz_span_inside(hits[i].verify, subject, len, "verify");
			(void)fuzz_touch(hits[i].match);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul;
	struct diaglist diags;
	struct ruleset *rs;
	char err[512], *subject;
	size_t textlen, sublen, i;

	if (builtin == NULL) {
		builtin = ruleset_new();
		if (ruleset_load_default(builtin, err, sizeof err) == -1)
			abort();
	}
	nul = memchr(data, '\0', size);
	textlen = nul ? (size_t)(nul - data) : size;
	sublen = nul ? size - textlen - 1 : 0;
	if (sublen > SUBJECT_MAX || textlen > 8192)
		return 0;
	subject = xmalloc(sublen ? sublen : 1);
	if (sublen > 0)
		memcpy(subject, nul + 1, sublen);
	memset(&diags, 0, sizeof diags);

	rs = ruleset_new();
	err[0] = '\0';
	if (ruleset_load_text(rs, (const char *)data, textlen, "fuzz", err,
	    sizeof err) == -1) {
		/* A rejected file says where and why, on one line. */
		if (strncmp(err, "fuzz", 4) != 0 || strchr(err, '\n') != NULL)
			abort();
	} else {
		for (i = 0; i < ruleset_count(rs); i++) {
			if (ruleset_rule(rs, i) == NULL)
				abort();
		}
	}
	match_all(rs, subject, sublen, &diags);
	match_all(builtin, subject, sublen, &diags);
	ruleset_free(rs);
	diag_clear(&diags);
	free(subject);
	return 0;
}
