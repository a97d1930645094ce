/*
 * report_field.c: the TLS-Trace field, the report of filter mode (see
 * report.h).  Its value is printable ASCII by construction: names from the
 * message are narrowed to a safe alphabet, codes are static.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "escape.h"
#include "names.h"
#include "report.h"
#include "util.h"

/*
 * Appends one piece of a folded field, folding first when it would not
 * fit and the line holds a piece already (*col > *start).
 */
static void
fold_piece(struct strbuf *sb, const char *p, size_t len, bool space,
    size_t *col, size_t *start, const char *eol)
{
	if (*col + (space ? 1 : 0) + len > FIELD_FOLD_WIDTH &&
	    *col > *start) {
		strbuf_appends(sb, eol);
		strbuf_appendc(sb, ' ');
		*col = *start = 1;
	} else if (space) {
		strbuf_appendc(sb, ' ');
		(*col)++;
	}
	strbuf_append(sb, p, len);
	*col += len;
}

void
field_fold(struct strbuf *sb, const char *name, const char *value,
    const char *eol)
{
	const char *p = value, *w, *comma;
	size_t col, start, wlen, n;

	strbuf_appends(sb, name);
	strbuf_appendc(sb, ':');
	col = start = strlen(name) + 1;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		wlen = (size_t)(p - w);
		if (wlen + 1 <= FIELD_FOLD_WIDTH ||
		    memchr(w, ',', wlen) == NULL) {
			fold_piece(sb, w, wlen, true, &col, &start, eol);
			continue;
		}
		/* A long list: pieces ending after each comma. */
		for (n = 0; w < p; n++) {
			comma = memchr(w, ',', (size_t)(p - w));
			wlen = comma != NULL ? (size_t)(comma - w) + 1 :
			    (size_t)(p - w);
			fold_piece(sb, w, wlen, n == 0, &col, &start, eol);
			w += wlen;
		}
	}
	strbuf_appends(sb, eol);
}

/*
 * Appends a host name or address from the message, made safe for the
 * field: printable ASCII (escape_ascii), then only letters, digits and
 * ". - _ : [ ]", anything else '?', at most FIELD_NAME_MAX bytes.
 */
static void
put_name(struct strbuf *sb, const char *p, size_t len)
{
	struct strbuf tmp;
	size_t i, n;

	strbuf_init(&tmp);
	escape_ascii(&tmp, p, len < 4 * FIELD_NAME_MAX ? len :
	    4 * FIELD_NAME_MAX);
	n = tmp.len < FIELD_NAME_MAX ? tmp.len : FIELD_NAME_MAX;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)tmp.data[i];

		if (ascii_isalnum(ch) || ch == '.' || ch == '-' || ch == '_' ||
		    ch == ':' || ch == '[' || ch == ']')
			strbuf_appendc(sb, (char)ch);
		else
			strbuf_appendc(sb, '?');
	}
	strbuf_clear(&tmp);
}

/* Appends " key=NAME" for a span that is set and not empty. */
static void
put_key_span(struct strbuf *sb, const char *key, struct span s)
{
	if (!SPAN_IS_SET(s) || s.len == 0)
		return;
	strbuf_appendf(sb, " %s=", key);
	put_name(sb, s.p, s.len);
}

/*
 * Appends the codes of the warning and error findings, each once, in order
 * of first appearance; informational ones would only lengthen the field.
 */
static void
put_findings(struct strbuf *sb, const struct diaglist *list)
{
	size_t i, k;
	bool first = true;

	for (i = 0; i < list->n; i++) {
		if (list->v[i].severity == SEVERITY_INFO)
			continue;
		for (k = 0; k < i; k++) {
			if (strcmp(list->v[k].code, list->v[i].code) == 0)
				break;
		}
		if (k < i)
			continue;
		strbuf_appends(sb, first ? "; findings=" : ",");
		put_name(sb, list->v[i].code, strlen(list->v[i].code));
		first = false;
	}
}

/*
 * Appends the reason of an unknown verdict, in the words of the hops the
 * policy judges ("a public hop ...", "a hop between hosts ...").
 */
static void
put_unknown_reason(struct strbuf *sb, enum verdict_reason r,
    const struct policy *policy)
{
	const char *hops = report_scope_words(policy);

	switch (r) {
	case REASON_NO_RECEIVED:
		strbuf_appends(sb, "; reason=\"no Received fields\"");
		break;
	case REASON_NONE_JUDGED:
		strbuf_appendf(sb, "; reason=\"no %s\"", hops);
		break;
	case REASON_NO_EVIDENCE:
		strbuf_appendf(sb, "; reason=\"a %s gives no evidence of TLS\"",
		    hops);
		break;
	case REASON_VERSION_UNSTATED:
		strbuf_appendf(sb, "; reason=\"a %s does not state its TLS "
		    "version\"", hops);
		break;
	case REASON_ALL_TLS:
	case REASON_PLAINTEXT:
	case REASON_BELOW_MIN_TLS:
		break;
	}
}

void
field_value(struct strbuf *sb, const struct chain *c,
    const struct policy *policy)
{
	const struct hop *plain = chain_hop(c, c->first_plaintext);

	strbuf_appendf(sb, "%s; hops=%zu; public=%zu; tls=%zu",
	    verdict_name(c->verdict), c->nreceived, c->njudged, c->ntls);
	if (plain != NULL) {
		strbuf_appendf(sb, "; plaintext-hop=%u", plain->index);
		put_key_span(sb, "by", plain->rcv.clause[CLAUSE_BY].first);
		put_key_span(sb, "from", plain->rcv.helo);
		if (plain->ip[0] != '\0') {
			strbuf_appends(sb, " ip=");
			put_name(sb, plain->ip, strlen(plain->ip));
		}
	}
	if (c->lowest != TLSVER_NONE)
		strbuf_appendf(sb, "; lowest-tls=%s", tlsver_name(c->lowest));
	put_findings(sb, &c->findings);
	if (c->verdict == VERDICT_UNKNOWN)
		put_unknown_reason(sb, c->reason, policy);
}

void
field_value_unknown(struct strbuf *sb, const char *reason)
{
	size_t i;

	strbuf_appends(sb, "unknown; reason=\"");
	for (i = 0; reason[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)reason[i];

		strbuf_appendc(sb, ch >= ' ' && ch < 0x7f && ch != '"' &&
		    ch != '\\' ? (char)ch : '?');
	}
	strbuf_appendc(sb, '"');
}
