/*
 * extract.c: the GMime adapter (see extract.h).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <gmime/gmime.h>

#include "diag.h"
#include "escape.h"
#include "extract.h"
#include "util.h"

/*
 * Per thread, so that worker threads parse at once: the parser options
 * carry a warning callback set for each message, and the buffer of the
 * fields handed to GMime is reused.
 */
static _Thread_local GMimeParserOptions *parser_options;
static bool fast_path = true;
static _Thread_local struct strbuf reduced; /* the fields handed to GMime */

struct selection;
static long long block_offset(const struct selection *sel, long long off);

/* What on_warning needs: where diagnostics go, how offsets map back. */
struct warning_context {
	struct chain *c;
	/* NULL: the whole block was handed. */
	const struct selection *sel;
	size_t header_end;	/* where the body begins in what was handed */
};

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
}

void
extract_thread_release(void)
{
	strbuf_clear(&reduced);
	if (parser_options != NULL)
		g_mime_parser_options_free(parser_options);
	parser_options = NULL;
}

void
extract_set_fast_path(bool on)
{
	fast_path = on;
}

void
extract_shutdown(void)
{
	extract_thread_release();
	g_mime_shutdown();
}

/* Maps the GMime warnings that concern header fields to diagnostics. */
static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer user_data)
{
	const struct warning_context *wc = user_data;
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
	/* The header fields of MIME parts in the body are not ours. */
	if (offset < 0 || (guint64)offset >= wc->header_end)
		return;
	diag_add(&wc->c->diags, "header-syntax", SEVERITY_INFO, 0,
	    "%s%s%.*s (offset %lld)", what, item ? ": " : "",
	    item ? (int)strnlen(item, 60) : 0, item ? item : "",
	    block_offset(wc->sel, (long long)offset));
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

/* How far read_body_protection looks into the MIME tree. */
#define MIME_DEPTH_MAX	8	/* nested multiparts followed */
#define MIME_PARTS_MAX	64	/* parts examined in all */

/* What one part says about end-to-end encryption. */
enum part_protection {
	PART_NONE = 0,		/* nothing: look at the other parts */
	PART_PLAIN,		/* S/MIME that is not encrypted: stop here */
	PART_SMIME,
	PART_PGP,
	PART_PGP_INLINE,
	PART_ENCRYPTED_OTHER
};

/* The DER of the CMS content types (RFC 5652, RFC 5083, RFC 3274). */
static const unsigned char oid_enveloped[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03
};
static const unsigned char oid_auth_enveloped[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17
};

/* The decoded content of a leaf part, at most what the body head held. */
static GByteArray *
part_content(GMimeObject *obj, GMimeStream **mem)
{
	GMimeDataWrapper *w;

	*mem = NULL;
	if (!GMIME_IS_PART(obj) ||
	    (w = g_mime_part_get_content(GMIME_PART(obj))) == NULL)
		return NULL;
	*mem = g_mime_stream_mem_new();
	(void)g_mime_data_wrapper_write_to_stream(w, *mem);
	return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(*mem));
}

/*
 * Reads the CMS content type at the start of DER or BER bytes
 * (ContentInfo: SEQUENCE { contentType OBJECT IDENTIFIER, ... }): true
 * for enveloped or authEnveloped data; *known is false when the bytes
 * do not start as a ContentInfo.
 */
static bool
cms_is_encrypted(const unsigned char *p, size_t len, bool *known)
{
	size_t i = 2, n;

	*known = false;
	if (len < 4 || p[0] != 0x30)
		return false;
	if (p[1] & 0x80) {
		n = p[1] & 0x7f;	/* long form; 0 is BER's indefinite */
		if (n > 4)
			return false;
		i += n;
	}
	if (i + 2 > len || p[i] != 0x06 || i + 2 + p[i + 1] > len)
		return false;
	n = p[i + 1];
	p += i + 2;
	*known = true;
	return (n == sizeof oid_enveloped &&
	    memcmp(p, oid_enveloped, n) == 0) ||
	    (n == sizeof oid_auth_enveloped &&
	    memcmp(p, oid_auth_enveloped, n) == 0);
}

