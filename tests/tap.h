/*
 * tap.h: a tiny TAP emitter for the C unit tests.
 *
 * Every check prints one "ok N - name" or "not ok N - name" line; failures
 * add "# " diagnostic lines.  tap_done() returns the exit status for main().
 */
#ifndef TLSTRACE_TAP_H
#define TLSTRACE_TAP_H

#include <stdbool.h>
#include <stddef.h>

/* Announces the number of tests; 0 means "plan at the end". */
void tap_plan(int count);

/* Records one test point; returns cond. */
bool tap_ok(bool cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Compares two integers; returns true when equal. */
bool tap_is_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Compares two strings, either may be NULL; returns true when equal. */
bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Compares a (pointer, length) slice with a string or NULL. */
bool tap_is_span(const char *got, size_t gotlen, const char *want,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records one skipped test point: "ok N - DESC # SKIP reason". */
void tap_skip(const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints a "# " diagnostic line. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "Bail out!" with a reason and exits with status 1. */
void tap_bail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Copies len bytes into a heap block of exactly that size, with no NUL
 * after them, so that a sanitizer catches any read past the end.  Free it.
 */
char *tap_exact_copy(const char *s, size_t len);

/* Finds a test data file: $srcdir/tests/NAME, else tests/NAME. */
const char *tap_data_path(const char *name);

/* Ends the run: prints a late plan if needed; returns the exit status. */
int tap_done(void);

#endif
