/*
 * report_json.c: the JSON report (schema in doc/tlstrace.schema.json).
 * With summary_json.c, the only files that include jansson.h.  Every
 * string from the message is repaired to valid UTF-8 first (invalid bytes
 * become U+FFFD), because jansson refuses the whole value otherwise.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datetime.h"
#include "escape.h"
#include "names.h"
#include "received.h"
#include "report.h"
#include "util.h"

/* A JSON string from untrusted bytes, repaired to UTF-8; null if unset. */
static json_t *
jspan(struct strbuf *scratch, struct span s)
{
	if (!SPAN_IS_SET(s))
		return json_null();
	strbuf_reset(scratch);
	(void)escape_utf8_repair(scratch, s.p, s.len);
	/* Repaired: valid UTF-8, so jansson need not check it again. */
	return json_stringn_nocheck(scratch->data ? scratch->data : "",
	    scratch->len);
}

/* A JSON string from a static ASCII name, or null. */
static json_t *
jname(const char *s)
{
	return s != NULL ? json_string_nocheck(s) : json_null();
}

#define DUMP_STACK_MAX	(32 * 1024)	/* most reports: one dump */

/*
 * Dumps root and appends it to out with DEL, C1 and bidi controls written
 * as \u escapes, so that the JSON is terminal-safe too.  A report of up
 * to DUMP_STACK_MAX bytes is dumped once, on the stack; a longer one a
 * second time, into *buf.  Returns 0, or -1 when jansson fails.
 */
static int
dump_escaped(json_t *root, size_t flags, struct strbuf *buf,
    struct strbuf *out)
{
	char first[DUMP_STACK_MAX];
	size_t need;

	if ((need = json_dumpb(root, first, sizeof first, flags)) == 0)
		return -1;
	if (need <= sizeof first) {
		escape_json_text(out, first, need);
		return 0;
	}
	strbuf_reserve(buf, need);
	if (json_dumpb(root, buf->data, buf->cap, flags) != need)
		return -1;
	escape_json_text(out, buf->data, need);
	return 0;
}