/*
 * An application/pkcs7-mime part (RFC 8551 section 3.2.2): encrypted for
 * smime-type enveloped-data or authEnveloped-data; not for signed-data,
 * certs-only or compressed-data; without smime-type, as its CMS content
 * type says, or encrypted when it cannot be read (the older clients that
 * omit the parameter send smime.p7m enveloped data).
 */
static enum part_protection
smime_part(GMimeObject *obj, GMimeContentType *ct)
{
	const char *type = g_mime_content_type_get_parameter(ct, "smime-type");
	GMimeStream *mem;
	GByteArray *data;
	bool known, encrypted;

	if (type != NULL)
		return g_ascii_strcasecmp(type, "enveloped-data") == 0 ||
		    g_ascii_strcasecmp(type, "authEnveloped-data") == 0 ?
		    PART_SMIME : PART_PLAIN;
	data = part_content(obj, &mem);
	encrypted = data != NULL && cms_is_encrypted(data->data, data->len,
	    &known);
	if (data == NULL)
		known = false;
	if (mem != NULL)
		g_object_unref(mem);
	return !known || encrypted ? PART_SMIME : PART_PLAIN;
}

/*
 * True when text holds an OpenPGP armor header line for a message (RFC
 * 4880 section 6.2) at the start of a line: "-----BEGIN PGP MESSAGE-----",
 * maybe followed by white space.  A clear-signed "PGP SIGNED MESSAGE" is
 * not encrypted and does not count.
 */
static bool
has_pgp_armor(const unsigned char *p, size_t len)
{
	static const char armor[] = "-----BEGIN PGP MESSAGE-----";
	const size_t n = sizeof armor - 1;
	const unsigned char *line, *end, *q;

	if (p == NULL)
		return false;	/* no body: NULL + 0 is undefined */
	line = p;
	end = p + len;
	while (line < end) {
		const unsigned char *eol = memchr(line, '\n',
		    (size_t)(end - line));

		eol = eol ? eol : end;
		if ((size_t)(eol - line) >= n && memcmp(line, armor, n) == 0) {
			for (q = line + n; q < eol && ascii_isspace(*q); q++)
				;
			if (q == eol)
				return true;
		}
		line = eol < end ? eol + 1 : end;
	}
	return false;
}

/* A text part: an inline OpenPGP message, or nothing. */
static enum part_protection
text_part(GMimeObject *obj)
{
	GMimeStream *mem;
	GByteArray *data = part_content(obj, &mem);
	bool armored = data != NULL && has_pgp_armor(data->data, data->len);

	if (mem != NULL)
		g_object_unref(mem);
	return armored ? PART_PGP_INLINE : PART_NONE;
}

/*
 * What a part, or the first protected part under it, says.  *budget
 * counts the parts left to examine; a forwarded message (message/rfc822)
 * is another message and is not looked into.
 */
