/*
 * fuzz_input.c: libFuzzer harness for the message reader (input.c).
 *
 * The input is put in a memory file and read twice: message by message
 * to the end, as batch mode reads, checking every bound the reader
 * promises (header and body head sizes, numbering, offsets, one message
 * outside an mbox) and touching every byte it hands out; then its first
 * message and the rest passed through, as filter mode reads, checking
 * that what comes out is the input, byte for byte.  The first byte, when
 * odd, forces mbox mode.  Inputs of a few MiB reach the 8 MiB paths with
 * -max_len; HEADER_BLOCK_MAX is not lowered.
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input.h"
#include "tlstrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *why)
{
	(void)fprintf(stderr, "fuzz_input: %s\n", why);
	abort();
}

/* A memory file holding the input, at offset 0. */
static int
memory_file(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_input", 0);
	size_t off = 0;
	ssize_t n;

	if (fd == -1)
		fail("memfd_create");
	while (off < size) {
		if ((n = write(fd, data + off, size - off)) <= 0)
			fail("write");
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		fail("lseek");
	return fd;
}

static unsigned
touch(const char *p, size_t len)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += (unsigned char)p[i];
	return sum;
}

/* Batch mode: every message, every bound. */
static void
read_all(const uint8_t *data, size_t size, bool mbox)
{
	int fd = memory_file(data, size);
	struct msgreader *r = msgreader_new(fd, mbox);
	struct rawmsg msg;
	uint64_t last = 0;
	size_t n = 0;
	int rc;

	while ((rc = msgreader_next(r, &msg)) == 1) {
		n++;
		if (msg.number != n)
			fail("messages not numbered in order");
		if (n > 1 && msg.offset <= last)
			fail("offsets do not grow");
		if (msg.offset >= size)
			fail("a message starts past the end");
		last = msg.offset;
		if (msg.header_len > HEADER_BLOCK_MAX)
			fail("header block over HEADER_BLOCK_MAX");
		if (msg.body_head_len > BODY_HEAD_MAX)
			fail("body head over BODY_HEAD_MAX");
		if (msg.header == NULL || msg.body_head == NULL)
			fail("a NULL pointer handed out");
		(void)touch(msg.header, msg.header_len);
		(void)touch(msg.body_head, msg.body_head_len);
		if (!msg.in_mbox && n > 1)
			fail("two messages outside an mbox");
		if (msgreader_bytes(r) > size)
			fail("more bytes read than there are");
	}
	if (rc != 0)
		fail("read error on a memory file");
	if (size > 0 && n == 0)
		fail("no message in a non-empty input");
	msgreader_free(r);
	(void)close(fd);
}

/* Filter mode: the first message, then the rest, must be the input. */
static void
pass_through(const uint8_t *data, size_t size)
{
	int fd = memory_file(data, size);
	struct msgreader *r = msgreader_new(fd, false);
	struct rawmsg msg;
	const char *p;
	size_t len, top, off;
	ssize_t n;

	if ((n = msgreader_next(r, &msg)) == 1) {
		msgreader_raw(r, &p, &len, &top);
		if (msg.offset != 0 || top > len || len > size ||
		    memcmp(p, data, len) != 0)
			fail("the raw bytes are not the input's");
		off = len;
		while ((n = msgreader_pass(r, &p)) > 0) {
			if ((size_t)n > size - off ||
			    memcmp(p, data + off, (size_t)n) != 0)
				fail("passed bytes are not the input's");
			off += (size_t)n;
		}
		if (n != 0 || off != size)
			fail("the input was not passed through whole");
	} else if (n != 0 || size != 0)
		fail("no first message");
	if (strlen(msgreader_eol(r)) == 0)
		fail("no line ending");
	msgreader_free(r);
	(void)close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all(data, size, size > 0 && (data[0] & 1));
	pass_through(data, size);
	return 0;
}
