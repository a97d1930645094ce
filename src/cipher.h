/*
 * cipher.h: the table of TLS cipher-suite names (rules/ciphers.tab): what
 * a named suite requires and whether it is weak.  The table is data,
 * compiled in from the tab file; the strength of a hop's cipher comes
 * from its name here, never from a bits figure that some MTAs write in
 * bytes.
 */
#ifndef TLSTRACE_CIPHER_H
#define TLSTRACE_CIPHER_H

#include <stddef.h>

#include "tlstrace.h"

struct cipher_info {
	const char *name;	/* upper case */
	enum tls_version least;	/* oldest version the suite exists in */
	int key_bits;		/* symmetric key size */
	const char *weak;	/* its weakness ("rc4", ...), or NULL */
};

/*
 * Looks a cipher-suite name up without regard to case.  Exchange's curve
 * suffix ("..._SHA384_P256") is ignored.  Returns a static entry or NULL.
 */
const struct cipher_info *cipher_lookup(const char *s, size_t len);

/* Why a weak suite is weak, as a phrase ("RC4, prohibited by RFC 7465"),
 * or NULL for a suite that is not weak. */
const char *cipher_weak_reason(const struct cipher_info *ci);

/* The generated table, sorted by name. */
extern const struct cipher_info cipher_table[];
extern const size_t cipher_table_len;

#endif