static enum part_protection
part_protection(GMimeObject *obj, unsigned depth, unsigned *budget,
    bool *in_part)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *proto;
	enum part_protection pp;
	int i, n;

	if (ct == NULL || *budget == 0)
		return PART_NONE;
	(*budget)--;
	if (g_mime_content_type_is_type(ct, "multipart", "encrypted")) {
		proto = g_mime_content_type_get_parameter(ct, "protocol");
		if (proto != NULL &&
		    g_ascii_strcasecmp(proto, "application/pgp-encrypted") == 0)
			return PART_PGP;
		if (proto != NULL && (g_ascii_strcasecmp(proto,
		    "application/pkcs7-mime") == 0 || g_ascii_strcasecmp(proto,
		    "application/x-pkcs7-mime") == 0))
			return PART_SMIME;
		return PART_ENCRYPTED_OTHER;
	}
	if (g_mime_content_type_is_type(ct, "application", "pkcs7-mime") ||
	    g_mime_content_type_is_type(ct, "application", "x-pkcs7-mime"))
		return smime_part(obj, ct);
	if (g_mime_content_type_is_type(ct, "text", "*"))
		return text_part(obj);
	if (!GMIME_IS_MULTIPART(obj) || depth >= MIME_DEPTH_MAX)
		return PART_NONE;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
	for (i = 0; i < n && *budget > 0; i++) {
		pp = part_protection(g_mime_multipart_get_part(
		    GMIME_MULTIPART(obj), i), depth + 1, budget, in_part);
		if (pp != PART_NONE) {
			*in_part = true;
			return pp;
		}
	}
	return PART_NONE;
}

/*
 * Sets c->body from the MIME tree GMime built of the header and the
 * body's head: the first part that is encrypted end to end (or that is
 * S/MIME without encryption) decides; c->body_part says whether it is
 * one part of a multipart rather than the whole body.
 */
