/*
 * summary_text.c: the summary of --summary for people.  The first lines
 * answer the postmaster's question, who reaches us over plaintext or a
 * downgraded path, from the hops our own servers wrote; upstream claims
 * and the totals come after.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "report.h"
#include "summary.h"
#include "util.h"

/*
 * A share as a percentage in cell: "0%", "<1%", "37%", ">99%", "100%":
 * never 0% or 100% unless it is exactly that.
 */
static const char *
share_text(char cell[8], unsigned long long part, unsigned long long whole)
{
	double pct;

	if (whole == 0 || part == 0)
		(void)snprintf(cell, 8, "0%%");
	else if ((pct = 100.0 * (double)part / (double)whole) < 1.0)
		(void)snprintf(cell, 8, "<1%%");
	else if (part < whole && pct >= 99.0)
		(void)snprintf(cell, 8, ">99%%");
	else
		(void)snprintf(cell, 8, "%.0f%%", pct > 100.0 ? 100.0 : pct);
	return cell;
}

/* A share in a column of five. */
static void
put_share(struct strbuf *sb, unsigned long long part,
    unsigned long long whole)
{
	char cell[8];

	strbuf_appendf(sb, "%5s", share_text(cell, part, whole));
}

/* "N what (S)": a count and its share of whole. */
static void
put_count_share(struct strbuf *sb, const char *what, unsigned long long part,
    unsigned long long whole)
{
	char cell[8];

	strbuf_appendf(sb, "%llu %s (%s)", part, what,
	    share_text(cell, part, whole));
}

/* True when a sender row reached us over plaintext, downgraded or old. */
static bool
is_exposed(const struct summary_row *r)
{
	return r->n[SENDER_PLAINTEXT] > 0 || r->n[SENDER_DOWNGRADED] > 0 ||
	    r->n[SENDER_DEPRECATED] > 0;
}

/* Appends the exposed rows of a sender table, at most SUMMARY_TOP. */
static void
put_senders(struct strbuf *sb, const struct summary *s, enum summary_table t)
{
	struct summary_row *rows, others;
	size_t i, n, shown = 0, exposed = 0;

	rows = summary_rows(s, t, &n, &others);
	for (i = 0; i < n; i++)
		exposed += is_exposed(&rows[i]);
	strbuf_appendf(sb, "  by %s: %zu of %zu %s\n", t == SUMMARY_SENDERS ?
	    "connecting host (its reverse name, else its address)" :
	    "registrable domain of the reverse name", exposed, n,
	    t == SUMMARY_SENDERS ? "hosts" : "domains");
	if (exposed > 0)
		strbuf_appends(sb, "    messages  plaintext  downgraded  "
		    "deprecated  sender\n");
	for (i = 0; i < n && shown < SUMMARY_TOP; i++) {
		const struct summary_row *r = &rows[i];

		if (!is_exposed(r))
			continue;
		shown++;
		strbuf_appendf(sb, "    %8llu  %4llu", r->n[SENDER_MESSAGES],
		    r->n[SENDER_PLAINTEXT]);
		put_share(sb, r->n[SENDER_PLAINTEXT], r->n[SENDER_MESSAGES]);
		strbuf_appendf(sb, "  %5llu", r->n[SENDER_DOWNGRADED]);
		put_share(sb, r->n[SENDER_DOWNGRADED], r->n[SENDER_MESSAGES]);
		strbuf_appendf(sb, "  %5llu", r->n[SENDER_DEPRECATED]);
		put_share(sb, r->n[SENDER_DEPRECATED], r->n[SENDER_MESSAGES]);
		strbuf_appends(sb, "  ");
		escape_terminal(sb, r->name, strlen(r->name));
		strbuf_appendc(sb, '\n');
	}
	if (exposed > shown)
		strbuf_appendf(sb, "    (%zu more)\n", exposed - shown);
	if (others.n[SENDER_MESSAGES] > 0)
		strbuf_appendf(sb, "    %8llu messages from %s not kept "
		    "(more than %d names)\n", others.n[SENDER_MESSAGES],
		    t == SUMMARY_SENDERS ? "hosts" : "domains",
		    SUMMARY_NAMES_MAX);
	free(rows);
}

/* Appends the downgraded paths, most first, at most SUMMARY_TOP. */
static void
put_downgrades(struct strbuf *sb, const struct summary *s)
{
	struct summary_row *rows, others;
	const char *relay, *receiver;
	size_t i, n, rlen, clen;

	rows = summary_rows(s, SUMMARY_DOWNGRADES, &n, &others);
	strbuf_appendf(sb, "downgraded paths (a relay received over TLS and "
	    "passed on in plaintext):%s\n", n == 0 &&
	    others.n[DOWNGRADE_PATHS] == 0 ? " none" : "");
	if (n > 0)
		strbuf_appends(sb, "       times  ours  relay -> next hop\n");
	for (i = 0; i < n && i < SUMMARY_TOP; i++) {
		summary_path_split(rows[i].name, &relay, &rlen, &receiver,
		    &clen);
		strbuf_appendf(sb, "    %8llu  %4llu  ",
		    rows[i].n[DOWNGRADE_PATHS], rows[i].n[DOWNGRADE_ATTESTED]);
		escape_terminal(sb, relay, rlen);
		strbuf_appends(sb, " -> ");
		escape_terminal(sb, receiver, clen);
		strbuf_appendc(sb, '\n');
	}
	if (n > SUMMARY_TOP)
		strbuf_appendf(sb, "    (%zu more)\n", n - SUMMARY_TOP);
	if (others.n[DOWNGRADE_PATHS] > 0)
		strbuf_appendf(sb, "    %8llu on paths not kept\n",
		    others.n[DOWNGRADE_PATHS]);
	free(rows);
}

