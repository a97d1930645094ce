/*
 * fuzz_received.c: libFuzzer harness for one Received field value:
 * parse -> evidence (built-in rules) -> classify, with every span checked
 * to stay inside the field and the hop rendered for a terminal.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "diag.h"
#include "escape.h"
#include "fuzz_common.h"
#include "received.h"
#include "rules.h"
#include "tlsinfo.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rules;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diaglist diags;
	struct strbuf sb;
	struct hop *h;
	char err[512], *field;
	size_t i;

	if (size > RECEIVED_MAX_BYTES)
		return 0;
	if (rules == NULL) {
		rules = ruleset_new();
		if (ruleset_load_default(rules, err, sizeof err) == -1)
			abort();
	}
	/* An exact-size copy, so a sanitizer sees any read past the end. */
	field = xmalloc(size ? size : 1);
	memcpy(field, data, size);
	memset(&diags, 0, sizeof diags);
	h = xcalloc(1, sizeof(*h));
	h->index = 1;
	received_parse(field, size, &h->rcv, &diags, h->index);
	tlsinfo_assess(h, rules, &diags);
	classify_hop(h, &diags);
	(void)fuzz_check_hop(h, field, size);
	if (diags.n > DIAG_MAX)
		abort();

	strbuf_init(&sb);
	for (i = 0; i < h->nevidence; i++)
		escape_terminal(&sb, h->evidence[i].text.p,
		    h->evidence[i].text.len);
	for (i = 0; i < diags.n; i++)
		escape_terminal(&sb, diags.v[i].text, strlen(diags.v[i].text));
	fuzz_terminal_safe(sb.data ? sb.data : "", sb.len, "escape");
	if (memchr(sb.data ? sb.data : "", '\n', sb.len) != NULL)
		abort();
	strbuf_clear(&sb);
	diag_clear(&diags);
	free(h);
	free(field);
	return 0;
}