static void
read_body_protection(GMimeMessage *msg, struct chain *c)
{
	GMimeObject *part = g_mime_message_get_mime_part(msg);
	unsigned budget = MIME_PARTS_MAX;
	bool in_part = false;

	c->body = BODY_PLAIN;
	c->body_part = false;
	if (part == NULL)
		return;
	switch (part_protection(part, 0, &budget, &in_part)) {
	case PART_SMIME:
		c->body = BODY_SMIME;
		break;
	case PART_PGP:
		c->body = BODY_PGP;
		break;
	case PART_PGP_INLINE:
		c->body = BODY_PGP_INLINE;
		break;
	case PART_ENCRYPTED_OTHER:
		c->body = BODY_ENCRYPTED_OTHER;
		break;
	case PART_NONE:
	case PART_PLAIN:
		return;
	}
	c->body_part = in_part;
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

/*
 * True for the fields extract_headers reads (see quiet_fields): of the
 * Content-* fields, the two the end-to-end check reads through GMime (the
 * type and its parameters, and how to decode a text part).
 */
static bool
wanted_field(const char *name, size_t len)
{
	return name_is(name, len, "Received") ||
	    name_is(name, len, "Message-ID") ||
	    name_is(name, len, "TLS-Required") ||
	    name_is(name, len, "MIME-Version") ||
	    name_is(name, len, "Content-Type") ||
	    name_is(name, len, "Content-Transfer-Encoding");
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
 * What GMime is handed of one header block.  tlstrace reads only the
 * fields of wanted_field, but GMime builds an object for every field it
 * is given, some hundred bytes each: an 8 MiB block of "a:\n" fields
 * would cost it 1.7 GB.  So it is handed, in their order and byte for
 * byte:
 *   - the first RECEIVED_MAX Received fields (the rest are only counted);
 *   - the first WANTED_OTHER_MAX other fields that tlstrace reads;
 *   - unless the block is quiet (below), the first OTHER_FIELDS_MAX
 *     fields that it does not read while they add up to OTHER_BYTES_MAX
 *     bytes, and always the block's first field, so that GMime's checks
 *     (8-bit bytes, invalid names, repeated fields) still see the head
 *     of the block;
 * each field cut to FIELD_HANDED_MAX bytes, more than any value tlstrace
 * keeps of it, and a field whose first line opens with NAME_HANDED_MAX
 * bytes of what could be a field name (no ':', blank or control) cut
 * there: GMime 3.2.13 scans a name within its 4 KiB read buffer, and a
 * longer one ends its parse with no message at all, where a shorter cut
 * is an invalid field name it warns about and skips (tests/bounds.t).
 * GMime's work and memory are then bounded by a constant
 * whatever the block holds (tests/bounds.t runs the worst shapes under
 * ulimit -v).  GMime's warning offsets are mapped back to the block.
 *
 * A block is quiet when GMime cannot warn about any of its fields: only
 * printable ASCII, whole UTF-8 characters (GMime warns only about 8-bit
 * bytes that are not UTF-8), TAB and CRLF or LF line ends; every line a
 * field
 * ("token:") or a continuation that is not white space only; no second
 * field of a name GMime wants once.  A quiet block's wanted fields are
 * parsed without the warning callback (GMime then skips the costly
 * per-field 8-bit check), and there is no warning to lose.
 */
#define WANTED_OTHER_MAX	32
#define OTHER_FIELDS_MAX	64
#define OTHER_BYTES_MAX		65536
#define FIELD_HANDED_MAX	(3 * RECEIVED_MAX_BYTES + 8)
#define NAME_HANDED_MAX		998	/* RFC 5322's longest line */
#define SEGMENT_MAX	(RECEIVED_MAX + WANTED_OTHER_MAX + \
    OTHER_FIELDS_MAX + 1)

/*
 * What GMime and GLib may allocate for n bytes handed (measured under
 * five times the bytes, plus a constant; tests/bounds.t runs ulimit -v
 * sweeps): made sure of before the parse, since GLib aborts when it runs
 * out.
 */
#define GMIME_COST(n)		(5 * (n) + (size_t)4 * 1024 * 1024)

/* The handed copy's storage kept for the next message, at most. */
#define REDUCED_KEEP_MAX	(1024 * 1024)

/* One field handed to GMime: where it is in the block and in the copy. */
struct segment {
	size_t from;		/* offset in the block */
	size_t len;		/* bytes of the block */
	size_t to;		/* offset in the handed copy */
	bool wanted;		/* one of the fields tlstrace reads */
};

struct selection {
	struct segment seg[SEGMENT_MAX];
	size_t nsegs;
	size_t received_beyond;	/* Received fields past RECEIVED_MAX */
	bool quiet;
};

/*
 * The length of the field name GMime reads from the first line of a
 * field (the bytes before the first ':', less blanks before it), or 0
 * when GMime would find the name invalid (a control byte, or a blank
 * followed by more name).
 */
static size_t
field_name_len(const char *p, const char *eol)
{
	const char *q;
	bool blank = false;
	size_t n = 0;

	for (q = p; q < eol && *q != ':'; q++) {
		unsigned char ch = (unsigned char)*q;

		if (ch == ' ' || ch == '\t')
			blank = true;
		else if (blank || ch < 0x20 || ch == 0x7f)
			return 0;
		else
			n = (size_t)(q - p) + 1;
	}
	return q < eol ? n : 0;
}

/* True when the 8 bytes at p are all printable ASCII (0x20 to 0x7e). */
static bool
printable8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t x;

	memcpy(&x, p, sizeof x);
	/* A byte below 0x20, or one of 0x7f and above (then x or x + 1 has
	 * its high bit: no byte below 0x80 carries into the next). */
	return ((((x - 0x20 * ones) & ~x) | (x + ones) | x) & highs) == 0;
}

/*
 * Updates the quiet flag with one line; returns false when the line is
 * one GMime may warn about.
 */
