/*
 * unit_received.c: runs every vector of tests/vectors/ through
 * parse -> evidence -> classify with the built-in rules, and compares the
 * keys each vector states.  A key set to null expects "not set"; a key
 * that is absent is not checked.
 *
 * Vector: {"name": "...", "source": "...", "header": "...", "expect": {...},
 * "diag": [...]}; "source" says where the header was seen and is not read.
 * Expect keys: from rdns ip by with id for date tls tls_version
 * tls_version_at_least cipher bits weak (the cipher table's weakness
 * word, null = not weak) verified scope rules (evidence rule names that
 * must appear).
 * Any other key, in the vector or in "expect", fails with its name, so
 * that a misspelt key is never a check silently skipped: a new key goes
 * in vector_keys or expect_keys below as well as in the code that checks
 * it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cipher.h"
#include "classify.h"
#include "datetime.h"
#include "diag.h"
#include "names.h"
#include "received.h"
#include "rules.h"
#include "tap.h"
#include "tlsinfo.h"
#include "util.h"

/* The keys a vector may have, and those its "expect" object may have. */
static const char *const vector_keys[] = {
	"name", "source", "header", "expect", "diag", "deviation", NULL
};
static const char *const expect_keys[] = {
	"from", "rdns", "ip", "by", "with", "id", "for", "date", "tls",
	"tls_version", "tls_version_at_least", "cipher", "bits", "weak",
	"verified", "scope", "rules", NULL
};

/* Set when a check of the current vector fails: the vector is a miss. */
static bool vector_missed;

/* Records the outcome of one check of the current vector. */
static void
note(bool passed)
{
	if (!passed)
		vector_missed = true;
}

/* True when key is one of the NULL-terminated list. */
static bool
key_known(const char *key, const char *const *known)
{
	for (; *known != NULL; known++) {
		if (strcmp(key, *known) == 0)
			return true;
	}
	return false;
}

/* One failing test point for each key of obj not in known, naming it;
 * one passing point when there is none. */
static void
check_keys(const char *name, json_t *obj, const char *const *known,
    const char *where)
{
	const char *key;
	json_t *value;
	int unknown = 0;

	json_object_foreach(obj, key, value) {
		(void)value;
		if (!key_known(key, known)) {
			tap_ok(false, "%s: unknown %s key \"%s\"", name, where,
			    key);
			unknown++;
		}
	}
	if (unknown == 0)
		tap_ok(true, "%s: every %s key is known", name, where);
}

/* Compares one span key of the expectation. */
static void
check_span(const char *name, const json_t *expect, const char *key,
    struct span got)
{
	const json_t *want = json_object_get(expect, key);

	if (want == NULL)
		return;
	if (json_is_null(want))
		note(tap_ok(!SPAN_IS_SET(got), "%s: %s unset", name, key));
	else
		note(tap_is_span(got.p, got.len, json_string_value(want),
		    "%s: %s", name, key));
}

/* Compares one string key against a static value (NULL = unset). */
static void
check_str(const char *name, const json_t *expect, const char *key,
    const char *got)
{
	const json_t *want = json_object_get(expect, key);

	if (want == NULL)
		return;
	note(tap_is_str(got, json_is_null(want) ? NULL :
	    json_string_value(want), "%s: %s", name, key));
}

/* True when the hop has evidence from the named rule. */
static bool
has_rule(const struct hop *h, const char *rule)
{
	size_t i;

	for (i = 0; i < h->nevidence; i++) {
		if (strcmp(h->evidence[i].rule, rule) == 0)
			return true;
	}
	return false;
}

