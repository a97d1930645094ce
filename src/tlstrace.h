/*
 * tlstrace.h: the shared model of the pipeline.
 *
 *   input -> extract -> parse -> evidence -> classify -> verdict -> report
 *
 * A struct chain holds everything known about one message: its Received
 * fields as hops (index 0 = oldest, the bottom-most field), message-level
 * facts, diagnostics, findings and the verdict.  Every struct span points
 * into the chain's own buffer (chain->buf) and is valid while the chain
 * lives; spans are never freed one by one.  All text in spans is untrusted
 * data copied from the message.
 */
#ifndef TLSTRACE_H
#define TLSTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"

/*
 * Limits on work per message.  Hitting one is a diagnostic, never an
 * abort: the rest of the message is still analysed.  RECEIVED_MAX is as
 * in OpenSMTPD, CLAUSE_MAX and COMMENT_MAX as in rspamd.
 */
#define RECEIVED_MAX		100	/* Received fields analysed */
#define RECEIVED_MAX_BYTES	65536	/* bytes of one unfolded field */
#define HEADER_BLOCK_MAX	(8u * 1024 * 1024) /* header block bytes read */
#define TOKEN_MAX		1024	/* tokens examined in one field */
#define CLAUSE_MAX		64	/* clauses in one field */
#define COMMENT_MAX		64	/* comments kept per field */
#define COMMENT_DEPTH_MAX	32	/* comment nesting depth */
#define EVIDENCE_MAX		16	/* evidence items kept per hop */
#define RULE_MATCH_MAX		64	/* matches examined per hop */
#define DIAG_MAX		128	/* diagnostics kept per message */

/* Hop dates (seconds): how far back a date may go, how long a hop may take. */
#define CLOCK_SKEW_MAX		300	/* older than the hop before:
					   clock-skew */
#define LONG_DELAY_MIN		3600	/* slower: long-delay */

/* A slice of the chain buffer: untrusted bytes, not NUL-terminated. */
struct span {
	const char *p;
	size_t len;
};

#define SPAN_IS_SET(s) ((s).p != NULL)

struct cipher_info;		/* cipher.h */

enum clause_kind {
	CLAUSE_NONE = 0,	/* text before the first clause keyword */
	CLAUSE_FROM,
	CLAUSE_BY,
	CLAUSE_VIA,
	CLAUSE_WITH,
	CLAUSE_ID,
	CLAUSE_FOR,
	CLAUSE_TLS,		/* "tls" cipher-suite (RFC 8314 4.3) */
	CLAUSE_COUNT
};

/* One clause of a Received field: "with ESMTPS", "by mx.example.org". */
struct clause {
	bool present;
	struct span text;	/* keyword through the clause's last token */
	struct span value;	/* first through last non-comment token */
	struct span first;	/* the first non-comment token */
};

/* One comment of a Received field. */
struct comment {
	struct span text;	/* inner text, without the outer parentheses */
	enum clause_kind clause; /* the clause it appears in */
	bool tcpinfo;		/* the from clause's TCP-info comment */
};

/* The syntax of one Received field; no TLS judgement here. */
struct received {
	struct span raw;	/* the unfolded field value */
	struct clause clause[CLAUSE_COUNT];
	struct comment comment[COMMENT_MAX];
	size_t ncomments;
	struct span helo;	/* the name the client gave */
	struct span rdns;	/* the reverse DNS name, from TCP-info */
	struct span ip;		/* the connecting address as written */
	struct span local_literal; /* TCP-info's "[local]" (OpenSMTPD) */
	struct span date_text;	/* after the ';', trimmed */
	bool has_date;
	int64_t date;		/* seconds since the epoch, UTC */
	int tzoff;		/* minutes east of UTC, as written */
};

enum tls_state {
	TLSSTATE_UNKNOWN = 0,	/* no evidence either way */
	TLSSTATE_YES,		/* a TLS mark */
	TLSSTATE_NO,		/* a plaintext protocol with no TLS mark */
	TLSSTATE_LOCAL		/* a hand-off with no network transfer */
};

enum tls_version {
	TLSVER_NONE = 0,
	TLSVER_SSL2,
	TLSVER_SSL3,
	TLSVER_TLS10,
	TLSVER_TLS11,
	TLSVER_TLS12,
	TLSVER_TLS13
};

enum hop_scope {
	SCOPE_UNKNOWN = 0,	/* no connecting address and no local mark */
	SCOPE_PUBLIC,		/* globally reachable address */
	SCOPE_PRIVATE,		/* not globally reachable */
	SCOPE_LOOPBACK,		/* 127.0.0.0/8, ::1 */
	SCOPE_LOCAL		/* a hand-off inside one host */
};

enum verified {
	VERIFIED_UNKNOWN = 0,
	VERIFIED_YES,
	VERIFIED_NO
};

enum trust {
	TRUST_UNKNOWN = 0,
	TRUST_ATTESTED,		/* written by one of our own MTAs */
	TRUST_CLAIMED		/* written upstream: forgeable */
};

