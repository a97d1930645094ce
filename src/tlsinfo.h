/*
 * tlsinfo.h: turns a parsed Received field into TLS evidence: the with
 * keyword (proto.h), RFC 8314's tls clause, and the rules (rules.h) run on
 * the with clause, on each comment and on the whole field.
 */
#ifndef TLSTRACE_TLSINFO_H
#define TLSTRACE_TLSINFO_H

#include "rules.h"
#include "tlstrace.h"

/*
 * Sets hop->proto, tls, version, version_at_least, cipher, suite, bits,
 * verified and evidence from hop->rcv.  Only the header's own words
 * count: no guessing from names.
 */
void tlsinfo_assess(struct hop *hop, const struct ruleset *rs,
    struct diaglist *diags);

/*
 * Normalises a version as MTAs write it: TLSv1.2, TLS1_2, TLS1.2, TLS-1.2,
 * TLSv1, SSLv3 ...  Returns TLSVER_NONE when the text is not a version,
 * and for a cipher family label (tlsinfo_is_family_label()).
 */
enum tls_version tlsinfo_parse_version(const char *s, size_t len);

/*
 * True for OpenSSL's "TLSv1/SSLv3": the protocol family of the cipher
 * (SSL_CIPHER_get_version() before OpenSSL 1.1, Node.js getCipher()),
 * not the version of the session.  It proves TLS, not a version.
 */
bool tlsinfo_is_family_label(const char *s, size_t len);

/* Normalises a verification word: OK, TRUSTED, verified OK -> yes; NO,
 * NOT, FAIL, NONE, not verified -> no; anything else -> unknown. */
enum verified tlsinfo_parse_verify(const char *s, size_t len);

#endif
