/*
 * input.h: the one reader of messages, for batch mode and filter mode
 * alike, so that a message has one verdict whatever the way in.  No MIME
 * parser: the reader finds each message's header block and the start of
 * its body, within fixed bounds, and never changes a byte it read.
 *
 * Lines end in LF, or, when the first line of the input ends in a bare CR
 * (old Mac OS files), in CR, CRLF or LF.  A message is:
 *   - in an mbox, its "From " separator line (at most FROM_LINE_MAX
 *     bytes) and, right after it, the message's own From line quoted the
 *     mboxrd way (">From "), both skipped;
 *   - lines of spaces and tabs, skipped (pasted mail); an empty line is
 *     not one of them: it ends the header block;
 *   - the header block, up to the first empty line, of which the first
 *     HEADER_BLOCK_MAX bytes are kept (header_cut says the rest was not);
 *   - the body, of which the first BODY_HEAD_MAX bytes are kept.
 * An input whose first line starts with "From " is an mbox, and there a
 * line that starts with "From " and holds a time of day (hh:mm) ends the
 * message, even inside its header block: the count of messages is the
 * count of separators.  Any other input is one message, and nothing past
 * its body's first BODY_HEAD_MAX bytes is read.  A first line that cannot
 * start a header field ends the header block at once, so that non-mail
 * (NUL bytes, binary) is told within a bounded read.
 */
#ifndef TLSTRACE_INPUT_H
#define TLSTRACE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tlstrace.h"

#define FROM_LINE_MAX	4096		/* bytes of a separator line */
#define BODY_HEAD_MAX	(64 * 1024)	/* bytes of a body kept */

struct msgreader;

/* One message; borrowed until the next call on the reader. */
struct rawmsg {
	const char *header;	/* the header fields, without the empty line;
				   bare CRs read as LF */
	size_t header_len;
	bool header_cut;	/* longer than HEADER_BLOCK_MAX: the
				   rest skipped */
	const char *bad;	/* static: why these bytes are no message, or
				   NULL */
	const char *body_head;	/* the body's first bytes, as in input */
	size_t body_head_len;	/* at most BODY_HEAD_MAX */
	size_t blank_lines;	/* white-space-only lines skipped
				   before it */
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

/*
 * For a caller that copies the input through (filter mode): the bytes of
 * the current message read so far, unchanged, from its first byte; *top is
 * the offset in them of the first header field (after the From lines and
 * the white-space-only lines).
 */
void msgreader_raw(const struct msgreader *r, const char **p, size_t *len,
    size_t *top);

/* The first line's ending, "\n", "\r\n" or "\r" ("\n" when it has none). */
const char *msgreader_eol(const struct msgreader *r);

/*
 * Drops what was read and reads on: *p points at the next bytes of the
 * input, unchanged.  Returns their count, 0 at the end, -1 on a read
 * error (errno set).
 */
ssize_t msgreader_pass(struct msgreader *r, const char **p);

/* True when the header block's first line starts like a header field. */
bool input_looks_like_header(const char *p, size_t len);

#endif
