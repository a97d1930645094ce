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
	field_value(value, c);
	*verdict = c->verdict;
	chain_free(c);
	return NULL;
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
		stripper_init(&strip, name, eol[0]);
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