/* Runs one vector. */
static void
run_vector(json_t *v, const struct ruleset *rs)
{
	const char *name = json_string_value(json_object_get(v, "name"));
	const json_t *header = json_object_get(v, "header");
	json_t *expect = json_object_get(v, "expect");
	const json_t *diags = json_object_get(v, "diag"), *item, *bits;
	struct diaglist dl = { NULL, 0, 0, 0 };
	char iso[DATETIME_ISO_MAX];
	struct hop hop;
	size_t i;

	if (name == NULL || !json_is_string(header) ||
	    !json_is_object(expect))
		tap_bail("malformed vector %s", name ? name : "(no name)");
	check_keys(name, v, vector_keys, "vector");
	check_keys(name, expect, expect_keys, "expect");
	memset(&hop, 0, sizeof hop);
	hop.index = 1;
	received_parse(json_string_value(header), json_string_length(header),
	    &hop.rcv, &dl, 1);
	tlsinfo_assess(&hop, rs, &dl);
	classify_hop(&hop, &dl);

	check_span(name, expect, "from", hop.rcv.helo);
	check_span(name, expect, "rdns", hop.rcv.rdns);
	check_str(name, expect, "ip", hop.ip[0] ? hop.ip : NULL);
	check_span(name, expect, "by", hop.rcv.clause[CLAUSE_BY].first);
	check_span(name, expect, "with", hop.rcv.clause[CLAUSE_WITH].value);
	check_span(name, expect, "id", hop.rcv.clause[CLAUSE_ID].value);
	check_span(name, expect, "for", hop.rcv.clause[CLAUSE_FOR].value);
	check_str(name, expect, "date", hop.rcv.has_date &&
	    datetime_format_iso(hop.rcv.date, iso, sizeof iso) ? iso : NULL);
	check_str(name, expect, "tls", tlsstate_name(hop.tls));
	check_str(name, expect, "tls_version", tlsver_name(hop.version));
	check_str(name, expect, "tls_version_at_least",
	    tlsver_name(hop.version_at_least));
	check_span(name, expect, "cipher", hop.cipher);
	check_str(name, expect, "weak", hop.suite ? hop.suite->weak : NULL);
	if ((bits = json_object_get(expect, "bits")) != NULL)
		note(tap_is_int(hop.bits, json_is_null(bits) ? -1 :
		    json_integer_value(bits), "%s: bits", name));
	check_str(name, expect, "verified", verified_name(hop.verified));
	check_str(name, expect, "scope", scope_name(hop.scope));
	json_array_foreach(json_object_get(expect, "rules"), i, item)
		note(tap_ok(has_rule(&hop, json_string_value(item)),
		    "%s: evidence from %s", name, json_string_value(item)));
	json_array_foreach(diags, i, item)
		note(tap_ok(diag_has(&dl, json_string_value(item), 0),
		    "%s: diagnostic %s", name, json_string_value(item)));
	diag_clear(&dl);
}

int
main(int argc, char *argv[])
{
	static const char *const files[] = {
		"vectors/received.json",
		"vectors/catalogue.json",
		"vectors/traps.json",
		"vectors/classify.json",
		"vectors/peers.json",
		"vectors/wild.json",
	};
	struct ruleset *rs = ruleset_new();
	json_error_t jerr;
	json_t *root, *v;
	char err[512];
	size_t i, k, nfile, missed, total = 0, total_missed = 0;

	(void)argc;
	(void)argv;
	if (ruleset_load_default(rs, err, sizeof err) == -1)
		tap_bail("default rules: %s", err);
	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		root = json_load_file(tap_data_path(files[k]), 0, &jerr);
		if (root == NULL)
			tap_bail("%s:%d: %s", files[k], jerr.line, jerr.text);
		if (!json_is_array(root))
			tap_bail("%s: not an array", files[k]);
		missed = 0;
		json_array_foreach(root, i, v) {
			vector_missed = false;
			run_vector(v, rs);
			missed += vector_missed;
		}
		nfile = json_array_size(root);
		tap_diag("%s: %zu of %zu hops right (%.2f%%)", files[k],
		    nfile - missed, nfile, nfile ? 100.0 * (double)(nfile -
		    missed) / (double)nfile : 100.0);
		total += nfile;
		total_missed += missed;
		json_decref(root);
	}
	tap_diag("per-hop accuracy over all vectors: %zu of %zu (%.2f%%)",
	    total - total_missed, total, total ? 100.0 * (double)(total -
	    total_missed) / (double)total : 100.0);
	tap_ok(total > 0 && (total - total_missed) * 100 >= total * 99,
	    "per-hop accuracy is at least 99%%");
	ruleset_free(rs);
	return tap_done();
}
