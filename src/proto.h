/*
 * proto.h: the table of "with" protocol keywords.
 *
 * The 18 mail transmission types of the IANA registry (RFC 3848, RFC 4356,
 * RFC 6531), matched without regard to case, plus the spellings MTAs write
 * that are not registered.  Each entry names its source.  A rule file
 * may add or override entries ("keyword" blocks, rules.h).
 */
#ifndef TLSTRACE_PROTO_H
#define TLSTRACE_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#define PROTO_KNOWN	0x001	/* the keyword is in the table */
#define PROTO_TLS	0x002	/* the keyword itself says TLS was used */
#define PROTO_PLAIN	0x004	/* network protocol; no TLS by itself */
#define PROTO_AUTH	0x008	/* the client authenticated */
#define PROTO_UTF8	0x010	/* SMTPUTF8 was used */
#define PROTO_LMTP	0x020	/* LMTP (final delivery) */
#define PROTO_LOCAL	0x040	/* local hand-off, not over a network */
#define PROTO_IANA	0x080	/* registered with IANA */
#define PROTO_ACCESS	0x100	/* a mail access or web protocol */

struct proto_entry {
	const char *keyword;	/* canonical spelling */
	unsigned flags;
	const char *source;	/* where the spelling comes from */
};

/*
 * Looks up a with-clause value.  Runs of white space in the value match a
 * single space in the table.  Returns a static entry or NULL.
 */
const struct proto_entry *proto_lookup(const char *s, size_t len);

/*
 * True when the span equals keyword without regard to ASCII case, runs of
 * white space in the span matching one space in keyword.
 */
bool proto_keyword_matches(const char *s, size_t len, const char *keyword);

/* The whole table, for documentation and tests; *count receives its size. */
const struct proto_entry *proto_table(size_t *count);

#endif
