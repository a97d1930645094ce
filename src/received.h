/*
 * received.h: the syntax of one Received field (RFC 5321 section 4.4,
 * RFC 5322 section 3.6.7), with real-world tolerance.
 *
 * Keywords (from by via with id for, and RFC 8314's tls) are recognised
 * only outside comments and only as whole tokens.  The date is what follows
 * the last ';' that starts a valid date; a field without ';' (SendGrid) is
 * searched for a trailing date.  No TLS judgement is made here.
 */
#ifndef TLSTRACE_RECEIVED_H
#define TLSTRACE_RECEIVED_H

#include "tlstrace.h"

/*
 * Parses the len bytes at p (an unfolded field value that must outlive
 * rcv: every span in rcv points into it).  Anomalies become diagnostics on
 * diags for hop number hop.  Never fails.
 */
void received_parse(const char *p, size_t len, struct received *rcv,
    struct diaglist *diags, unsigned hop);

/* Static lower-case keyword of a clause kind ("from", "with", ...). */
const char *clause_name(enum clause_kind kind);

#endif
