/*
 * report_text.c: the report a postmaster reads at a glance.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "proto.h"
#include "report.h"
#include "util.h"

/* Widest a column may grow before its text is clipped. */
#define COLUMN_MAX	48

/* Display width of UTF-8 text: code points, not bytes. */
static size_t
text_width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* Appends a span, escaped, or "?" when it is not set. */
static void
put_span(struct strbuf *sb, struct span s)
{
	if (SPAN_IS_SET(s) && s.len > 0)
		escape_terminal(sb, s.p, s.len);
	else
		strbuf_appendc(sb, '?');
}

/* Clips escaped text to max code points, marking the cut with "...". */
static void
clip(struct strbuf *sb, size_t from, size_t max)
{
	size_t i, w = 0;

	if (text_width(sb->data + from, sb->len - from) <= max)
		return;
	for (i = from; i < sb->len; i++) {
		if (((unsigned char)sb->data[i] & 0xc0) != 0x80 &&
		    ++w > max - 3)
			break;
	}
	sb->len = i;
	strbuf_appends(sb, "...");
}

/* The cells of one hop row. */
struct row {
	struct strbuf route, addr, with, trust, tls;
};

/* Fills a row's cells for a hop. */
static void
fill_row(struct row *r, const struct hop *h)
{
	put_span(&r->route, h->rcv.helo);
	strbuf_appends(&r->route, " -> ");
	put_span(&r->route, h->rcv.clause[CLAUSE_BY].first);
	clip(&r->route, 0, COLUMN_MAX);

	if (h->ip[0] != '\0')
		strbuf_appendf(&r->addr, "%s (%s)", h->ip,
		    scope_name(h->scope));
	else
		strbuf_appendf(&r->addr, "(%s)", scope_name(h->scope));

	if (SPAN_IS_SET(h->rcv.clause[CLAUSE_WITH].value))
		escape_terminal(&r->with, h->rcv.clause[CLAUSE_WITH].value.p,
		    h->rcv.clause[CLAUSE_WITH].value.len);
	else
		strbuf_appendc(&r->with, '-');
	clip(&r->with, 0, 24);

	strbuf_appends(&r->trust, trust_name(h->trust));

	strbuf_appends(&r->tls, tlsstate_name(h->tls));
	if (h->version != TLSVER_NONE)
		strbuf_appendf(&r->tls, " %s", tlsver_name(h->version));
	else if (h->version_at_least != TLSVER_NONE)
		strbuf_appendf(&r->tls, " >=%s",
		    tlsver_name(h->version_at_least));
	if (SPAN_IS_SET(h->cipher)) {
		strbuf_appendc(&r->tls, ' ');
		escape_terminal(&r->tls, h->cipher.p, h->cipher.len);
	}
	if (h->bits >= 0)
		strbuf_appendf(&r->tls, " %d bits", h->bits);
	if (h->verified != VERIFIED_UNKNOWN)
		strbuf_appendf(&r->tls, " verified=%s",
		    verified_name(h->verified));
}

/* Appends text padded with spaces to width code points. */
static void
pad(struct strbuf *sb, const struct strbuf *cell, size_t width)
{
	size_t w = text_width(cell->data ? cell->data : "", cell->len);

	strbuf_append(sb, cell->data ? cell->data : "", cell->len);
	for (; w < width; w++)
		strbuf_appendc(sb, ' ');
}

/* A short escaped "from -> by, ip" label for a hop. */
static void
hop_label(struct strbuf *sb, const struct hop *h)
{
	size_t from = sb->len;

	put_span(sb, h->rcv.helo);
	strbuf_appends(sb, " -> ");
	put_span(sb, h->rcv.clause[CLAUSE_BY].first);
	clip(sb, from, 2 * COLUMN_MAX);
	if (h->ip[0] != '\0')
		strbuf_appendf(sb, ", %s", h->ip);
	strbuf_appendf(sb, "; %s", trust_name(h->trust));
}

/* What the judged hops are, in words, for the verdict sentence. */
static const char *
scope_words(const struct policy *policy)
{
	if (policy->all_hops && policy->attested_only)
		return "network hop written by our side";
	if (policy->all_hops)
		return "network hop";
	if (policy->attested_only)
		return "public hop written by our side";
	return "public hop";
}

