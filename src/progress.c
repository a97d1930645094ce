/*
 * progress.c: the progress line (see progress.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "progress.h"
#include "util.h"

#define PROGRESS_DELAY_MS	1000	/* quiet at first */
#define PROGRESS_EVERY_MS	250	/* then at most this often */
#define PROGRESS_NAME_MAX	40	/* bytes of the input name shown */

struct progress {
	bool tty;
	bool drawn;
	uint64_t start_ms;
	uint64_t last_ms;
};

/* Milliseconds of a monotonic clock. */
static uint64_t
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct progress *
progress_new(void)
{
	struct progress *p = xcalloc(1, sizeof(*p));

	p->tty = isatty(STDERR_FILENO) == 1;
	if (p->tty)
		p->start_ms = p->last_ms = now_ms();
	return p;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->drawn)
		(void)fputs("\r\033[K", stderr);
	free(p);
}

void
progress_update(struct progress *p, uint64_t messages, uint64_t bytes,
    uint64_t size, const char *name)
{
	struct strbuf sb;
	uint64_t t;
	size_t len;

	if (!p->tty)
		return;
	t = now_ms();
	if (t - p->start_ms < PROGRESS_DELAY_MS ||
	    t - p->last_ms < PROGRESS_EVERY_MS)
		return;
	p->last_ms = t;
	strbuf_init(&sb);
	strbuf_appendf(&sb, "\rtlstrace: %llu messages, %llu MB",
	    (unsigned long long)messages,
	    (unsigned long long)(bytes >> 20));
	if (size > 0 && bytes <= size)
		strbuf_appendf(&sb, " (%u%%)", (unsigned)(bytes * 100 / size));
	strbuf_appends(&sb, " of ");
	len = strlen(name);
	if (len > PROGRESS_NAME_MAX) {
		strbuf_appends(&sb, "...");
		name += len - PROGRESS_NAME_MAX;
		len = PROGRESS_NAME_MAX;
	}
	escape_terminal(&sb, name, len);
	strbuf_appends(&sb, "\033[K");
	(void)fwrite(sb.data, 1, sb.len, stderr);
	(void)fflush(stderr);
	p->drawn = true;
	strbuf_clear(&sb);
}
