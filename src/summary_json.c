/*
 * summary_json.c: the summary object of --summary in JSON (schema in
 * doc/tlstrace-summary.schema.json), and its reading back for
 * --merge-summaries.  One of the two files that include jansson.h.
 *
 * Every table is written whole (summary.h), so that the summaries of
 * shards merge into exactly the summary of the whole; the shares are
 * derived from the counts and recomputed after a merge.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "escape.h"
#include "names.h"
#include "report.h"
#include "summary.h"
#include "util.h"

/* The JSON names of the figures of each table's rows, by table. */
struct table_shape {
	const char *key;		/* the array in the summary object */
	const char *name[2];		/* the row's name fields */
	const char *figure[SUMMARY_FIELDS]; /* NULL: not used */
	bool shares;			/* per-message shares (senders) */
};

static const struct table_shape shapes[SUMMARY_TABLES] = {
	[SUMMARY_SENDERS] = { "senders", { "host", NULL },
	    { "messages", "plaintext", "deprecated_tls", "downgraded" },
	    true },
	[SUMMARY_SENDER_DOMAINS] = { "sender_domains", { "domain", NULL },
	    { "messages", "plaintext", "deprecated_tls", "downgraded" },
	    true },
	[SUMMARY_PLAINTEXT_HOSTS] = { "plaintext_hosts", { "host", NULL },
	    { "hops", "claimed", NULL, NULL }, false },
	[SUMMARY_PLAINTEXT_DOMAINS] = { "plaintext_domains",
	    { "domain", NULL }, { "hops", "claimed", NULL, NULL }, false },
	[SUMMARY_DOWNGRADES] = { "downgrades", { "relay", "receiver" },
	    { "paths", "attested", NULL, NULL }, false },
	[SUMMARY_CODES] = { "findings", { NULL, NULL },
	    { NULL, NULL, NULL, NULL }, false },
};

/* The four inbound totals, by SENDER_* index. */
static const char *const inbound_key[SUMMARY_FIELDS] = {
	"messages", "plaintext", "deprecated_tls", "downgraded"
};

static const enum tls_state states[] = { TLSSTATE_YES, TLSSTATE_NO,
    TLSSTATE_LOCAL, TLSSTATE_UNKNOWN };

static json_t *
jcount(unsigned long long n)
{
	return json_integer((json_int_t)n);
}

/* A JSON string from untrusted bytes, repaired to UTF-8. */
static json_t *
jtext(struct strbuf *scratch, const char *p, size_t len)
{
	strbuf_reset(scratch);
	(void)escape_utf8_repair(scratch, p, len);
	return json_stringn_nocheck(scratch->data ? scratch->data : "",
	    scratch->len);
}

/* The share of part in whole, 0 when whole is 0. */
static json_t *
jshare(unsigned long long part, unsigned long long whole)
{
	return json_real(whole == 0 ? 0.0 : (double)part / (double)whole);
}

/* One row of a table as an object; name NULL for "others". */
static json_t *
row_json(struct strbuf *scratch, enum summary_table t,
    const struct summary_row *r)
{
	const struct table_shape *sh = &shapes[t];
	const char *relay, *receiver;
	size_t rlen, clen, i;
	json_t *o = json_object();
	char key[64];

	if (r->name == NULL) {
		json_object_set_new(o, sh->name[0], json_null());
		if (sh->name[1] != NULL)
			json_object_set_new(o, sh->name[1], json_null());
	} else if (sh->name[1] != NULL) {
		summary_path_split(r->name, &relay, &rlen, &receiver, &clen);
		json_object_set_new(o, sh->name[0], jtext(scratch, relay,
		    rlen));
		json_object_set_new(o, sh->name[1], jtext(scratch, receiver,
		    clen));
	} else
		json_object_set_new(o, sh->name[0], jtext(scratch, r->name,
		    strlen(r->name)));
	for (i = 0; i < SUMMARY_FIELDS && sh->figure[i] != NULL; i++)
		json_object_set_new(o, sh->figure[i], jcount(r->n[i]));
	for (i = SENDER_PLAINTEXT; sh->shares && i < SUMMARY_FIELDS; i++) {
		(void)snprintf(key, sizeof key, "%s_share", sh->figure[i]);
		json_object_set_new(o, key, jshare(r->n[i],
		    r->n[SENDER_MESSAGES]));
	}
	return o;
}

/* True when a row has a figure that is not 0. */
static bool
row_is_set(const struct summary_row *r)
{
	size_t i;

	for (i = 0; i < SUMMARY_FIELDS; i++) {
		if (r->n[i] != 0)
			return true;
	}
	return false;
}

