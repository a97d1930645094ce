/*
 * input.c: the message reader (see input.h).
 *
 * The buffer holds the current message from its first byte (behind at
 * most READ_CHUNK bytes already consumed) and grows while the message is
 * read, to at most FROM_LINE_MAX twice, HEADER_BLOCK_MAX and BODY_HEAD_MAX
 * (plus a separator line and two read chunks); between messages, and
 * while a body is skipped, the consumed bytes are dropped once there is a
 * read chunk of them.  Offsets into buf stay
 * valid while a message is read: only msgreader_next() and skip_body()
 * compact, and only before they take offsets.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"
#include "input.h"
#include "util.h"

#define READ_CHUNK	(64 * 1024)
/* Bytes input_looks_like_header reads. */
#define LOOKS_LIKE_MAX	256

enum eol_kind {
	EOL_UNDECIDED = 0,
	EOL_LF,			/* LF, a CR before it part of the line */
	EOL_CRLF,		/* as LF; the first line ended in CRLF */
	EOL_CR			/* CR, CRLF or LF: the first ended
				   in a bare CR */
};

struct msgreader {
	int fd;
	bool mbox;
	bool decided;		/* mbox or not is known */
	bool eof;
	bool done;		/* not an mbox: the one message was read */
	enum eol_kind eol;
	char *buf;		/* buffered input: buf[0 .. len) */
	size_t len;
	size_t cap;
	size_t start;		/* where reading resumes */
	size_t msg_start;	/* the current message's first byte */
	size_t top;		/* its first header field */
	uint64_t consumed;	/* input offset of buf[0] */
	size_t number;
	bool in_body;		/* the previous message's body is unread */
	bool mid_line;		/* ... and r->start is inside a line */
	char *copy;		/* the header with bare CRs read as LF */
	size_t copy_cap;
};

struct msgreader *
msgreader_new(int fd, bool mbox)
{
	struct msgreader *r = xcalloc(1, sizeof(*r));

	r->fd = fd;
	r->mbox = mbox;
	r->decided = mbox;
	return r;
}

void
msgreader_free(struct msgreader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->copy);
	free(r);
}

uint64_t
msgreader_bytes(const struct msgreader *r)
{
	return r->consumed + r->len;
}

/*
 * Drops the bytes before keep (an offset into buf) when that is worth a
 * move: a read chunk of them or more, or all that is buffered.  A smaller
 * dead prefix stays, at most READ_CHUNK bytes: moving the rest of the
 * buffer for every message of an mbox cost more than reading it.
 */
static void
compact(struct msgreader *r, size_t keep)
{
	if (keep == 0 || (keep < READ_CHUNK && keep < r->len))
		return;
	memmove(r->buf, r->buf + keep, r->len - keep);
	r->consumed += keep;
	r->len -= keep;
	r->start -= keep < r->start ? keep : r->start;
	r->msg_start -= keep < r->msg_start ? keep : r->msg_start;
	r->top -= keep < r->top ? keep : r->top;
}

