/*
 * unit_tlsinfo.c: version and verification normalisation, and the with
 * keyword table.
 */
#include "config.h"

#include <string.h>

#include "cipher.h"
#include "proto.h"
#include "tap.h"
#include "tlsinfo.h"

static const struct {
	const char *text;
	enum tls_version want;
} versions[] = {
	{ "TLSv1.3", TLSVER_TLS13 }, { "TLSv1.2", TLSVER_TLS12 },
	{ "TLSv1.1", TLSVER_TLS11 }, { "TLSv1", TLSVER_TLS10 },
	{ "TLSv1.0", TLSVER_TLS10 }, { "TLS1_3", TLSVER_TLS13 },
	{ "TLS1_2", TLSVER_TLS12 }, { "TLS1_0", TLSVER_TLS10 },
	{ "TLS1.2", TLSVER_TLS12 }, { "TLS-1.0", TLSVER_TLS10 },
	{ "TLS-1.2", TLSVER_TLS12 }, { "tlsv1.2", TLSVER_TLS12 },
	{ "TLSv1/SSLv3", TLSVER_NONE }, { "SSLv3", TLSVER_SSL3 },
	{ "SSLv2", TLSVER_SSL2 }, { "TLS13", TLSVER_TLS13 },
	{ "TLS 1.2", TLSVER_TLS12 }, { "TLS1", TLSVER_TLS10 },
	{ "TLSv1_2", TLSVER_TLS12 }, { "TLS1.3", TLSVER_TLS13 },
	{ "TLS-1.0", TLSVER_TLS10 }, { "SSLv3.0", TLSVER_SSL3 },
	{ "TLS", TLSVER_NONE }, { "TLSv1.4", TLSVER_NONE },
	{ "TLSv2", TLSVER_NONE }, { "SSLv4", TLSVER_NONE },
	{ "DTLSv1.2", TLSVER_NONE }, { "TLSv1.2x", TLSVER_NONE },
	{ "", TLSVER_NONE }, { "15.20.1643.16", TLSVER_NONE },
};

static const struct {
	const char *text;
	enum verified want;
} verifies[] = {
	{ "OK", VERIFIED_YES }, { "TRUSTED", VERIFIED_YES },
	{ "verified OK", VERIFIED_YES }, { "YES", VERIFIED_YES },
	{ "NO", VERIFIED_NO }, { "NOT", VERIFIED_NO }, { "FAIL", VERIFIED_NO },
	{ "NONE", VERIFIED_NO }, { "not verified", VERIFIED_NO },
	{ "SOFTWARE", VERIFIED_NO }, { "maybe", VERIFIED_UNKNOWN },
};

static const struct {
	const char *keyword;
	unsigned must, must_not;
} keywords[] = {
	{ "SMTP", PROTO_PLAIN, PROTO_TLS },
	{ "esmtp", PROTO_PLAIN, PROTO_TLS },
	{ "ESMTPA", PROTO_AUTH, PROTO_TLS },
	{ "ESMTPS", PROTO_TLS, PROTO_AUTH },
	{ "esmtpsa", PROTO_TLS | PROTO_AUTH, 0 },
	{ "LMTP", PROTO_LMTP, PROTO_TLS },
	{ "LMTPA", PROTO_LMTP | PROTO_AUTH, PROTO_TLS },
	{ "LMTPS", PROTO_LMTP | PROTO_TLS, 0 },
	{ "LMTPSA", PROTO_LMTP | PROTO_TLS | PROTO_AUTH, 0 },
	{ "MMS", PROTO_IANA, PROTO_TLS | PROTO_PLAIN },
	{ "UTF8SMTP", PROTO_UTF8, PROTO_TLS },
	{ "UTF8SMTPA", PROTO_UTF8 | PROTO_AUTH, PROTO_TLS },
	{ "UTF8SMTPS", PROTO_UTF8 | PROTO_TLS, 0 },
	{ "utf8smtpsa", PROTO_UTF8 | PROTO_TLS | PROTO_AUTH, 0 },
	{ "UTF8LMTP", PROTO_UTF8 | PROTO_LMTP, PROTO_TLS },
	{ "UTF8LMTPA", PROTO_UTF8 | PROTO_LMTP | PROTO_AUTH, PROTO_TLS },
	{ "UTF8LMTPS", PROTO_UTF8 | PROTO_LMTP | PROTO_TLS, 0 },
	{ "UTF8LMTPSA", PROTO_LMTP | PROTO_TLS | PROTO_AUTH, 0 },
	{ "utf8esmtps", PROTO_TLS, 0 },
	{ "local", PROTO_LOCAL, PROTO_TLS },
	{ "Microsoft  SMTP\tServer", PROTO_PLAIN, PROTO_TLS },
	{ "ESMTP-TLS", PROTO_TLS, 0 },
	{ "STARTTLS", PROTO_TLS, 0 },
	{ "SMTPs", PROTO_TLS, 0 },
	{ "local-esmtps", PROTO_LOCAL, 0 },
	{ "local-rmail", PROTO_LOCAL, PROTO_TLS },
	{ "QMQP", PROTO_KNOWN, PROTO_TLS | PROTO_PLAIN },
	{ "HTTPREST", PROTO_KNOWN, PROTO_TLS | PROTO_PLAIN },
	{ "BSMTP", PROTO_KNOWN, PROTO_TLS | PROTO_PLAIN },
};