/* A whole table, ranked, its "others" row last when it has one. */
static json_t *
table_json(struct strbuf *scratch, const struct summary *s,
    enum summary_table t)
{
	struct summary_row *rows, others;
	json_t *arr = json_array();
	size_t i, n;

	rows = summary_rows(s, t, &n, &others);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, row_json(scratch, t, &rows[i]));
	if (row_is_set(&others))
		json_array_append_new(arr, row_json(scratch, t, &others));
	free(rows);
	return arr;
}

/* The findings by code, ranked, as an object. */
static json_t *
codes_json(struct strbuf *scratch, const struct summary *s)
{
	struct summary_row *rows, others;
	json_t *o = json_object();
	size_t i, n;

	rows = summary_rows(s, SUMMARY_CODES, &n, &others);
	for (i = 0; i < n; i++) {
		strbuf_reset(scratch);
		(void)escape_utf8_repair(scratch, rows[i].name,
		    strlen(rows[i].name));
		strbuf_appendc(scratch, '\0');
		json_object_set_new(o, scratch->data, jcount(rows[i].n[0]));
	}
	free(rows);
	return o;
}

static json_t *
side_json(const struct summary_hops *h)
{
	json_t *o = json_object();

	json_object_set_new(o, "hops", jcount(h->hops));
	json_object_set_new(o, "plaintext", jcount(h->plaintext));
	json_object_set_new(o, "deprecated_tls", jcount(h->deprecated));
	return o;
}

int
report_json_summary(FILE *out, const struct summary *s)
{
	struct strbuf scratch, dump, text;
	json_t *root, *sum, *o;
	size_t i, need;
	int rc = -1;

	strbuf_init(&scratch);
	strbuf_init(&dump);
	strbuf_init(&text);
	root = json_object();
	sum = json_object();
	json_object_set_new(root, "type", json_string("summary"));
	json_object_set_new(root, "schema", json_integer(JSON_SCHEMA_VERSION));
	json_object_set_new(sum, "messages", jcount(s->messages));
	json_object_set_new(sum, "not_analysed", jcount(s->errors));
	o = json_object();
	json_object_set_new(o, "pass", jcount(s->verdict[VERDICT_PASS]));
	json_object_set_new(o, "fail", jcount(s->verdict[VERDICT_FAIL]));
	json_object_set_new(o, "unknown", jcount(s->verdict[VERDICT_UNKNOWN]));
	json_object_set_new(sum, "verdicts", o);
	json_object_set_new(sum, "hops", jcount(s->hops));
	o = json_object();
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		json_object_set_new(o, tlsstate_name(states[i]),
		    jcount(s->state[states[i]]));
	json_object_set_new(sum, "tls", o);
	o = json_object();
	for (i = TLSVER_TLS13 + 1; i-- > 0;) {
		if (s->version[i] > 0)
			json_object_set_new(o, i == TLSVER_NONE ? "unstated" :
			    tlsver_name((enum tls_version)i),
			    jcount(s->version[i]));
	}
	json_object_set_new(sum, "tls_versions", o);
	json_object_set_new(sum, "plaintext_public_hops", jcount(s->plaintext));
	json_object_set_new(sum, "attested_hops", side_json(&s->attested));
	json_object_set_new(sum, "claimed_hops", side_json(&s->claimed));
	o = json_object();
	for (i = 0; i < SUMMARY_FIELDS; i++)
		json_object_set_new(o, inbound_key[i], jcount(s->inbound[i]));
	json_object_set_new(sum, "inbound", o);
	for (i = 0; i < SUMMARY_TABLES; i++) {
		if (i != SUMMARY_CODES)
			json_object_set_new(sum, shapes[i].key,
			    table_json(&scratch, s, (enum summary_table)i));
	}
	json_object_set_new(sum, "findings", codes_json(&scratch, s));
	json_object_set_new(root, "summary", sum);

	/* DEL, C1 and bidi controls as \u escapes: terminal-safe JSON. */
	for (;;) {
		need = json_dumpb(root, dump.data, dump.cap, JSON_COMPACT |
		    JSON_REAL_PRECISION(4));
		if (need == 0 || need <= dump.cap)
			break;
		strbuf_reserve(&dump, need);
	}
	if (need > 0) {
		escape_json_text(&text, dump.data, need);
		strbuf_appendc(&text, '\n');
		rc = fwrite(text.data, 1, text.len, out) == text.len ? 0 : -1;
	}
	json_decref(root);
	strbuf_clear(&scratch);
	strbuf_clear(&dump);
	strbuf_clear(&text);
	return rc;
}

/* Reading summaries back. */