/* Reads more input (fdio.h); returns the bytes read, 0 at the end, -1. */
static ssize_t
fill(struct msgreader *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (r->cap - r->len < READ_CHUNK) {
		r->cap = r->len + READ_CHUNK;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	if ((n = fd_read(r->fd, r->buf + r->len, r->cap - r->len)) < 0)
		return -1;
	if (n == 0)
		r->eof = true;
	r->len += (size_t)n;
	return n;
}

/* Reads until want bytes from pos are buffered or the input ends. */
static int
want_bytes(struct msgreader *r, size_t pos, size_t want)
{
	while (r->len - pos < want && !r->eof) {
		if (fill(r) < 0)
			return -1;
	}
	return 0;
}

/* The first byte in [from, to) that may end a line, or NULL. */
static const char *
find_eol_byte(const struct msgreader *r, size_t from, size_t to)
{
	const char *p = r->buf + from, *lf, *cr;
	size_t n = to - from;

	if (n == 0)
		return NULL;
	if (r->eol == EOL_LF || r->eol == EOL_CRLF)
		return memchr(p, '\n', n);
	lf = memchr(p, '\n', n);
	cr = memchr(p, '\r', lf != NULL ? (size_t)(lf - p) : n);
	return cr != NULL ? cr : lf;
}

/*
 * Finds the line that starts at pos, reading more input as needed, but
 * looking at most limit bytes past pos for its end.  Sets *end to the end
 * of its text and *next to the start of the line after it.  Returns 1
 * when the line ended, 0 when the input or the limit came first (*end
 * and *next are then where the search stopped), -1 on a read error.  The
 * first line end of the input decides the line-ending convention.
 */
static int
read_line(struct msgreader *r, size_t pos, size_t limit, size_t *end,
    size_t *next)
{
	size_t scan = pos, stop, at;
	const char *p;

	for (;;) {
		stop = r->len - pos < limit ? r->len : pos + limit;
		if ((p = find_eol_byte(r, scan, stop)) != NULL) {
			at = (size_t)(p - r->buf);
			if (*p == '\n') {
				if (r->eol == EOL_UNDECIDED)
					r->eol = at > pos &&
					    r->buf[at - 1] == '\r' ?
					    EOL_CRLF : EOL_LF;
				*end = at;
				*next = at + 1;
				return 1;
			}
			/* A CR: is an LF next? */
			if (at + 1 < r->len || r->eof) {
				bool crlf = at + 1 < r->len &&
				    r->buf[at + 1] == '\n';

				if (r->eol == EOL_UNDECIDED && !crlf)
					r->eol = EOL_CR;
				else if (r->eol == EOL_UNDECIDED) {
					r->eol = EOL_CRLF;
					continue;	/* search for the LF */
				}
				*end = at;
				*next = at + 1 + crlf;
				return 1;
			}
			scan = at;
		} else
			scan = stop;
		if (scan - pos >= limit || (r->eof && scan == r->len)) {
			*end = *next = scan;
			return 0;
		}
		if (fill(r) < 0)
			return -1;
	}
}

/* True when the line at p (len bytes, no EOL) is an mbox separator. */
static bool
is_from_line(const char *p, size_t len)
{
	size_t i;

	if (len < 6 || memcmp(p, "From ", 5) != 0)
		return false;
	for (i = 5; i + 2 < len; i++) {
		if (p[i] == ':' && ascii_isdigit((unsigned char)p[i - 1]) &&
		    ascii_isdigit((unsigned char)p[i + 1]))
			return true;
	}
	return false;
}

/*
 * True when the line at pos is an mbox separator; reads up to
 * FROM_LINE_MAX bytes of it to see.  -1 on a read error.
 */
static int
at_separator(struct msgreader *r, size_t pos)
{
	size_t end, next;

	if (want_bytes(r, pos, 5) == -1)
		return -1;
	if (r->len - pos < 5 || memcmp(r->buf + pos, "From ", 5) != 0)
		return 0;
	if (read_line(r, pos, FROM_LINE_MAX, &end, &next) == -1)
		return -1;
	return is_from_line(r->buf + pos, end - pos);
}

bool
input_looks_like_header(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < LOOKS_LIKE_MAX; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ':')
			return i > 0;
		if (c <= ' ' || c >= 0x7f)
			return false;
	}
	return false;
}

/*
 * The first line end in the buffer from pos that is followed by "From ",
 * or NULL.
 */
static const char *
find_line_from(const struct msgreader *r, size_t pos)
{
	const char *p = r->buf + pos, *end = r->buf + r->len, *hit;

	if (r->eol != EOL_CR)
		return memmem(p, (size_t)(end - p), "\nFrom ", 6);
	while ((hit = memmem(p, (size_t)(end - p), "From ", 5)) != NULL) {
		if (hit > r->buf + pos && (hit[-1] == '\r' || hit[-1] == '\n'))
			return hit - 1;
		p = hit + 1;
	}
	return NULL;
}

/*
 * Skips the body of the current message, up to the next mbox separator
 * or the end of the input.  The buffer never holds more than a chunk and
 * one separator line, however long the body's lines are.  Returns 0, or
 * -1 on read error.
 */
static int
skip_body(struct msgreader *r)
{
	const char *hit;
	int sep;

	for (;;) {
		/* r->start is at the beginning of a line here, or mid_line. */
		compact(r, r->start);
		if (!r->mid_line && (sep = at_separator(r, r->start)) != 0)
			return sep == -1 ? -1 : 0;
		r->mid_line = false;
		for (;;) {
			hit = find_line_from(r, r->start);
			if (hit != NULL) {
				r->start = (size_t)(hit - r->buf) + 1;
				break;
			}
			if (r->eof) {
				r->start = r->len;
				return 0;
			}
			/* Keep a tail that may hold the start of "\nFrom ". */
			if (r->len - r->start > 5)
				r->start = r->len - 5;
			compact(r, r->start);
			if (fill(r) < 0)
				return -1;
		}
	}
}

/*
 * Skips the separator line at r->start and, after it, a line of '>'
 * characters and "From ": the message's own From line, quoted the mboxrd
 * way.  Returns 0, 1 when a line is longer than FROM_LINE_MAX (r->start
 * is left inside it), -1 on read error.
 */
