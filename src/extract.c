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
static bool fast_path = true;
static struct strbuf reduced;	/* the fast path's block, reused */

/*
 * Fields that GMime warns about when they appear twice ("duplicated" or
 * "conflicting header fields"), besides every Content-* field; checked
 * against GMime 3.2.13 by tests/unit_extract.
 */
static const char *const once_only[] = {
	"Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID",
	"In-Reply-To", "References", "Subject"
};

#define ONCE_ONLY_COUNT	(sizeof once_only / sizeof once_only[0])
#define CONTENT_SEEN_MAX 16	/* distinct Content-* names tracked */

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
extract_set_fast_path(bool on)
{
	fast_path = on;
}

void
extract_shutdown(void)
{
	strbuf_clear(&reduced);
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

/* True for an RFC 9110 token character, the bytes of a field name. */
static bool
is_tchar(unsigned char ch)
{
	return ascii_isalnum(ch) || ch == '-' || (ch != '\0' &&
	    strchr("!#$%&'*+.^_`|~", ch) != NULL);
}

/* The name of a field is word, ignoring ASCII case: lengths first. */
static bool
name_is(const char *name, size_t len, const char *word)
{
	return strlen(word) == len && ascii_span_eq(name, len, word);
}

/* True for the fields extract_headers reads (see quiet_fields). */
static bool
wanted_field(const char *name, size_t len)
{
	return name_is(name, len, "Received") ||
	    name_is(name, len, "Message-ID") ||
	    name_is(name, len, "TLS-Required") ||
	    name_is(name, len, "MIME-Version") ||
	    ascii_span_startswith(name, len, "Content-");
}

/* True when two field names are equal, ignoring ASCII case. */
static bool
same_name(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		if (ascii_tolower((unsigned char)a[i]) !=
		    ascii_tolower((unsigned char)b[i]))
			return false;
	}
	return true;
}

/*
 * Notes a field name for the repetition check; returns false when it is a
 * second field of a name GMime warns about, or when there are too many
 * Content-* names to tell.
 */
static bool
first_of_its_name(const char *name, size_t len, unsigned *seen,
    struct span *content, size_t *ncontent)
{
	size_t i;

	if (ascii_span_startswith(name, len, "Content-")) {
		for (i = 0; i < *ncontent; i++) {
			if (same_name(content[i].p, content[i].len, name,
			    len))
				return false;
		}
		if (*ncontent == CONTENT_SEEN_MAX)
			return false;
		content[*ncontent].p = name;
		content[(*ncontent)++].len = len;
		return true;
	}
	for (i = 0; i < ONCE_ONLY_COUNT; i++) {
		if (name_is(name, len, once_only[i])) {
			if (*seen & (1u << i))
				return false;
			*seen |= 1u << i;
			return true;
		}
	}
	return true;
}

/*
 * The fast path's guard.  Parsing every field of a block, with a warning
 * callback installed (GMime then decodes every field to look for 8-bit
 * bytes), is most of the cost of a message, yet tlstrace reads only the
 * fields of wanted_field.  A block is quiet when GMime cannot warn about
 * any field it does not read: only printable ASCII, TAB and CRLF or LF
 * line ends; every line a field ("token:") or a continuation that is not
 * white space only; no second field of a name GMime wants once.  For a
 * quiet block, the wanted fields are copied, in order and byte for byte,
 * to sb; GMime parses them and gives the same values, and there is no
 * warning to lose.
 * Returns false, with sb in an unspecified state, for any other block.
 */
static bool
quiet_fields(const char *block, size_t len, struct strbuf *sb)
{
	struct span content[CONTENT_SEEN_MAX];
	const char *p = block, *end = block + len, *eol, *q;
	size_t ncontent = 0, n;
	unsigned seen = 0;
	bool keep = false;

	strbuf_reset(sb);
	while (p < end) {
		/* The line: printable ASCII and TAB, then CRLF, LF or the end. */
		for (eol = p; eol < end; eol++) {
			unsigned char ch = (unsigned char)*eol;

			if ((ch < 0x20 || ch >= 0x7f) && ch != '\t')
				break;
		}
		if (eol < end && *eol == '\r' && eol + 1 < end &&
		    eol[1] == '\n')
			eol++;
		else if (eol < end && *eol != '\n')
			return false;
		if (*p == ' ' || *p == '\t') {
			if (p == block)
				return false;
			for (q = p; q < eol && ascii_isspace(
			    (unsigned char)*q); q++)
				;
			if (q == eol)
				return false;
		} else {
			for (q = p; q < eol && is_tchar((unsigned char)*q);
			    q++)
				;
			if (q == p || q == eol || *q != ':')
				return false;
			n = (size_t)(q - p);
			if (!first_of_its_name(p, n, &seen, content,
			    &ncontent))
				return false;
			keep = wanted_field(p, n);
		}
		if (eol < end)
			eol++;
		if (keep)
			strbuf_append(sb, p, (size_t)(eol - p));
		p = eol;
	}
	return true;
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
	bool cut, cut_said = false, quiet;
	int i, n;

	strbuf_init(&sb);
	/* An empty reduced block would be no message at all: parse it all. */
	quiet = fast_path && quiet_fields(block, len, &reduced) &&
	    reduced.len > 0;
	if (quiet) {
		block = reduced.data ? reduced.data : "";
		len = reduced.len;
	}
	/* GMime needs the end of the header block to be marked. */
	stream = g_mime_stream_mem_new();
	(void)g_mime_stream_write(stream, block, len);
	(void)g_mime_stream_write(stream, "\n\n", 2);
	(void)g_mime_stream_reset(stream);
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	if (!quiet)
		g_mime_parser_options_set_warning_callback(parser_options,
		    on_warning, c);
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
