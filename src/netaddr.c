/*
 * netaddr.c: parsing, formatting and classifying IP address literals.
 *
 * Input spans are untrusted: every scan is bounded by the span length, and
 * a NUL-terminated copy is made (after checking the characters) only to
 * hand IPv6 text to inet_pton().
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "netaddr.h"
#include "util.h"

/* The longest IPv6 text inet_pton() can accept, without a NUL. */
#define IPV6_TEXT_MAX 45

/*
 * One row of the special-purpose range table.  A scope of NETSCOPE_UNKNOWN
 * means the address embeds an IPv4 address whose scope decides.
 */
struct special_range {
	enum addr_family	 family;
	unsigned char		 prefix[16];
	unsigned		 len;
	enum netscope		 scope;
	const char		*name;
};

/*
 * Sources: the IANA IPv4 Special-Purpose Address Registry and the IANA IPv6
 * Special-Purpose Address Registry ("Globally Reachable" column), as set up
 * by RFC 6890 and updated by RFC 8190 and later RFCs, plus RFC 4291 for the
 * IPv6 address architecture.  Every row names its RFC.  The most specific
 * matching prefix wins, so the /0 and 2000::/3 rows are the defaults and a
 * globally reachable sub-block listed inside a reserved block overrides it.
 * Multicast is not a unicast host address and counts as private.
 */
