/*
 * trust.h: the trust boundary.  Received fields are claims; only those
 * written by the user's own MTAs are attested, the rest are claimed by
 * upstream servers and may be forged.
 *
 * The newest hop is always attested: it was written by the server that
 * delivered the message.  Walking down the chain, an older hop is attested
 * while the newer attested hop received the message from a client that is
 * ours: a hand-off inside the host (local or loopback), no client at all
 * (the writer made or moved the message itself), an authenticated client
 * (ESMTPA, LMTPA, ...), an LMTP client (our MTA delivering to our store,
 * RFC 2033), a client with a private address (as SpamAssassin infers
 * trusted_networks), and a client listed in the trust list (--trusted, a
 * configuration file): its connecting address inside a listed CIDR, or
 * its reverse DNS name as the attested hop recorded it (never the HELO) a
 * listed HOST.  A list only adds trust, never takes any away.
 * The first public, unauthenticated, unlisted client ends the walk; every
 * older hop is claimed.
 *
 * An authenticated client is one whose with keyword says so (ESMTPA,
 * RFC 3848) or whose field has a comment starting with the word
 * "authenticated" (Sendmail "(authenticated bits=0)", Postfix
 * "(Authenticated sender: ...)"); trust_assign records the text in
 * hop->auth for the verdict's plaintext-auth finding.
 */
#ifndef TLSTRACE_TRUST_H
#define TLSTRACE_TRUST_H

#include <stddef.h>

#include "tlstrace.h"

struct trustlist;

/* A new, empty trust list.  Never NULL (out of memory exits). */
struct trustlist *trustlist_new(void);

/* Releases a trust list; accepts NULL. */
void trustlist_free(struct trustlist *tl);

/*
 * Adds one entry: a CIDR ("192.0.2.0/24", "2001:db8::/32"), a bare
 * address, a host name ("mx.example.org", matched without regard to ASCII
 * case and to a final dot) or a domain (".example.org": any name under
 * it).  Returns 0, or -1 with a message in err.
 */
int trustlist_add(struct trustlist *tl, const char *spec, char *err,
    size_t errsize);

/*
 * Reads a configuration file: one directive per line, "trusted SPEC";
 * '#' starts a comment; blank lines are ignored.  Returns 0, or -1 with
 * "FILE:LINE: problem" (or the open error) in err.
 */
int trustlist_load_file(struct trustlist *tl, const char *path, char *err,
    size_t errsize);

/* The number of entries. */
size_t trustlist_count(const struct trustlist *tl);

/* True when the address is inside a listed CIDR. */
bool trustlist_has_addr(const struct trustlist *tl, const struct netaddr *a);

/* True when the name (untrusted bytes) matches a listed HOST or domain. */
bool trustlist_has_name(const struct trustlist *tl, const char *p,
    size_t len);

/*
 * Sets hop->trust for every hop of the chain.  tl may be NULL or empty:
 * the boundary is then inferred.
 */
void trust_assign(struct chain *c, const struct trustlist *tl);

#endif
