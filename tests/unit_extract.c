/*
 * unit_extract.c: the extractor's fast path (only the fields tlstrace
 * reads, handed to GMime when the block is one GMime cannot warn about)
 * gives the same chain as the full parse, on blocks made to make GMime
 * warn and on every message of the shared corpus.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "diag.h"
#include "extract.h"
#include "input.h"
#include "tap.h"
#include "util.h"

static const char *const blocks[] = {
	/* quiet: the fast path */
	"Received: from a (a [192.0.2.1]) by b with ESMTPS; "
	    "Mon, 1 Jan 2024 00:00:00 +0000\n"
	    "Subject: hi\nMessage-ID: <1@a>\nTLS-Required: No\n",
	"Received: by b;\r\n\tMon, 1 Jan 2024 00:00:00 +0000\r\n"
	    "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
	    "MIME-Version: 1.0\r\n",
	"Received: by b\n  with SMTP\nContent-Type: multipart/encrypted; "
	    "protocol=\"application/pgp-encrypted\"; boundary=x\n",
	"Subject: no received\nFrom: a@b\n",
	"Received: by b\nX-A: 1\nX-A: 2\nReceived: by c",
	/* GMime warns, or may: the full parse */
	"Received: by b\nSubject: caf\xc3\xa9\n",
	"Received: by b\nSubject: caf\xe9\n",
	"Received: by b\nbad name: x\n",
	"Received : by b\n",
	"Received: by b\nSubject: a\nSubject: b\n",
	"Received: by b\nsubject: a\nSUBJECT: a\n",
	"Received: by b\nContent-Type: text/plain\ncontent-type: text/html\n",
	"Received: by b\nContent-X: 1\nContent-X: 1\n",
	"Received: by b\n \nX: y\n",
	" Received: by b\n",
	"Received: by b\rX: y\n",
	"Received: by b\x01\n",
	"Received: by b\nno colon\n",
	">From a\nReceived: by b\n",
	/* 8-bit bytes: UTF-8 in a value is quiet, anything else is not */
	"Received: from caf\xc3\xa9.example by b\nSubject: \xf0\x9f\x94\x92\n",
	"Received: by b\nSubject: \xc0\xaf\n",
	"Received: by b\nSubject: \xed\xa0\x80\n",
	"Received: by b\nSubject: \xf4\x90\x80\x80\n",
	"Received: by b\nSubject: caf\xc3\nX: y\n",
	"Received: by b\nSubject: \xef\xbf\xbe \xc3\xa9\xe9\n",
	"Received: by b\nX-Caf\xc3\xa9: 1\n",
	"Received: by b\nSubject: a\n \xc3\xa9\x7f\n",
};

/*
 * What the UTF-8 guard of the fast path relies on: GMime warns about
 * 8-bit bytes in a field's value only when they are not UTF-8.
 */
static void
test_gmime_utf8(void)
{
	static const char utf8[] = "Received: by b\nSubject: caf\xc3\xa9\n";
	static const char latin1[] = "Received: by b\nSubject: caf\xe9\n";
	struct chain *c;

	extract_set_fast_path(false);
	c = xcalloc(1, sizeof(*c));
	tap_ok(extract_headers(utf8, strlen(utf8), NULL, 0, c) == 0 &&
	    c->diags.n == 0, "GMime does not warn about UTF-8 in a value "
	    "(%zu diagnostics)", c->diags.n);
	chain_free(c);
	c = xcalloc(1, sizeof(*c));
	tap_ok(extract_headers(latin1, strlen(latin1), NULL, 0, c) == 0 &&
	    diag_has(&c->diags, "header-syntax", 0), "GMime warns about "
	    "8-bit bytes that are not UTF-8");
	chain_free(c);
	extract_set_fast_path(true);
}

