/*
 * batch.c: the batch driver (see batch.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "complain.h"
#include "extract.h"
#include "fdio.h"
#include "input.h"
#include "pool.h"
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
	struct pool *pool;		/* --jobs above 1, or NULL */
	size_t inflight;		/* bytes of the messages in the pool */
};

/*
 * With --jobs=N above 1, each message is copied into a job, analysed and
 * rendered by one of N - 1 workers or by this thread, which runs jobs
 * itself rather than wait for a full ring to drain (pool_help: N threads
 * for N jobs, none asleep while there is work), and taken back in input
 * order, so the output is the same as with one job.  The ring holds
 * JOBS_PER_WORKER jobs per job of --jobs, and no more message bytes than
 * INFLIGHT_PER_WORKER per job (and always at least one message), so
 * memory stays bounded.
 */
#define JOBS_PER_WORKER		8
#define INFLIGHT_PER_WORKER	HEADER_BLOCK_MAX

/* One message handed to a worker, and what the worker made of it. */
struct job {
	const struct batch *b;		/* read-only settings */
	char *file;			/* the input's name */
	struct rawmsg msg;		/* its pointers point into bytes */
	char *bytes;
	size_t nbytes;
	struct chain *chain;		/* the result, or NULL: then why */
	const char *why;
	struct strbuf out;		/* the rendered report */
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

/* The report buffer of a message: NULL when only figures are wanted. */
static struct strbuf *
report_buffer(const struct batch *b, struct strbuf *out)
{
	return b->bo->summary_only || b->html != NULL ? NULL : out;
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

/*
 * Accounts for one message once it is analysed, in input order: counts
 * it, or names it when it is no message, and writes its report from out.
 */
static void
finish_message(struct batch *b, const char *name, const struct rawmsg *msg,
    struct chain *c, const char *why, struct strbuf *out, bool live)
{
	if (c == NULL) {
		if (b->summary != NULL)
			summary_add_error(b->summary);
		if (b->html != NULL)
			html_report_add_error(b->html);
		if (msg->in_mbox)
			complain(name, "message %zu: %s", msg->number, why);
		else
			complain(name, "%s", why);
		b->totals->trouble = true;
		return;
	}
	count(b, c);
	if (b->html != NULL) {
		struct msgmeta meta = { .file = name, .number = msg->number,
		    .in_mbox = msg->in_mbox, .offset = msg->offset };

		html_report_add(b->html, c, &meta);
	}
	chain_free(c);
	/*
	 * When the input may keep the reader waiting (a pipe, a terminal),
	 * each report is flushed, so that it is seen as soon as its message
	 * is known.
	 */
	if (out->len > 0 && !b->totals->output_failed &&
	    (fwrite(out->data, 1, out->len, b->fp) != out->len ||
	    (live && fflush(b->fp) != 0)))
		output_failed(b);
	strbuf_reset(out);
}

/* A worker's part: analyse and render one job's message. */
static void
run_job(void *arg)
{
	struct job *j = arg;

	j->chain = batch_analyse(&j->msg, j->file, j->b->rules, j->b->bo,
	    report_buffer(j->b, &j->out), &j->why);
}

/* What a worker releases before it ends. */
static void
end_worker(void)
{
	extract_thread_release();
	rules_thread_release();
}

/* Copies a message into a new job; its pointers move with its bytes. */
static struct job *
job_new(const struct batch *b, const char *name, const struct rawmsg *msg)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->b = b;
	j->file = xstrdup(name);
	j->msg = *msg;
	j->nbytes = msg->header_len + msg->body_head_len;
	j->bytes = xmalloc(j->nbytes);
	if (msg->header_len > 0)
		memcpy(j->bytes, msg->header, msg->header_len);
	if (msg->body_head_len > 0)
		memcpy(j->bytes + msg->header_len, msg->body_head,
		    msg->body_head_len);
	j->msg.header = j->bytes;
	j->msg.body_head = j->bytes + msg->header_len;
	strbuf_init(&j->out);
	return j;
}

/* Takes back the oldest job (waiting for it when wait) and accounts it. */
static bool
take_job(struct batch *b, bool wait)
{
	struct job *j = pool_take(b->pool, wait);

	if (j == NULL)
		return false;
	b->inflight -= j->nbytes;
	finish_message(b, j->file, &j->msg, j->chain, j->why, &j->out,
	    false);
	strbuf_clear(&j->out);
	free(j->bytes);
	free(j->file);
	free(j);
	return true;
}

/*
 * Moves the pool on by one step: takes back the oldest job if it is done,
 * else runs an unstarted one on this thread, else waits for the oldest.
 */
static void
make_room(struct batch *b)
{
	if (!take_job(b, false) && !pool_help(b->pool))
		(void)take_job(b, true);
}

/*
 * Takes back every job still in the pool, in order: before a line on
 * stderr that must follow theirs, and at the end of the run.  errno is
 * kept: that line may be about it, and the jobs this thread runs to
 * help may set it.
 */
static void
drain_jobs(struct batch *b)
{
	int saved = errno;

	if (b->pool == NULL)
		return;
	while (pool_pending(b->pool) > 0)
		make_room(b);
	errno = saved;
}

/* Hands one message to the pool, first making room for it. */
static void
submit_job(struct batch *b, const char *name, const struct rawmsg *msg)
{
	size_t size = msg->header_len + msg->body_head_len;
	size_t budget = (size_t)b->bo->jobs * INFLIGHT_PER_WORKER;

	while (pool_full(b->pool) ||
	    (pool_pending(b->pool) > 0 && b->inflight + size > budget))
		make_room(b);
	pool_submit(b->pool, job_new(b, name, msg));
	b->inflight += size;
	while (take_job(b, false))
		;
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
	int rc = 0;	/* no message read, when output already failed */

	current_input = name;
	if (live)
		drain_jobs(b);	/* its reports come after theirs */
	reader = msgreader_new(fd, b->bo->mbox);

	while (!b->totals->output_failed &&
	    (rc = msgreader_next(reader, &msg)) == 1) {
		n++;
		b->messages++;
		progress_update(b->progress, b->messages,
		    msgreader_bytes(reader), size, name);
		/* Live input stays in this thread: no report waits. */
		if (b->pool != NULL && !live) {
			submit_job(b, name, &msg);
			continue;
		}
		c = batch_analyse(&msg, name, b->rules, b->bo,
		    report_buffer(b, &b->out), &why);
		finish_message(b, name, &msg, c, why, &b->out, live);
	}
	if ((rc == -1 || n == 0) && !b->totals->output_failed)
		drain_jobs(b);
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

/*
 * Processes the message files of a directory (walk.h): first names, one
 * line each, what the walk skipped (an unreadable subdirectory, a FIFO,
 * a dangling link, ...), in its order; all but a subdirectory is
 * trouble, as a message may be lost.
 */
static void
process_dir(struct batch *b, const char *path)
{
	struct walklist list;
	bool trouble = false;
	size_t i;

	memset(&list, 0, sizeof list);
	/* What the walk says follows their lines. */
	drain_jobs(b);
	walk_dir(path, &list);
	for (i = 0; i < list.nskip; i++) {
		complain(list.skip[i].path, "%s", list.skip[i].why);
		if (list.skip[i].trouble)
			trouble = true;
	}
	if (list.n == 0 && !trouble) {
		complain(path, "no message files (*.eml, or a Maildir's new/ "
		    "and cur/)");
		trouble = true;
	}
	if (trouble)
		b->totals->trouble = true;
	for (i = 0; i < list.n && !b->totals->output_failed; i++)
		process_path(b, list.v[i], true);
	walklist_clear(&list);
}

/*
 * Opens one named input ("-" is stdin) and processes it: a file, or a
 * directory named on the command line (not one found in a directory).
 * A file found in a directory (listed) was a regular file when the walk
 * saw it; it is opened without blocking and read only if it still is
 * one, so a FIFO put in its place never hangs the run.
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
	if ((fd = open(path, O_RDONLY | O_CLOEXEC |
	    (listed ? O_NONBLOCK : 0))) == -1) {
		drain_jobs(b);
		complain(path, "%s", strerror(errno));
		b->totals->trouble = true;
		return;
	}
	if (fstat(fd, &st) == -1) {
		drain_jobs(b);
		complain(path, "%s", strerror(errno));
		b->totals->trouble = true;
	} else if (S_ISDIR(st.st_mode) && !listed) {
		(void)close(fd);
		process_dir(b, path);
		return;
	} else if (S_ISDIR(st.st_mode)) {
		drain_jobs(b);
		complain(path, "is a directory");
		b->totals->trouble = true;
	} else if (listed && !S_ISREG(st.st_mode)) {
		drain_jobs(b);
		complain(path, "not a regular file, skipped");
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
	/* Threads that cannot be had leave the run in this one. */
	if (bo->jobs > 1)
		b.pool = pool_new(bo->jobs - 1, (size_t)bo->jobs *
		    JOBS_PER_WORKER, run_job, end_worker);
	if (npaths == 0)
		process_path(&b, "-", false);
	for (i = 0; i < npaths && !totals->output_failed; i++)
		process_path(&b, paths[i], false);
	drain_jobs(&b);
	pool_free(b.pool);
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
