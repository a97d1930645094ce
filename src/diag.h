/*
 * diag.h: lists of diagnostics (data anomalies) and findings (judgements).
 *
 * A list keeps at most DIAG_MAX entries and counts the rest in "dropped",
 * so a hostile message cannot make the report grow without bound.
 */
#ifndef TLSTRACE_DIAG_H
#define TLSTRACE_DIAG_H

#include "tlstrace.h"

/*
 * Appends an entry.  code must be a static string; the text is formatted
 * into an owned copy and may quote untrusted bytes (reports escape it).
 */
void diag_add(struct diaglist *list, const char *code, enum severity sev,
    unsigned hop, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* True when the list has an entry with this code (for hop, 0 = any). */
bool diag_has(const struct diaglist *list, const char *code, unsigned hop);

/* Releases the entries; the list is empty and reusable afterwards. */
void diag_clear(struct diaglist *list);

#endif
