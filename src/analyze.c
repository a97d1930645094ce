/*
 * analyze.c: the per-message pipeline (see analyze.h).
 */
#include "config.h"

#include <stdlib.h>

#include "analyze.h"
#include "classify.h"
#include "diag.h"
#include "extract.h"
#include "input.h"
#include "received.h"
#include "tlsinfo.h"
#include "trust.h"
#include "util.h"
#include "verdict.h"

/* Sets each hop's delay since the previous hop that has a date. */
static void
compute_delays(struct chain *c)
{
	const struct hop *prev = NULL;
	size_t i;

	for (i = 0; i < c->nhops; i++) {
		struct hop *h = &c->hop[i];

		if (!h->rcv.has_date)
			continue;
		if (prev != NULL) {
			h->has_delay = true;
			h->delay = h->rcv.date - prev->rcv.date;
		}
		prev = h;
	}
}

struct chain *
analyze_message(const struct rawmsg *msg, const struct ruleset *rs,
    const struct policy *policy, const char **why)
{
	const char *block = msg->header;
	size_t len = msg->header_len, i;
	struct chain *c;

	if (msg->bad != NULL) {
		*why = msg->bad;
		return NULL;
	}
	if (len == 0) {
		*why = "no header fields (empty input or empty header block)";
		return NULL;
	}
	if (!input_looks_like_header(block, len)) {
		*why = "not a message: the first line is not a header field";
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	if (extract_headers(block, len, msg->body_head, msg->body_head_len,
	    c) == -1) {
		chain_free(c);
		*why = "not a message: no header fields could be parsed";
		return NULL;
	}
	if (msg->blank_lines > 0)
		diag_add(&c->diags, "leading-blank-lines", SEVERITY_INFO, 0,
		    "%zu white-space-only lines before the first header field "
		    "were skipped", msg->blank_lines);
	if (msg->header_cut)
		diag_add(&c->diags, "header-too-long", SEVERITY_WARNING, 0,
		    "the header block is longer than %u bytes; the rest is "
		    "ignored", HEADER_BLOCK_MAX);
	for (i = 0; i < c->nhops; i++) {
		struct hop *h = &c->hop[i];

		received_parse(h->rcv.raw.p, h->rcv.raw.len, &h->rcv,
		    &c->diags, h->index);
		tlsinfo_assess(h, rs, &c->diags);
		classify_hop(h, &c->diags);
	}
	if (c->nreceived == 0)
		diag_add(&c->diags, "no-received", SEVERITY_INFO, 0,
		    "the message has no Received fields");
	compute_delays(c);
	trust_assign(c, policy->trusted);
	verdict_compute(c, policy);
	return c;
}

void
chain_free(struct chain *c)
{
	if (c == NULL)
		return;
	diag_clear(&c->diags);
	diag_clear(&c->findings);
	free(c->hop);
	free(c->buf);
	free(c);
}

const struct hop *
chain_hop(const struct chain *c, unsigned index)
{
	size_t i;

	for (i = 0; index != 0 && i < c->nhops; i++) {
		if (c->hop[i].index == index)
			return &c->hop[i];
	}
	return NULL;
}
