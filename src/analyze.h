/*
 * analyze.h: the pipeline for one message, from header block to verdict:
 * extract -> parse -> evidence -> classify -> verdict.
 */
#ifndef TLSTRACE_ANALYZE_H
#define TLSTRACE_ANALYZE_H

#include "rules.h"
#include "tlstrace.h"

/*
 * Analyses one message's header block.  Returns a new chain (free it with
 * chain_free), or NULL when the bytes are not a message; then *why says
 * why in a static string.
 */
struct rawmsg;
struct chain *analyze_message(const struct rawmsg *msg,
    const struct ruleset *rs, const struct policy *policy, const char **why);

/* Releases a chain; accepts NULL. */
void chain_free(struct chain *c);

/* The hop with index (1 = oldest), or NULL for 0 or past the chain. */
const struct hop *chain_hop(const struct chain *c, unsigned index);

#endif