struct reader {
	const char *file;
	size_t number;		/* of the summary in the file, from 1 */
	char *err;
	size_t errsize;
};

static int
fail(struct reader *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes "FILE: summary N: problem" to rd->err; returns -1. */
static int
fail(struct reader *rd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	(void)snprintf(rd->err, rd->errsize, "%s: summary %zu: %s", rd->file,
	    rd->number, msg);
	return -1;
}

/*
 * The largest count read: 2^53, the largest integer every JSON reader
 * keeps exact.  Sums of such counts over many shards cannot wrap.
 */
#define COUNT_MAX	(1ULL << 53)

/* Reads a count (an integer from 0 to COUNT_MAX) at key of o into *n. */
static int
get_count(struct reader *rd, const json_t *o, const char *where,
    const char *key, unsigned long long *n)
{
	const json_t *v = json_object_get(o, key);

	*n = 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (unsigned long long)json_integer_value(v) > COUNT_MAX)
		return fail(rd, "%s%s%s is not a count (0 to 2^53)", where,
		    *where ? "." : "", key);
	*n = (unsigned long long)json_integer_value(v);
	return 0;
}

/* Adds a count at key of o to *sum; a missing key is 0. */
static int
add_count(struct reader *rd, const json_t *o, const char *where,
    const char *key, unsigned long long *sum)
{
	unsigned long long n;

	if (json_object_get(o, key) == NULL)
		return 0;
	if (get_count(rd, o, where, key, &n) == -1)
		return -1;
	*sum += n;
	return 0;
}

/* The object at key of o, or an error. */
static const json_t *
get_object(struct reader *rd, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_object(v)) {
		(void)fail(rd, "%s is not an object", key);
		return NULL;
	}
	return v;
}

/* Adds one table's rows. */
static int
read_table(struct reader *rd, struct summary *s, const json_t *sum,
    enum summary_table t)
{
	const struct table_shape *sh = &shapes[t];
	unsigned long long n[SUMMARY_FIELDS];
	const json_t *arr = json_object_get(sum, sh->key), *row;
	const json_t *v[2] = { NULL, NULL };
	struct strbuf name;
	char where[96];
	size_t i, k;

	if (!json_is_array(arr))
		return fail(rd, "%s is not an array", sh->key);
	strbuf_init(&name);
	json_array_foreach(arr, i, row) {
		(void)snprintf(where, sizeof where, "%s[%zu]", sh->key, i);
		if (!json_is_object(row)) {
			strbuf_clear(&name);
			return fail(rd, "%s is not an object", where);
		}
		memset(n, 0, sizeof n);
		for (k = 0; k < SUMMARY_FIELDS && sh->figure[k] != NULL; k++) {
			if (get_count(rd, row, where, sh->figure[k],
			    &n[k]) == -1) {
				strbuf_clear(&name);
				return -1;
			}
		}
		strbuf_reset(&name);
		for (k = 0; k < 2 && sh->name[k] != NULL; k++) {
			v[k] = json_object_get(row, sh->name[k]);
			/* null names the others row, in every name field. */
			if (!json_is_string(v[k]) && !(json_is_null(v[k]) &&
			    (k == 0 || json_is_null(v[0])))) {
				strbuf_clear(&name);
				return fail(rd, "%s.%s is not a string%s",
				    where, sh->name[k], k == 0 ? " or null" :
				    " (nor null with the others)");
			}
			if (k > 0)
				strbuf_appendc(&name, SUMMARY_PATH_SEP);
			if (json_is_string(v[k]))
				strbuf_append(&name, json_string_value(v[k]),
				    json_string_length(v[k]));
		}
		if (json_is_null(v[0]))
			summary_count(s, t, NULL, 0, n);
		else
			summary_count(s, t, name.data ? name.data : "",
			    name.len, n);
	}
	strbuf_clear(&name);
	return 0;
}

