/*
 * input.c: the message reader (see input.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "util.h"

#define READ_CHUNK	(64 * 1024)

struct msgreader {
	int fd;
	bool mbox;
	bool decided;		/* mbox or not is known */
	bool eof;
	char *buf;		/* buffered input: buf[start .. len) */
	size_t start;
	size_t len;
	size_t cap;
	uint64_t consumed;	/* input offset of buf[0] */
	size_t number;
	bool in_body;		/* the previous message's body is unread */
	bool cr_decided;	/* the line ending is known */
	bool cr_eol;		/* lines end in a bare CR: read as LF */
	uint64_t cr_next;	/* input offset where CR translation resumes */
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
	free(r);
}

uint64_t
msgreader_bytes(const struct msgreader *r)
{
	return r->consumed + r->len;
}

/* Drops the consumed prefix of the buffer. */
static void
compact(struct msgreader *r)
{
	if (r->start == 0)
		return;
	memmove(r->buf, r->buf + r->start, r->len - r->start);
	r->consumed += r->start;
	r->len -= r->start;
	r->start = 0;
}

/*
 * Decides from the first line ending whether lines end in a bare CR (old
 * Mac OS files), and if so turns each bare CR read so far into LF, so
 * that the rest of the reader sees LF lines.  A CR at the end of the
 * buffer waits for the next byte; "\r\n" is left alone.
 */
static void
translate_cr(struct msgreader *r)
{
	size_t i;

	if (!r->cr_decided) {
		for (i = 0; i < r->len; i++) {
			if (r->buf[i] == '\n' || r->buf[i] == '\r')
				break;
		}
		if (i == r->len) {
			r->cr_decided = r->eof;
			return;
		}
		if (r->buf[i] == '\r' && i + 1 == r->len && !r->eof)
			return;
		r->cr_decided = true;
		r->cr_eol = r->buf[i] == '\r' && (i + 1 == r->len ||
		    r->buf[i + 1] != '\n');
		r->cr_next = r->consumed;
	}
	if (!r->cr_eol)
		return;
	i = r->cr_next > r->consumed ? (size_t)(r->cr_next - r->consumed) : 0;
	for (; i < r->len; i++) {
		if (r->buf[i] != '\r')
			continue;
		if (i + 1 == r->len && !r->eof)
			break;		/* wait for the next byte */
		if (i + 1 < r->len && r->buf[i + 1] == '\n')
			i++;
		else
			r->buf[i] = '\n';
	}
	r->cr_next = r->consumed + i;
}

/* Reads more input; returns bytes read, 0 at the end, -1 on error. */
static ssize_t
fill(struct msgreader *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	compact(r);
	if (r->cap - r->len < READ_CHUNK) {
		r->cap = r->len + READ_CHUNK;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (n == -1 && errno == EINTR);
	if (n == 0)
		r->eof = true;
	if (n > 0)
		r->len += (size_t)n;
	if (n >= 0)
		translate_cr(r);
	return n;
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

bool
input_looks_like_header(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 256; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ':')
			return i > 0;
		if (c <= ' ' || c >= 0x7f)
			return false;
	}
	return false;
}

/*
 * Finds the end of the line starting at off, reading more input as
 * needed, up to limit bytes.  Returns the offset of the '\n' or of the
 * buffer end, and sets *found.  -1 on read error.
 */
static int
line_end(struct msgreader *r, size_t *off, size_t limit, bool *found)
{
	size_t scanned = *off;
	char *nl;
	ssize_t n;

	for (;;) {
		nl = memchr(r->buf + scanned, '\n', r->len - scanned);
		if (nl != NULL) {
			*off = (size_t)(nl - r->buf);
			*found = true;
			return 0;
		}
		scanned = r->len;
		if (scanned - r->start >= limit) {
			*off = scanned;
			*found = false;
			return 0;
		}
		{
			size_t keep = r->start;

			n = fill(r);
			scanned -= keep;
			*off -= keep;
			/* A bare CR at the old end may have become LF. */
			if (r->cr_eol && scanned > r->start)
				scanned--;
		}
		if (n < 0)
			return -1;
		if (n == 0) {
			*off = r->len;
			*found = false;
			return 0;
		}
	}
}

/* Drops everything up to the end of the input. */
static int
drain(struct msgreader *r)
{
	ssize_t n;

	do {
		r->start = r->len;
		n = fill(r);
	} while (n > 0);
	r->start = r->len;
	return n < 0 ? -1 : 0;
}

/*
 * Skips the body of the current message: to the next mbox separator, or
 * to the end of the input.  The buffer never holds more than a chunk and
 * one separator line, however long the body's lines are.  Returns 0, or
 * -1 on read error.
 */
