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
    const struct options *opt)
{
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&out, &len)) == NULL)
		abort();
	if (opt->format == FORMAT_TEXT)
		rc = report_text_write(fp, c, meta, opt);
	else
		rc = report_json_write(fp, c, meta, opt);
	if (fclose(fp) != 0 || rc == -1)
		abort();
	fuzz_terminal_safe(out, len, opt->format == FORMAT_TEXT ? "text" :
	    "json");
	for (i = 0; opt->format == FORMAT_NDJSON && i + 1 < len; i++) {
		if (out[i] == '\n')
			abort();
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
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
	memset(&opt, 0, sizeof opt);
	opt.min_tls = size > 0 && (data[0] & 1) ? TLSVER_TLS12 : TLSVER_NONE;
	c = analyze_message(&msg, rules, &opt, &why);
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
	opt.format = FORMAT_TEXT;
	render(c, &meta, &opt);
	opt.verbose = true;
	render(c, &meta, &opt);
	opt.format = FORMAT_JSON;
	render(c, &meta, &opt);
	opt.format = FORMAT_NDJSON;
	render(c, &meta, &opt);
	chain_free(c);
	free(block);
	return 0;
}
