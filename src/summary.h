/*
 * summary.h: aggregate figures over many messages, for --summary, built to
 * answer a postmaster's question first: who reaches us over plaintext or
 * a downgraded path.
 *
 * The hop into our MX is the oldest hop our own servers wrote (attested,
 * trust.h): its connecting address and reverse name were recorded by us,
 * so senders are ranked by those, never by the HELO name the client
 * chose.  Older hops are upstream claims, which anyone can forge; they
 * are counted apart.
 *
 * Every figure is a sum, so summaries of shards of an archive add up to
 * the summary of the whole (summary_count, --merge-summaries).  The tables
 * are kept whole, not only their top rows, so that the merge is exact:
 * each table keeps at most SUMMARY_NAMES_MAX distinct names; the figures
 * of further names go to the table's "others" row.  A merge is exact while
 * no table of the whole has more names than that.
 */
#ifndef TLSTRACE_SUMMARY_H
#define TLSTRACE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tlstrace.h"

#define SUMMARY_NAMES_MAX	65536	/* distinct names a table keeps */
#define SUMMARY_TOP		10	/* rows of a text-report table */
#define SUMMARY_NAME_MAX	255	/* bytes of a name kept */
#define SUMMARY_FIELDS		4	/* figures per row */

/*
 * The separator of a downgrade row's two names (relay, receiver); the
 * byte never appears in a kept name (it is written as a space).
 */
#define SUMMARY_PATH_SEP	'\x1f'

enum summary_table {
	/* The hop into our MX, by sending host: SENDER_* figures. */
	SUMMARY_SENDERS = 0,
	/* The same, by registrable domain of the host's reverse name. */
	SUMMARY_SENDER_DOMAINS,
	/* Every judged plaintext hop, by sending host: PLAIN_* figures. */
	SUMMARY_PLAINTEXT_HOSTS,
	/* The same, by registrable domain. */
	SUMMARY_PLAINTEXT_DOMAINS,
	/* TLS dropped: "relay SEP receiver", DOWNGRADE_* figures. */
	SUMMARY_DOWNGRADES,
	/* Findings by code: figure 0 is the count. */
	SUMMARY_CODES,
	SUMMARY_TABLES
};

/* The figures of a sender row (SUMMARY_SENDERS, SUMMARY_SENDER_DOMAINS). */
enum {
	SENDER_MESSAGES = 0,	/* messages that reached us from it */
	SENDER_PLAINTEXT,	/* ... over a judged plaintext hop */
	SENDER_DEPRECATED,	/* ... over SSL or TLS 1.0/1.1 */
	SENDER_DOWNGRADED	/* ... whose path dropped TLS somewhere */
};

/* The figures of a plaintext-hop row. */
enum {
	PLAIN_HOPS = 0,		/* judged plaintext hops */
	PLAIN_CLAIMED		/* of those, upstream claims */
};

/* The figures of a downgrade row. */
enum {
	DOWNGRADE_PATHS = 0,	/* plaintext hops after a TLS hop */
	DOWNGRADE_ATTESTED	/* of those, written by our side */
};

/* One row of a table; name is borrowed from the summary. */
struct summary_row {
	const char *name;	/* NUL-terminated; NULL for "others" */
	unsigned long long n[SUMMARY_FIELDS];
};

/* Judged hops on one side of the trust boundary. */
struct summary_hops {
	unsigned long long hops;
	unsigned long long plaintext;
	unsigned long long deprecated;	/* SSL or TLS 1.0/1.1 */
};

struct counter;			/* bounded table of names (summary.c) */
struct regdomain;		/* regdomain.h */

struct summary {
	unsigned long long messages;	/* analysed */
	unsigned long long errors;	/* not analysed: not a message */
	unsigned long long verdict[3];	/* by enum verdict */
	unsigned long long hops;
	unsigned long long state[4];	/* by enum tls_state */
	unsigned long long version[TLSVER_TLS13 + 1]; /* TLS hops by version */
	unsigned long long plaintext;	/* judged plaintext hops */
	struct summary_hops attested;	/* judged hops our side wrote */
	struct summary_hops claimed;	/* judged upstream claims */
	/* Messages with a hop into our MX, as the SENDER_* figures. */
	unsigned long long inbound[SUMMARY_FIELDS];
	struct counter *table[SUMMARY_TABLES];
	struct regdomain *psl;		/* loaded at the first name */
	bool psl_tried;
};

/* A new, empty summary; free it with summary_free. */
struct summary *summary_new(void);

/* Releases a summary; accepts NULL. */
void summary_free(struct summary *s);

/* Counts one analysed message. */
void summary_add(struct summary *s, const struct chain *c);

/* Counts one input that was not a message. */
void summary_add_error(struct summary *s);

/*
 * Adds figures to the row of name (len bytes, untrusted) in a table, or
 * to its "others" row when name is NULL: how a merge adds a shard's rows.
 */
void summary_count(struct summary *s, enum summary_table t, const char *name,
    size_t len, const unsigned long long n[SUMMARY_FIELDS]);

/*
 * The rows of a table, ranked (sender tables: plaintext, then downgraded,
 * then deprecated, then messages, most first; the others: figure 0, most
 * first; ties by name), in a new array of *nrows rows that the caller
 * frees; NULL when there are none.  others gets the "others" row.
 */
struct summary_row *summary_rows(const struct summary *s,
    enum summary_table t, size_t *nrows, struct summary_row *others);

/* The number of distinct names in a table. */
size_t summary_names(const struct summary *s, enum summary_table t);

/*
 * Splits a downgrade row's name into the relay that dropped TLS and the
 * host it handed the message to, as (pointer, length) slices.
 */
void summary_path_split(const char *name, const char **relay,
    size_t *relay_len, const char **receiver, size_t *receiver_len);

/*
 * Reads the JSON written by --summary (--format=json or ndjson) from fp,
 * named file, and adds every summary object in it to s; reports of
 * messages before it are skipped.  Returns the number of summaries read,
 * or -1 with "FILE: problem" in err (summary_json.c).
 */
int summary_json_read(FILE *fp, const char *file, struct summary *s,
    char *err, size_t errsize);

#endif