static const struct special_range special_ranges[] = {
	/* IPv4. */
	{ ADDR_IPV4, { 0 }, 0, NETSCOPE_PUBLIC,
	    "global unicast" },
	{ ADDR_IPV4, { 0 }, 8, NETSCOPE_PRIVATE,
	    "0.0.0.0/8 this network (RFC 791)" },
	{ ADDR_IPV4, { 0 }, 32, NETSCOPE_PRIVATE,
	    "0.0.0.0/32 this host on this network (RFC 1122)" },
	{ ADDR_IPV4, { 10 }, 8, NETSCOPE_PRIVATE,
	    "10.0.0.0/8 private-use (RFC 1918)" },
	{ ADDR_IPV4, { 100, 64 }, 10, NETSCOPE_PRIVATE,
	    "100.64.0.0/10 shared address space (RFC 6598)" },
	{ ADDR_IPV4, { 127 }, 8, NETSCOPE_LOOPBACK,
	    "127.0.0.0/8 loopback (RFC 1122)" },
	{ ADDR_IPV4, { 169, 254 }, 16, NETSCOPE_PRIVATE,
	    "169.254.0.0/16 link-local (RFC 3927)" },
	{ ADDR_IPV4, { 172, 16 }, 12, NETSCOPE_PRIVATE,
	    "172.16.0.0/12 private-use (RFC 1918)" },
	{ ADDR_IPV4, { 192, 0, 0 }, 24, NETSCOPE_PRIVATE,
	    "192.0.0.0/24 IETF protocol assignments (RFC 6890)" },
	{ ADDR_IPV4, { 192, 0, 0, 0 }, 29, NETSCOPE_PRIVATE,
	    "192.0.0.0/29 IPv4 service continuity prefix (RFC 7335)" },
	{ ADDR_IPV4, { 192, 0, 0, 8 }, 32, NETSCOPE_PRIVATE,
	    "192.0.0.8/32 IPv4 dummy address (RFC 7600)" },
	{ ADDR_IPV4, { 192, 0, 0, 9 }, 32, NETSCOPE_PUBLIC,
	    "192.0.0.9/32 port control protocol anycast (RFC 7723)" },
	{ ADDR_IPV4, { 192, 0, 0, 10 }, 32, NETSCOPE_PUBLIC,
	    "192.0.0.10/32 traversal using relays around NAT anycast "
	    "(RFC 8155)" },
	{ ADDR_IPV4, { 192, 0, 0, 170 }, 32, NETSCOPE_PRIVATE,
	    "192.0.0.170/32 NAT64/DNS64 discovery (RFC 8880)" },
	{ ADDR_IPV4, { 192, 0, 0, 171 }, 32, NETSCOPE_PRIVATE,
	    "192.0.0.171/32 NAT64/DNS64 discovery (RFC 8880)" },
	{ ADDR_IPV4, { 192, 0, 2 }, 24, NETSCOPE_PRIVATE,
	    "192.0.2.0/24 documentation TEST-NET-1 (RFC 5737)" },
	{ ADDR_IPV4, { 192, 31, 196 }, 24, NETSCOPE_PUBLIC,
	    "192.31.196.0/24 AS112-v4 (RFC 7535)" },
	{ ADDR_IPV4, { 192, 52, 193 }, 24, NETSCOPE_PUBLIC,
	    "192.52.193.0/24 automatic multicast tunneling (RFC 7450)" },
	{ ADDR_IPV4, { 192, 88, 99 }, 24, NETSCOPE_PRIVATE,
	    "192.88.99.0/24 deprecated 6to4 relay anycast (RFC 7526)" },
	{ ADDR_IPV4, { 192, 88, 99, 2 }, 32, NETSCOPE_PRIVATE,
	    "192.88.99.2/32 6a44-relay anycast (RFC 6751)" },
	{ ADDR_IPV4, { 192, 168 }, 16, NETSCOPE_PRIVATE,
	    "192.168.0.0/16 private-use (RFC 1918)" },
	{ ADDR_IPV4, { 192, 175, 48 }, 24, NETSCOPE_PUBLIC,
	    "192.175.48.0/24 direct delegation AS112 service (RFC 7534)" },
	{ ADDR_IPV4, { 198, 18 }, 15, NETSCOPE_PRIVATE,
	    "198.18.0.0/15 benchmarking (RFC 2544)" },
	{ ADDR_IPV4, { 198, 51, 100 }, 24, NETSCOPE_PRIVATE,
	    "198.51.100.0/24 documentation TEST-NET-2 (RFC 5737)" },
	{ ADDR_IPV4, { 203, 0, 113 }, 24, NETSCOPE_PRIVATE,
	    "203.0.113.0/24 documentation TEST-NET-3 (RFC 5737)" },
	{ ADDR_IPV4, { 224 }, 4, NETSCOPE_PRIVATE,
	    "224.0.0.0/4 multicast (RFC 5771)" },
	{ ADDR_IPV4, { 240 }, 4, NETSCOPE_PRIVATE,
	    "240.0.0.0/4 reserved (RFC 1112)" },
	{ ADDR_IPV4, { 255, 255, 255, 255 }, 32, NETSCOPE_PRIVATE,
	    "255.255.255.255/32 limited broadcast (RFC 8190)" },

	/* IPv6. */
	{ ADDR_IPV6, { 0 }, 0, NETSCOPE_PRIVATE,
	    "::/0 reserved or unallocated, outside 2000::/3 (RFC 4291)" },
	{ ADDR_IPV6, { 0x20 }, 3, NETSCOPE_PUBLIC,
	    "global unicast" },
	{ ADDR_IPV6, { 0 }, 128, NETSCOPE_PRIVATE,
	    "::/128 unspecified address (RFC 4291)" },
	{ ADDR_IPV6, { [15] = 1 }, 128, NETSCOPE_LOOPBACK,
	    "::1/128 loopback address (RFC 4291)" },
	{ ADDR_IPV6, { [10] = 0xff, [11] = 0xff }, 96, NETSCOPE_UNKNOWN,
	    "::ffff:0:0/96 IPv4-mapped address (RFC 4291)" },
	{ ADDR_IPV6, { 0x00, 0x64, 0xff, 0x9b }, 96, NETSCOPE_UNKNOWN,
	    "64:ff9b::/96 IPv4-IPv6 translation (RFC 6052)" },
	{ ADDR_IPV6, { 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01 }, 48,
	    NETSCOPE_PRIVATE,
	    "64:ff9b:1::/48 local-use IPv4/IPv6 translation (RFC 8215)" },
	{ ADDR_IPV6, { 0x01, 0x00 }, 64, NETSCOPE_PRIVATE,
	    "100::/64 discard-only address block (RFC 6666)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x00 }, 23, NETSCOPE_PRIVATE,
	    "2001::/23 IETF protocol assignments (RFC 2928)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x00 }, 32, NETSCOPE_PRIVATE,
	    "2001::/32 Teredo (RFC 4380)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x01, [15] = 1 }, 128,
	    NETSCOPE_PUBLIC,
	    "2001:1::1/128 port control protocol anycast (RFC 7723)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x01, [15] = 2 }, 128,
	    NETSCOPE_PUBLIC,
	    "2001:1::2/128 traversal using relays around NAT anycast "
	    "(RFC 8155)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x01, [15] = 3 }, 128,
	    NETSCOPE_PUBLIC,
	    "2001:1::3/128 DNS-SD service registration protocol anycast "
	    "(RFC 9665)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00 }, 48,
	    NETSCOPE_PRIVATE,
	    "2001:2::/48 benchmarking (RFC 5180)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x03 }, 32, NETSCOPE_PUBLIC,
	    "2001:3::/32 automatic multicast tunneling (RFC 7450)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x04, 0x01, 0x12 }, 48,
	    NETSCOPE_PUBLIC,
	    "2001:4:112::/48 AS112-v6 (RFC 7535)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x10 }, 28, NETSCOPE_PRIVATE,
	    "2001:10::/28 deprecated ORCHID (RFC 4843)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x20 }, 28, NETSCOPE_PUBLIC,
	    "2001:20::/28 ORCHIDv2 (RFC 7343)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x00, 0x30 }, 28, NETSCOPE_PUBLIC,
	    "2001:30::/28 drone remote ID protocol entity tags (RFC 9374)" },
	{ ADDR_IPV6, { 0x20, 0x01, 0x0d, 0xb8 }, 32, NETSCOPE_PRIVATE,
	    "2001:db8::/32 documentation (RFC 3849)" },
	{ ADDR_IPV6, { 0x20, 0x02 }, 16, NETSCOPE_UNKNOWN,
	    "2002::/16 6to4 (RFC 3056)" },
	{ ADDR_IPV6, { 0x26, 0x20, 0x00, 0x4f, 0x80, 0x00 }, 48,
	    NETSCOPE_PUBLIC,
	    "2620:4f:8000::/48 direct delegation AS112 service (RFC 7534)" },
	{ ADDR_IPV6, { 0x3f, 0xff, 0x00 }, 20, NETSCOPE_PRIVATE,
	    "3fff::/20 documentation (RFC 9637)" },
	{ ADDR_IPV6, { 0x5f, 0x00 }, 16, NETSCOPE_PRIVATE,
	    "5f00::/16 segment routing (SRv6) SIDs (RFC 9602)" },
	{ ADDR_IPV6, { 0xfc }, 7, NETSCOPE_PRIVATE,
	    "fc00::/7 unique-local (RFC 4193)" },
	{ ADDR_IPV6, { 0xfe, 0x80 }, 10, NETSCOPE_PRIVATE,
	    "fe80::/10 link-local unicast (RFC 4291)" },
	{ ADDR_IPV6, { 0xfe, 0xc0 }, 10, NETSCOPE_PRIVATE,
	    "fec0::/10 deprecated site-local (RFC 3879)" },
	{ ADDR_IPV6, { 0xff }, 8, NETSCOPE_PRIVATE,
	    "ff00::/8 multicast (RFC 4291)" },
};

