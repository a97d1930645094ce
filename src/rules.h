/*
 * rules.h: TLS evidence rules as data, matched with PCRE2.
 *
 * A rule file (see tlstrace-rules(5)) is a list of blocks:
 *
 *	rule postfix-using
 *	    mta      Postfix
 *	    scope    comment
 *	    tls      yes
 *	    pattern  ^using (?<version>TLSv[0-9.]+) with cipher (?<cipher>\S+)
 *	    source   smtpd_tls_received_header = yes
 *
 * Patterns may use the named groups version, cipher, bits and verify.  A
 * rule whose name is already loaded replaces it; "disable NAME" removes it.
 * A "keyword NAME" block (fields tls, auth, lmtp, source) adds a with
 * keyword or overrides one of the built-in table (proto.h).
 * Patterns are compiled once at load time, with JIT where available.
 */
#ifndef TLSTRACE_RULES_H
#define TLSTRACE_RULES_H

#include <stddef.h>

#include "proto.h"
#include "tlstrace.h"

enum rule_scope {
	RULESCOPE_NONE = 0,
	RULESCOPE_WITH,		/* the with clause, after the keyword */
	RULESCOPE_VIA,		/* the via clause, after the keyword */
	RULESCOPE_COMMENT,	/* each comment's inner text */
	RULESCOPE_HEADER	/* the whole unfolded field */
};

/* What a rule says; borrowed from the ruleset, valid while it lives. */
struct rule_info {
	const char *name;
	const char *mta;	/* the writer of the format, or "" */
	const char *source;	/* one line on where it was seen, or "" */
	const char *file;	/* where the rule was loaded from */
	unsigned line;		/* line of its "rule" keyword */
	enum rule_scope scope;
	enum tls_state tls;	/* what a match says about the hop */
	enum verified verified;	/* a fixed verification result, if any */
};

/* One match: every span points into the subject; unset groups are NULL. */
struct rule_hit {
	const struct rule_info *rule;
	struct span match;
	struct span version;
	struct span cipher;
	struct span bits;
	struct span verify;
};

struct ruleset;

/*
 * A new empty ruleset, or NULL when PCRE2 has no memory for its match
 * context (the caller reports it; nothing here exits).
 */
struct ruleset *ruleset_new(void);

/*
 * Releases a ruleset; accepts NULL.  Also releases the calling thread's
 * match data (rules_thread_release).
 */
void ruleset_free(struct ruleset *rs);

/*
 * Releases the calling thread's PCRE2 match data: each thread that
 * matched (ruleset_match) calls it before it ends.
 */
void rules_thread_release(void);

/*
 * Loads rules from len bytes of text; origin names it in messages.
 * Returns 0, or -1 with a one-line message in err ("FILE:LINE: ...").
 */
int ruleset_load_text(struct ruleset *rs, const char *text, size_t len,
    const char *origin, char *err, size_t errsize);

/* Loads a rule file; returns 0, or -1 with a message in err. */
int ruleset_load_file(struct ruleset *rs, const char *path, char *err,
    size_t errsize);

/* Loads the built-in default rules; returns 0, or -1 with a message. */
int ruleset_load_default(struct ruleset *rs, char *err, size_t errsize);

/* Number of rules, and the i-th rule's description. */
size_t ruleset_count(const struct ruleset *rs);
const struct rule_info *ruleset_rule(const struct ruleset *rs, size_t i);

/*
 * Runs every rule of the given scope over the subject and stores up to max
 * hits.  A match error (a PCRE2 limit) becomes a diagnostic for hop.
 * Returns the number of hits stored.
 */
size_t ruleset_match(const struct ruleset *rs, enum rule_scope scope,
    const char *subject, size_t len, struct rule_hit *hits, size_t max,
    struct diaglist *diags, unsigned hop);

/*
 * Looks a with-clause value up among the rule file's "keyword" entries
 * (matched as proto_lookup() matches); NULL when none matches, so that
 * the built-in table (proto.h) is asked next.
 */
const struct proto_entry *ruleset_keyword(const struct ruleset *rs,
    const char *s, size_t len);

/* Number of keyword entries, and the i-th one. */
size_t ruleset_keyword_count(const struct ruleset *rs);
const struct proto_entry *ruleset_keyword_at(const struct ruleset *rs,
    size_t i);

/* Static name of a scope: "with", "via", "comment", "header". */
const char *rule_scope_name(enum rule_scope scope);

/* The built-in rule text, generated from rules/default.rules. */
extern const char rules_default_text[];
extern const size_t rules_default_text_len;

#endif
