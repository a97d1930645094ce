/*
 * verdict.h: which hops count, what is wrong with them, and the message's
 * verdict.
 *
 * pass:    at least one judged hop, and every judged hop used TLS;
 * fail:    a judged hop is plaintext (or below --min-tls);
 * unknown: otherwise (no judged hop, or one without evidence).
 * Judged hops are the public ones.
 */
#ifndef TLSTRACE_VERDICT_H
#define TLSTRACE_VERDICT_H

#include "tlstrace.h"

/* Sets hop->judged, the chain's findings, verdict and first offender. */
void verdict_compute(struct chain *c, const struct options *opt);

/* Static name of a verdict: "pass", "fail", "unknown". */
const char *verdict_name(enum verdict v);

/* The process exit status for a verdict: 0 pass, 1 fail, 3 unknown. */
int verdict_exit_status(enum verdict v);

#endif