#define NSPECIAL_RANGES (sizeof(special_ranges) / sizeof(special_ranges[0]))

/* Returns the address length in bits for a family, 0 when unset. */
static unsigned
family_bits(enum addr_family family)
{
	switch (family) {
	case ADDR_IPV4:
		return 32;
	case ADDR_IPV6:
		return 128;
	case ADDR_NONE:
	default:
		return 0;
	}
}

/* True when the first bits bits of a and p are equal. */
static bool
bits_equal(const unsigned char *a, const unsigned char *p, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;
	unsigned char mask;

	if (whole > 0 && memcmp(a, p, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xff << (8 - rest));
	return ((a[whole] ^ p[whole]) & mask) == 0;
}

/* Clears every bit after the first bits bits of a 16-byte array. */
static void
mask_bits(unsigned char *b, unsigned bits)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		if (bits >= 8)
			bits -= 8;
		else {
			b[i] &= (unsigned char)(0xff << (8 - bits));
			bits = 0;
		}
	}
}

/*
 * Parses a strict dotted quad filling the whole span: four decimal octets
 * of one to three digits, no leading zeros, none above 255.
 */
static bool
parse_ipv4(const char *s, size_t len, unsigned char *out)
{
	size_t i = 0, start, ndigits;
	unsigned part, value;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
		start = i;
		value = 0;
		ndigits = 0;
		while (i < len && ascii_isdigit((unsigned char)s[i])) {
			if (++ndigits > 3)
				return false;
			value = value * 10 + (unsigned)(s[i] - '0');
			i++;
		}
		if (ndigits == 0 || value > 255)
			return false;
		if (ndigits > 1 && s[start] == '0')
			return false;
		out[part] = (unsigned char)value;
	}
	return i == len;
}