void
report_verdict_sentence(struct strbuf *sb, const struct chain *c,
    const struct policy *policy)
{
	const struct hop *h = NULL;
	size_t i, judged = 0;

	for (i = 0; i < c->nhops; i++) {
		judged += c->hop[i].judged;
		if (c->first_offender != 0 &&
		    c->hop[i].index == c->first_offender)
			h = &c->hop[i];
	}
	strbuf_appendf(sb, "%s: ", verdict_name(c->verdict));
	switch (c->verdict) {
	case VERDICT_PASS:
		strbuf_appendf(sb, "every %s (%zu) used TLS",
		    scope_words(policy), judged);
		return;
	case VERDICT_FAIL:
		strbuf_appendf(sb, "hop %u (", c->first_offender);
		if (h != NULL)
			hop_label(sb, h);
		if (h != NULL && h->tls == TLSSTATE_NO &&
		    h->scope == SCOPE_PUBLIC)
			strbuf_appends(sb, ") crossed the public internet "
			    "without TLS");
		else if (h != NULL && h->tls == TLSSTATE_NO)
			strbuf_appendf(sb, ") crossed a %s network without "
			    "TLS", scope_name(h->scope));
		else
			strbuf_appendf(sb, ") used TLS below %s",
			    tlsver_name(policy->min_tls) ?
			    tlsver_name(policy->min_tls) : "the minimum");
		return;
	case VERDICT_UNKNOWN:
		break;
	}
	if (c->nreceived == 0)
		strbuf_appends(sb, "the message has no Received fields");
	else if (judged == 0)
		strbuf_appendf(sb, "no hop is a %s", scope_words(policy));
	else if (h != NULL) {
		strbuf_appendf(sb, "hop %u (", h->index);
		hop_label(sb, h);
		if (h->tls == TLSSTATE_YES)
			strbuf_appendf(sb, ") does not state its TLS version, "
			    "so --min-tls cannot be checked");
		else
			strbuf_appends(sb, ") gives no evidence of TLS either "
			    "way");
	} else
		strbuf_appends(sb, "not enough evidence");
}

/* True when a text already starts by naming its hop ("hop 3 ..."). */
static bool
text_names_hop(const char *text, unsigned hop)
{
	char head[32];
	int n;

	n = snprintf(head, sizeof head, "hop %u ", hop);
	return n > 0 && strncmp(text, head, (size_t)n) == 0;
}

/* Appends a list of diagnostics or findings. */
static void
put_list(struct strbuf *sb, const struct diaglist *list, const char *label)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		const struct diag *d = &list->v[i];

		strbuf_appendf(sb, "%s: %s: ", label,
		    severity_name(d->severity));
		if (d->hop != 0 && !text_names_hop(d->text, d->hop))
			strbuf_appendf(sb, "hop %u: ", d->hop);
		escape_terminal(sb, d->text, strlen(d->text));
		strbuf_appendf(sb, " [%s]\n", d->code);
	}
	if (list->dropped > 0)
		strbuf_appendf(sb, "%s: %zu more not shown\n", label,
		    list->dropped);
}

void
report_text_render(struct strbuf *out, const struct chain *c,
    const struct msgmeta *m, const struct report_options *ro)
{
	struct row *rows = NULL;
	size_t i, k, wroute = 10, waddr = 2, wwith = 4, wtrust = 5;

	escape_terminal(out, m->file, strlen(m->file));
	if (m->in_mbox)
		strbuf_appendf(out, " #%zu", m->number);
	if (SPAN_IS_SET(c->message_id)) {
		strbuf_appends(out, ": ");
		escape_terminal(out, c->message_id.p, c->message_id.len);
	}
	strbuf_appendc(out, '\n');

	if (c->nhops > 0) {
		rows = xcalloc(c->nhops, sizeof(*rows));
		for (i = 0; i < c->nhops; i++) {
			fill_row(&rows[i], &c->hop[i]);
			k = text_width(rows[i].route.data, rows[i].route.len);
			wroute = k > wroute ? k : wroute;
			k = text_width(rows[i].addr.data, rows[i].addr.len);
			waddr = k > waddr ? k : waddr;
			k = text_width(rows[i].with.data, rows[i].with.len);
			wwith = k > wwith ? k : wwith;
			k = rows[i].trust.len;
			wtrust = k > wtrust ? k : wtrust;
		}
		strbuf_appendf(out, "  hop  %-*s  %-*s  %-*s  %-*s  tls\n",
		    (int)wroute, "from -> by", (int)waddr, "ip",
		    (int)wwith, "with", (int)wtrust, "trust");
		for (i = 0; i < c->nhops; i++) {
			const struct hop *h = &c->hop[i];

			strbuf_appendf(out, "%c%4u  ", h->judged ? '*' : ' ',
			    h->index);
			pad(out, &rows[i].route, wroute + 2);
			pad(out, &rows[i].addr, waddr + 2);
			pad(out, &rows[i].with, wwith + 2);
			pad(out, &rows[i].trust, wtrust + 2);
			strbuf_append(out, rows[i].tls.data, rows[i].tls.len);
			strbuf_appendc(out, '\n');
			if (ro->verbose)
				strbuf_appendf(out, "        scope %s: %s\n",
				    scope_name(h->scope), h->scope_why ?
				    h->scope_why : "?");
			for (k = 0; ro->verbose && k < h->nevidence; k++) {
				strbuf_appendf(out, "        evidence %s: \"",
				    h->evidence[k].rule);
				escape_terminal(out, h->evidence[k].text.p,
				    h->evidence[k].text.len);
				strbuf_appends(out, "\"\n");
			}
			strbuf_clear(&rows[i].route);
			strbuf_clear(&rows[i].addr);
			strbuf_clear(&rows[i].with);
			strbuf_clear(&rows[i].trust);
			strbuf_clear(&rows[i].tls);
		}
		free(rows);
	}
	strbuf_appends(out, "verdict: ");
	report_verdict_sentence(out, c, ro->policy);
	strbuf_appendc(out, '\n');
	put_list(out, &c->findings, "finding");
	put_list(out, &c->diags, "note");
}