static int
skip_body(struct msgreader *r)
{
	const char *hit;
	size_t at, eol;
	bool found;

	if (!r->mbox)
		return drain(r);
	for (;;) {
		/* r->start is at the beginning of a line here. */
		while (r->len - r->start < 5 && !r->eof) {
			if (fill(r) < 0)
				return -1;
		}
		if (r->len - r->start >= 5 &&
		    memcmp(r->buf + r->start, "From ", 5) == 0) {
			eol = r->start;
			if (line_end(r, &eol, 4096, &found) == -1)
				return -1;
			if (is_from_line(r->buf + r->start, eol - r->start))
				return 0;
		}
		for (;;) {
			hit = memmem(r->buf + r->start, r->len - r->start,
			    "\nFrom ", 6);
			if (hit != NULL) {
				r->start = (size_t)(hit - r->buf) + 1;
				break;
			}
			/* Keep a tail that may hold the start of "\nFrom ". */
			at = r->len - r->start > 5 ? r->len - 5 : r->start;
			r->start = at;
			if (r->eof) {
				r->start = r->len;
				return 0;
			}
			if (fill(r) < 0)
				return -1;
		}
	}
}

/*
 * Skips a line of '>' characters and "From " right after an mbox
 * separator: a message that itself started with a From line, quoted the
 * mboxrd way.  Returns 0, or -1 on read error.
 */
static int
skip_quoted_from(struct msgreader *r)
{
	size_t i, eol;
	bool found;

	while (r->len - r->start < 64 && !r->eof) {
		if (fill(r) < 0)
			return -1;
	}
	for (i = r->start; i < r->len && r->buf[i] == '>'; i++)
		;
	if (i == r->start || r->len - i < 5 ||
	    memcmp(r->buf + i, "From ", 5) != 0)
		return 0;
	eol = r->start;
	if (line_end(r, &eol, 4096, &found) == -1)
		return -1;
	r->start = found ? eol + 1 : eol;
	return 0;
}

int
msgreader_next(struct msgreader *r, struct rawmsg *msg)
{
	size_t pos, eol, hdr_end;
	bool found, blank;

	memset(msg, 0, sizeof(*msg));
	if (r->in_body) {
		if (skip_body(r) == -1)
			return -1;
		r->in_body = false;
	}
	compact(r);
	while (r->len - r->start < 5 && !r->eof) {
		if (fill(r) < 0)
			return -1;
	}
	if (r->start >= r->len)
		return 0;
	if (!r->decided) {
		r->mbox = r->len - r->start >= 5 &&
		    memcmp(r->buf + r->start, "From ", 5) == 0;
		r->decided = true;
	}
	msg->number = ++r->number;
	msg->in_mbox = r->mbox;
	msg->offset = r->consumed + r->start;

	pos = r->start;
	if (r->mbox && r->len - pos >= 5 &&
	    memcmp(r->buf + pos, "From ", 5) == 0) {
		eol = pos;
		if (line_end(r, &eol, 4096, &found) == -1)
			return -1;
		r->start = found ? eol + 1 : eol;
		/* mboxrd: the message's own From line, quoted as ">From ". */
		if (skip_quoted_from(r) == -1)
			return -1;
	}

	/* Skip white-space-only lines before the first field (pasted mail). */
	for (;;) {
		size_t i;

		eol = r->start;
		if (line_end(r, &eol, 4096, &found) == -1)
			return -1;
		if (!found)
			break;
		for (i = r->start; i < eol && (r->buf[i] == ' ' ||
		    r->buf[i] == '\t' || r->buf[i] == '\r'); i++)
			;
		if (i != eol)
			break;
		r->start = eol + 1;
		msg->blank_lines++;
	}

	/* Read lines until an empty one; keep offsets relative to start. */
	pos = r->start;
	for (;;) {
		size_t rel = pos - r->start;

		eol = pos;
		if (line_end(r, &eol, HEADER_BLOCK_MAX + 2, &found) == -1)
			return -1;
		pos = r->start + rel;
		blank = found && (eol == pos ||
		    (eol == pos + 1 && r->buf[pos] == '\r'));
		if (blank) {
			hdr_end = pos;
			pos = eol + 1;
			break;
		}
		if (!found) {
			hdr_end = eol;
			pos = eol;
			if (eol - r->start > HEADER_BLOCK_MAX)
				msg->header_cut = true;
			break;
		}
		pos = eol + 1;
		if (pos - r->start > HEADER_BLOCK_MAX) {
			hdr_end = pos;
			msg->header_cut = true;
			break;
		}
	}
	msg->header = r->buf + r->start;
	msg->header_len = hdr_end - r->start;
	if (msg->header_len > HEADER_BLOCK_MAX) {
		msg->header_len = HEADER_BLOCK_MAX;
		msg->header_cut = true;
	}
	r->start = pos;
	r->in_body = true;
	return 1;
}