/*
 * Parses IPv6 text without zone filling the whole span.  The characters
 * are checked and any dotted-quad tail is held to the strict IPv4 syntax
 * before a NUL-terminated copy goes to inet_pton().
 */
static bool
parse_ipv6(const char *s, size_t len, unsigned char *out)
{
	char text[IPV6_TEXT_MAX + 1];
	unsigned char v4[4];
	size_t i, lastcolon = 0, ncolons = 0, ndots = 0;

	if (len < 2 || len > IPV6_TEXT_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':') {
			if (ndots > 0)
				return false;
			ncolons++;
			lastcolon = i;
		} else if (c == '.')
			ndots++;
		else if (!ascii_isxdigit(c))
			return false;
	}
	if (ncolons < 2)
		return false;
	if (ndots > 0 &&
	    !parse_ipv4(s + lastcolon + 1, len - lastcolon - 1, v4))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	return inet_pton(AF_INET6, text, out) == 1;
}

/* True for a byte allowed in a zone id. */
static bool
zone_char(unsigned char c)
{
	return ascii_isalnum(c) || c == '.' || c == '_' || c == '-';
}

/*
 * Parses an address with no brackets or tag: IPv4, or (only IPv6 when
 * v6only) IPv6 with an optional "%zone".
 */
static bool
parse_plain(const char *s, size_t len, bool v6only, struct netaddr *out)
{
	const char *pct;
	size_t addrlen, zonelen, i;

	pct = len > 0 ? memchr(s, '%', len) : NULL;
	if (pct == NULL) {
		if (!v6only && parse_ipv4(s, len, out->bytes)) {
			out->family = ADDR_IPV4;
			return true;
		}
		if (parse_ipv6(s, len, out->bytes)) {
			out->family = ADDR_IPV6;
			return true;
		}
		return false;
	}
	addrlen = (size_t)(pct - s);
	zonelen = len - addrlen - 1;
	if (zonelen == 0 || zonelen > NETADDR_ZONE_MAX)
		return false;
	for (i = 0; i < zonelen; i++)
		if (!zone_char((unsigned char)pct[1 + i]))
			return false;
	if (!parse_ipv6(s, addrlen, out->bytes))
		return false;
	out->family = ADDR_IPV6;
	memcpy(out->zone, pct + 1, zonelen);
	out->zone[zonelen] = '\0';
	return true;
}

/* True for ":PORT" with 1 to 5 decimal digits and a value up to 65535. */
static bool
valid_port_suffix(const char *s, size_t len)
{
	unsigned long port = 0;
	size_t i;

	if (len < 2 || len > 6 || s[0] != ':')
		return false;
	for (i = 1; i < len; i++) {
		if (!ascii_isdigit((unsigned char)s[i]))
			return false;
		port = port * 10 + (unsigned long)(s[i] - '0');
	}
	return port <= 65535;
}

