/*
 * unit_html.c: tests for the HTML report's building blocks: SHA-256
 * against the FIPS 180-4 examples and the block-boundary lengths, and
 * the escaping of untrusted bytes into HTML text.
 *
 * Every input is copied into a heap block of exactly its length, so that
 * a read past the end shows up under ASan or valgrind.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sha256.h"
#include "tap.h"
#include "util.h"

#define S(lit) lit, sizeof(lit) - 1

static void
hex(const uint8_t *d, char out[2 * SHA256_DIGEST_LEN + 1])
{
	size_t i;

	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		(void)snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
sha_case(const char *in, size_t len, const char *want, const char *name)
{
	char *copy = tap_exact_copy(in, len);
	uint8_t d[SHA256_DIGEST_LEN];
	char got[2 * SHA256_DIGEST_LEN + 1];

	sha256(copy, len, d);
	hex(d, got);
	tap_is_str(got, want, "sha256: %s", name);
	free(copy);
}

/* n bytes of 'a', the digest of which came from sha256sum. */
static void
sha_run(size_t n, const char *want)
{
	char *buf = xmalloc(n ? n : 1);
	uint8_t d[SHA256_DIGEST_LEN];
	char got[2 * SHA256_DIGEST_LEN + 1];

	memset(buf, 'a', n);
	sha256(buf, n, d);
	hex(d, got);
	tap_is_str(got, want, "sha256: %zu bytes of 'a'", n);
	free(buf);
}

struct esc_case {
	const char *name;
	const char *in;
	size_t inlen;
	const char *want;
};

static const struct esc_case cases[] = {
	{ "plain", S("mx.example.org"), "mx.example.org" },
	{ "tags", S("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;" },
	{ "quotes and ampersand", S("a\"b'c&d"), "a&quot;b&#39;c&amp;d" },
	{ "an entity is not kept", S("&lt;"), "&amp;lt;" },
	{ "controls", S("a\x1b[31m\x01\x7f"), "a\\x1b[31m\\x01\\x7f" },
	{ "NUL", S("a\0b"), "a\\x00b" },
	{ "bidi override", S("a\xe2\x80\xae" "b"), "a\\u{202e}b" },
	{ "invalid UTF-8", S("\xff\xc3<"), "\\xff\\xc3&lt;" },
	{ "valid UTF-8 kept", S("caf\xc3\xa9"), "caf\xc3\xa9" },
	{ "C1 control", S("\xc2\x85"), "\\u{0085}" },
	{ "noncharacters", S("a\xef\xbf\xbe\xef\xb7\x90\xf4\x8f\xbf\xbf\xf0\x9f\xbf\xbe"),
	    "a\\u{fffe}\\u{fdd0}\\u{10ffff}\\u{1fffe}" },
	{ "next to a noncharacter", S("\xef\xbf\xbd\xef\xb7\xb0"),
	    "\xef\xbf\xbd\xef\xb7\xb0" },
};

int
main(void)
{
	static const char msg448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char b64[SHA256_BASE64_MAX];
	struct strbuf sb;
	size_t i;

	sha_case(S(""), "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty");
	sha_case(S("abc"), "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "abc (FIPS 180-4)");
	sha_case(msg448, sizeof msg448 - 1, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "448 bits (FIPS 180-4)");
	sha_run(55, "9f4390f8d30c2dd92ec9f095b65e2b9a"
	    "e9b0a925a5258e241c9f1e910f734318");
	sha_run(56, "b35439a4ac6f0948b6d6f9e3c6af0f5f"
	    "590ce20f1bde7090ef7970686ec6738a");
	sha_run(64, "ffe054fe7ae0cb6dc65c3af9b61d5209"
	    "f439851db43d0ba5997337df154668eb");
	sha_run(1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	sha256_base64(S("abc"), b64);
	tap_is_str(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
	    "sha256_base64: abc");

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *copy = tap_exact_copy(cases[i].in, cases[i].inlen);

		strbuf_init(&sb);
		report_html_escape(&sb, copy, cases[i].inlen);
		tap_is_str(sb.data ? sb.data : "", cases[i].want, "escape: %s",
		    cases[i].name);
		strbuf_clear(&sb);
		free(copy);
	}
	return tap_done();
}
