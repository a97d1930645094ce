/*
 * regdomain.h: the registrable domain of a host name ("tpg.com.au" for
 * "mail.external.tpg.com.au"), from the Public Suffix List through libpsl.
 * The only file that includes libpsl.h.
 */
#ifndef TLSTRACE_REGDOMAIN_H
#define TLSTRACE_REGDOMAIN_H

#include <stdbool.h>
#include <stddef.h>

/* The longest host name looked up (RFC 1035 section 2.3.4). */
#define REGDOMAIN_NAME_MAX	253

struct regdomain;

/*
 * Loads the Public Suffix List: the newer of libpsl's built-in copy and
 * the system's (Debian's publicsuffix package).  Returns NULL when
 * neither can be loaded.
 */
struct regdomain *regdomain_open(void);

/* Releases what regdomain_open returned; accepts NULL. */
void regdomain_close(struct regdomain *rd);

/*
 * The registrable domain of name (untrusted bytes, len of them) as a
 * (pointer, length) slice of name, or 0 when it has none: an address
 * literal, a name with a byte that is not a letter, digit, '-', '_' or
 * '.', a name longer than REGDOMAIN_NAME_MAX, a public suffix itself
 * ("com.au"), a single label ("localhost").  Case is ignored; a final
 * dot is dropped.
 */
size_t regdomain_of(const struct regdomain *rd, const char *name, size_t len,
    const char **dom);

#endif
