/*
 * fuzz_filter.c: libFuzzer harness for filter mode (filter.c).
 *
 * The input goes through filter_run from one memory file to another,
 * with --strip-existing when its first byte is odd.  Checked: the run
 * succeeds; without stripping, the output is the input with one field
 * inserted (or none), the field named TLS-Trace and made of printable
 * ASCII lines; with stripping, the output is no longer than the input
 * and the field.  Inputs over 1 MiB (-max_len) reach the long paths.
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "extract.h"
#include "filter.h"
#include "rules.h"
#include "tlstrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIELD_MAX	4096	/* bytes of the added field, at most */

static struct ruleset *rules;

static void
fail(const char *why)
{
	(void)fprintf(stderr, "fuzz_filter: %s\n", why);
	abort();
}

/* A memory file holding len bytes of p, at offset 0. */
static int
memory_file(const uint8_t *p, size_t len)
{
	int fd = memfd_create("fuzz_filter", 0);
	size_t off = 0;
	ssize_t n;

	if (fd == -1)
		fail("memfd_create");
	while (off < len) {
		if ((n = write(fd, p + off, len - off)) <= 0)
			fail("write");
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		fail("lseek");
	return fd;
}

/* Reads the whole memory file back; *len is its size. */
static char *
slurp(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	char *buf;
	size_t off = 0;
	ssize_t n;

	if (end < 0 || lseek(fd, 0, SEEK_SET) != 0)
		fail("lseek");
	if ((buf = malloc((size_t)end + 1)) == NULL)
		fail("malloc");
	while (off < (size_t)end) {
		if ((n = read(fd, buf + off, (size_t)end - off)) <= 0)
			fail("read back");
		off += (size_t)n;
	}
	*len = off;
	return buf;
}

/*
 * The length of the field at f (at most len bytes): printable ASCII lines,
 * the first named TLS-Trace, the others folded in; 0 when it is not one.
 */
static size_t
check_field(const char *f, size_t len)
{
	size_t i;

	if (len < 10 || memcmp(f, "TLS-Trace:", 10) != 0)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)f[i];

		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < len && f[i + 1] == '\n')
				i++;
			if (i + 1 < len && f[i + 1] == ' ')
				continue;	/* a folded line follows */
			return i + 1;
		}
		if (c < ' ' || c >= 0x7f)
			return 0;
	}
	return 0;
}

/*
 * Checks that out is data with one field inserted: out = data[0..t) +
 * field + data[t..) for some t.  The field may begin like the bytes it
 * is put before (an existing TLS-Trace field), so every t that the
 * common prefix and suffix allow is tried.
 */
static void
check_insertion(const char *out, size_t outlen, const uint8_t *data,
    size_t size)
{
	size_t prefix = 0, suffix = 0, flen = outlen - size, t;

	if (outlen <= size || flen > FIELD_MAX)
		fail("the field is missing or too long");
	while (prefix < size && out[prefix] == (char)data[prefix])
		prefix++;
	while (suffix < size && out[outlen - 1 - suffix] ==
	    (char)data[size - 1 - suffix])
		suffix++;
	for (t = size - suffix; t <= prefix; t++) {
		if (check_field(out + t, flen) == flen)
			return;
	}
	fail("the output is not the input with one field inserted");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_options fo;
	struct filter_result res;
	struct policy policy;
	const char *what;
	char err[512], *out;
	size_t outlen;
	int in, outfd;

	if (rules == NULL) {
		extract_init();
		rules = ruleset_new();
		if (ruleset_load_default(rules, err, sizeof err) == -1)
			abort();
	}
	memset(&policy, 0, sizeof policy);
	memset(&fo, 0, sizeof fo);
	fo.header_name = "TLS-Trace";
	fo.strip_existing = size > 0 && (data[0] & 1);
	fo.policy = &policy;
	in = memory_file(data, size);
	outfd = memory_file(NULL, 0);
	if (filter_run(in, outfd, rules, &fo, &res, &what) != 0)
		fail("filter_run failed on memory files");
	out = slurp(outfd, &outlen);
	if (!res.field_added && !fo.strip_existing &&
	    (outlen != size || memcmp(out, data, size) != 0))
		fail("no field, yet the output is not the input");
	if (res.field_added && !fo.strip_existing)
		check_insertion(out, outlen, data, size);
	if (fo.strip_existing && outlen > size + FIELD_MAX)
		fail("stripping made the output longer than a field");
	free(out);
	(void)close(in);
	(void)close(outfd);
	return 0;
}
