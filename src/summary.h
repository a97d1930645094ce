/*
 * summary.h: aggregate figures over many messages, for --summary: messages
 * by verdict, hops by TLS state and version, the sending hosts and domains
 * with the most plaintext public hops, finding counts.
 *
 * Memory is bounded: at most SUMMARY_HOSTS_MAX distinct hosts (and as many
 * domains) are counted, hops from further ones go to an "others" count.
 */
#ifndef TLSTRACE_SUMMARY_H
#define TLSTRACE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "tlstrace.h"

#define SUMMARY_HOSTS_MAX	65536	/* distinct hosts (and domains) kept */
#define SUMMARY_TOP		10	/* hosts and domains listed */
#define SUMMARY_CODES_MAX	64	/* distinct finding codes kept */
#define SUMMARY_NAME_MAX	255	/* bytes of a host name kept */

/* One counted name; name is owned by the summary (untrusted bytes). */
struct summary_count {
	const char *name;
	unsigned long long n;
};

struct counter;			/* a bounded table of names (summary.c) */

struct summary {
	unsigned long long messages;	/* analysed */
	unsigned long long errors;	/* not analysed: not a message */
	unsigned long long verdict[3];	/* by enum verdict */
	unsigned long long hops;
	unsigned long long state[4];	/* by enum tls_state */
	unsigned long long version[TLSVER_TLS13 + 1]; /* TLS hops by version */
	unsigned long long plaintext;	/* plaintext public hops */
	struct counter *hosts;
	struct counter *domains;
	struct summary_count code[SUMMARY_CODES_MAX]; /* name is static */
	size_t ncodes;
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
 * Fills out with up to max of the hosts (or, with domains, the domains)
 * with the most plaintext public hops, most first, ties by name; returns
 * how many.  The names are borrowed from s.  *others, when not NULL, gets
 * the hops of hosts that were not kept.
 */
size_t summary_top(const struct summary *s, bool domains,
    struct summary_count *out, size_t max, unsigned long long *others);

/* The domain of a host name, as a (pointer, length) slice of it, or 0. */
size_t summary_domain(const char *name, size_t len, const char **dom);

#endif
