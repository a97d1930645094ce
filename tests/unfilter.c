/*
 * unfilter.c: test helper for --filter.  Reads a filtered message on
 * stdin, checks the field that tlstrace added and writes the message
 * without it on stdout, so that the result can be compared byte for byte
 * with the original.
 *
 *   unfilter NAME          the field must be there
 *   unfilter -n NAME       no field must have been added
 *
 * The field is the first line (after a leading "From " line and an mboxrd
 * ">From " line after it) when it
 * starts with "NAME:", with its continuation lines.  Checked: printable
 * ASCII only, no line longer than 78 columns, every line ended like the
 * message's first line (CRLF, LF or bare CR), a verdict first.  With -v,
 * the unfolded value goes to stderr.  Exit 0 when all holds, 1 otherwise
 * (with a reason on stderr).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints a reason and exits with status 1. */
static void __attribute__((noreturn))
bad(const char *why)
{
	(void)fprintf(stderr, "unfilter: %s\n", why);
	exit(1);
}

/* Returns the length of the line at p including its end, given eol. */
static size_t
line_len(const char *p, size_t len, const char *eol)
{
	size_t i, elen = strlen(eol);

	for (i = 0; i + elen <= len; i++) {
		if (memcmp(p + i, eol, elen) == 0)
			return i + elen;
	}
	return len;
}

int
main(int argc, char *argv[])
{
	const char *name, *eol, *value_start;
	char *buf = NULL;
	size_t len = 0, cap = 0, from = 0, pos, ll, nlen, i;
	bool none = false, verbose = false;
	int ch;

	while (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
		if (strcmp(argv[1], "-n") == 0)
			none = true;
		else if (strcmp(argv[1], "-v") == 0)
			verbose = true;
		else
			bad("usage: unfilter [-nv] NAME");
		argc--;
		argv++;
	}
	if (argc != 2)
		bad("usage: unfilter [-nv] NAME");
	name = argv[1];
	nlen = strlen(name);
	while ((ch = getchar()) != EOF) {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				bad("out of memory");
		}
		buf[len++] = (char)ch;
	}
	if (len == 0) {
		if (none)
			return 0;
		bad("empty output");
	}
	/* The line ending of the first line. */
	eol = "\n";
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			break;
		if (buf[i] == '\r') {
			eol = i + 1 < len && buf[i + 1] == '\n' ? "\r\n" : "\r";
			break;
		}
	}
	if (len >= 5 && memcmp(buf, "From ", 5) == 0) {
		from = line_len(buf, len, eol);
		/* mboxrd: the message's own From line, quoted, stays too. */
		for (i = from; i < len && buf[i] == '>'; i++)
			;
		if (i > from && len - i >= 5 && memcmp(buf + i, "From ", 5) == 0)
			from += line_len(buf + from, len - from, eol);
	}
	/* Lines of spaces and tabs before the header stay above the field. */
	for (;;) {
		for (i = from; i < len && (buf[i] == ' ' || buf[i] == '\t'); i++)
			;
		if (i == from || len - i < strlen(eol) ||
		    memcmp(buf + i, eol, strlen(eol)) != 0)
			break;
		from = i + strlen(eol);
	}
	if (none) {
		if (len - from > nlen && strncasecmp(buf + from, name,
		    nlen) == 0 && buf[from + nlen] == ':')
			bad("a field was added");
		(void)fwrite(buf, 1, len, stdout);
		return 0;
	}
	if (len - from <= nlen || strncmp(buf + from, name, nlen) != 0 ||
	    buf[from + nlen] != ':')
		bad("no field at the top");
	value_start = buf + from + nlen + 1;
	while (*value_start == ' ')
		value_start++;
	if (strncmp(value_start, "pass;", 5) != 0 &&
	    strncmp(value_start, "fail;", 5) != 0 &&
	    strncmp(value_start, "unknown;", 8) != 0)
		bad("the value does not start with a verdict");
	pos = from;
	do {
		ll = line_len(buf + pos, len - pos, eol);
		if (ll < strlen(eol) || memcmp(buf + pos + ll - strlen(eol),
		    eol, strlen(eol)) != 0)
			bad("a field line does not end like the message");
		if (ll - strlen(eol) > 78)
			bad("a field line is longer than 78 columns");
		for (i = 0; i < ll - strlen(eol); i++) {
			unsigned char c = (unsigned char)buf[pos + i];

			if (c < ' ' || c > '~')
				bad("a field byte is not printable ASCII");
		}
		if (verbose) {
			(void)fwrite(buf + pos, 1, ll - strlen(eol), stderr);
			if (pos + ll < len && buf[pos + ll] != ' ')
				(void)fputc('\n', stderr);
		}
		pos += ll;
	} while (pos < len && buf[pos] == ' ');
	(void)fwrite(buf, 1, from, stdout);
	(void)fwrite(buf + pos, 1, len - pos, stdout);
	free(buf);
	return fflush(stdout) == 0 ? 0 : 1;
}
