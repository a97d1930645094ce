/*
 * timeit.c: runs a command and prints its wall-clock time in seconds and
 * its peak resident set size in KiB, from wait4(2):
 *
 *	timeit [-o FILE] COMMAND [ARG ...]
 *
 * prints "SECONDS KIB" on stderr.  The command's stdout goes to FILE, or
 * to /dev/null; stdin and stderr are inherited.  Exits with 2 when the
 * command cannot be run or is killed by a signal, else 0: the benchmark
 * reads the figures, tlstrace's verdict statuses are not failures.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	const char *out = "/dev/null";
	pid_t pid;
	int status, fd, argi = 1;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = argv[2];
		argi = 3;
	}
	if (argi >= argc) {
		(void)fputs("usage: timeit [-o FILE] COMMAND [ARG ...]\n",
		    stderr);
		return 2;
	}
	if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		(void)fprintf(stderr, "timeit: %s: %s\n", out,
		    strerror(errno));
		return 2;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		(void)fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		(void)dup2(fd, STDOUT_FILENO);
		(void)close(fd);
		execvp(argv[argi], argv + argi);
		(void)fprintf(stderr, "timeit: %s: %s\n", argv[argi],
		    strerror(errno));
		_exit(127);
	}
	(void)close(fd);
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			(void)fprintf(stderr, "timeit: wait4: %s\n",
			    strerror(errno));
			return 2;
		}
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	(void)fprintf(stderr, "%.6f %ld\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss);
	if (WIFSIGNALED(status) || (WIFEXITED(status) &&
	    WEXITSTATUS(status) == 127))
		return 2;
	return 0;
}