static bool
quiet_line(const char *block, const char *p, const char *eol,
    const char *end, bool first, unsigned *seen, struct span *content,
    size_t *ncontent)
{
	const char *q, *r;

	for (q = p; q < eol; q++) {
		unsigned char ch;

		/* Eight bytes of printable ASCII at a time. */
		while (eol - q >= 8 && printable8(q))
			q += 8;
		if (q == eol)
			break;
		ch = (unsigned char)*q;
		if (ch >= 0x20 && ch < 0x7f)
			continue;
		if (ch >= 0x80) {
			/*
			 * GMime warns about 8-bit bytes in a value only when
			 * they are not UTF-8 (tests/unit_extract.c pins it):
			 * a run of them must be whole UTF-8 characters.
			 */
			for (r = q; r < eol && (unsigned char)*r >= 0x80; r++)
				;
			if (!utf8_is_valid(q, (size_t)(r - q)))
				return false;
			q = r - 1;
			continue;
		}
		/* A CR only as the first byte of a CRLF line end. */
		if ((ch < 0x20 || ch == 0x7f) && ch != '\t' &&
		    !(ch == '\r' && q + 1 == eol && eol < end))
			return false;
	}
	if (*p == ' ' || *p == '\t') {
		if (p == block)
			return false;
		for (q = p; q < eol && ascii_isspace((unsigned char)*q); q++)
			;
		return q < eol;
	}
	if (!first)
		return true;
	for (q = p; q < eol && is_tchar((unsigned char)*q); q++)
		;
	if (q == p || q == eol || *q != ':')
		return false;
	return first_of_its_name(p, (size_t)(q - p), seen, content,
	    ncontent);
}

/* Chooses the fields of a block to hand GMime (see above). */
static void
select_fields(const char *block, size_t len, struct selection *sel)
{
	struct span content[CONTENT_SEEN_MAX];
	const char *p = block, *end = block + len, *eol, *field;
	size_t ncontent = 0, nrcv = 0, nwanted = 0, nother = 0;
	size_t other_bytes = 0, n, flen;
	unsigned seen = 0;
	bool keep, wanted;

	sel->nsegs = 0;
	sel->received_beyond = 0;
	sel->quiet = true;
	while (p < end) {
		/* A field: its first line and every continuation line. */
		field = p;
		do {
			eol = memchr(p, '\n', (size_t)(end - p));
			eol = eol ? eol : end;
			if (sel->quiet && !quiet_line(block, p, eol, end,
			    p == field, &seen, content, &ncontent))
				sel->quiet = false;
			p = eol < end ? eol + 1 : end;
		} while (p < end && (*p == ' ' || *p == '\t'));
		flen = (size_t)(p - field);
		eol = memchr(field, '\n', flen);
		n = field_name_len(field, eol ? eol : p);
		wanted = n > 0 && wanted_field(field, n);
		if (wanted && name_is(field, n, "Received")) {
			keep = nrcv < RECEIVED_MAX;
			if (keep)
				nrcv++;
			else
				sel->received_beyond++;
		} else if (wanted) {
			keep = nwanted < WANTED_OTHER_MAX;
			nwanted += keep;
		} else {
			keep = field == block || (nother < OTHER_FIELDS_MAX &&
			    other_bytes + flen <= OTHER_BYTES_MAX);
			if (keep) {
				nother++;
				other_bytes += flen;
			}
		}
		if (!keep)
			continue;
		sel->seg[sel->nsegs].from = (size_t)(field - block);
		sel->seg[sel->nsegs].len = flen;
		sel->seg[sel->nsegs].wanted = wanted;
		sel->nsegs++;
	}
}

/*
 * The bytes of a field to hand GMime when its first line opens with
 * NAME_HANDED_MAX bytes that GMime would scan as a name (see above),
 * cut before a UTF-8 continuation byte; 0 when it does not.
 */
static size_t
name_cut(const char *p, size_t len)
{
	size_t i, n;

	if (len <= NAME_HANDED_MAX)
		return 0;
	for (i = 0; i < NAME_HANDED_MAX; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == ':' || ch == ' ' || ch == '\t' || ch < 0x20 ||
		    ch == 0x7f)
			return 0;
	}
	for (n = i; n > i - 3 && ((unsigned char)p[n] & 0xc0) == 0x80; n--)
		;
	return n;
}

/*
 * Copies the selected fields to sb, each cut to FIELD_HANDED_MAX bytes
 * (before an ASCII byte, so no UTF-8 sequence is split) or by name_cut,
 * and ended by a line end; only the wanted ones when only_wanted.
 */
