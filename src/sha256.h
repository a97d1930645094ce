/*
 * sha256.h: SHA-256 (FIPS 180-4), for the hash of the HTML report's
 * stylesheet in its Content-Security-Policy.
 */
#ifndef TLSTRACE_SHA256_H
#define TLSTRACE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN	32
/* Base64 of a digest, with padding and the NUL: 44 + 1. */
#define SHA256_BASE64_MAX	45

/* The digest of len bytes of data. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN]);

/* The digest of len bytes of data in base64 (RFC 4648), NUL-terminated. */
void sha256_base64(const void *data, size_t len,
    char out[SHA256_BASE64_MAX]);

#endif
