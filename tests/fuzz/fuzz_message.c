/*
 * fuzz_message.c: libFuzzer harness for the whole message path: a header
 * block -> analyze (GMime, parse, evidence, classify, verdict) -> the
 * text report (plain and verbose) and the JSON report into a memory FILE.
 * The text report must hold no control byte but LF; the JSON report must
 * be valid UTF-8 with no raw control byte.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "escape.h"
#include "extract.h"
#include "fuzz_common.h"
#include "input.h"
#include "report.h"
#include "rules.h"
#include "util.h"

#define BLOCK_MAX	(256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rules;

/* Writes one report into memory and checks what came out. */
static void
render(const struct chain *c, const struct msgmeta *meta,
    const struct report_options *ro)
{
	struct strbuf out;
	size_t i;

	strbuf_init(&out);
	if (ro->format == FORMAT_TEXT)
		report_text_render(&out, c, meta, ro);
	else if (report_json_render(&out, c, meta, ro) == -1)
		abort();
	fuzz_terminal_safe(out.data, out.len, ro->format == FORMAT_TEXT ?
	    "text" : "json");
	for (i = 0; ro->format == FORMAT_NDJSON && i + 1 < out.len; i++) {
		if (out.data[i] == '\n')
			abort();
	}
	strbuf_clear(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy policy;
	struct report_options ro;
	struct msgmeta meta;
	struct rawmsg msg;
	struct chain *c;
	const char *why = NULL;
	char err[512], *block;
	size_t i;

	if (size > BLOCK_MAX)
		return 0;
	if (rules == NULL) {
		extract_init();
		rules = ruleset_new();
		if (ruleset_load_default(rules, err, sizeof err) == -1)
			abort();
	}
	block = xmalloc(size ? size : 1);
	memcpy(block, data, size);
	memset(&msg, 0, sizeof msg);
	msg.header = block;
	msg.header_len = size;
	msg.number = 1;
	memset(&policy, 0, sizeof policy);
	policy.min_tls = size > 0 && (data[0] & 1) ? TLSVER_TLS12 :
	    TLSVER_NONE;
	c = analyze_message(&msg, rules, &policy, &why);
	if (c == NULL) {
		if (why == NULL)
			abort();
		free(block);
		return 0;
	}
	for (i = 0; i < c->nhops; i++)
		(void)fuzz_check_hop(&c->hop[i], c->buf, c->buflen);
	fuzz_span_inside(c->message_id, c->buf, c->buflen, "message_id");
	fuzz_span_inside(c->tls_required, c->buf, c->buflen, "tls_required");
	if (c->nhops > RECEIVED_MAX || c->diags.n > DIAG_MAX ||
	    c->findings.n > DIAG_MAX)
		abort();

	memset(&meta, 0, sizeof meta);
	meta.file = "fuzz\033[31m.eml";
	meta.number = 1;
	memset(&ro, 0, sizeof ro);
	ro.policy = &policy;
	ro.format = FORMAT_TEXT;
	render(c, &meta, &ro);
	ro.verbose = true;
	render(c, &meta, &ro);
	ro.format = FORMAT_JSON;
	render(c, &meta, &ro);
	ro.format = FORMAT_NDJSON;
	render(c, &meta, &ro);
	chain_free(c);
	free(block);
	return 0;
}
