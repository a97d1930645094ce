/*
 * filter.c: mail-filter mode (see filter.h).
 *
 * The input is read into a buffer until the end of its header block (at
 * most HEADER_BLOCK_MAX bytes of header after an optional mbox From line),
 * the header block is analysed, and then the buffer and the rest of the
 * input are written out in chunks.  Nothing of the message is changed but
 * the added field and, with --strip-existing, the removed ones.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "filter.h"
#include "input.h"
#include "report.h"
#include "util.h"

#define FILTER_CHUNK	(64 * 1024)

/* The line ending of a message, from its first line. */
enum eol_style {
	EOL_UNKNOWN = 0,
	EOL_LF,
	EOL_CRLF,
	EOL_CR			/* bare CR, as old Mac OS wrote */
};

/* The buffered start of the message. */
struct head {
	char *buf;
	size_t len;
	size_t cap;
	bool eof;
	enum eol_style eol;
	bool from_decided;
	size_t from_end;	/* end of the From line and its EOL, or 0 */
	size_t top;		/* where the field goes: after the From line
				   and any white-space-only lines */
	size_t blank_lines;	/* white-space-only lines before top */
	size_t scan;		/* where the search for the blank line resumes */
	bool found;		/* hdr_end and body are set */
	size_t hdr_end;		/* offset of the blank line ending the header */
	bool cut;		/* the header block is over HEADER_BLOCK_MAX */
};

/* Removes fields of one name from a header block fed in pieces. */
struct stripper {
	const char *name;
	size_t namelen;
	char eol;		/* '\n' or '\r' */
	bool done;		/* past the header block */
	bool holding;		/* deciding about the line that starts in hold */
	bool dropping;		/* the current field is being removed */
	char hold[FILTER_FIELD_NAME_MAX + 16];
	size_t nhold;
	size_t dropped;
};

bool
filter_name_is_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i] != '\0'; i++) {
		if (i >= FILTER_FIELD_NAME_MAX ||
		    !(ascii_isalnum((unsigned char)name[i]) || name[i] == '-'))
			return false;
	}
	return i > 0;
}

/* Writes all len bytes; returns 0, or -1 with errno set. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads up to len bytes; returns bytes read, 0 at the end, -1 on error. */
static ssize_t
read_some(int fd, char *p, size_t len)
{
	ssize_t n;

	do
		n = read(fd, p, len);
	while (n == -1 && errno == EINTR);
	return n;
}

/* Sets h->eol from the first line ending, when it can be told. */
static void
detect_eol(struct head *h)
{
	const char *lf, *cr;
	size_t at;

	if (h->len == 0) {
		if (h->eof)
			h->eol = EOL_LF;	/* empty input */
		return;
	}
	lf = memchr(h->buf, '\n', h->len);
	cr = memchr(h->buf, '\r', lf != NULL ? (size_t)(lf - h->buf) :
	    h->len);

	if (cr != NULL) {
		at = (size_t)(cr - h->buf);
		if (at + 1 < h->len)
			h->eol = h->buf[at + 1] == '\n' ? EOL_CRLF : EOL_CR;
		else if (h->eof)
			h->eol = EOL_CR;
	} else if (lf != NULL)
		h->eol = EOL_LF;
	else if (h->eof || h->len >= HEADER_BLOCK_MAX)
		h->eol = EOL_LF;
}

/* The byte that ends a line in this style. */
static char
eol_char(enum eol_style eol)
{
	return eol == EOL_CR ? '\r' : '\n';
}

/* Decides whether the input starts with an mbox From line. */
static void
detect_from(struct head *h)
{
	const char *nl;
	size_t n = h->len < FILTER_FROM_LINE_MAX ? h->len :
	    FILTER_FROM_LINE_MAX;

	if (h->len < 5) {
		h->from_decided = h->eof;
		return;
	}
	if (memcmp(h->buf, "From ", 5) != 0) {
		h->from_decided = true;
		return;
	}
	nl = memchr(h->buf, eol_char(h->eol), n);
	if (nl != NULL) {
		h->from_end = (size_t)(nl - h->buf) + 1;
		h->from_decided = true;
	} else if (h->eof || h->len >= FILTER_FROM_LINE_MAX)
		h->from_decided = true;	/* not a From line we keep apart */
	h->scan = h->from_end;
}

