/*
 * report_text.c: the report a postmaster reads at a glance.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "proto.h"
#include "report.h"
#include "util.h"

/* Widest a host name in the verdict sentence may grow before it is clipped. */
#define COLUMN_MAX	48

/* Clips escaped text to max code points, marking the cut with "...". */
static void
clip(struct strbuf *sb, size_t from, size_t max)
{
	size_t i, w = 0;

	if (escape_text_width(sb->data + from, sb->len - from) <= max)
		return;
	for (i = from; i < sb->len; i++) {
		if (((unsigned char)sb->data[i] & 0xc0) != 0x80 &&
		    ++w > max - 3)
			break;
	}
	sb->len = i;
	strbuf_appends(sb, "...");
}

/* SGR sequences of --color: bold green, bold red, bold yellow, reset. */
#define SGR_GOOD	"\033[1;32m"
#define SGR_BAD		"\033[1;31m"
#define SGR_DOUBT	"\033[1;33m"
#define SGR_RESET	"\033[0m"

/* The colour of a TLS state, or NULL. */
static const char *
tls_color(enum tls_state t)
{
	switch (t) {
	case TLSSTATE_YES:
		return SGR_GOOD;
	case TLSSTATE_NO:
		return SGR_BAD;
	case TLSSTATE_UNKNOWN:
		return SGR_DOUBT;
	case TLSSTATE_LOCAL:
		break;
	}
	return NULL;
}

/* The colour of a verdict. */
static const char *
verdict_color(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return SGR_GOOD;
	case VERDICT_FAIL:
		return SGR_BAD;
	case VERDICT_UNKNOWN:
		break;
	}
	return SGR_DOUBT;
}

/* Appends len bytes of text, in colour when sgr is not NULL. */
static void
put_colored(struct strbuf *sb, const char *sgr, const char *text,
    size_t len)
{
	if (sgr != NULL)
		strbuf_appends(sb, sgr);
	strbuf_append(sb, text, len);
	if (sgr != NULL)
		strbuf_appends(sb, SGR_RESET);
}

/*
 * The cells of one hop row: every one escaped, none clipped but "with"
 * (a protocol keyword, at most WITH_MAX code points shown), so that the
 * receiving host is never hidden.
 */
#define WITH_MAX	24

enum cell {
	CELL_HOP = 0,		/* "*   3": judged mark and index */
	CELL_ROUTE,		/* "helo -> by" */
	CELL_ADDR,		/* "192.0.2.1 (public)" */
	CELL_WITH,
	CELL_DELAY,		/* "+5s", "-" for the first hop */
	CELL_TRUST,
	CELL_TLS,		/* state, version, cipher, bits, verified */
	CELLS
};

static const char *const cell_title[CELLS] = {
	"  hop", "from -> by", "ip", "with", "delay", "trust", "tls"
};

struct row {
	struct strbuf cell[CELLS];
	size_t state_len;	/* bytes of the TLS state word in CELL_TLS */
};

/* A delay in a few characters: "+5s", "+3m07s", "+2h05m", "+3d04h". */
static void
put_delay(struct strbuf *sb, const struct hop *h)
{
	int64_t d;
	char sign;

	if (!h->has_delay) {
		strbuf_appendc(sb, '-');
		return;
	}
	sign = h->delay < 0 ? '-' : '+';
	d = h->delay < 0 ? -h->delay : h->delay;
	if (d < 60)
		strbuf_appendf(sb, "%c%llds", sign, (long long)d);
	else if (d < 3600)
		strbuf_appendf(sb, "%c%lldm%02llds", sign, (long long)d / 60,
		    (long long)d % 60);
	else if (d < 86400)
		strbuf_appendf(sb, "%c%lldh%02lldm", sign, (long long)d / 3600,
		    (long long)d % 3600 / 60);
	else
		strbuf_appendf(sb, "%c%lldd%02lldh", sign, (long long)d / 86400,
		    (long long)d % 86400 / 3600);
}

