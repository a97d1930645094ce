/*
 * filter.h: mail-filter mode.  Copies one message from an input to an
 * output descriptor byte for byte, adding one header field at the top (or
 * just after a leading mbox "From " line) that carries the verdict and a
 * compact summary:
 *
 *   TLS-Trace: fail; hops=2; public=2; tls=1; plaintext-hop=1
 *    by=mx.example.org from=client.example ip=192.0.2.1; lowest-tls=TLSv1.2;
 *    findings=plaintext-public-hop
 *
 * The message is read by the reader batch mode uses (input.h), so it
 * gets the verdict it gets there.  Fail-open: a message that cannot be
 * analysed (not a message) still goes through unchanged, with "unknown"
 * and a reason in the field; the field is left out only when it cannot be
 * added safely (an empty input, a first line that starts with white space
 * and would fold into it, an mbox From line longer than FROM_LINE_MAX).
 * Memory is bounded by the reader's limits whatever the size of the body:
 * the message's start is buffered, the rest is streamed.
 * The field itself is written by report_field.c (report.h).
 */
#ifndef TLSTRACE_FILTER_H
#define TLSTRACE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"
#include "tlstrace.h"
#include "util.h"

#define FILTER_FIELD_NAME_MAX	64	/* bytes of a --header-name */

/* What a run did, for the caller's diagnostics. */
struct filter_result {
	bool field_added;	/* the field was written */
	/* Static: why the verdict is unknown, or NULL. */
	const char *reason;
	enum verdict verdict;
	size_t stripped;	/* existing fields removed (--strip-existing) */
	unsigned long long bytes; /* bytes of the message copied through */
};

/* Read-only settings of filter mode. */
struct filter_options {
	const char *header_name; /* the field's name: "TLS-Trace" */
	bool strip_existing;	/* drop fields of that name already there */
	const struct policy *policy; /* how the message is judged */
};

/* True when name is 1..FILTER_FIELD_NAME_MAX of [A-Za-z0-9-]. */
bool filter_name_is_valid(const char *name);

/*
 * Filters one message from fd in to fd out.  Returns 0 when the whole
 * message was written, -1 when it could not be (a read or write error:
 * errno is set and *what names the side, "read" or "write"); res is
 * filled in either case.
 */
int filter_run(int in, int out, const struct ruleset *rs,
    const struct filter_options *fo, struct filter_result *res,
    const char **what);

#endif