/* The evidence array of a hop. */
static json_t *
evidence_json(struct strbuf *scratch, const struct hop *h)
{
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < h->nevidence; i++) {
		o = json_object();
		/* Rule names are ASCII (rules.c checks them). */
		json_object_set_new_nocheck(o, "rule",
		    json_string_nocheck(h->evidence[i].rule));
		json_object_set_new_nocheck(o, "text", jspan(scratch,
		    h->evidence[i].text));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* One hop object. */
static json_t *
hop_json(struct strbuf *scratch, const struct hop *h)
{
	json_t *o = json_object();
	char iso[DATETIME_ISO_MAX];

	json_object_set_new_nocheck(o, "index", json_integer(h->index));
	json_object_set_new_nocheck(o, "from", jspan(scratch, h->rcv.helo));
	json_object_set_new_nocheck(o, "from_rdns",
	    jspan(scratch, h->rcv.rdns));
	json_object_set_new_nocheck(o, "from_ip", h->ip[0] ?
	    json_string_nocheck(h->ip) : json_null());
	json_object_set_new_nocheck(o, "by", jspan(scratch,
	    h->rcv.clause[CLAUSE_BY].first));
	json_object_set_new_nocheck(o, "with", jspan(scratch,
	    h->rcv.clause[CLAUSE_WITH].value));
	json_object_set_new_nocheck(o, "id", jspan(scratch,
	    h->rcv.clause[CLAUSE_ID].value));
	json_object_set_new_nocheck(o, "for", jspan(scratch,
	    h->rcv.clause[CLAUSE_FOR].value));
	if (h->rcv.has_date &&
	    datetime_format_iso(h->rcv.date, iso, sizeof iso) > 0)
		json_object_set_new_nocheck(o, "date",
		    json_string_nocheck(iso));
	else
		json_object_set_new_nocheck(o, "date", json_null());
	json_object_set_new_nocheck(o, "delay", h->has_delay ?
	    json_integer(h->delay) : json_null());
	json_object_set_new_nocheck(o, "scope",
	    json_string_nocheck(scope_name(h->scope)));
	json_object_set_new_nocheck(o, "scope_reason", jname(h->scope_why));
	json_object_set_new_nocheck(o, "trust",
	    json_string_nocheck(trust_name(h->trust)));
	json_object_set_new_nocheck(o, "tls",
	    json_string_nocheck(tlsstate_name(h->tls)));
	json_object_set_new_nocheck(o, "tls_version",
	    jname(tlsver_name(h->version)));
	json_object_set_new_nocheck(o, "tls_version_at_least",
	    jname(tlsver_name(h->version_at_least)));
	json_object_set_new_nocheck(o, "cipher", jspan(scratch, h->cipher));
	json_object_set_new_nocheck(o, "bits", h->bits >= 0 ?
	    json_integer(h->bits) : json_null());
	json_object_set_new_nocheck(o, "verified",
	    jname(verified_name(h->verified)));
	json_object_set_new_nocheck(o, "judged", json_boolean(h->judged));
	json_object_set_new_nocheck(o, "evidence", evidence_json(scratch, h));
	json_object_set_new_nocheck(o, "raw", jspan(scratch, h->rcv.raw));
	return o;
}

/* The array of a diagnostic or finding list. */
static json_t *
list_json(struct strbuf *scratch, const struct diaglist *list)
{
	json_t *arr = json_array(), *o;
	struct span text;
	size_t i;

	for (i = 0; i < list->n; i++) {
		const struct diag *d = &list->v[i];

		o = json_object();
		json_object_set_new_nocheck(o, "code",
		    json_string_nocheck(d->code));
		json_object_set_new_nocheck(o, "severity",
		    json_string_nocheck(severity_name(d->severity)));
		json_object_set_new_nocheck(o, "hop", d->hop ?
		    json_integer(d->hop) : json_null());
		text.p = d->text;
		text.len = strlen(d->text);
		json_object_set_new_nocheck(o, "text", jspan(scratch, text));
		json_array_append_new(arr, o);
	}
	return arr;
}

int
report_json_render(struct strbuf *out, const struct chain *c,
    const struct msgmeta *m, const struct report_options *ro)
{
	struct strbuf dump, scratch, sentence;
	json_t *root, *hops;
	struct span s;
	size_t i, flags;
	int rc;

	strbuf_init(&dump);
	strbuf_init(&scratch);
	strbuf_init(&sentence);
	root = json_object();
	/* "type" tells a message from the summary in an NDJSON stream. */
	json_object_set_new_nocheck(root, "type",
	    json_string_nocheck("message"));
	json_object_set_new_nocheck(root, "schema",
	    json_integer(JSON_SCHEMA_VERSION));
	s.p = m->file;
	s.len = strlen(m->file);
	json_object_set_new_nocheck(root, "file", jspan(&scratch, s));
	if (m->in_mbox) {
		json_object_set_new_nocheck(root, "message", json_integer(
		    (json_int_t)m->number));
		json_object_set_new_nocheck(root, "offset", json_integer(
		    (json_int_t)m->offset));
	}
	json_object_set_new_nocheck(root, "message_id", jspan(&scratch,
	    c->message_id));
	json_object_set_new_nocheck(root, "verdict",
	    json_string_nocheck(verdict_name(c->verdict)));
	report_verdict_sentence(&sentence, c, ro->policy);
	s.p = sentence.data;
	s.len = sentence.len;
	json_object_set_new_nocheck(root, "summary", jspan(&scratch, s));
	json_object_set_new_nocheck(root, "reason",
	    json_string_nocheck(reason_name(c->reason)));
	json_object_set_new_nocheck(root, "first_offender", c->first_offender ?
	    json_integer(c->first_offender) : json_null());
	json_object_set_new_nocheck(root, "end_to_end", jname(body_name(
	    c->body)));
	hops = json_array();
	for (i = 0; i < c->nhops; i++)
		json_array_append_new(hops, hop_json(&scratch, &c->hop[i]));
	json_object_set_new_nocheck(root, "hops", hops);
	json_object_set_new_nocheck(root, "findings", list_json(&scratch,
	    &c->findings));
	json_object_set_new_nocheck(root, "diagnostics", list_json(&scratch,
	    &c->diags));
	/* Entries past DIAG_MAX are counted, not kept. */
	if (c->findings.dropped > 0)
		json_object_set_new_nocheck(root, "findings_dropped",
		    json_integer((json_int_t)c->findings.dropped));
	if (c->diags.dropped > 0)
		json_object_set_new_nocheck(root, "diagnostics_dropped",
		    json_integer((json_int_t)c->diags.dropped));

	flags = ro->format == FORMAT_NDJSON || m->in_mbox ? JSON_COMPACT :
	    JSON_INDENT(2);
	rc = dump_escaped(root, flags, &dump, out);
	if (rc == 0)
		strbuf_appendc(out, '\n');
	json_decref(root);
	strbuf_clear(&dump);
	strbuf_clear(&scratch);
	strbuf_clear(&sentence);
	return rc == 0 ? 0 : -1;
}
