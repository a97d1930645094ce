/*
 * progress.h: a one-line progress display on the standard error for long
 * runs, only when the standard error is a terminal.  Nothing is shown in
 * the first second, and the line is redrawn at most four times a second,
 * so short runs and pipes see nothing at all.
 */
#ifndef TLSTRACE_PROGRESS_H
#define TLSTRACE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress;

/* Starts a display on fd 2 if it is a terminal; else a silent one. */
struct progress *progress_new(void);

/* Releases it, erasing the line if one was drawn; accepts NULL. */
void progress_free(struct progress *p);

/*
 * Notes the messages done so far, the bytes read of the current input and
 * its size (0 when unknown) and its name (untrusted: escaped when shown).
 */
void progress_update(struct progress *p, uint64_t messages, uint64_t bytes,
    uint64_t size, const char *name);

#endif
