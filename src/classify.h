/*
 * classify.h: where a hop happened: the scope of its connecting address
 * (from the TCP-info comment, never the HELO name) or a local hand-off.
 */
#ifndef TLSTRACE_CLASSIFY_H
#define TLSTRACE_CLASSIFY_H

#include "tlstrace.h"

/*
 * Sets hop->has_addr, addr, ip, scope and scope_why from hop->rcv and the
 * TLS state tlsinfo_assess() found (TLSSTATE_LOCAL: a local hand-off).
 * Writes no other field.
 */
void classify_hop(struct hop *hop, struct diaglist *diags);

#endif
