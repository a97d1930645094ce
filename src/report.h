/*
 * report.h: the two reporters, text for people and JSON for programs.
 * Both print every byte that came from a message through escape.h: the
 * text report makes it terminal-safe, the JSON report valid UTF-8.
 */
#ifndef TLSTRACE_REPORT_H
#define TLSTRACE_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "tlstrace.h"

/* Where a message came from. */
struct msgmeta {
	const char *file;	/* as named on the command line, "-" for stdin */
	size_t number;		/* 1 for the input's first message */
	bool in_mbox;
	uint64_t offset;	/* byte offset in the input */
};

#define JSON_SCHEMA_VERSION 1

/* Writes the text report of one message; returns 0, or -1 on write error. */
int report_text_write(FILE *out, const struct chain *c,
    const struct msgmeta *m, const struct options *opt);

/* Writes the JSON report of one message; returns 0, or -1 on write error. */
int report_json_write(FILE *out, const struct chain *c,
    const struct msgmeta *m, const struct options *opt);

/*
 * The verdict in one sentence, naming the hop that decided it, appended to
 * sb terminal-safe (the hop's names are escaped).
 */
struct strbuf;
void report_verdict_sentence(struct strbuf *sb, const struct chain *c,
    const struct options *opt);

/*
 * Writes the aggregate figures of --summary; returns 0, or -1 on write
 * error.  Host names are escaped like every other byte from a message.
 */
struct summary;
int report_text_summary(FILE *out, const struct summary *s);
int report_json_summary(FILE *out, const struct summary *s);

#endif
