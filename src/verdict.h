/*
 * verdict.h: which hops count, what is wrong with them, and the message's
 * verdict.
 *
 * Hops in scope (judged): the public ones, written by our side or claimed
 * upstream; with --attested-only only those our side wrote (trust.h); with
 * --all-hops private hops and LMTP deliveries (final delivery inside the
 * receiving system, RFC 2033) as well.  Loopback hops (they never left the
 * host), local hand-offs (TLS state local, whatever address they name)
 * and hops without a connecting address are never judged.
 *
 * pass:    at least one judged hop, and every judged hop used TLS (and,
 *          with --min-tls, states a version at least that high);
 * fail:    a judged hop is plaintext or below --min-tls;
 * unknown: otherwise (no judged hop, or one without evidence).
 * verdict_compute stores the verdict with its reason (enum verdict_reason),
 * the first offender (the oldest judged hop that decided a fail; else the
 * oldest without evidence; else the oldest whose version --min-tls cannot
 * check) and the counts; the reports only render them.
 */
#ifndef TLSTRACE_VERDICT_H
#define TLSTRACE_VERDICT_H

#include "tlstrace.h"

/* True when the policy puts the hop (scope and trust set) in scope. */
bool verdict_in_scope(const struct hop *h, const struct policy *policy);

/*
 * Sets hop->judged, the chain's findings, verdict and first offender.
 * Findings: per judged hop (plaintext, downgrade, credentials, strength,
 * certificate), per hop date (clock skew, long delays) and per message
 * (TLS-Required: No, end-to-end protection); see tlstrace(1) FINDINGS.
 */
void verdict_compute(struct chain *c, const struct policy *policy);

#endif
