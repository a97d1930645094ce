/*
 * batch.c: the batch driver (see batch.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "complain.h"
#include "fdio.h"
#include "input.h"
#include "progress.h"
#include "report.h"
#include "summary.h"
#include "util.h"
#include "walk.h"

/* The state of one run. */
struct batch {
	const struct batch_options *bo;
	const struct ruleset *rules;
	struct batch_totals *totals;
	struct summary *summary;	/* --summary, or NULL */
	struct html_report *html;	/* --format=html, or NULL */
	struct progress *progress;
	uint64_t messages;
	struct strbuf out;		/* the report being written */
	FILE *fp;			/* stdout, written through fdio.h */
};

struct chain *
batch_analyse(const struct rawmsg *msg, const char *file,
    const struct ruleset *rs, const struct batch_options *bo,
    struct strbuf *out, const char **why)
{
	struct msgmeta meta;
	struct chain *c;
	int rc = 0;

	if ((c = analyze_message(msg, rs, bo->policy, why)) == NULL ||
	    out == NULL)
		return c;
	meta.file = file;
	meta.number = msg->number;
	meta.in_mbox = msg->in_mbox;
	meta.offset = msg->offset;
	if (bo->report.format == FORMAT_TEXT)
		report_text_render(out, c, &meta, &bo->report);
	else
		rc = report_json_render(out, c, &meta, &bo->report);
	if (rc == -1) {
		chain_free(c);
		*why = "the JSON report could not be encoded";
		return NULL;
	}
	return c;
}

/* Notes that writing on stdout failed. */
static void
output_failed(struct batch *b)
{
	b->totals->output_failed = true;
	b->totals->output_errno = errno;
}

/*
 * Writes what is in b->out on stdout; flushes it when the input may keep
 * the reader waiting (a pipe, a terminal), so that a report is seen as
 * soon as its message is known.
 */
static void
write_out(struct batch *b, bool live)
{
	if (b->out.len > 0 &&
	    fwrite(b->out.data, 1, b->out.len, b->fp) != b->out.len)
		output_failed(b);
	else if (live && b->out.len > 0 && fflush(b->fp) != 0)
		output_failed(b);
	strbuf_reset(&b->out);
}

/* Counts one analysed message. */
static void
count(struct batch *b, const struct chain *c)
{
	if (b->summary != NULL)
		summary_add(b->summary, c);
	switch (c->verdict) {
	case VERDICT_PASS:
		b->totals->pass++;
		break;
	case VERDICT_FAIL:
		b->totals->fail++;
		break;
	case VERDICT_UNKNOWN:
		b->totals->unknown++;
		break;
	}
}

/* The input process_fd is reading (batch_current_input). */
static const char *current_input;

const char *
batch_current_input(void)
{
	return current_input;
}

/* Runs every message of one open input. */
static void
process_fd(struct batch *b, int fd, const char *name, uint64_t size,
    bool live)
{
	struct msgreader *reader;
	struct rawmsg msg;
	struct chain *c;
	const char *why;
	size_t n = 0;
	int rc;

	current_input = name;
	reader = msgreader_new(fd, b->bo->mbox);

	while (!b->totals->output_failed &&
	    (rc = msgreader_next(reader, &msg)) == 1) {
		n++;
		b->messages++;
		progress_update(b->progress, b->messages,
		    msgreader_bytes(reader), size, name);
		c = batch_analyse(&msg, name, b->rules, b->bo,
		    b->bo->summary_only || b->html != NULL ? NULL : &b->out,
		    &why);
		if (c == NULL) {
			if (b->summary != NULL)
				summary_add_error(b->summary);
			if (b->html != NULL)
				html_report_add_error(b->html);
			if (msg.in_mbox)
				complain(name, "message %zu: %s", msg.number,
				    why);
			else
				complain(name, "%s", why);
			b->totals->trouble = true;
			continue;
		}
		count(b, c);
		if (b->html != NULL) {
			struct msgmeta meta = { .file = name,
			    .number = msg.number, .in_mbox = msg.in_mbox,
			    .offset = msg.offset };

			html_report_add(b->html, c, &meta);
		}
		chain_free(c);
		write_out(b, live);
	}
	if (!b->totals->output_failed && rc == -1) {
		complain(name, "read error: %s", strerror(errno));
		b->totals->trouble = true;
	} else if (!b->totals->output_failed && n == 0) {
		complain(name, "empty input, not a message");
		b->totals->trouble = true;
	}
	msgreader_free(reader);
	current_input = NULL;
}