/* Adds one summary object to s. */
static int
read_summary(struct reader *rd, struct summary *s, const json_t *root)
{
	const json_t *sum, *o, *v;
	struct summary_hops *side;
	unsigned long long n[SUMMARY_FIELDS];
	const char *key;
	size_t i;

	if ((sum = get_object(rd, root, "summary")) == NULL)
		return -1;
	if (get_count(rd, sum, "", "messages", &n[0]) == -1)
		return -1;
	s->messages += n[0];
	if (add_count(rd, sum, "", "not_analysed", &s->errors) == -1 ||
	    add_count(rd, sum, "", "hops", &s->hops) == -1 ||
	    add_count(rd, sum, "", "plaintext_public_hops",
	    &s->plaintext) == -1)
		return -1;
	if ((o = get_object(rd, sum, "verdicts")) == NULL ||
	    add_count(rd, o, "verdicts", "pass",
	    &s->verdict[VERDICT_PASS]) == -1 ||
	    add_count(rd, o, "verdicts", "fail",
	    &s->verdict[VERDICT_FAIL]) == -1 ||
	    add_count(rd, o, "verdicts", "unknown",
	    &s->verdict[VERDICT_UNKNOWN]) == -1)
		return -1;
	if ((o = get_object(rd, sum, "tls")) == NULL)
		return -1;
	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		if (add_count(rd, o, "tls", tlsstate_name(states[i]),
		    &s->state[states[i]]) == -1)
			return -1;
	}
	if ((o = get_object(rd, sum, "tls_versions")) == NULL)
		return -1;
	for (i = 0; i <= TLSVER_TLS13; i++) {
		if (add_count(rd, o, "tls_versions", i == TLSVER_NONE ?
		    "unstated" : tlsver_name((enum tls_version)i),
		    &s->version[i]) == -1)
			return -1;
	}
	for (i = 0; i < 2; i++) {
		key = i == 0 ? "attested_hops" : "claimed_hops";
		side = i == 0 ? &s->attested : &s->claimed;
		if ((o = get_object(rd, sum, key)) == NULL ||
		    add_count(rd, o, key, "hops", &side->hops) == -1 ||
		    add_count(rd, o, key, "plaintext",
		    &side->plaintext) == -1 ||
		    add_count(rd, o, key, "deprecated_tls",
		    &side->deprecated) == -1)
			return -1;
	}
	if ((o = get_object(rd, sum, "inbound")) == NULL)
		return -1;
	for (i = 0; i < SUMMARY_FIELDS; i++) {
		if (add_count(rd, o, "inbound", inbound_key[i],
		    &s->inbound[i]) == -1)
			return -1;
	}
	for (i = 0; i < SUMMARY_TABLES; i++) {
		if (i != SUMMARY_CODES && read_table(rd, s, sum,
		    (enum summary_table)i) == -1)
			return -1;
	}
	if ((o = get_object(rd, sum, "findings")) == NULL)
		return -1;
	json_object_foreach((json_t *)(uintptr_t)o, key, v) {
		memset(n, 0, sizeof n);
		if (get_count(rd, o, "findings", key, &n[0]) == -1)
			return -1;
		summary_count(s, SUMMARY_CODES, key, strlen(key), n);
	}
	return 0;
}

/* Skips white space; returns the next byte without taking it, or EOF. */
static int
peek(FILE *fp)
{
	int ch;

	while ((ch = getc(fp)) != EOF && isspace(ch))
		continue;
	if (ch != EOF)
		(void)ungetc(ch, fp);
	return ch;
}

int
summary_json_read(FILE *fp, const char *file, struct summary *s, char *err,
    size_t errsize)
{
	struct reader rd = { file, 0, err, errsize };
	const json_t *type;
	json_error_t jerr;
	json_t *root;
	size_t values = 0;
	int rc = 0;

	while (rc == 0 && peek(fp) != EOF) {
		values++;
		root = json_loadf(fp, JSON_DISABLE_EOF_CHECK, &jerr);
		if (root == NULL) {
			(void)snprintf(err, errsize, "%s: line %d: not JSON: "
			    "%s", file, jerr.line, jerr.text);
			return -1;
		}
		type = json_object_get(root, "type");
		/* Reports of messages may come before a summary: skipped. */
		if (json_is_string(type) &&
		    strcmp(json_string_value(type), "message") == 0) {
			json_decref(root);
			continue;
		}
		rd.number++;
		if (!json_is_string(type) ||
		    strcmp(json_string_value(type), "summary") != 0)
			rc = fail(&rd, "not a tlstrace summary (no \"type\": "
			    "\"summary\")");
		else if (!json_is_integer(json_object_get(root, "schema")) ||
		    json_integer_value(json_object_get(root, "schema")) !=
		    JSON_SCHEMA_VERSION)
			rc = fail(&rd, "schema is not %d", JSON_SCHEMA_VERSION);
		else
			rc = read_summary(&rd, s, root);
		json_decref(root);
	}
	if (rc == 0 && ferror(fp)) {
		(void)snprintf(err, errsize, "%s: read error: %s", file,
		    strerror(errno));
		return -1;
	}
	if (rc == 0 && rd.number == 0) {
		(void)snprintf(err, errsize, "%s: %s", file, values == 0 ?
		    "empty, not a summary" : "no summary, only reports");
		return -1;
	}
	return rc == 0 ? (int)rd.number : -1;
}