/* Appends a chain's extracted fields to sb, for comparison. */
static void
describe(struct strbuf *sb, int rc, const struct chain *c)
{
	size_t i;

	strbuf_appendf(sb, "rc %d hops %zu received %zu body %d\n", rc,
	    c->nhops, c->nreceived, (int)c->body);
	for (i = 0; i < c->nhops; i++) {
		strbuf_appendf(sb, "hop %u: ", c->hop[i].index);
		strbuf_append(sb, c->hop[i].rcv.raw.p, c->hop[i].rcv.raw.len);
		strbuf_appendc(sb, '\n');
	}
	if (SPAN_IS_SET(c->message_id)) {
		strbuf_appends(sb, "message-id: ");
		strbuf_append(sb, c->message_id.p, c->message_id.len);
		strbuf_appendc(sb, '\n');
	}
	if (SPAN_IS_SET(c->tls_required)) {
		strbuf_appends(sb, "tls-required: ");
		strbuf_append(sb, c->tls_required.p, c->tls_required.len);
		strbuf_appendc(sb, '\n');
	}
	for (i = 0; i < c->diags.n; i++)
		strbuf_appendf(sb, "diag %s: %s\n", c->diags.v[i].code,
		    c->diags.v[i].text);
}

/* Extracts a block with the fast path on or off; returns the description. */
static void
extract_with(struct strbuf *sb, const char *block, size_t len, bool fast)
{
	struct chain *c = xcalloc(1, sizeof(*c));
	int rc;

	extract_set_fast_path(fast);
	rc = extract_headers(block, len, NULL, 0, c);
	describe(sb, rc, c);
	chain_free(c);
	extract_set_fast_path(true);
}

/* True when both paths agree on a block; shows the difference if not. */
static bool
same_both_ways(const char *block, size_t len)
{
	struct strbuf fast, full;
	bool same;

	strbuf_init(&fast);
	strbuf_init(&full);
	extract_with(&fast, block, len, true);
	extract_with(&full, block, len, false);
	same = fast.len == full.len && memcmp(fast.data, full.data,
	    fast.len) == 0;
	if (!same)
		tap_diag("fast:\n%s\nfull:\n%s", fast.data, full.data);
	strbuf_clear(&fast);
	strbuf_clear(&full);
	return same;
}

/* Checks every message of one corpus file; returns false on a mismatch. */
static bool
check_file(const char *path)
{
	struct msgreader *r;
	struct rawmsg msg;
	bool good = true;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return false;
	r = msgreader_new(fd, false);
	while (msgreader_next(r, &msg) == 1) {
		if (msg.header_len > 0 &&
		    !same_both_ways(msg.header, msg.header_len))
			good = false;
	}
	msgreader_free(r);
	(void)close(fd);
	return good;
}

/*
 * Blocks past the bounds on what GMime is handed (fields it is not asked
 * to read are dropped after the first 64): the values, the Received
 * count and the offsets of GMime's warnings still agree with the parse
 * of the whole block.
 */
static void
test_bounded(void)
{
	struct strbuf sb;
	size_t i;

	/* 8-bit bytes in a Received field after 200 dropped fields. */
	strbuf_init(&sb);
	strbuf_appends(&sb, "Subject: caf\xe9\n");
	for (i = 0; i < 200; i++)
		strbuf_appendf(&sb, "X-N%zu: v\n", i);
	strbuf_appends(&sb, "Received: by caf\xe9; Mon, 1 Jan 2024 00:00:00 "
	    "+0000\nMessage-ID: <a@b>\n");
	tap_ok(same_both_ways(sb.data, sb.len), "a warning after 200 fields "
	    "not handed keeps its offset in the block");

	/* 300 Received fields among 3000 others, some 8-bit. */
	strbuf_reset(&sb);
	for (i = 0; i < 3000; i++) {
		if (i % 10 == 0)
			strbuf_appendf(&sb, "Received: by h%zu\n", i);
		strbuf_appendf(&sb, "X-%zu: %s\n", i, i == 5 ? "\xe9" : "v");
	}
	tap_ok(same_both_ways(sb.data, sb.len), "300 Received fields among "
	    "3000 others: the same hops and count");

	/* A Received field longer than is handed of one field. */
	strbuf_reset(&sb);
	strbuf_appends(&sb, "X: \xe9\nReceived: by b");
	for (i = 0; i < 80000; i++)
		strbuf_appends(&sb, " caf\xc3\xa9");
	strbuf_appends(&sb, "\n");
	tap_ok(same_both_ways(sb.data, sb.len), "a 560 KB Received field cut "
	    "before handing: the same value and diagnostics");
	strbuf_clear(&sb);
}

/* One case of end-to-end detection: a header, a body, what it is. */
struct protection_case {
	const char *what;
	const char *header;
	const char *body;
	enum body_protection want;
	bool part;
};