/* Looks for the blank line that ends the header block. */
static void
scan_header(struct head *h)
{
	char e = eol_char(h->eol);
	const char *nl;
	size_t pos = h->scan;

	while (pos < h->len &&
	    (nl = memchr(h->buf + pos, e, h->len - pos)) != NULL) {
		size_t end = (size_t)(nl - h->buf);

		if (end == pos || (e == '\n' && end == pos + 1 &&
		    h->buf[pos] == '\r')) {
			h->found = true;
			h->hdr_end = pos;
			h->cut = pos - h->from_end > HEADER_BLOCK_MAX;
			return;
		}
		pos = end + 1;
	}
	h->scan = pos;
	if (h->len - h->from_end > HEADER_BLOCK_MAX)
		h->cut = true;
	else if (h->eof) {
		/* No blank line: the whole input is the header block. */
		h->found = true;
		h->hdr_end = h->len;
	}
}

/*
 * Sets h->top past the lines of spaces and tabs that some pasted messages
 * start with (the reader skips them too), so that they cannot fold into
 * the added field.  An empty line is not skipped: it ends the header.
 */
static void
find_top(struct head *h)
{
	char e = eol_char(h->eol);
	size_t pos = h->from_end, i;

	h->top = pos;
	for (;;) {
		for (i = pos; i < h->hdr_end && (h->buf[i] == ' ' ||
		    h->buf[i] == '\t'); i++)
			;
		if (i == pos)
			return;
		if (e == '\n' && i < h->hdr_end && h->buf[i] == '\r')
			i++;
		if (i >= h->hdr_end || h->buf[i] != e)
			return;
		pos = i + 1;
		h->top = pos;
		h->blank_lines++;
	}
}

/* Reads the start of the message up to the end of its header block. */
static int
read_head(int in, struct head *h)
{
	ssize_t n;

	for (;;) {
		if (h->eol == EOL_UNKNOWN)
			detect_eol(h);
		if (h->eol != EOL_UNKNOWN && !h->from_decided)
			detect_from(h);
		if (h->from_decided)
			scan_header(h);
		if (h->found || h->cut || (h->eof && h->from_decided)) {
			if (!h->found)
				h->hdr_end = h->len;
			find_top(h);
			return 0;
		}
		if (h->cap - h->len < FILTER_CHUNK) {
			h->cap = h->len + FILTER_CHUNK;
			h->buf = xreallocarray(h->buf, h->cap, 1);
		}
		n = read_some(in, h->buf + h->len, h->cap - h->len);
		if (n < 0)
			return -1;
		if (n == 0)
			h->eof = true;
		h->len += (size_t)n;
	}
}

/*
 * Analyses the header block and appends the field value; returns the
 * static reason when the verdict is unknown for want of a message.
 */
static const char *
analyse(const struct head *h, const struct ruleset *rs,
    const struct policy *policy, struct strbuf *value, enum verdict *verdict)
{
	struct rawmsg msg;
	struct chain *c;
	const char *why = NULL;
	char *copy = NULL;
	size_t i;

	*verdict = VERDICT_UNKNOWN;
	_Static_assert(HEADER_BLOCK_MAX == 8u * 1024 * 1024,
	    "the reason below names HEADER_BLOCK_MAX");
	if (h->cut) {
		why = "header block longer than 8 MiB";
		goto out;
	}
	memset(&msg, 0, sizeof msg);
	msg.number = 1;
	msg.header = h->buf + h->top;
	msg.header_len = h->hdr_end - h->top;
	msg.blank_lines = h->blank_lines;
	if (h->eol == EOL_CR) {
		/* GMime knows LF and CRLF only. */
		copy = xmemdup0(msg.header, msg.header_len);
		for (i = 0; i < msg.header_len; i++) {
			if (copy[i] == '\r')
				copy[i] = '\n';
		}
		msg.header = copy;
	}
	if ((c = analyze_message(&msg, rs, policy, &why)) == NULL)
		goto out;
	field_value(value, c);
	*verdict = c->verdict;
	chain_free(c);
out:
	if (why != NULL)
		field_value_unknown(value, why);
	free(copy);
	return why;
}

/* Starts a stripper for fields called name, lines ended by eol. */
static void
stripper_init(struct stripper *s, const char *name, char eol)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->namelen = strlen(name);
	s->eol = eol;
	s->holding = true;
}

/*
 * Decides about the line held so far: 1 drop the field, 0 keep it, -1
 * not known yet, 2 the blank line that ends the header block.
 */
static int
stripper_decide(const struct stripper *s)
{
	const char *p = s->hold;
	size_t n = s->nhold, i;

	if (p[0] == s->eol || (n == 2 && p[0] == '\r' && p[1] == '\n'))
		return 2;
	if (n == 1 && p[0] == '\r' && s->eol == '\n')
		return -1;
	if (p[0] == ' ' || p[0] == '\t')
		return s->dropping ? 1 : 0;
	for (i = 0; i < n && i < s->namelen; i++) {
		if (ascii_tolower((unsigned char)p[i]) !=
		    ascii_tolower((unsigned char)s->name[i]))
			return 0;
	}
	for (; i < n; i++) {
		if (p[i] == ':')
			return 1;
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	}
	return n == sizeof s->hold ? 0 : -1;
}