static int
skip_from_lines(struct msgreader *r)
{
	size_t end, next, i;
	int rc;

	if ((rc = read_line(r, r->start, FROM_LINE_MAX, &end, &next)) == -1)
		return -1;
	if (rc == 0 && !(r->eof && next == r->len))
		return 1;
	r->start = next;
	if (want_bytes(r, r->start, FROM_LINE_MAX) == -1)
		return -1;
	for (i = r->start; i < r->len && r->buf[i] == '>'; i++)
		;
	if (i == r->start || r->len - i < 5 ||
	    memcmp(r->buf + i, "From ", 5) != 0)
		return 0;
	if ((rc = read_line(r, r->start, FROM_LINE_MAX, &end, &next)) == -1)
		return -1;
	if (rc == 0 && !(r->eof && next == r->len))
		return 1;
	r->start = next;
	return 0;
}

/* True when [p, end) holds only spaces and tabs, and at least one. */
static bool
is_white_line(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < end && *q == '\r' && q + 1 == end)
		q++;
	return q == end && end > p && *p != '\r';
}

/* True when the line text [p, end) is empty: it ends a header block. */
static bool
is_empty_line(const char *p, const char *end)
{
	return p == end || (end == p + 1 && *p == '\r');
}

/* Where a message's header block ended. */
struct block_end {
	size_t hdr_end;		/* end of the header fields */
	size_t body;		/* start of the body, or (size_t)-1: none */
	bool cut;		/* longer than HEADER_BLOCK_MAX */
	bool mid_line;		/* hdr_end is inside a line */
	bool separator;		/* an mbox separator at hdr_end
				   ended it */
};

/*
 * Reads the header block, from r->top: up to an empty line, an mbox
 * separator, the end of the input or HEADER_BLOCK_MAX bytes (counted from
 * hstart, the end of the From lines).  Returns 0, or -1 on a read error.
 */
static int
read_block(struct msgreader *r, size_t hstart, struct block_end *be)
{
	size_t pos = r->top, end, next, room;
	int rc, sep;

	for (;;) {
		if (r->mbox && (sep = at_separator(r, pos)) != 0) {
			if (sep == -1)
				return -1;
			/* The next message starts here. */
			be->hdr_end = pos;
			be->separator = true;
			return 0;
		}
		/* Room to see an empty line that starts at the limit. */
		room = HEADER_BLOCK_MAX - (pos - hstart) + 2;
		if ((rc = read_line(r, pos, room, &end, &next)) == -1)
			return -1;
		if (rc == 1 && is_empty_line(r->buf + pos, r->buf + end)) {
			be->hdr_end = pos;
			be->body = next;
			return 0;
		}
		if (rc == 0 || next - hstart > HEADER_BLOCK_MAX) {
			be->hdr_end = next;
			be->cut = next - hstart > HEADER_BLOCK_MAX;
			be->mid_line = rc == 0;
			return 0;
		}
		pos = next;
	}
}

/*
 * Ends the header block at once when its first line shows that it cannot
 * be a header field (NUL bytes, binary, text): LOOKS_LIKE_MAX bytes tell.
 * The block is then that line, or its first LOOKS_LIKE_MAX bytes.
 * Returns 1 when it cannot be one, 0 when it may, -1 on a read error.
 */
static int
not_a_header(struct msgreader *r, struct block_end *be)
{
	const char *p;
	size_t n, i;

	if (want_bytes(r, r->top, LOOKS_LIKE_MAX) == -1)
		return -1;
	p = r->buf + r->top;	/* after the read: buf may have moved */
	n = r->len - r->top < LOOKS_LIKE_MAX ? r->len - r->top :
	    LOOKS_LIKE_MAX;
	if (n == 0 || input_looks_like_header(p, n) ||
	    (r->mbox && n >= 5 && memcmp(p, "From ", 5) == 0))
		return 0;
	for (i = 0; i < n && p[i] != '\n' && p[i] != '\r'; i++)
		;
	be->hdr_end = r->top + i;
	be->mid_line = true;
	return 1;
}

/*
 * Reads the body's first BODY_HEAD_MAX bytes from body, stopping at an
 * mbox separator; sets *len.  Returns 0, or -1 on a read error.
 */
static int
read_body_head(struct msgreader *r, size_t body, size_t *len)
{
	size_t pos = body, end, next;
	int rc, sep;

	/* Outside an mbox the body head ends only at BODY_HEAD_MAX or EOF. */
	if (!r->mbox && want_bytes(r, body, BODY_HEAD_MAX) == -1)
		return -1;
	while (r->mbox && pos - body < BODY_HEAD_MAX) {
		if (want_bytes(r, pos, 1) == -1)
			return -1;
		if (pos == r->len)
			break;		/* the end of the input */
		if ((sep = at_separator(r, pos)) != 0) {
			if (sep == -1)
				return -1;
			break;
		}
		rc = read_line(r, pos, BODY_HEAD_MAX - (pos - body), &end,
		    &next);
		if (rc == -1)
			return -1;
		pos = next;
		if (rc == 0)
			break;
	}
	if (!r->mbox)
		pos = r->len;
	*len = pos - body < BODY_HEAD_MAX ? pos - body : BODY_HEAD_MAX;
	return 0;
}

