/*
 * extract.c: the GMime adapter (see extract.h).
 */
#include "config.h"

#include <string.h>

#include <gmime/gmime.h>

#include "diag.h"
#include "extract.h"
#include "util.h"

static GMimeParserOptions *parser_options;

/* Offsets of one copied field value in the chain buffer. */
struct copied {
	size_t off;
	size_t len;
};

void
extract_init(void)
{
	g_mime_init();
	parser_options = g_mime_parser_options_new();
}

void
extract_shutdown(void)
{
	if (parser_options != NULL)
		g_mime_parser_options_free(parser_options);
	parser_options = NULL;
	g_mime_shutdown();
}

/* Maps the GMime warnings that concern header fields to diagnostics. */
static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer user_data)
{
	struct chain *c = user_data;
	const char *what;

	switch (code) {
	case GMIME_WARN_UNENCODED_8BIT_HEADER:
		what = "unencoded 8-bit bytes in a header field";
		break;
	case GMIME_CRIT_INVALID_HEADER_NAME:
		what = "invalid header field name";
		break;
	case GMIME_CRIT_CONFLICTING_HEADER:
		what = "conflicting header fields";
		break;
	case GMIME_WARN_DUPLICATED_HEADER:
		what = "duplicated header field";
		break;
	default:
		return;
	}
	diag_add(&c->diags, "header-syntax", SEVERITY_INFO, 0,
	    "%s%s%.*s (offset %lld)", what, item ? ": " : "",
	    item ? (int)strnlen(item, 60) : 0, item ? item : "",
	    (long long)offset);
}

/*
 * Appends a header value to the buffer, unfolded, with NUL bytes turned
 * into spaces and at most max bytes kept.  Returns where it went.
 */
static struct copied
copy_value(struct strbuf *sb, const char *raw, size_t max, bool *cut)
{
	struct copied at;
	char *unfolded, *p;
	size_t len;

	unfolded = g_mime_utils_header_unfold(raw);
	len = unfolded ? strlen(unfolded) : 0;
	*cut = len > max;
	if (*cut)
		len = max;
	at.off = sb->len;
	at.len = len;
	strbuf_append(sb, unfolded ? unfolded : "", len);
	strbuf_appendc(sb, '\0');
	for (p = sb->data + at.off; p < sb->data + at.off + len; p++) {
		if (*p == '\0' || *p == '\r' || *p == '\n')
			*p = ' ';
	}
	g_free(unfolded);
	return at;
}

/* Sets c->body from the top-level Content-Type. */
static void
read_body_protection(GMimeMessage *msg, struct chain *c)
{
	GMimeObject *part = g_mime_message_get_mime_part(msg);
	GMimeContentType *ct;
	const char *smime;

	c->body = BODY_PLAIN;
	if (part == NULL)
		return;
	ct = g_mime_object_get_content_type(part);
	if (ct == NULL)
		return;
	if (g_mime_content_type_is_type(ct, "multipart", "encrypted"))
		c->body = BODY_PGP;
	else if (g_mime_content_type_is_type(ct, "application",
	    "pkcs7-mime") || g_mime_content_type_is_type(ct, "application",
	    "x-pkcs7-mime")) {
		smime = g_mime_content_type_get_parameter(ct, "smime-type");
		if (smime == NULL ||
		    g_ascii_strcasecmp(smime, "signed-data") != 0)
			c->body = BODY_SMIME;
	}
}

/* Converts the copied offsets into hops and spans once the buffer is final. */
static void
place_fields(struct chain *c, struct strbuf *sb, const struct copied *rcv,
    size_t nrcv, struct copied mid, struct copied treq)
{
	size_t i;

	c->buf = sb->data;
	c->buflen = sb->len;
	c->nhops = nrcv;
	c->hop = nrcv ? xcalloc(nrcv, sizeof(*c->hop)) : NULL;
	for (i = 0; i < nrcv; i++) {
		/* Field 0 is the top-most (newest); hop 1 is the oldest. */
		struct hop *h = &c->hop[nrcv - 1 - i];

		h->field = (unsigned)i;
		h->index = (unsigned)(nrcv - i);
		h->rcv.raw.p = c->buf + rcv[i].off;
		h->rcv.raw.len = rcv[i].len;
	}
	if (mid.len > 0) {
		c->message_id.p = c->buf + mid.off;
		c->message_id.len = mid.len;
	}
	if (treq.off != (size_t)-1) {
		c->tls_required.p = c->buf + treq.off;
		c->tls_required.len = treq.len;
	}
}

int
extract_headers(const char *block, size_t len, struct chain *c)
{
	struct copied rcv[RECEIVED_MAX], mid = { 0, 0 };
	struct copied treq = { (size_t)-1, 0 };
	GMimeHeaderList *list;
	GMimeMessage *msg;
	GMimeParser *parser;
	GMimeStream *stream;
	struct strbuf sb;
	size_t nrcv = 0, skipped = 0;
	bool cut, cut_said = false;
	int i, n;

	strbuf_init(&sb);
	/* GMime needs the end of the header block to be marked. */
	stream = g_mime_stream_mem_new();
	(void)g_mime_stream_write(stream, block, len);
	(void)g_mime_stream_write(stream, "\n\n", 2);
	(void)g_mime_stream_reset(stream);
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	g_mime_parser_options_set_warning_callback(parser_options, on_warning,
	    c);
	msg = g_mime_parser_construct_message(parser, parser_options);
	g_mime_parser_options_set_warning_callback(parser_options, NULL, NULL);
	g_object_unref(parser);
	if (msg == NULL)
		return -1;

	list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	n = list ? g_mime_header_list_get_count(list) : 0;
	for (i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
		const char *name = g_mime_header_get_name(h);
		const char *raw = g_mime_header_get_raw_value(h);

		if (name == NULL || raw == NULL)
			continue;
		if (g_ascii_strcasecmp(name, "Received") == 0) {
			if (nrcv >= RECEIVED_MAX) {
				skipped++;
				continue;
			}
			rcv[nrcv++] = copy_value(&sb, raw, RECEIVED_MAX_BYTES,
			    &cut);
			if (cut && !cut_said) {
				diag_add(&c->diags, "received-too-long",
				    SEVERITY_WARNING, 0, "a Received field is "
				    "longer than %d bytes; the rest is "
				    "ignored", RECEIVED_MAX_BYTES);
				cut_said = true;
			}
		} else if (g_ascii_strcasecmp(name, "Message-ID") == 0 &&
		    mid.len == 0)
			mid = copy_value(&sb, raw, 998, &cut);
		else if (g_ascii_strcasecmp(name, "TLS-Required") == 0 &&
		    treq.off == (size_t)-1)
			treq = copy_value(&sb, raw, 998, &cut);
	}
	c->nreceived = nrcv + skipped;
	if (skipped > 0)
		diag_add(&c->diags, "too-many-received", SEVERITY_WARNING, 0,
		    "%zu Received fields; the oldest %zu are not analysed",
		    nrcv + skipped, skipped);
	read_body_protection(msg, c);
	g_object_unref(msg);
	if (sb.data == NULL)
		strbuf_append(&sb, "", 0);
	place_fields(c, &sb, rcv, nrcv, mid, treq);
	return 0;
}