/* Fills a row's cells for a hop. */
static void
fill_row(struct row *r, const struct hop *h)
{
	struct strbuf *c = r->cell;

	strbuf_appendf(&c[CELL_HOP], "%c%4u", h->judged ? '*' : ' ',
	    h->index);

	escape_span_or_mark(&c[CELL_ROUTE], h->rcv.helo);
	strbuf_appends(&c[CELL_ROUTE], " -> ");
	escape_span_or_mark(&c[CELL_ROUTE], h->rcv.clause[CLAUSE_BY].first);

	if (h->ip[0] != '\0')
		strbuf_appendf(&c[CELL_ADDR], "%s (%s)", h->ip,
		    scope_name(h->scope));
	else
		strbuf_appendf(&c[CELL_ADDR], "(%s)", scope_name(h->scope));

	if (SPAN_IS_SET(h->rcv.clause[CLAUSE_WITH].value))
		escape_terminal(&c[CELL_WITH],
		    h->rcv.clause[CLAUSE_WITH].value.p,
		    h->rcv.clause[CLAUSE_WITH].value.len);
	else
		strbuf_appendc(&c[CELL_WITH], '-');
	clip(&c[CELL_WITH], 0, WITH_MAX);

	put_delay(&c[CELL_DELAY], h);

	strbuf_appends(&c[CELL_TRUST], trust_name(h->trust));

	strbuf_appends(&c[CELL_TLS], tlsstate_name(h->tls));
	r->state_len = c[CELL_TLS].len;
	if (h->version != TLSVER_NONE)
		strbuf_appendf(&c[CELL_TLS], " %s", tlsver_name(h->version));
	else if (h->version_at_least != TLSVER_NONE)
		strbuf_appendf(&c[CELL_TLS], " >=%s",
		    tlsver_name(h->version_at_least));
	if (SPAN_IS_SET(h->cipher)) {
		strbuf_appendc(&c[CELL_TLS], ' ');
		escape_terminal(&c[CELL_TLS], h->cipher.p, h->cipher.len);
	}
	if (h->bits >= 0)
		strbuf_appendf(&c[CELL_TLS], " %d bits", h->bits);
	if (h->verified != VERIFIED_UNKNOWN)
		strbuf_appendf(&c[CELL_TLS], " verified=%s",
		    verified_name(h->verified));
}

/* Appends a cell padded with spaces to width code points. */
static void
pad(struct strbuf *sb, const struct strbuf *cell, size_t width)
{
	size_t w = escape_text_width(cell->data ? cell->data : "", cell->len);

	strbuf_append(sb, cell->data ? cell->data : "", cell->len);
	for (; w < width; w++)
		strbuf_appendc(sb, ' ');
}