#define RCV	"Received: by b; Mon, 1 Jan 2024 00:00:00 +0000\n"
#define ARMOR	"-----BEGIN PGP MESSAGE-----\n\nhQEMA\n" \
		"-----END PGP MESSAGE-----\n"
#define MIXED	RCV "MIME-Version: 1.0\nContent-Type: multipart/mixed; " \
		"boundary=\"b\"\n"

static const struct protection_case protection_cases[] = {
	{ "plain text", RCV, "hello\n", BODY_PLAIN, false },
	{ "inline OpenPGP in text/plain", RCV "Content-Type: text/plain\n",
	    "hello\n" ARMOR, BODY_PGP_INLINE, false },
	{ "inline OpenPGP, no Content-Type", RCV, ARMOR, BODY_PGP_INLINE,
	    false },
	{ "inline OpenPGP in a base64 text part", RCV "Content-Type: "
	    "text/plain\nContent-Transfer-Encoding: base64\n",
	    "aGVsbG8KLS0tLS1CRUdJTiBQR1AgTUVTU0FHRS0tLS0tCgpoUUVNQQotLS0tLUVO"
	    "RCBQR1AgTUVTU0FHRS0tLS0tCg==\n", BODY_PGP_INLINE, false },
	{ "clear-signed OpenPGP is not encrypted", RCV,
	    "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhi\n",
	    BODY_PLAIN, false },
	{ "quoted armor is not at a line start", RCV,
	    "> -----BEGIN PGP MESSAGE-----\n", BODY_PLAIN, false },
	{ "S/MIME enveloped-data", RCV "Content-Type: application/pkcs7-mime; "
	    "smime-type=enveloped-data; name=smime.p7m\n", "MIAG\n",
	    BODY_SMIME, false },
	{ "S/MIME authEnveloped-data", RCV "Content-Type: application/"
	    "pkcs7-mime; smime-type=authEnveloped-data\n", "MIAG\n",
	    BODY_SMIME, false },
	{ "S/MIME compressed-data is not encrypted", RCV "Content-Type: "
	    "application/pkcs7-mime; smime-type=compressed-data\n",
	    "MIIB\n", BODY_PLAIN, false },
	{ "S/MIME signed-data is not encrypted", RCV "Content-Type: "
	    "application/pkcs7-mime; smime-type=signed-data\n", "MIIB\n",
	    BODY_PLAIN, false },
	{ "S/MIME without smime-type: enveloped by its CMS type", RCV
	    "Content-Type: application/pkcs7-mime; name=smime.p7m\n"
	    "Content-Transfer-Encoding: base64\n",
	    "MIAGCSqGSIb3DQEHA6CAMIACAQA=\n", BODY_SMIME, false },
	{ "S/MIME without smime-type: compressed by its CMS type", RCV
	    "Content-Type: application/pkcs7-mime; name=smime.p7z\n"
	    "Content-Transfer-Encoding: base64\n",
	    "MIIBAAYLKoZIhvcNAQkQAQmggDCAAgEA\n", BODY_PLAIN, false },
	{ "S/MIME inside multipart/mixed", MIXED,
	    "--b\nContent-Type: text/plain\n\nsee the attachment\n"
	    "--b\nContent-Type: application/pkcs7-mime; "
	    "smime-type=enveloped-data\nContent-Transfer-Encoding: base64\n"
	    "\nMIAGCSqGSIb3DQEHA6CAMIACAQA=\n--b--\n", BODY_SMIME, true },
	{ "inline OpenPGP inside multipart/mixed", MIXED,
	    "--b\nContent-Type: text/plain\n\n" ARMOR "--b--\n",
	    BODY_PGP_INLINE, true },
	{ "multipart/mixed of plain parts", MIXED,
	    "--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: "
	    "application/pdf\n\nxx\n--b--\n", BODY_PLAIN, false },
	{ "PGP/MIME", RCV "Content-Type: multipart/encrypted; "
	    "protocol=\"application/pgp-encrypted\"; boundary=x\n", "",
	    BODY_PGP, false },
	{ "multipart/encrypted of another protocol is not OpenPGP", RCV
	    "Content-Type: multipart/encrypted; protocol=\"application/"
	    "x-unknown\"; boundary=x\n", "", BODY_ENCRYPTED_OTHER, false },
	{ "multipart/encrypted with no protocol", RCV "Content-Type: "
	    "multipart/encrypted; boundary=x\n", "", BODY_ENCRYPTED_OTHER,
	    false },
};

