/*
 * unit_tlsinfo.c: version and verification normalisation, and the with
 * keyword table.
 */
#include "config.h"

#include <string.h>

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
	{ "TLSv1/SSLv3", TLSVER_TLS10 }, { "SSLv3", TLSVER_SSL3 },
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
	table = proto_table(&n);
	for (i = 0; i < n; i++)
		iana += (table[i].flags & PROTO_IANA) != 0;
	tap_is_int((long long)iana, 18, "all 18 IANA transmission types");
	return tap_done();
}
