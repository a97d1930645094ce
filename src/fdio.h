/*
 * fdio.h: reads and writes on descriptors that may be non-blocking or
 * interrupted.  A descriptor the caller inherited can have O_NONBLOCK
 * set by whoever shares it (the flag belongs to the open file, not to
 * this process, so it is not ours to clear): EAGAIN waits in poll(2) for
 * the descriptor to be ready, EINTR retries.
 */
#ifndef TLSTRACE_FDIO_H
#define TLSTRACE_FDIO_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Reads up to len bytes; returns bytes read, 0 at the end, -1 on error. */
ssize_t fd_read(int fd, void *buf, size_t len);

/* Writes all len bytes; returns 0, or -1 with errno set. */
int fd_write_all(int fd, const void *buf, size_t len);

/*
 * A fully buffered stream that writes to fd with fd_write_all, or NULL
 * (errno set).  fclose() flushes it and leaves fd open.
 */
FILE *fd_stream(int fd);

#endif
