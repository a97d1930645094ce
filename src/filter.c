/*
 * filter.c: mail-filter mode (see filter.h).
 *
 * The message reader (input.h), the one batch mode uses, reads the
 * message's start up to its body's first bytes; the message is analysed,
 * and then what was read and the rest of the input are written out as
 * they come.  Nothing of the message is changed but the added field and,
 * with --strip-existing, the removed ones.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "fdio.h"
#include "filter.h"
#include "input.h"
#include "report.h"
#include "util.h"

/*
 * Removes fields of one name from a header block fed in pieces, in every
 * spelling a mail reader takes for the field (GMime, formail): the name
 * in any case, any run of spaces and tabs before the colon, and the
 * continuation lines.  A line is held only while undecided (the name and
 * the blanks after it); a run of blanks longer than STRIP_HOLD_MAX after
 * the name is dropped with its line whatever follows: it is the field
 * or a malformed line, never a field of another name.
 */
#define STRIP_HOLD_MAX	(64 * 1024)

enum strip_state {
	STRIP_LINE_START = 0,	/* at the start of a line */
	STRIP_CR_START,		/* a CR began the line: empty line? */
	STRIP_NAME,		/* matching the name: hold */
	STRIP_BLANKS,		/* the name, then blanks: hold */
	STRIP_KEEP,		/* copying the rest of a kept line */
	STRIP_DROP,		/* skipping the rest of a removed line */
	STRIP_AFTER_CR		/* a CR ended the line (CR mode): LF? */
};

struct stripper {
	const char *name;
	size_t namelen;
	bool cr_mode;		/* lines end in CR, CRLF or LF */
	bool done;		/* past the header block */
	enum strip_state state;
	bool dropping;		/* the current field is being removed */
	bool after_cr_drop;	/* the line a CR ended was removed */
	struct strbuf hold;	/* the undecided start of a line */
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


/*
 * Analyses the message and appends the field value; returns the static
 * reason when the verdict is unknown for want of a message.
 */
static const char *
analyse(const struct rawmsg *msg, const struct ruleset *rs,
    const struct policy *policy, struct strbuf *value, enum verdict *verdict)
{
	struct chain *c;
	const char *why = NULL;

	*verdict = VERDICT_UNKNOWN;
	if ((c = analyze_message(msg, rs, policy, &why)) == NULL) {
		field_value_unknown(value, why);
		return why;
	}
	field_value(value, c, policy);
	*verdict = c->verdict;
	chain_free(c);
	return NULL;
}

/* Starts a stripper for fields called name; cr_mode as msgreader_eol. */
static void
stripper_init(struct stripper *s, const char *name, bool cr_mode)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->namelen = strlen(name);
	s->cr_mode = cr_mode;
	strbuf_init(&s->hold);
}

/* True when c ends a line. */
static bool
is_eol(const struct stripper *s, char c)
{
	return c == '\n' || (s->cr_mode && c == '\r');
}

/* Ends a line at its EOL byte c: to the next line, or past a CR first. */
static void
end_line(struct stripper *s, char c, bool dropped)
{
	s->state = STRIP_LINE_START;
	if (c == '\r') {
		s->state = STRIP_AFTER_CR;
		s->after_cr_drop = dropped;
	}
}

/* Keeps what was held and goes on copying the line. */
static void
keep_held(struct stripper *s, struct strbuf *out)
{
	strbuf_append(out, s->hold.data, s->hold.len);
	strbuf_reset(&s->hold);
	s->dropping = false;
	s->state = STRIP_KEEP;
}

/* Drops what was held: a field of the name starts here. */
static void
drop_held(struct stripper *s)
{
	strbuf_reset(&s->hold);
	s->dropping = true;
	s->dropped++;
	s->state = STRIP_DROP;
}

/* Feeds the byte c at the start of a line. */
static void
strip_line_start(struct stripper *s, char c, struct strbuf *out)
{
	if (is_eol(s, c)) {
		/* The empty line: the header block ends. */
		strbuf_appendc(out, c);
		s->done = true;
		end_line(s, c, false);	/* a CR may have its LF next */
		return;
	}
	if (c == '\r') {		/* LF mode: CRLF, or a line of text */
		strbuf_appendc(&s->hold, c);
		s->state = STRIP_CR_START;
		return;
	}
	if (c == ' ' || c == '\t') {	/* a continuation line */
		s->state = s->dropping ? STRIP_DROP : STRIP_KEEP;
		if (!s->dropping)
			strbuf_appendc(out, c);
		return;
	}
	s->dropping = false;
	s->state = STRIP_NAME;
	strbuf_appendc(&s->hold, c);
	if (ascii_tolower((unsigned char)c) !=
	    ascii_tolower((unsigned char)s->name[0]))
		keep_held(s, out);
	else if (s->namelen == 1)
		s->state = STRIP_BLANKS;
}