/* Points msg->header at the block, bare CRs read as LF when they end lines. */
static void
set_header(struct msgreader *r, struct rawmsg *msg, size_t from, size_t to)
{
	size_t len = to - from, i;

	if (len > HEADER_BLOCK_MAX) {
		len = HEADER_BLOCK_MAX;
		msg->header_cut = true;
	}
	msg->header = r->buf + from;
	msg->header_len = len;
	if (r->eol != EOL_CR || memchr(msg->header, '\r', len) == NULL)
		return;
	if (r->copy_cap < len + 1) {
		r->copy_cap = len + 1;
		r->copy = xreallocarray(r->copy, r->copy_cap, 1);
	}
	for (i = 0; i < len; i++) {
		char c = r->buf[from + i];

		r->copy[i] = c == '\r' && !(i + 1 < len &&
		    r->buf[from + i + 1] == '\n') ? '\n' : c;
	}
	msg->header = r->copy;
}

/* Starts the next message at r->start; 0 at the end of the input. */
static int
begin_message(struct msgreader *r, struct rawmsg *msg)
{
	if (r->done)
		return 0;
	if (r->in_body && skip_body(r) == -1)
		return -1;
	r->in_body = false;
	compact(r, r->start);
	if (want_bytes(r, r->start, 5) == -1)
		return -1;
	if (r->start >= r->len)
		return 0;
	if (!r->decided) {
		r->mbox = r->len - r->start >= 5 &&
		    memcmp(r->buf + r->start, "From ", 5) == 0;
		r->decided = true;
	}
	r->msg_start = r->start;
	msg->number = ++r->number;
	msg->in_mbox = r->mbox;
	msg->offset = r->consumed + r->start;
	return 1;
}

int
msgreader_next(struct msgreader *r, struct rawmsg *msg)
{
	struct block_end be;
	size_t hstart, end, next;
	int rc;

	memset(&be, 0, sizeof be);
	be.body = (size_t)-1;
	memset(msg, 0, sizeof(*msg));
	if ((rc = begin_message(r, msg)) != 1)
		return rc;
	if (r->mbox && r->len - r->start >= 5 &&
	    memcmp(r->buf + r->start, "From ", 5) == 0) {
		if ((rc = skip_from_lines(r)) == -1)
			return -1;
		if (rc == 1) {
			msg->bad = "not a message: the mbox From line is "
			    "longer than 4096 bytes";
			r->top = r->start;
			r->in_body = r->mid_line = true;
			r->done = !r->mbox;
			msg->header = msg->body_head = r->buf + r->start;
			return 1;
		}
	}
	_Static_assert(FROM_LINE_MAX == 4096, "the message names the limit");

	/* White-space-only lines before the first field (pasted mail). */
	hstart = r->start;
	for (;;) {
		if (read_line(r, r->start, HEADER_BLOCK_MAX -
		    (r->start - hstart) + 2, &end, &next) == -1)
			return -1;
		if (end == next || !is_white_line(r->buf + r->start,
		    r->buf + end) || next - hstart > HEADER_BLOCK_MAX)
			break;
		r->start = next;
		msg->blank_lines++;
	}
	r->top = r->start;

	if ((rc = not_a_header(r, &be)) == 0)
		rc = read_block(r, hstart, &be);
	if (rc == -1)
		return -1;
	if (be.body != (size_t)-1 &&
	    read_body_head(r, be.body, &msg->body_head_len) == -1)
		return -1;
	/* Set after every read: the buffer may have moved. */
	set_header(r, msg, r->top, be.hdr_end);
	msg->header_cut |= be.cut;
	if (be.body != (size_t)-1)
		msg->body_head = r->buf + be.body;
	else
		msg->body_head = r->buf + be.hdr_end;
	r->start = be.body != (size_t)-1 ? be.body : be.hdr_end;
	/* A separator inside the header block starts the next message. */
	r->in_body = !be.separator;
	r->mid_line = be.mid_line;
	r->done = !r->mbox;
	return 1;
}

void
msgreader_raw(const struct msgreader *r, const char **p, size_t *len,
    size_t *top)
{
	*p = r->buf + r->msg_start;
	*len = r->len - r->msg_start;
	*top = r->top - r->msg_start;
}

const char *
msgreader_eol(const struct msgreader *r)
{
	switch (r->eol) {
	case EOL_CRLF:
		return "\r\n";
	case EOL_CR:
		return "\r";
	case EOL_LF:
	case EOL_UNDECIDED:
		break;
	}
	return "\n";
}

ssize_t
msgreader_pass(struct msgreader *r, const char **p)
{
	ssize_t n;

	r->start = r->msg_start = r->top = r->len;
	compact(r, r->len);
	if ((n = fill(r)) > 0)
		*p = r->buf;
	return n;
}
