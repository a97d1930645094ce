/*
 * input.h: reads messages from a file descriptor without a MIME parser.
 *
 * A reader finds each message's header block (up to the first empty line)
 * and skips the body with a fast scan, so memory stays bounded by
 * HEADER_BLOCK_MAX whatever the size of the bodies or of the input.  An
 * input whose first line starts with "From " is an mbox: messages begin at
 * each "From " line that looks like an mbox separator (a line starting
 * with "From " and holding a time of day, hh:mm).  A message's own From
 * line quoted the mboxrd way (">From ") right after the separator is
 * skipped too.  An input whose lines end in a bare CR is read as if they
 * ended in LF.
 */
#ifndef TLSTRACE_INPUT_H
#define TLSTRACE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlstrace.h"

struct msgreader;

/* One message's header block; borrowed until the next call. */
struct rawmsg {
	const char *header;	/* the header fields, without the empty line */
	size_t header_len;
	bool header_cut;	/* longer than HEADER_BLOCK_MAX: the rest skipped */
	size_t blank_lines;	/* white-space-only lines skipped before it */
	bool in_mbox;		/* read from an mbox */
	size_t number;		/* 1 for the first message of the input */
	uint64_t offset;	/* byte offset of the message in the input */
};

/* Starts a reader on fd (not closed by the reader); mbox forces mbox mode. */
struct msgreader *msgreader_new(int fd, bool mbox);

/* Releases a reader; accepts NULL. */
void msgreader_free(struct msgreader *r);

/*
 * Reads the next message.  Returns 1 with *msg filled, 0 at the end of the
 * input, -1 on a read error (errno set).
 */
int msgreader_next(struct msgreader *r, struct rawmsg *msg);

/* Bytes read from the input so far. */
uint64_t msgreader_bytes(const struct msgreader *r);

/* True when the header block's first line starts like a header field. */
bool input_looks_like_header(const char *p, size_t len);

#endif