static void
copy_selection(const char *block, struct selection *sel, bool only_wanted,
    struct strbuf *sb)
{
	struct segment *sg;
	size_t i, n;

	strbuf_reset(sb);
	for (i = 0; i < sel->nsegs; i++) {
		sg = &sel->seg[i];
		sg->to = (size_t)-1;
		if (only_wanted && !sg->wanted)
			continue;
		n = name_cut(block + sg->from, sg->len);
		if (n == 0 && (n = sg->len) > FIELD_HANDED_MAX) {
			n = FIELD_HANDED_MAX;
			while (n > 0 &&
			    (unsigned char)block[sg->from + n] >= 0x80)
				n--;
		}
		sg->to = sb->len;
		strbuf_append(sb, block + sg->from, n);
		if (n < sg->len)
			strbuf_appendc(sb, '\n');
	}
}

/* Maps an offset in the handed copy back to the block. */
static long long
block_offset(const struct selection *sel, long long off)
{
	const struct segment *best = NULL;
	size_t i;

	if (sel == NULL || off < 0)
		return off;
	for (i = 0; i < sel->nsegs; i++) {
		if (sel->seg[i].to != (size_t)-1 &&
		    (long long)sel->seg[i].to <= off)
			best = &sel->seg[i];
	}
	if (best == NULL)
		return off;
	return (long long)best->from + (off - (long long)best->to);
}

int
extract_headers(const char *block, size_t len, const char *body,
    size_t body_len, struct chain *c)
{
	struct copied rcv[RECEIVED_MAX], mid = { 0, 0 };
	struct copied treq = { (size_t)-1, 0 };
	GMimeHeaderList *list;
	GMimeMessage *msg;
	GMimeParser *parser;
	GMimeStream *stream;
	struct strbuf sb;
	struct selection sel;
	struct warning_context wc;
	size_t nrcv = 0, skipped = 0, i;
	bool cut, cut_said = false, quiet = false;
	int k, n;

	strbuf_init(&sb);
	wc.c = c;
	wc.sel = NULL;
	if (body == NULL)
		body_len = 0;
	sel.received_beyond = 0;
	if (fast_path) {
		select_fields(block, len, &sel);
		/* With no wanted field, the others tell a message from none. */
		for (i = 0; sel.quiet && !quiet && i < sel.nsegs; i++)
			quiet = sel.seg[i].wanted;
		copy_selection(block, &sel, quiet, &reduced);
		block = reduced.data ? reduced.data : "";
		len = reduced.len;
		wc.sel = &sel;
	}
	wc.header_end = len;
	xalloc_headroom(GMIME_COST(len + body_len));
	/* GMime needs the end of the header block to be marked. */
	stream = g_mime_stream_mem_new();
	(void)g_mime_stream_write(stream, block, len);
	if (body_len == 0)
		(void)g_mime_stream_write(stream, "\n\n", 2);
	else {
		if (len > 0 && block[len - 1] != '\n')
			(void)g_mime_stream_write(stream, "\n", 1);
		(void)g_mime_stream_write(stream, "\n", 1);
		(void)g_mime_stream_write(stream, body, body_len);
	}
	(void)g_mime_stream_reset(stream);
	/* The stream has its copy: a large one is not kept twice. */
	if (reduced.cap > REDUCED_KEEP_MAX) {
		strbuf_clear(&reduced);
		block = NULL;
	}
	if (parser_options == NULL)
		parser_options = g_mime_parser_options_new();
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	if (!quiet)
		g_mime_parser_options_set_warning_callback(parser_options,
		    on_warning, &wc);
	msg = g_mime_parser_construct_message(parser, parser_options);
	g_mime_parser_options_set_warning_callback(parser_options, NULL, NULL);
	g_object_unref(parser);
	if (msg == NULL)
		return -1;

	list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	n = list ? g_mime_header_list_get_count(list) : 0;
	for (k = 0; k < n; k++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, k);
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
	skipped += sel.received_beyond;
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
