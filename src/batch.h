/*
 * batch.h: the batch driver.  Reads every message of the named inputs
 * (files, directories, "-" for stdin), analyses it and writes its report
 * on stdout, then the --summary figures.
 *
 * The work on one message is batch_analyse(): a function of the message's
 * bytes and of read-only settings, which renders the report into a buffer
 * and touches no shared state; the driver around it reads, counts and
 * writes in input order.
 */
#ifndef TLSTRACE_BATCH_H
#define TLSTRACE_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "rules.h"
#include "tlstrace.h"

struct rawmsg;
struct strbuf;

/* Read-only settings of a batch run. */
struct batch_options {
	bool mbox;		/* read every input as an mbox */
	bool summary;		/* aggregate figures after the reports */
	bool summary_only;	/* only the aggregate figures */
	unsigned jobs;		/* messages analysed at once (--jobs);
				   0, 1: in this thread */
	const struct policy *policy; /* how each message is judged */
	struct report_options report;
};

/* What a run came to, for the exit status. */
struct batch_totals {
	size_t pass, fail, unknown;	/* messages by verdict */
	bool trouble;		/* reading or analysing an input failed */
	bool output_failed;	/* a report could not be written */
	int output_errno;	/* errno of the failed write */
};

/*
 * Analyses one message and, unless out is NULL, appends its report to
 * out.  Returns the chain (free it with chain_free), or NULL when the
 * bytes are not a message or the report could not be rendered; *why then
 * says why in a static string.
 */
struct chain *batch_analyse(const struct rawmsg *msg, const char *file,
    const struct ruleset *rs, const struct batch_options *bo,
    struct strbuf *out, const char **why);

/*
 * The name of the input batch_run is reading, or NULL between inputs:
 * for the one line of an error that has no other way to name it (out of
 * memory).
 */
const char *batch_current_input(void);

/*
 * Runs the npaths inputs (stdin when npaths is 0) and writes the reports
 * and the summary on stdout, flushed.  Each input that cannot be read, or
 * message that cannot be analysed, is named in one line on stderr.
 */
void batch_run(const struct batch_options *bo, const struct ruleset *rs,
    char *const paths[], size_t npaths, struct batch_totals *totals);

#endif
