/*
 * report_json.c: the JSON report (schema in doc/tlstrace.schema.json).
 * The only file that includes jansson.h.  Every string from the message
 * is repaired to valid UTF-8 first (invalid bytes become U+FFFD), because
 * jansson refuses the whole value otherwise.
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
#include "summary.h"
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

/*
 * Dumps root into *buf (grown and reused) and appends it to out with DEL,
 * C1 and bidi controls written as \u escapes, so that the JSON is
 * terminal-safe too.  Returns 0, or -1 when jansson fails.
 */
static int
dump_escaped(json_t *root, size_t flags, struct strbuf *buf,
    struct strbuf *out)
{
	size_t need;

	for (;;) {
		need = json_dumpb(root, buf->data, buf->cap, flags);
		if (need == 0)
			return -1;
		if (need <= buf->cap)
			break;
		strbuf_reserve(buf, need);
	}
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
	json_object_set_new_nocheck(o, "from_rdns", jspan(scratch, h->rcv.rdns));
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
		json_object_set_new_nocheck(o, "date", json_string_nocheck(iso));
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
	json_object_set_new_nocheck(o, "cipher", jspan(scratch, h->cipher));
	json_object_set_new_nocheck(o, "bits", h->bits >= 0 ? json_integer(h->bits) :
	    json_null());
	json_object_set_new_nocheck(o, "verified", jname(verified_name(h->verified)));
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
		json_object_set_new_nocheck(o, "code", json_string_nocheck(d->code));
		json_object_set_new_nocheck(o, "severity",
		    json_string_nocheck(severity_name(d->severity)));
		json_object_set_new_nocheck(o, "hop", d->hop ? json_integer(d->hop) :
		    json_null());
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
	json_object_set_new_nocheck(root, "schema", json_integer(JSON_SCHEMA_VERSION));
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
	json_object_set_new_nocheck(root, "first_offender", c->first_offender ?
	    json_integer(c->first_offender) : json_null());
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

/* The top hosts or domains of a summary, as an array of objects. */
static json_t *
top_json(struct strbuf *scratch, const struct summary *s, bool domains)
{
	struct summary_count top[SUMMARY_TOP];
	unsigned long long others;
	json_t *arr = json_array(), *o;
	struct span name;
	size_t i, n;

	n = summary_top(s, domains, top, SUMMARY_TOP, &others);
	for (i = 0; i < n; i++) {
		o = json_object();
		name.p = top[i].name;
		name.len = strlen(top[i].name);
		json_object_set_new(o, domains ? "domain" : "host",
		    jspan(scratch, name));
		json_object_set_new(o, "hops", json_integer(
		    (json_int_t)top[i].n));
		json_array_append_new(arr, o);
	}
	if (others > 0) {
		o = json_object();
		json_object_set_new(o, domains ? "domain" : "host",
		    json_null());
		json_object_set_new(o, "hops", json_integer(
		    (json_int_t)others));
		json_array_append_new(arr, o);
	}
	return arr;
}

int
report_json_summary(FILE *out, const struct summary *s)
{
	static const enum tls_state states[] = { TLSSTATE_YES, TLSSTATE_NO,
	    TLSSTATE_LOCAL, TLSSTATE_UNKNOWN };
	struct strbuf scratch;
	json_t *root, *sum, *o;
	size_t i;
	int rc;

	strbuf_init(&scratch);
	root = json_object();
	sum = json_object();
	json_object_set_new(root, "schema", json_integer(JSON_SCHEMA_VERSION));
	json_object_set_new(sum, "messages", json_integer(
	    (json_int_t)s->messages));
	json_object_set_new(sum, "not_analysed", json_integer(
	    (json_int_t)s->errors));
	o = json_object();
	json_object_set_new(o, "pass", json_integer(
	    (json_int_t)s->verdict[VERDICT_PASS]));
	json_object_set_new(o, "fail", json_integer(
	    (json_int_t)s->verdict[VERDICT_FAIL]));
	json_object_set_new(o, "unknown", json_integer(
	    (json_int_t)s->verdict[VERDICT_UNKNOWN]));
	json_object_set_new(sum, "verdicts", o);
	json_object_set_new(sum, "hops", json_integer((json_int_t)s->hops));
	o = json_object();
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		json_object_set_new(o, tlsstate_name(states[i]),
		    json_integer((json_int_t)s->state[states[i]]));
	json_object_set_new(sum, "tls", o);
	o = json_object();
	for (i = TLSVER_TLS13 + 1; i-- > 0;) {
		if (s->version[i] > 0)
			json_object_set_new(o, i == TLSVER_NONE ? "unstated" :
			    tlsver_name((enum tls_version)i),
			    json_integer((json_int_t)s->version[i]));
	}
	json_object_set_new(sum, "tls_versions", o);
	json_object_set_new(sum, "plaintext_public_hops", json_integer(
	    (json_int_t)s->plaintext));
	json_object_set_new(sum, "plaintext_hosts", top_json(&scratch, s,
	    false));
	json_object_set_new(sum, "plaintext_domains", top_json(&scratch, s,
	    true));
	o = json_object();
	for (i = 0; i < s->ncodes; i++)
		json_object_set_new(o, s->code[i].name, json_integer(
		    (json_int_t)s->code[i].n));
	json_object_set_new(sum, "findings", o);
	json_object_set_new(root, "summary", sum);
	rc = json_dumpf(root, out, JSON_COMPACT);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	json_decref(root);
	strbuf_clear(&scratch);
	return rc == 0 ? 0 : -1;
}