/* Feeds one byte of the header block. */
static void
strip_byte(struct stripper *s, char c, struct strbuf *out)
{
	switch (s->state) {
	case STRIP_AFTER_CR:
		s->state = STRIP_LINE_START;
		if (c == '\n') {
			if (!s->after_cr_drop)
				strbuf_appendc(out, c);
			return;
		}
		/* FALLTHROUGH */
	case STRIP_LINE_START:
		strip_line_start(s, c, out);
		return;
	case STRIP_CR_START:
		strbuf_appendc(&s->hold, c);
		if (c == '\n') {
			strbuf_append(out, s->hold.data, s->hold.len);
			strbuf_reset(&s->hold);
			s->done = true;
			return;
		}
		keep_held(s, out);
		if (is_eol(s, c))
			end_line(s, c, false);
		return;
	case STRIP_NAME:
		if (ascii_tolower((unsigned char)c) != ascii_tolower(
		    (unsigned char)s->name[s->hold.len])) {
			keep_held(s, out);
			strip_byte(s, c, out);
			return;
		}
		strbuf_appendc(&s->hold, c);
		if (s->hold.len == s->namelen)
			s->state = STRIP_BLANKS;
		return;
	case STRIP_BLANKS:
		if (c == ':') {
			drop_held(s);
			return;
		}
		if (c != ' ' && c != '\t') {
			keep_held(s, out);
			strip_byte(s, c, out);
			return;
		}
		strbuf_appendc(&s->hold, c);
		if (s->hold.len > s->namelen + STRIP_HOLD_MAX)
			drop_held(s);
		return;
	case STRIP_KEEP:
		strbuf_appendc(out, c);
		if (is_eol(s, c))
			end_line(s, c, false);
		return;
	case STRIP_DROP:
		if (is_eol(s, c))
			end_line(s, c, true);
		return;
	}
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
	size_t i;

	for (i = 0; i < len; i++) {
		if (s->done && s->state != STRIP_AFTER_CR)
			break;
		if (s->done) {		/* the LF of a CRLF empty line? */
			s->state = STRIP_LINE_START;
			if (p[i] == '\n') {
				strbuf_appendc(out, p[i]);
				i++;
			}
			break;
		}
		strip_byte(s, p[i], out);
	}
	return i;
}

/* Ends the header block at the end of input: keeps an undecided line. */
static void
stripper_finish(struct stripper *s, struct strbuf *out)
{
	if (!s->done)
		strbuf_append(out, s->hold.data, s->hold.len);
	strbuf_clear(&s->hold);
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
		rc = fd_write_all(out, kept.data, kept.len);
		strbuf_clear(&kept);
	}
	if (rc == 0 && used < len)
		rc = fd_write_all(out, p + used, len - used);
	return rc;
}

int
filter_run(int in, int out, const struct ruleset *rs,
    const struct filter_options *fo, struct filter_result *res,
    const char **what)
{
	const char *name = fo->header_name ? fo->header_name : "TLS-Trace";
	struct msgreader *reader = msgreader_new(in, false);
	struct stripper strip, *sp = NULL;
	struct strbuf value, field;
	struct rawmsg msg;
	const char *raw, *eol;
	size_t len, top;
	ssize_t n;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	strbuf_init(&value);
	strbuf_init(&field);
	*what = "read";
	if ((n = msgreader_next(reader, &msg)) == -1)
		goto out;
	*what = "write";
	if (n == 0) {
		res->reason = "empty input";
		rc = 0;
		goto out;
	}
	msgreader_raw(reader, &raw, &len, &top);
	eol = msgreader_eol(reader);
	if (fd_write_all(out, raw, top) == -1)
		goto out;
	res->bytes = top;
	res->reason = analyse(&msg, rs, fo->policy, &value, &res->verdict);
	if (msg.bad != NULL)
		res->reason = msg.bad;	/* no place for the field */
	else if (top < len && (raw[top] == ' ' || raw[top] == '\t'))
		res->reason = "the first line starts with white space; "
		    "no field added";
	else {
		field_fold(&field, name, value.data, eol);
		if (fd_write_all(out, field.data, field.len) == -1)
			goto out;
		res->field_added = true;
	}
	if (fo->strip_existing) {
		stripper_init(&strip, name, strcmp(eol, "\r") == 0);
		sp = &strip;
	}
	if (put_bytes(out, sp, raw + top, len - top, res) == -1)
		goto out;
	for (;;) {
		*what = "read";
		if ((n = msgreader_pass(reader, &raw)) < 0)
			goto out;
		if (n == 0)
			break;
		*what = "write";
		if (put_bytes(out, sp, raw, (size_t)n, res) == -1)
			goto out;
	}
	if (sp != NULL) {
		strbuf_reset(&field);
		stripper_finish(sp, &field);
		if (fd_write_all(out, field.data, field.len) == -1)
			goto out;
		res->stripped = sp->dropped;
	}
	rc = 0;
out:
	strbuf_clear(&value);
	strbuf_clear(&field);
	msgreader_free(reader);
	return rc;
}