/* Appends the plaintext hops by sending host, upstream claims marked. */
static void
put_plaintext_hosts(struct strbuf *sb, const struct summary *s)
{
	struct summary_row *rows, others;
	size_t i, n;

	rows = summary_rows(s, SUMMARY_PLAINTEXT_HOSTS, &n, &others);
	strbuf_appendf(sb, "plaintext hops by sending host, every judged "
	    "hop:%s\n", n == 0 && others.n[PLAIN_HOPS] == 0 ? " none" : "");
	if (n > 0)
		strbuf_appends(sb, "        hops  claimed  host\n");
	for (i = 0; i < n && i < SUMMARY_TOP; i++) {
		strbuf_appendf(sb, "    %8llu  %7llu  ", rows[i].n[PLAIN_HOPS],
		    rows[i].n[PLAIN_CLAIMED]);
		escape_terminal(sb, rows[i].name, strlen(rows[i].name));
		strbuf_appendc(sb, '\n');
	}
	if (n > SUMMARY_TOP)
		strbuf_appendf(sb, "    (%zu more)\n", n - SUMMARY_TOP);
	if (others.n[PLAIN_HOPS] > 0)
		strbuf_appendf(sb, "    %8llu  %7llu  (others)\n",
		    others.n[PLAIN_HOPS], others.n[PLAIN_CLAIMED]);
	free(rows);
}

/* Appends a side of the trust boundary: "N judged hops: ...". */
static void
put_side(struct strbuf *sb, const struct summary_hops *h)
{
	strbuf_appendf(sb, "%llu judged hops, ", h->hops);
	put_count_share(sb, "plaintext", h->plaintext, h->hops);
	strbuf_appends(sb, ", ");
	put_count_share(sb, "deprecated TLS", h->deprecated, h->hops);
	strbuf_appendc(sb, '\n');
}

int
report_text_summary(FILE *out, const struct summary *s)
{
	static const enum tls_version versions[] = { TLSVER_TLS13,
	    TLSVER_TLS12, TLSVER_TLS11, TLSVER_TLS10, TLSVER_SSL3,
	    TLSVER_SSL2, TLSVER_NONE };
	const unsigned long long *in = s->inbound;
	struct summary_row *codes, others;
	struct strbuf sb;
	size_t i, n;
	int rc;

	strbuf_init(&sb);
	strbuf_appendf(&sb, "summary: %llu messages: %llu pass, %llu fail, "
	    "%llu unknown", s->messages, s->verdict[VERDICT_PASS],
	    s->verdict[VERDICT_FAIL], s->verdict[VERDICT_UNKNOWN]);
	if (s->errors > 0)
		strbuf_appendf(&sb, "; %llu inputs not analysed", s->errors);
	strbuf_appendf(&sb, "\ninto our MX (the oldest hop our side wrote): "
	    "%llu messages, ", in[SENDER_MESSAGES]);
	put_count_share(&sb, "plaintext", in[SENDER_PLAINTEXT],
	    in[SENDER_MESSAGES]);
	strbuf_appends(&sb, ", ");
	put_count_share(&sb, "downgraded on the way", in[SENDER_DOWNGRADED],
	    in[SENDER_MESSAGES]);
	strbuf_appends(&sb, ", ");
	put_count_share(&sb, "deprecated TLS", in[SENDER_DEPRECATED],
	    in[SENDER_MESSAGES]);
	strbuf_appends(&sb, "\nwho reaches us over plaintext, a downgraded "
	    "path or deprecated TLS:\n");
	put_senders(&sb, s, SUMMARY_SENDERS);
	put_senders(&sb, s, SUMMARY_SENDER_DOMAINS);
	put_downgrades(&sb, s);
	strbuf_appends(&sb, "hops our side wrote (attested): ");
	put_side(&sb, &s->attested);
	strbuf_appends(&sb, "hops upstream claims (forgeable): ");
	put_side(&sb, &s->claimed);
	strbuf_appendf(&sb, "hops: %llu: %llu tls, %llu plaintext, "
	    "%llu local, %llu unknown\n", s->hops, s->state[TLSSTATE_YES],
	    s->state[TLSSTATE_NO], s->state[TLSSTATE_LOCAL],
	    s->state[TLSSTATE_UNKNOWN]);
	strbuf_appends(&sb, "tls hops by version:");
	for (i = 0; i < sizeof versions / sizeof versions[0]; i++) {
		if (s->version[versions[i]] == 0)
			continue;
		strbuf_appendf(&sb, " %s %llu,", versions[i] == TLSVER_NONE ?
		    "not stated" : tlsver_name(versions[i]),
		    s->version[versions[i]]);
	}
	if (sb.data[sb.len - 1] == ',')
		sb.len--;
	else
		strbuf_appends(&sb, " none");
	strbuf_appendc(&sb, '\n');
	put_plaintext_hosts(&sb, s);
	codes = summary_rows(s, SUMMARY_CODES, &n, &others);
	strbuf_appendf(&sb, "findings:%s\n", n == 0 ? " none" : "");
	for (i = 0; i < n; i++) {
		strbuf_appendf(&sb, "    %8llu  ", codes[i].n[0]);
		escape_terminal(&sb, codes[i].name, strlen(codes[i].name));
		strbuf_appendc(&sb, '\n');
	}
	free(codes);
	rc = fwrite(sb.data, 1, sb.len, out) == sb.len ? 0 : -1;
	strbuf_clear(&sb);
	return rc;
}