/*
 * Feeds len bytes of the header block, appending what is kept to out.
 * Returns the bytes consumed: all of them, or fewer when the header
 * block ends (s->done), the rest being body.
 */
static size_t
stripper_feed(struct stripper *s, const char *p, size_t len,
    struct strbuf *out)
{
	size_t i, start = 0;
	int d;

	for (i = 0; i < len && !s->done; i++) {
		if (!s->holding) {
			if (p[i] != s->eol)
				continue;
			if (!s->dropping)
				strbuf_append(out, p + start, i + 1 - start);
			s->holding = true;
			s->nhold = 0;
			continue;
		}
		s->hold[s->nhold++] = p[i];
		d = stripper_decide(s);
		if (d == -1 && p[i] == s->eol)
			d = 0;
		if (d == -1)
			continue;
		if (d == 2)
			s->done = true;
		if (d == 1 && !(s->hold[0] == ' ' || s->hold[0] == '\t'))
			s->dropped++;
		s->dropping = d == 1;
		if (!s->dropping)
			strbuf_append(out, s->hold, s->nhold);
		s->holding = false;
		start = i + 1;
		if (p[i] == s->eol && !s->done) {
			/* The held bytes were a whole line. */
			s->holding = true;
			s->nhold = 0;
		}
	}
	if (!s->holding && !s->dropping && !s->done)
		strbuf_append(out, p + start, i - start);
	return i;
}

/* Ends the header block at the end of input: keeps an undecided line. */
static void
stripper_finish(struct stripper *s, struct strbuf *out)
{
	if (s->holding && s->nhold > 0 && !s->done)
		strbuf_append(out, s->hold, s->nhold);
	s->nhold = 0;
}

/* Writes bytes through the stripper while it is in the header block. */
static int
put_bytes(int out, struct stripper *s, const char *p, size_t len,
    struct filter_result *res)
{
	struct strbuf kept;
	size_t used = 0;
	int rc = 0;

	res->bytes += len;
	if (s != NULL && !s->done) {
		strbuf_init(&kept);
		used = stripper_feed(s, p, len, &kept);
		rc = write_all(out, kept.data, kept.len);
		strbuf_clear(&kept);
	}
	if (rc == 0 && used < len)
		rc = write_all(out, p + used, len - used);
	return rc;
}

int
filter_run(int in, int out, const struct ruleset *rs,
    const struct filter_options *fo, struct filter_result *res,
    const char **what)
{
	static const char *const eols[] = { "\n", "\n", "\r\n", "\r" };
	const char *name = fo->header_name ? fo->header_name : "TLS-Trace";
	struct stripper strip, *sp = NULL;
	struct strbuf value, field;
	struct head h;
	ssize_t n;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&h, 0, sizeof h);
	strbuf_init(&value);
	strbuf_init(&field);
	*what = "read";
	if (read_head(in, &h) == -1)
		goto out;
	*what = "write";

	if (h.len == 0) {
		res->reason = "empty input";
		rc = 0;
		goto out;
	}
	if (write_all(out, h.buf, h.top) == -1)
		goto out;
	res->bytes = h.top;
	res->reason = analyse(&h, rs, fo->policy, &value, &res->verdict);
	if (h.top < h.len && (h.buf[h.top] == ' ' || h.buf[h.top] == '\t'))
		res->reason = "the first line starts with white space; "
		    "no field added";
	else {
		field_fold(&field, name, value.data, eols[h.eol]);
		if (write_all(out, field.data, field.len) == -1)
			goto out;
		res->field_added = true;
	}
	if (fo->strip_existing) {
		stripper_init(&strip, name, eol_char(h.eol));
		sp = &strip;
	}
	if (put_bytes(out, sp, h.buf + h.top, h.len - h.top, res) == -1)
		goto out;

	if (h.cap < FILTER_CHUNK) {
		h.cap = FILTER_CHUNK;
		h.buf = xreallocarray(h.buf, h.cap, 1);
	}
	while (!h.eof) {
		*what = "read";
		if ((n = read_some(in, h.buf, FILTER_CHUNK)) < 0)
			goto out;
		if (n == 0)
			break;
		*what = "write";
		if (put_bytes(out, sp, h.buf, (size_t)n, res) == -1)
			goto out;
	}
	if (sp != NULL) {
		strbuf_reset(&field);
		stripper_finish(sp, &field);
		if (write_all(out, field.data, field.len) == -1)
			goto out;
		res->stripped = sp->dropped;
	}
	rc = 0;
out:
	strbuf_clear(&value);
	strbuf_clear(&field);
	free(h.buf);
	return rc;
}