static void process_path(struct batch *b, const char *path, bool listed);

/* Processes the message files of a directory (walk.h). */
static void
process_dir(struct batch *b, const char *path)
{
	struct walklist list;
	size_t i;

	memset(&list, 0, sizeof list);
	if (walk_dir(path, &list) == -1) {
		complain(path, "%s", strerror(errno));
		b->totals->trouble = true;
	} else if (list.n == 0) {
		complain(path, "no message files (*.eml, or a Maildir's new/ "
		    "and cur/)");
		b->totals->trouble = true;
	}
	for (i = 0; i < list.n && !b->totals->output_failed; i++)
		process_path(b, list.v[i], true);
	walklist_clear(&list);
}

/*
 * Opens one named input ("-" is stdin) and processes it: a file, or a
 * directory named on the command line (not one found in a directory).
 */
static void
process_path(struct batch *b, const char *path, bool listed)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0) {
		process_fd(b, STDIN_FILENO, "-", 0,
		    fstat(STDIN_FILENO, &st) == -1 || !S_ISREG(st.st_mode));
		return;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		complain(path, "%s", strerror(errno));
		b->totals->trouble = true;
		return;
	}
	if (fstat(fd, &st) == -1) {
		complain(path, "%s", strerror(errno));
		b->totals->trouble = true;
	} else if (S_ISDIR(st.st_mode) && !listed) {
		(void)close(fd);
		process_dir(b, path);
		return;
	} else if (S_ISDIR(st.st_mode)) {
		complain(path, "is a directory");
		b->totals->trouble = true;
	} else
		process_fd(b, fd, path, S_ISREG(st.st_mode) ?
		    (uint64_t)st.st_size : 0, !S_ISREG(st.st_mode));
	(void)close(fd);
}

/* Writes the --summary figures. */
static void
write_summary(struct batch *b)
{
	int rc;

	rc = b->bo->report.format == FORMAT_TEXT ?
	    report_text_summary(b->fp, b->summary) :
	    report_json_summary(b->fp, b->summary);
	if (rc == -1)
		output_failed(b);
}

void
batch_run(const struct batch_options *bo, const struct ruleset *rs,
    char *const paths[], size_t npaths, struct batch_totals *totals)
{
	struct batch b;
	size_t i;

	memset(totals, 0, sizeof(*totals));
	memset(&b, 0, sizeof b);
	b.bo = bo;
	b.rules = rs;
	b.totals = totals;
	strbuf_init(&b.out);
	/* The HTML page is written at the end, with a summary of its own. */
	if (bo->report.format == FORMAT_HTML)
		b.html = html_report_new(&bo->report, bo->summary_only);
	else if (bo->summary)
		b.summary = summary_new();
	b.progress = progress_new();
	/* stdout through fdio.h: a non-blocking stdout waits, never fails. */
	if ((b.fp = fd_stream(STDOUT_FILENO)) == NULL)
		b.fp = stdout;
	if (npaths == 0)
		process_path(&b, "-", false);
	for (i = 0; i < npaths && !totals->output_failed; i++)
		process_path(&b, paths[i], false);
	progress_free(b.progress);
	if (b.summary != NULL && !totals->output_failed)
		write_summary(&b);
	summary_free(b.summary);
	if (b.html != NULL && !totals->output_failed &&
	    html_report_finish(b.html, b.fp) == -1)
		output_failed(&b);
	html_report_free(b.html);
	strbuf_clear(&b.out);
	if (!totals->output_failed && (fflush(b.fp) != 0 || ferror(b.fp)))
		output_failed(&b);
	if (b.fp != stdout)
		(void)fclose(b.fp);
}
