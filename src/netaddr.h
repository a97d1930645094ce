/*
 * netaddr.h: IPv4 and IPv6 address literals as they appear in Received:
 * headers, their canonical text, and their scope from the IANA
 * Special-Purpose Address Registries.
 *
 * All parsers take untrusted (pointer, length) spans: they never read past
 * the end and never need NUL termination.
 */
#ifndef TLSTRACE_NETADDR_H
#define TLSTRACE_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

enum addr_family {
	ADDR_NONE = 0,
	ADDR_IPV4,
	ADDR_IPV6
};

struct netaddr {
	enum addr_family family;
	unsigned char bytes[16];	/* IPv4 uses bytes[0..3] */
	char zone[16];			/* zone id without '%', or "" */
};

enum netscope {
	NETSCOPE_UNKNOWN = 0,
	NETSCOPE_PUBLIC,	/* globally reachable */
	NETSCOPE_PRIVATE,	/* not globally reachable (RFC 1918, ULA) */
	NETSCOPE_LOOPBACK	/* 127.0.0.0/8, ::1 */
};

/* The longest zone id kept, in bytes (zone[] holds it plus a NUL). */
#define NETADDR_ZONE_MAX 15

/* A buffer of this size always holds the output of netaddr_format(). */
#define NETADDR_TEXT_MAX 64

/*
 * Parses the whole span as one address.  Accepted forms: "192.0.2.1",
 * "[192.0.2.1]", "[192.0.2.1]:25" (a port only after a bracketed literal),
 * "IPv6:2001:db8::1" and "[IPv6:2001:db8::1]" (the RFC 5321 tag matched
 * without regard to ASCII case), plain "2001:db8::1", "[2001:db8::1]",
 * zone ids as in "fe80::1%9" or "[fe80::1%eth0]" (1 to 15 bytes of ASCII
 * letters, digits, '.', '_' or '-'), and mixed "::ffff:192.0.2.1".
 * IPv4 is strict dotted quad: exactly four decimal octets, no leading
 * zeros, none above 255.  Anything else, including surrounding white space,
 * is rejected.  Returns true on success; on failure *out is cleared to
 * family ADDR_NONE.
 */
bool netaddr_parse(const char *s, size_t len, struct netaddr *out);

/*
 * Writes the canonical text: no brackets or "IPv6:" tag, IPv4 as dotted
 * quad, IPv6 in RFC 5952 form (lower case, longest run of two or more zero
 * groups shortened to "::", leftmost on a tie), dotted-quad tail only for
 * IPv4-mapped addresses ("::ffff:192.0.2.1"), "%zone" appended when present.
 * NUL-terminates; returns the length, or 0 (with buf set to "" when size is
 * not 0) if the address is unset or the text did not fit.
 */
size_t netaddr_format(const struct netaddr *a, char *buf, size_t size);

/*
 * Scope from the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and updates, "Globally Reachable" column); the most specific
 * listed prefix decides.  IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96)
 * and 6to4 (2002::/16) addresses take the scope of their embedded IPv4
 * address.  If name is not NULL it receives a static description of the
 * range that decided, such as "10.0.0.0/8 private-use (RFC 1918)", or
 * "global unicast" for an unlisted public address; NULL when the scope is
 * NETSCOPE_UNKNOWN (an unset address).
 */
enum netscope netaddr_scope(const struct netaddr *a, const char **name);

/*
 * Parses "10.0.0.0/8", "2001:db8::/32", or a bare address meaning a host
 * prefix (/32 or /128).  The address is bare (no brackets, tag or zone);
 * the length is decimal without leading zeros and at most 32 or 128.  Host
 * bits set in the address are accepted and cleared.  On failure *net is
 * cleared to ADDR_NONE and *prefixlen to 0.
 */
bool netaddr_parse_cidr(const char *s, size_t len, struct netaddr *net,
    unsigned *prefixlen);

/*
 * True when a is inside net/prefixlen: same family, or a is an IPv4-mapped
 * IPv6 address ::ffff:a.b.c.d and net is IPv4.  Zone ids are ignored.
 * False for unset addresses and prefix lengths out of range.
 */
bool netaddr_in_prefix(const struct netaddr *a, const struct netaddr *net,
    unsigned prefixlen);

/*
 * True when a is an IPv6 form with an embedded IPv4 address: IPv4-mapped
 * ::ffff:0:0/96, NAT64 well-known prefix 64:ff9b::/96 (RFC 6052), or 6to4
 * 2002::/16 (RFC 3056, bits 16 to 47).  Stores the IPv4 address in *v4
 * when v4 is not NULL; clears it to ADDR_NONE when returning false.
 */
bool netaddr_embedded_ipv4(const struct netaddr *a, struct netaddr *v4);

/*
 * Describes row i of the special-purpose range table behind netaddr_scope(),
 * for listings and self-checks.  Rows whose scope comes from an embedded
 * IPv4 address report NETSCOPE_UNKNOWN.  Every name starts with the prefix
 * in CIDR notation followed by a space, except "global unicast".  Any of
 * the output pointers may be NULL.  Returns false when i is past the end.
 */
bool netaddr_special_range(size_t i, struct netaddr *net, unsigned *prefixlen,
    enum netscope *scope, const char **name);

#endif