bool
netaddr_parse(const char *s, size_t len, struct netaddr *out)
{
	const char *close;
	size_t inner;
	bool tagged;

	memset(out, 0, sizeof(*out));
	if (s == NULL || len == 0)
		return false;
	if (s[0] == '[') {
		close = memchr(s, ']', len);
		if (close == NULL)
			return false;
		inner = (size_t)(close - s) - 1;
		if (inner + 2 < len &&
		    !valid_port_suffix(close + 1, len - inner - 2))
			return false;
		len = inner;
		s++;
	}
	tagged = ascii_span_startswith(s, len, "IPv6:");
	if (tagged) {
		s += 5;
		len -= 5;
	}
	if (!parse_plain(s, len, tagged, out)) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}

/* True when a is in ::ffff:0:0/96. */
static bool
is_v4mapped(const struct netaddr *a)
{
	static const unsigned char pfx[12] = { [10] = 0xff, [11] = 0xff };

	return a->family == ADDR_IPV6 && memcmp(a->bytes, pfx, 12) == 0;
}

/* Writes four bytes as dotted decimal, NUL-terminated, at p. */
static void
put_dotted_quad(char *p, const unsigned char *b)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			*p++ = '.';
		if (b[i] >= 100)
			*p++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*p++ = (char)('0' + b[i] / 10 % 10);
		*p++ = (char)('0' + b[i] % 10);
	}
	*p = '\0';
}