/* Appends a row's TLS cell, its state word in colour when asked. */
static void
put_tls(struct strbuf *sb, const struct row *r, const struct hop *h,
    bool color)
{
	const struct strbuf *c = &r->cell[CELL_TLS];

	put_colored(sb, color ? tls_color(h->tls) : NULL, c->data,
	    r->state_len);
	strbuf_append(sb, c->data + r->state_len, c->len - r->state_len);
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

/* The evidence under a hop, with -v. */
static void
put_evidence(struct strbuf *out, const struct hop *h)
{
	size_t k;

	strbuf_appendf(out, "        scope %s: %s\n", scope_name(h->scope),
	    h->scope_why ? h->scope_why : "?");
	for (k = 0; k < h->nevidence; k++) {
		strbuf_appendf(out, "        evidence %s: \"",
		    h->evidence[k].rule);
		escape_terminal(out, h->evidence[k].text.p,
		    h->evidence[k].text.len);
		strbuf_appends(out, "\"\n");
	}
}

/*
 * The hops: one table row each when the widest row fits the width, else
 * one block each, "from -> by" on its own line, so that no host is ever
 * cut to fit.
 */
static void
put_hops(struct strbuf *out, const struct chain *c,
    const struct report_options *ro)
{
	struct row *rows = xcalloc(c->nhops, sizeof(*rows));
	size_t width[CELLS], total = 0, i, k, w;
	bool table;

	for (k = 0; k < CELLS; k++)
		width[k] = strlen(cell_title[k]);
	for (i = 0; i < c->nhops; i++) {
		fill_row(&rows[i], &c->hop[i]);
		for (k = 0; k < CELLS; k++) {
			w = escape_text_width(rows[i].cell[k].data ?
			    rows[i].cell[k].data : "", rows[i].cell[k].len);
			width[k] = w > width[k] ? w : width[k];
		}
	}
	for (k = 0; k < CELLS; k++)
		total += width[k] + (k + 1 < CELLS ? 2 : 0);
	table = total <= (ro->width > 0 ? ro->width : 80);
	if (table) {
		for (k = 0; k < CELLS; k++) {
			strbuf_appends(out, cell_title[k]);
			for (w = strlen(cell_title[k]); k + 1 < CELLS &&
			    w < width[k] + 2; w++)
				strbuf_appendc(out, ' ');
		}
		strbuf_appendc(out, '\n');
	}
	for (i = 0; i < c->nhops; i++) {
		const struct hop *h = &c->hop[i];
		const struct strbuf *cell = rows[i].cell;

		if (table) {
			for (k = 0; k + 1 < CELLS; k++)
				pad(out, &cell[k], width[k] + 2);
		} else {
			pad(out, &cell[CELL_HOP], 0);
			strbuf_appends(out, "  ");
			pad(out, &cell[CELL_ROUTE], 0);
			strbuf_appends(out, "\n       ip ");
			pad(out, &cell[CELL_ADDR], 0);
			strbuf_appends(out, "  with ");
			pad(out, &cell[CELL_WITH], 0);
			if (h->has_delay) {
				strbuf_appends(out, "  delay ");
				pad(out, &cell[CELL_DELAY], 0);
			}
			strbuf_appends(out, "  trust ");
			pad(out, &cell[CELL_TRUST], 0);
			strbuf_appends(out, "\n       tls ");
		}
		put_tls(out, &rows[i], h, ro->color);
		strbuf_appendc(out, '\n');
		if (ro->verbose)
			put_evidence(out, h);
		for (k = 0; k < CELLS; k++)
			strbuf_clear(&rows[i].cell[k]);
	}
	free(rows);
}

void
report_text_render(struct strbuf *out, const struct chain *c,
    const struct msgmeta *m, const struct report_options *ro)
{
	struct strbuf sentence;
	const char *colon;

	escape_terminal(out, m->file, strlen(m->file));
	if (m->in_mbox)
		strbuf_appendf(out, " #%zu", m->number);
	if (SPAN_IS_SET(c->message_id)) {
		strbuf_appends(out, ": ");
		escape_terminal(out, c->message_id.p, c->message_id.len);
	}
	strbuf_appendc(out, '\n');
	if (c->nhops > 0)
		put_hops(out, c, ro);
	strbuf_init(&sentence);
	report_verdict_sentence(&sentence, c, ro->policy);
	strbuf_appendc(&sentence, '\0');
	/* The sentence starts with the verdict's name and a colon. */
	colon = strchr(sentence.data, ':');
	strbuf_appends(out, "verdict: ");
	if (colon != NULL) {
		put_colored(out, ro->color ? verdict_color(c->verdict) : NULL,
		    sentence.data, (size_t)(colon - sentence.data));
		strbuf_appends(out, colon);
	} else
		strbuf_appends(out, sentence.data);
	strbuf_clear(&sentence);
	strbuf_appendc(out, '\n');
	if (ro->verbose && c->body == BODY_PLAIN)
		strbuf_appends(out, "body: not encrypted end to end (no S/MIME "
		    "or OpenPGP): each server on the way could read it\n");
	put_list(out, &c->findings, "finding");
	put_list(out, &c->diags, "note");
	/* A blank line between messages. */
	strbuf_appendc(out, '\n');
}