/* The end-to-end detection on each protection case. */
static void
test_protection(void)
{
	static const char part8bit[] = "--b\nContent-Type: text/plain\n"
	    "X: caf\xe9\nBad name: x\n\nhi\n--b--\n";
	const struct protection_case *pc;
	struct chain *c;
	size_t i;
	int rc;

	for (i = 0; i < sizeof protection_cases /
	    sizeof protection_cases[0]; i++) {
		pc = &protection_cases[i];
		c = xcalloc(1, sizeof(*c));
		rc = extract_headers(pc->header, strlen(pc->header), pc->body,
		    strlen(pc->body), c);
		tap_ok(rc == 0 && c->body == pc->want && c->body_part ==
		    pc->part, "%s: protection %d%s (got %d%s)", pc->what,
		    (int)pc->want, pc->part ? " of a part" : "", (int)c->body,
		    c->body_part ? " of a part" : "");
		tap_ok(c->diags.n == 0, "%s: no header diagnostic from the "
		    "body's parts", pc->what);
		chain_free(c);
	}

	/* GMime's warnings about the body's part headers are not ours. */
	c = xcalloc(1, sizeof(*c));
	rc = extract_headers(MIXED "X: caf\xe9\n", strlen(MIXED "X: caf\xe9\n"),
	    part8bit, strlen(part8bit), c);
	tap_ok(rc == 0 && c->diags.n == 1 && diag_has(&c->diags,
	    "header-syntax", 0), "an 8-bit header field: one diagnostic, "
	    "none for the part's fields (got %zu)", c->diags.n);
	chain_free(c);
}

/*
 * The quiet scan looks at eight bytes at a time: a byte GMime may warn
 * about is seen at every position of a line and of its last word.
 */
static void
test_every_position(void)
{
	static const unsigned char bad[] = { 0x01, 0x1f, 0x7f, 0x80, 0xe9,
	    0xff };
	static const char head[] = "Received: by b; Mon, 1 Jan 2024 00:00:00 "
	    "+0000\nSubject: ";
	char block[128];
	size_t b, pos, n, fails = 0, tried = 0;

	for (b = 0; b < sizeof bad; b++) {
		for (pos = 0; pos < 32; pos++) {
			n = (size_t)snprintf(block, sizeof block, "%s0123456789"
			    "abcdef0123456789abcdef0123456789\n", head);
			block[sizeof head - 1 + pos] = (char)bad[b];
			tried++;
			if (!same_both_ways(block, n))
				fails++;
		}
	}
	tap_ok(fails == 0, "a byte GMime may warn about, at each of %zu "
	    "positions, takes the full parse (%zu did not)", tried, fails);
}

int
main(void)
{
	const char *top = getenv("TOP_SRCDIR"), *dir = getenv("CORPUS_DIR");
	struct strbuf path, corpus;
	struct dirent *de;
	size_t i, files = 0, bad = 0;
	DIR *d;

	strbuf_init(&path);
	strbuf_init(&corpus);
	extract_init();
	for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		tap_ok(same_both_ways(blocks[i], strlen(blocks[i])),
		    "block %zu: the fast path and the full parse agree", i);
	test_bounded();
	test_protection();
	test_gmime_utf8();
	test_every_position();

	if (dir == NULL) {
		strbuf_appendf(&corpus, "%s/../shared/corpus/public",
		    top ? top : ".");
		dir = corpus.data;
	}
	if ((d = opendir(dir)) == NULL) {
		strbuf_reset(&path);
		strbuf_appendf(&path, "corpus not found at %s", dir);
		tap_skip(path.data, "corpus: the fast path and the full parse "
		    "agree");
	} else {
		while ((de = readdir(d)) != NULL) {
			size_t n = strlen(de->d_name);

			if (n < 5 || strcmp(de->d_name + n - 4, ".eml") != 0)
				continue;
			strbuf_reset(&path);
			strbuf_appendf(&path, "%s/%s", dir, de->d_name);
			files++;
			if (!check_file(path.data)) {
				tap_diag("%s: the paths differ", de->d_name);
				bad++;
			}
		}
		(void)closedir(d);
		tap_ok(bad == 0, "corpus: both paths agree on %zu files "
		    "(%zu differ)", files, bad);
	}
	extract_shutdown();
	strbuf_clear(&path);
	strbuf_clear(&corpus);
	return tap_done();
}