/* Names as MTAs write them: OpenSSL, IANA, GnuTLS (Exim), rustls. */
static const struct {
	const char *name;
	enum tls_version least;
	int key_bits;
	const char *weak;	/* NULL: not weak */
} suites[] = {
	{ "ECDHE-RSA-AES256-GCM-SHA384", TLSVER_TLS12, 256, NULL },
	{ "TLS_AES_256_GCM_SHA384", TLSVER_TLS13, 256, NULL },
	{ "tls_aes_128_gcm_sha256", TLSVER_TLS13, 128, NULL },
	{ "TLS13_AES_256_GCM_SHA384", TLSVER_TLS13, 256, NULL },
	{ "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384_P384", TLSVER_TLS12, 256,
	    NULL },
	{ "AES128-SHA", TLSVER_SSL3, 128, NULL },
	{ "DHE-RSA-AES256-SHA", TLSVER_SSL3, 256, NULL },
	{ "RSA_AES_256_CBC_SHA1", TLSVER_TLS10, 256, NULL },
	{ "RSA_AES_256_CBC_SHA", TLSVER_TLS10, 256, NULL },
	{ "ECDHE_RSA_AES_128_GCM_SHA256", TLSVER_TLS12, 128, NULL },
	{ "RC4-MD5", TLSVER_SSL3, 128, "rc4" },
	{ "RSA_ARCFOUR_SHA1", TLSVER_TLS10, 128, "rc4" },
	{ "RSA_ARCFOUR_128_SHA1", TLSVER_TLS10, 128, "rc4" },
	{ "TLS_RSA_WITH_RC4_128_SHA", TLSVER_SSL3, 128, "rc4" },
	{ "IDEA-CBC-SHA", TLSVER_SSL3, 128, "idea" },
	{ "DES-CBC3-SHA", TLSVER_SSL3, 112, "3des" },
	{ "DHE_RSA_3DES_EDE_CBC_SHA", TLSVER_TLS10, 112, "3des" },
	{ "EXP-RC4-MD5", TLSVER_SSL3, 40, "rc4" },
	{ "DES-CBC-SHA", TLSVER_SSL3, 56, "des" },
	{ "ADH-AES256-SHA", TLSVER_SSL3, 256, "anon" },
	{ "NULL-SHA", TLSVER_SSL3, 0, "null" },
};

/* Checks one entry of the cipher table. */
static void
check_suite(size_t i)
{
	const struct cipher_info *ci = cipher_lookup(suites[i].name,
	    strlen(suites[i].name));

	if (!tap_ok(ci != NULL, "cipher %s is in the table", suites[i].name))
		return;
	tap_is_int(ci->least, suites[i].least, "cipher %s: least version",
	    suites[i].name);
	tap_is_int(ci->key_bits, suites[i].key_bits, "cipher %s: key bits",
	    suites[i].name);
	tap_is_str(ci->weak, suites[i].weak, "cipher %s: weakness",
	    suites[i].name);
	tap_ok((cipher_weak_reason(ci) != NULL) == (suites[i].weak != NULL),
	    "cipher %s: a reason exactly when weak", suites[i].name);
}

int
main(void)
{
	const struct proto_entry *pe, *table;
	size_t i, n, iana = 0;

	for (i = 0; i < sizeof versions / sizeof versions[0]; i++)
		tap_is_int(tlsinfo_parse_version(versions[i].text,
		    strlen(versions[i].text)), versions[i].want,
		    "version \"%s\"", versions[i].text);
	for (i = 0; i < sizeof verifies / sizeof verifies[0]; i++)
		tap_is_int(tlsinfo_parse_verify(verifies[i].text,
		    strlen(verifies[i].text)), verifies[i].want,
		    "verify \"%s\"", verifies[i].text);
	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		pe = proto_lookup(keywords[i].keyword,
		    strlen(keywords[i].keyword));
		tap_ok(pe != NULL && (pe->flags & keywords[i].must) ==
		    keywords[i].must && (pe->flags & keywords[i].must_not) == 0,
		    "keyword \"%s\"", keywords[i].keyword);
	}
	tap_ok(proto_lookup("ESMTPSX", 7) == NULL, "unknown keyword");
	tap_ok(proto_lookup("cipher", 6) == NULL, "\"cipher\" is no keyword");
	for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
		check_suite(i);
	tap_ok(cipher_lookup("OTHER", 5) == NULL, "Gmail's OTHER is no suite");
	tap_ok(cipher_lookup("AES", 3) == NULL, "a prefix is no suite");
	tap_ok(cipher_lookup("RC4-MD5X", 8) == NULL, "a longer name is no "
	    "suite");
	tap_ok(cipher_lookup("RC4\0MD5", 7) == NULL, "a NUL byte is no suite");
	for (i = 1; i < cipher_table_len; i++) {
		if (strcmp(cipher_table[i - 1].name, cipher_table[i].name) >= 0)
			break;
	}
	tap_is_int((long long)i, (long long)cipher_table_len,
	    "the cipher table is sorted, with no duplicate");
	tap_ok(tlsinfo_is_family_label("TLSv1/SSLv3", 11),
	    "TLSv1/SSLv3 is a family label");
	tap_ok(!tlsinfo_is_family_label("TLSv1", 5), "TLSv1 is a version");
	table = proto_table(&n);
	for (i = 0; i < n; i++)
		iana += (table[i].flags & PROTO_IANA) != 0;
	tap_is_int((long long)iana, 18, "all 18 IANA transmission types");
	return tap_done();
}
