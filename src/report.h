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
	const char *file;	/* as named on the command line; "-": stdin */
	size_t number;		/* 1 for the input's first message */
	bool in_mbox;
	uint64_t offset;	/* byte offset in the input */
};

#define JSON_SCHEMA_VERSION 1

enum output_format {
	FORMAT_TEXT = 0,
	FORMAT_JSON,		/* one indented object per message */
	FORMAT_NDJSON,		/* one compact object per line */
	FORMAT_HTML		/* one page for the run (report_html.c) */
};

/* How the reports are written. */
struct report_options {
	enum output_format format;
	bool verbose;		/* text: evidence under each hop */
	bool color;		/* text: colour the verdict and TLS states */
	unsigned width;		/* text: columns to fit; 0 is 80 */
	const struct policy *policy; /* the one the verdicts were reached
					under, for the verdict sentence */
};

struct strbuf;

/* Appends the text report of one message to out. */
void report_text_render(struct strbuf *out, const struct chain *c,
    const struct msgmeta *m, const struct report_options *ro);

/*
 * Appends the JSON report of one message to out: indented, or one compact
 * line for ndjson and mbox input.  Returns 0, or -1 when jansson could
 * not encode it (nothing is appended then).
 */
int report_json_render(struct strbuf *out, const struct chain *c,
    const struct msgmeta *m, const struct report_options *ro);

/*
 * The verdict in one sentence (report_verdict.c), for the text and JSON
 * reports: the chain's reason, naming its first offender with the
 * evidence that decided it, appended to sb terminal-safe (the hop's names
 * are escaped).
 */
void report_verdict_sentence(struct strbuf *sb, const struct chain *c,
    const struct policy *policy);

/* The hops a policy judges, in words ("public hop", "hop between hosts"). */
const char *report_scope_words(const struct policy *policy);

/*
 * The TLS-Trace field of filter mode (report_field.c).  Its value is
 * printable ASCII: host names from the message are cut to FIELD_NAME_MAX
 * bytes of letters, digits and ". - _ : [ ]", anything else becoming '?'.
 */
#define FIELD_FOLD_WIDTH	78	/* RFC 5322 section 2.1.1 */
#define FIELD_NAME_MAX		63	/* bytes of a host name kept */

/*
 * Appends the field value for an analysed message: verdict first; the
 * reason of an unknown verdict names the hops the policy judges.
 */
void field_value(struct strbuf *sb, const struct chain *c,
    const struct policy *policy);

/* Appends an "unknown" field value with a reason (static, ASCII). */
void field_value_unknown(struct strbuf *sb, const char *reason);

/*
 * Appends "name: value" to sb, folded at the spaces of value so that no
 * line is longer than FIELD_FOLD_WIDTH where that is possible (a word
 * longer than a line is split after a comma when it has one), every line
 * ended by eol.  value must be printable ASCII.
 */
void field_fold(struct strbuf *sb, const char *name, const char *value,
    const char *eol);

/*
 * Writes the aggregate figures of --summary; returns 0, or -1 on write
 * error.  Host names are escaped like every other byte from a message.
 */
struct summary;
int report_text_summary(FILE *out, const struct summary *s);
int report_json_summary(FILE *out, const struct summary *s);

/*
 * --format=html (report_html.c): one self-contained page for the whole
 * run, written by html_report_finish once every message was added: one
 * message's path, or a mailbox's summary, table of messages and the
 * first HTML_DETAIL_PER_VERDICT messages of each verdict in detail.
 * Memory is bounded: past that, messages are only counted.
 */
struct html_report;
struct html_report *html_report_new(const struct report_options *ro,
    bool summary_only);
void html_report_add(struct html_report *r, const struct chain *c,
    const struct msgmeta *m);
/* Counts an input that was not a message. */
void html_report_add_error(struct html_report *r);
/* Writes the page; returns 0, or -1 on write error. */
int html_report_finish(struct html_report *r, FILE *out);
void html_report_free(struct html_report *r);
/* Appends untrusted bytes as HTML text: terminal-safe, then entities. */
void report_html_escape(struct strbuf *sb, const char *s, size_t len);

#endif