/* Writes RFC 5952 text for an IPv6 address (no zone) into buf[64]. */
static void
format_ipv6(const unsigned char *b, char *buf)
{
	unsigned words[8];
	int i, run, best = -1, bestlen = 0, n = 0;

	if (b[10] == 0xff && b[11] == 0xff &&
	    memcmp(b, "\0\0\0\0\0\0\0\0\0\0", 10) == 0) {
		memcpy(buf, "::ffff:", 7);
		put_dotted_quad(buf + 7, b + 12);
		return;
	}
	for (i = 0; i < 8; i++)
		words[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	/* Finds the leftmost longest run of two or more zero words. */
	for (i = 0; i < 8; i++) {
		if (words[i] != 0)
			continue;
		for (run = 0; i + run < 8 && words[i + run] == 0; run++)
			continue;
		if (run >= 2 && run > bestlen) {
			best = i;
			bestlen = run;
		}
		i += run;
	}
	buf[0] = '\0';
	for (i = 0; i < 8; i++) {
		if (i == best) {
			n += snprintf(buf + n, (size_t)(NETADDR_TEXT_MAX - n),
			    "::");
			i += bestlen - 1;
			continue;
		}
		n += snprintf(buf + n, (size_t)(NETADDR_TEXT_MAX - n), "%s%x",
		    (i > 0 && i != best + bestlen) ? ":" : "", words[i]);
	}
}

size_t
netaddr_format(const struct netaddr *a, char *buf, size_t size)
{
	char text[NETADDR_TEXT_MAX];
	size_t len, zonelen;

	if (size > 0)
		buf[0] = '\0';
	if (a == NULL)
		return 0;
	switch (a->family) {
	case ADDR_IPV4:
		put_dotted_quad(text, a->bytes);
		break;
	case ADDR_IPV6:
		format_ipv6(a->bytes, text);
		zonelen = strnlen(a->zone, sizeof(a->zone));
		if (zonelen > 0 && zonelen < sizeof(a->zone)) {
			len = strlen(text);
			text[len] = '%';
			memcpy(text + len + 1, a->zone, zonelen + 1);
		}
		break;
	case ADDR_NONE:
	default:
		return 0;
	}
	len = strlen(text);
	if (len >= size)
		return 0;
	memcpy(buf, text, len + 1);
	return len;
}

bool
netaddr_embedded_ipv4(const struct netaddr *a, struct netaddr *v4)
{
	static const unsigned char nat64[12] = { 0x00, 0x64, 0xff, 0x9b };
	const unsigned char *src = NULL;

	if (v4 != NULL)
		memset(v4, 0, sizeof(*v4));
	if (a == NULL || a->family != ADDR_IPV6)
		return false;
	if (is_v4mapped(a) || memcmp(a->bytes, nat64, 12) == 0)
		src = a->bytes + 12;
	else if (a->bytes[0] == 0x20 && a->bytes[1] == 0x02)
		src = a->bytes + 2;
	else
		return false;
	if (v4 != NULL) {
		v4->family = ADDR_IPV4;
		memcpy(v4->bytes, src, 4);
	}
	return true;
}

/* Finds the most specific table row containing a; the /0 rows always match. */
static const struct special_range *
range_lookup(const struct netaddr *a)
{
	const struct special_range *best = NULL, *r;
	size_t i;

	for (i = 0; i < NSPECIAL_RANGES; i++) {
		r = &special_ranges[i];
		if (r->family != a->family ||
		    !bits_equal(a->bytes, r->prefix, r->len))
			continue;
		if (best == NULL || r->len > best->len)
			best = r;
	}
	return best;
}

enum netscope
netaddr_scope(const struct netaddr *a, const char **name)
{
	const struct special_range *r = NULL;
	struct netaddr v4;

	if (name != NULL)
		*name = NULL;
	if (a == NULL || family_bits(a->family) == 0)
		return NETSCOPE_UNKNOWN;
	r = range_lookup(a);
	if (r != NULL && r->scope == NETSCOPE_UNKNOWN) {
		if (!netaddr_embedded_ipv4(a, &v4))
			return NETSCOPE_UNKNOWN;
		r = range_lookup(&v4);
	}
	if (r == NULL)
		return NETSCOPE_UNKNOWN;
	if (name != NULL)
		*name = r->name;
	return r->scope;
}

/* Parses a decimal prefix length: no sign, no leading zeros, at most max. */
static bool
parse_prefixlen(const char *s, size_t len, unsigned max, unsigned *out)
{
	unsigned value = 0;
	size_t i;

	if (len == 0 || len > 3 || (len > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < len; i++) {
		if (!ascii_isdigit((unsigned char)s[i]))
			return false;
		value = value * 10 + (unsigned)(s[i] - '0');
	}
	if (value > max)
		return false;
	*out = value;
	return true;
}

bool
netaddr_parse_cidr(const char *s, size_t len, struct netaddr *net,
    unsigned *prefixlen)
{
	const char *slash;
	size_t addrlen;
	unsigned bits;

	memset(net, 0, sizeof(*net));
	*prefixlen = 0;
	if (s == NULL || len == 0)
		return false;
	slash = memchr(s, '/', len);
	addrlen = slash != NULL ? (size_t)(slash - s) : len;
	if (parse_ipv4(s, addrlen, net->bytes))
		net->family = ADDR_IPV4;
	else if (parse_ipv6(s, addrlen, net->bytes))
		net->family = ADDR_IPV6;
	else
		goto fail;
	bits = family_bits(net->family);
	if (slash != NULL &&
	    !parse_prefixlen(slash + 1, len - addrlen - 1, bits, &bits))
		goto fail;
	mask_bits(net->bytes, bits);
	*prefixlen = bits;
	return true;
fail:
	memset(net, 0, sizeof(*net));
	return false;
}

bool
netaddr_in_prefix(const struct netaddr *a, const struct netaddr *net,
    unsigned prefixlen)
{
	if (a == NULL || net == NULL || family_bits(net->family) == 0 ||
	    prefixlen > family_bits(net->family))
		return false;
	if (a->family == net->family)
		return bits_equal(a->bytes, net->bytes, prefixlen);
	if (net->family == ADDR_IPV4 && is_v4mapped(a))
		return bits_equal(a->bytes + 12, net->bytes, prefixlen);
	return false;
}

bool
netaddr_special_range(size_t i, struct netaddr *net, unsigned *prefixlen,
    enum netscope *scope, const char **name)
{
	const struct special_range *r;

	if (i >= NSPECIAL_RANGES)
		return false;
	r = &special_ranges[i];
	if (net != NULL) {
		memset(net, 0, sizeof(*net));
		net->family = r->family;
		memcpy(net->bytes, r->prefix, sizeof(net->bytes));
	}
	if (prefixlen != NULL)
		*prefixlen = r->len;
	if (scope != NULL)
		*scope = r->scope;
	if (name != NULL)
		*name = r->name;
	return true;
}
