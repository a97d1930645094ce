/*
 * names.h: the static names of the model's enums (tlstrace.h), as the
 * reports print them and doc/tlstrace.schema.json lists them.  One
 * function per enum, named after the enum's constant prefix (TLSVER_ ->
 * tlsver_name); the names are ASCII and never change meaning.
 */
#ifndef TLSTRACE_NAMES_H
#define TLSTRACE_NAMES_H

#include "tlstrace.h"

/* "SSLv2" ... "TLSv1.3"; NULL for TLSVER_NONE. */
const char *tlsver_name(enum tls_version v);

/* "yes", "no", "local", "unknown". */
const char *tlsstate_name(enum tls_state s);

/* "public", "private", "loopback", "local", "unknown". */
const char *scope_name(enum hop_scope scope);

/* "attested", "claimed", "unknown". */
const char *trust_name(enum trust t);

/* "yes", "no"; NULL for VERIFIED_UNKNOWN. */
const char *verified_name(enum verified v);

/* "info", "warning", "error". */
const char *severity_name(enum severity sev);

/* "pass", "fail", "unknown". */
const char *verdict_name(enum verdict v);

/*
 * "no-received", "none-judged", "no-evidence", "version-unstated",
 * "all-tls", "plaintext", "below-min-tls".
 */
const char *reason_name(enum verdict_reason r);

/* "none", "smime", "openpgp"; NULL for BODY_UNKNOWN. */
const char *body_name(enum body_protection b);

#endif
