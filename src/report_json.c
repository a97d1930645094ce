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

#include "classify.h"
#include "datetime.h"
#include "diag.h"
#include "escape.h"
#include "received.h"
#include "report.h"
#include "tlsinfo.h"
#include "util.h"
#include "verdict.h"

/* A JSON string from untrusted bytes, repaired to UTF-8; null if unset. */
static json_t *
jspan(struct strbuf *scratch, struct span s)
{
	if (!SPAN_IS_SET(s))
		return json_null();
	strbuf_reset(scratch);
	(void)escape_utf8_repair(scratch, s.p, s.len);
	return json_stringn(scratch->data ? scratch->data : "", scratch->len);
}

/* A JSON string from a static name, or null. */
static json_t *
jname(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* The evidence array of a hop. */
static json_t *
evidence_json(struct strbuf *scratch, const struct hop *h)
{
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < h->nevidence; i++) {
		o = json_object();
		json_object_set_new(o, "rule", json_string(h->evidence[i].rule));
		json_object_set_new(o, "text", jspan(scratch,
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

	json_object_set_new(o, "index", json_integer(h->index));
	json_object_set_new(o, "from", jspan(scratch, h->rcv.helo));
	json_object_set_new(o, "from_rdns", jspan(scratch, h->rcv.rdns));
	json_object_set_new(o, "from_ip", h->ip[0] ? json_string(h->ip) :
	    json_null());
	json_object_set_new(o, "by", jspan(scratch,
	    h->rcv.clause[CLAUSE_BY].first));
	json_object_set_new(o, "with", jspan(scratch,
	    h->rcv.clause[CLAUSE_WITH].value));
	json_object_set_new(o, "id", jspan(scratch,
	    h->rcv.clause[CLAUSE_ID].value));
	json_object_set_new(o, "for", jspan(scratch,
	    h->rcv.clause[CLAUSE_FOR].value));
	if (h->rcv.has_date &&
	    datetime_format_iso(h->rcv.date, iso, sizeof iso) > 0)
		json_object_set_new(o, "date", json_string(iso));
	else
		json_object_set_new(o, "date", json_null());
	json_object_set_new(o, "delay", h->has_delay ?
	    json_integer(h->delay) : json_null());
	json_object_set_new(o, "scope", json_string(scope_name(h->scope)));
	json_object_set_new(o, "tls", json_string(tls_state_name(h->tls)));
	json_object_set_new(o, "tls_version",
	    jname(tls_version_name(h->version)));
	json_object_set_new(o, "cipher", jspan(scratch, h->cipher));
	json_object_set_new(o, "bits", h->bits >= 0 ? json_integer(h->bits) :
	    json_null());
	json_object_set_new(o, "verified", jname(verified_name(h->verified)));
	json_object_set_new(o, "judged", json_boolean(h->judged));
	json_object_set_new(o, "evidence", evidence_json(scratch, h));
	json_object_set_new(o, "raw", jspan(scratch, h->rcv.raw));
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
		json_object_set_new(o, "code", json_string(d->code));
		json_object_set_new(o, "severity",
		    json_string(severity_name(d->severity)));
		json_object_set_new(o, "hop", d->hop ? json_integer(d->hop) :
		    json_null());
		text.p = d->text;
		text.len = strlen(d->text);
		json_object_set_new(o, "text", jspan(scratch, text));
		json_array_append_new(arr, o);
	}
	return arr;
}

int
report_json_write(FILE *out, const struct chain *c, const struct msgmeta *m,
    const struct options *opt)
{
	struct strbuf scratch, sentence;
	json_t *root, *hops;
	struct span s;
	size_t i, flags;
	char *text;
	int rc;

	strbuf_init(&scratch);
	strbuf_init(&sentence);
	root = json_object();
	json_object_set_new(root, "schema", json_integer(JSON_SCHEMA_VERSION));
	s.p = m->file;
	s.len = strlen(m->file);
	json_object_set_new(root, "file", jspan(&scratch, s));
	if (m->in_mbox) {
		json_object_set_new(root, "message", json_integer(
		    (json_int_t)m->number));
		json_object_set_new(root, "offset", json_integer(
		    (json_int_t)m->offset));
	}
	json_object_set_new(root, "message_id", jspan(&scratch,
	    c->message_id));
	json_object_set_new(root, "verdict",
	    json_string(verdict_name(c->verdict)));
	report_verdict_sentence(&sentence, c, opt);
	s.p = sentence.data;
	s.len = sentence.len;
	json_object_set_new(root, "summary", jspan(&scratch, s));
	hops = json_array();
	for (i = 0; i < c->nhops; i++)
		json_array_append_new(hops, hop_json(&scratch, &c->hop[i]));
	json_object_set_new(root, "hops", hops);
	json_object_set_new(root, "findings", list_json(&scratch,
	    &c->findings));
	json_object_set_new(root, "diagnostics", list_json(&scratch,
	    &c->diags));

	flags = opt->format == FORMAT_NDJSON || m->in_mbox ? JSON_COMPACT :
	    JSON_INDENT(2);
	rc = -1;
	if ((text = json_dumps(root, flags)) != NULL) {
		/* DEL, C1 and bidi controls as \u escapes: terminal-safe. */
		strbuf_reset(&scratch);
		escape_json_text(&scratch, text, strlen(text));
		strbuf_appendc(&scratch, '\n');
		if (fwrite(scratch.data, 1, scratch.len, out) == scratch.len)
			rc = 0;
		free(text);
	}
	json_decref(root);
	strbuf_clear(&scratch);
	strbuf_clear(&sentence);
	return rc == 0 ? 0 : -1;
}