enum severity {
	SEVERITY_INFO = 0,
	SEVERITY_WARNING,
	SEVERITY_ERROR
};

enum verdict {
	VERDICT_UNKNOWN = 0,
	VERDICT_PASS,
	VERDICT_FAIL
};

/*
 * Why the verdict is what it is.  verdict.c decides it once; the text and
 * JSON reports, the TLS-Trace field and the summary only say it.
 */
enum verdict_reason {
	REASON_NO_RECEIVED = 0,	/* unknown: the message has no
				   Received field */
	REASON_NONE_JUDGED,	/* unknown: no hop is in scope */
	REASON_NO_EVIDENCE,	/* unknown: the offender shows no TLS
				   evidence either way */
	REASON_VERSION_UNSTATED, /* unknown: the offender used TLS but states
				   no version, so --min-tls cannot be checked */
	REASON_ALL_TLS,		/* pass: every judged hop used TLS */
	REASON_PLAINTEXT,	/* fail: the offender did not use TLS */
	REASON_BELOW_MIN_TLS	/* fail: the offender used TLS below
				   --min-tls */
};

/* Why a hop was judged as it was: a rule name and the text that matched. */
struct evidence {
	const char *rule;	/* borrowed: static or owned by the ruleset */
	struct span text;
};

struct hop {
	struct received rcv;
	unsigned index;		/* 1 = oldest hop */
	bool has_addr;
	struct netaddr addr;
	char ip[NETADDR_TEXT_MAX]; /* canonical text of addr, or "" */
	enum hop_scope scope;
	const char *scope_why;	/* static: the deciding range or mark */
	unsigned proto;		/* PROTO_* flags of the with keyword */
	enum tls_state tls;
	enum tls_version version; /* as stated; NONE when not, or when only
				   * a cipher family ("TLSv1/SSLv3") is named */
	enum tls_version version_at_least; /* the least version the field
				   * proves: version, or the oldest version
				   * the cipher exists in if TLS 1.2 or
				   * later; NONE when nothing is proved */
	struct span cipher;
	const struct cipher_info *suite; /* cipher.h: the cipher's table
				   * entry, or NULL for an unknown name */
	int bits;		/* -1 when not stated */
	enum verified verified;
	struct evidence evidence[EVIDENCE_MAX];
	size_t nevidence;
	bool has_delay;
	int64_t delay;		/* seconds since the previous hop */
	enum trust trust;
	struct span auth;	/* what says the client authenticated (the with
				   keyword or a comment), or unset (trust.c) */
	bool judged;		/* counted by the verdict */
};

/* A data anomaly or a finding, shown in the report. */
struct diag {
	const char *code;	/* stable id, e.g. "plaintext-public-hop" */
	enum severity severity;
	unsigned hop;		/* hop index, 0 = the message as a whole */
	char *text;		/* owned; may quote untrusted bytes */
};

struct diaglist {
	struct diag *v;
	size_t n;
	size_t cap;
	size_t dropped;		/* entries not kept past DIAG_MAX */
};

/* End-to-end protection of the body, from its MIME structure and text. */
enum body_protection {
	BODY_UNKNOWN = 0,
	BODY_PLAIN,		/* no end-to-end encryption seen */
	BODY_SMIME,		/* S/MIME enveloped or authEnveloped data */
	BODY_PGP,		/* PGP/MIME: multipart/encrypted (RFC 3156) */
	BODY_PGP_INLINE,	/* an armored OpenPGP message in a text part */
	BODY_ENCRYPTED_OTHER	/* multipart/encrypted, another protocol */
};

struct chain {
	char *buf;		/* owns every span below */
	size_t buflen;
	struct hop *hop;	/* hop[0] is the oldest */
	size_t nhops;
	size_t nreceived;	/* Received fields, even past RECEIVED_MAX */
	struct span message_id;
	struct span tls_required; /* RFC 8689 TLS-Required field value */
	enum body_protection body;
	bool body_part;		/* it protects one part, not all */
	struct diaglist diags;	/* data anomalies */
	struct diaglist findings; /* judgements */
	/* The verdict and the facts behind it, set by verdict_compute. */
	enum verdict verdict;
	enum verdict_reason reason;
	unsigned first_offender; /* the oldest judged hop that decided the
				   verdict (fail or unknown), or 0 */
	size_t njudged;		/* hops in scope */
	size_t ntls;		/* hops that used TLS, judged or not */
	unsigned first_plaintext; /* the oldest judged plaintext hop, or 0 */
	enum tls_version lowest; /* the lowest version a hop states */
};

struct trustlist;		/* trust.h */

/*
 * How a chain is judged: the analysis policy, the only setting the
 * pipeline stages see.  Built by main.c from the command line; how the
 * result is read in or written out (format, filter field, summary) is
 * the business of the modules that do it.
 */
struct policy {
	enum tls_version min_tls; /* hops below it fail; TLSVER_NONE = off */
	bool attested_only;	/* judge only the hops our side wrote */
	bool all_hops;		/* judge private hops and LMTP too */
	/* Borrowed; NULL: infer the boundary. */
	const struct trustlist *trusted;
};

#endif
