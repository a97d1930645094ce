/*
 * tap.c: a tiny TAP emitter for the C unit tests (see tap.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int tap_planned = -1;
static int tap_count;
static int tap_failed;

/* Prints a test line with a formatted description. */
static void
tap_vreport(bool cond, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
}

void
tap_plan(int count)
{
	if (count > 0) {
		tap_planned = count;
		printf("1..%d\n", count);
	} else
		tap_planned = 0;
}

bool
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	return cond;
}

void
tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("ok %d - ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
}

bool
tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	bool cond = got == want;

	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got: %lld\n#  want: %lld\n", got, want);
	return cond;
}

/* Prints a possibly-NULL slice for a diagnostic. */
static void
tap_print_slice(const char *label, const char *s, size_t len)
{
	if (s == NULL)
		printf("# %s: (null)\n", label);
	else
		printf("# %s: \"%.*s\"\n", label, (int)len, s);
}

bool
tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	bool cond;

	if (got == NULL || want == NULL)
		cond = got == want;
	else
		cond = strcmp(got, want) == 0;
	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	if (!cond) {
		tap_print_slice("  got", got, got ? strlen(got) : 0);
		tap_print_slice(" want", want, want ? strlen(want) : 0);
	}
	return cond;
}

bool
tap_is_span(const char *got, size_t gotlen, const char *want,
    const char *fmt, ...)
{
	va_list ap;
	bool cond;

	if (got == NULL || want == NULL)
		cond = got == NULL && want == NULL;
	else
		cond = gotlen == strlen(want) && memcmp(got, want, gotlen) == 0;
	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	if (!cond) {
		tap_print_slice("  got", got, gotlen);
		tap_print_slice(" want", want, want ? strlen(want) : 0);
	}
	return cond;
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void
tap_bail(const char *fmt, ...)
{
	va_list ap;

	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

const char *
tap_data_path(const char *name)
{
	static char path[4096];
	const char *srcdir = getenv("srcdir");
	int n;

	if (srcdir == NULL)
		srcdir = ".";
	n = snprintf(path, sizeof path, "%s/tests/%s", srcdir, name);
	if (n < 0 || (size_t)n >= sizeof path)
		tap_bail("test data path too long: %s", name);
	return path;
}

int
tap_done(void)
{
	if (tap_planned <= 0)
		printf("1..%d\n", tap_count);
	else if (tap_planned != tap_count) {
		printf("# planned %d tests but ran %d\n", tap_planned,
		    tap_count);
		return 1;
	}
	return tap_failed == 0 && (tap_planned <= 0 || tap_planned == tap_count)
	    ? 0 : 1;
}

char *
tap_exact_copy(const char *s, size_t len)
{
	char *p = malloc(len > 0 ? len : 1);

	if (p == NULL)
		tap_bail("out of memory");
	if (len > 0)
		memcpy(p, s, len);
	return p;
}
