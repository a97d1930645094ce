/*
 * report_verdict.c: the verdict in one sentence (see report.h), shared by
 * the text and JSON reports.  It says what verdict_compute decided (the
 * reason, the first offender, the counts); it decides nothing.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "escape.h"
#include "names.h"
#include "report.h"
#include "util.h"

/* Code points of a hop's "from -> by" shown before it is clipped. */
#define LABEL_MAX	96

/* A short escaped "from -> by, ip; trust" label for a hop. */
static void
hop_label(struct strbuf *sb, const struct hop *h)
{
	size_t from = sb->len, i, w = 0;

	escape_span_or_mark(sb, h->rcv.helo);
	strbuf_appends(sb, " -> ");
	escape_span_or_mark(sb, h->rcv.clause[CLAUSE_BY].first);
	if (escape_text_width(sb->data + from, sb->len - from) > LABEL_MAX) {
		for (i = from; i < sb->len; i++) {
			if (((unsigned char)sb->data[i] & 0xc0) != 0x80 &&
			    ++w > LABEL_MAX - 3)
				break;
		}
		sb->len = i;
		strbuf_appends(sb, "...");
	}
	if (h->ip[0] != '\0')
		strbuf_appendf(sb, ", %s", h->ip);
	strbuf_appendf(sb, "; %s", trust_name(h->trust));
}

/* Appends ' (RULE: "TEXT")' for the evidence that decided a hop. */
static void
cite_evidence(struct strbuf *sb, const struct hop *h)
{
	const struct evidence *e = &h->evidence[0];

	if (h->nevidence == 0)
		return;
	strbuf_appendf(sb, " (%s: \"", e->rule);
	escape_terminal(sb, e->text.p, e->text.len > 80 ? 80 : e->text.len);
	strbuf_appends(sb, "\")");
}

const char *
report_scope_words(const struct policy *policy)
{
	if (policy->all_hops && policy->attested_only)
		return "hop between hosts written by our side";
	if (policy->all_hops)
		return "hop between hosts";
	if (policy->attested_only)
		return "public hop written by our side";
	return "public hop";
}

void
report_verdict_sentence(struct strbuf *sb, const struct chain *c,
    const struct policy *policy)
{
	const struct hop *h = chain_hop(c, c->first_offender);

	strbuf_appendf(sb, "%s: ", verdict_name(c->verdict));
	if (h != NULL) {
		strbuf_appendf(sb, "hop %u (", h->index);
		hop_label(sb, h);
		strbuf_appendc(sb, ')');
	}
	switch (c->reason) {
	case REASON_ALL_TLS:
		strbuf_appendf(sb, "every %s (%zu) used TLS",
		    report_scope_words(policy), c->njudged);
		break;
	case REASON_PLAINTEXT:
		if (h != NULL && h->scope == SCOPE_PUBLIC)
			strbuf_appends(sb, " went between public addresses "
			    "without TLS");
		else
			strbuf_appendf(sb, " crossed a %s network without TLS",
			    h != NULL ? scope_name(h->scope) : "?");
		if (h != NULL)
			cite_evidence(sb, h);
		break;
	case REASON_BELOW_MIN_TLS:
		strbuf_appendf(sb, " used TLS below %s",
		    tlsver_name(policy->min_tls) != NULL ?
		    tlsver_name(policy->min_tls) : "the minimum");
		break;
	case REASON_NO_RECEIVED:
		strbuf_appends(sb, "the message has no Received fields");
		break;
	case REASON_NONE_JUDGED:
		strbuf_appendf(sb, "no hop to judge: none is known to be a %s "
		    "over a network", report_scope_words(policy));
		break;
	case REASON_NO_EVIDENCE:
		strbuf_appends(sb, " gives no evidence of TLS either way");
		break;
	case REASON_VERSION_UNSTATED:
		strbuf_appends(sb, " does not state its TLS version, so "
		    "--min-tls cannot be checked");
		break;
	}
}
