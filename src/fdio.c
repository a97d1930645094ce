/*
 * fdio.c: EINTR- and EAGAIN-safe descriptor I/O (see fdio.h).
 */
#define _GNU_SOURCE		/* fopencookie */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fdio.h"

#define STREAM_BUFFER	(64 * 1024)

/* Waits until fd is ready for events; -1 on error. */
static int
wait_ready(int fd, short events)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = events;
	pfd.revents = 0;
	if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
		return -1;
	return 0;
}

ssize_t
fd_read(int fd, void *buf, size_t len)
{
	ssize_t n;

	for (;;) {
		if ((n = read(fd, buf, len)) >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
		    wait_ready(fd, POLLIN) == -1)
			return -1;
	}
}

int
fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		if (errno == EINTR)
			continue;
		if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
		    wait_ready(fd, POLLOUT) == -1)
			return -1;
	}
	return 0;
}

static ssize_t
stream_write(void *cookie, const char *buf, size_t len)
{
	int fd = (int)(intptr_t)cookie;

	return fd_write_all(fd, buf, len) == 0 ? (ssize_t)len : -1;
}

FILE *
fd_stream(int fd)
{
	cookie_io_functions_t io = { NULL, stream_write, NULL, NULL };
	FILE *fp;

	if ((fp = fopencookie((void *)(intptr_t)fd, "w", io)) == NULL)
		return NULL;
	(void)setvbuf(fp, NULL, _IOFBF, STREAM_BUFFER);
	return fp;
}
