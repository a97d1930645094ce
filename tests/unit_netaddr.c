/*
 * unit_netaddr.c: table-driven tests for address parsing, formatting,
 * scope classification and prefix matching.
 *
 * Every input is copied into a heap buffer of exactly its length, with no
 * NUL after it, so a parser that reads past the span trips the sanitizers
 * or valgrind.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "netaddr.h"
#include "tap.h"
#include "util.h"

struct scope_case {
	const char	*text;
	enum netscope	 want;
	/* The range that decides, or "global unicast". */
	const char	*range;
};

/*
 * One row per range of the special-purpose table, then boundaries around
 * ranges, then embedded-IPv4 forms.
 */
static const struct scope_case scope_cases[] = {
	/* IPv4 ranges. */
	{ "0.1.2.3", NETSCOPE_PRIVATE, "0.0.0.0/8" },
	{ "0.0.0.0", NETSCOPE_PRIVATE, "0.0.0.0/32" },
	{ "10.1.2.3", NETSCOPE_PRIVATE, "10.0.0.0/8" },
	{ "100.64.1.1", NETSCOPE_PRIVATE, "100.64.0.0/10" },
	{ "127.0.0.1", NETSCOPE_LOOPBACK, "127.0.0.0/8" },
	{ "127.255.255.254", NETSCOPE_LOOPBACK, "127.0.0.0/8" },
	{ "169.254.10.20", NETSCOPE_PRIVATE, "169.254.0.0/16" },
	{ "172.20.0.1", NETSCOPE_PRIVATE, "172.16.0.0/12" },
	{ "192.0.0.100", NETSCOPE_PRIVATE, "192.0.0.0/24" },
	{ "192.0.0.1", NETSCOPE_PRIVATE, "192.0.0.0/29" },
	{ "192.0.0.8", NETSCOPE_PRIVATE, "192.0.0.8/32" },
	{ "192.0.0.9", NETSCOPE_PUBLIC, "192.0.0.9/32" },
	{ "192.0.0.10", NETSCOPE_PUBLIC, "192.0.0.10/32" },
	{ "192.0.0.11", NETSCOPE_PRIVATE, "192.0.0.0/24" },
	{ "192.0.0.170", NETSCOPE_PRIVATE, "192.0.0.170/32" },
	{ "192.0.0.171", NETSCOPE_PRIVATE, "192.0.0.171/32" },
	{ "192.0.2.1", NETSCOPE_PRIVATE, "192.0.2.0/24" },
	{ "192.31.196.1", NETSCOPE_PUBLIC, "192.31.196.0/24" },
	{ "192.52.193.1", NETSCOPE_PUBLIC, "192.52.193.0/24" },
	{ "192.88.99.1", NETSCOPE_PRIVATE, "192.88.99.0/24" },
	{ "192.88.99.2", NETSCOPE_PRIVATE, "192.88.99.2/32" },
	{ "192.168.1.1", NETSCOPE_PRIVATE, "192.168.0.0/16" },
	{ "192.175.48.6", NETSCOPE_PUBLIC, "192.175.48.0/24" },
	{ "198.18.0.1", NETSCOPE_PRIVATE, "198.18.0.0/15" },
	{ "198.19.255.255", NETSCOPE_PRIVATE, "198.18.0.0/15" },
	{ "198.51.100.7", NETSCOPE_PRIVATE, "198.51.100.0/24" },
	{ "203.0.113.9", NETSCOPE_PRIVATE, "203.0.113.0/24" },
	{ "224.0.0.251", NETSCOPE_PRIVATE, "224.0.0.0/4" },
	{ "239.255.255.255", NETSCOPE_PRIVATE, "224.0.0.0/4" },
	{ "240.0.0.1", NETSCOPE_PRIVATE, "240.0.0.0/4" },
	{ "255.255.255.254", NETSCOPE_PRIVATE, "240.0.0.0/4" },
	{ "255.255.255.255", NETSCOPE_PRIVATE, "255.255.255.255/32" },
	{ "8.8.8.8", NETSCOPE_PUBLIC, "global unicast" },
	{ "209.85.220.41", NETSCOPE_PUBLIC, "global unicast" },

	/* IPv4 boundaries. */
	{ "1.0.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "0.255.255.255", NETSCOPE_PRIVATE, "0.0.0.0/8" },
	{ "9.255.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "10.0.0.0", NETSCOPE_PRIVATE, "10.0.0.0/8" },
	{ "10.255.255.255", NETSCOPE_PRIVATE, "10.0.0.0/8" },
	{ "11.0.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "100.63.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "100.64.0.0", NETSCOPE_PRIVATE, "100.64.0.0/10" },
	{ "100.127.255.255", NETSCOPE_PRIVATE, "100.64.0.0/10" },
	{ "100.128.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "126.255.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "128.0.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "169.253.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "169.255.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "172.15.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "172.16.0.0", NETSCOPE_PRIVATE, "172.16.0.0/12" },
	{ "172.31.255.255", NETSCOPE_PRIVATE, "172.16.0.0/12" },
	{ "172.32.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "191.255.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "192.0.1.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "192.0.3.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "192.167.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "192.168.0.0", NETSCOPE_PRIVATE, "192.168.0.0/16" },
	{ "192.168.255.255", NETSCOPE_PRIVATE, "192.168.0.0/16" },
	{ "192.169.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "198.17.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "198.20.0.0", NETSCOPE_PUBLIC, "global unicast" },
	{ "223.255.255.255", NETSCOPE_PUBLIC, "global unicast" },
	{ "224.0.0.0", NETSCOPE_PRIVATE, "224.0.0.0/4" },

	/* IPv6 ranges. */
	{ "::1", NETSCOPE_LOOPBACK, "::1/128" },
	{ "::", NETSCOPE_PRIVATE, "::/128" },
	{ "::2", NETSCOPE_PRIVATE, "::/0" },
	{ "::ffff:10.0.0.1", NETSCOPE_PRIVATE, "10.0.0.0/8" },
	{ "64:ff9b::c000:201", NETSCOPE_PRIVATE, "192.0.2.0/24" },
	{ "64:ff9b:1::1", NETSCOPE_PRIVATE, "64:ff9b:1::/48" },
	{ "100::1", NETSCOPE_PRIVATE, "100::/64" },
	{ "100:0:0:1::1", NETSCOPE_PRIVATE, "::/0" },
	{ "2001:0:4136:e378::1", NETSCOPE_PRIVATE, "2001::/32" },
	{ "2001:1::1", NETSCOPE_PUBLIC, "2001:1::1/128" },
	{ "2001:1::2", NETSCOPE_PUBLIC, "2001:1::2/128" },
	{ "2001:1::3", NETSCOPE_PUBLIC, "2001:1::3/128" },
	{ "2001:1::4", NETSCOPE_PRIVATE, "2001::/23" },
	{ "2001:2::1", NETSCOPE_PRIVATE, "2001:2::/48" },
	{ "2001:3::1", NETSCOPE_PUBLIC, "2001:3::/32" },
	{ "2001:4:112::1", NETSCOPE_PUBLIC, "2001:4:112::/48" },
	{ "2001:4:113::1", NETSCOPE_PRIVATE, "2001::/23" },
	{ "2001:10::1", NETSCOPE_PRIVATE, "2001:10::/28" },
	{ "2001:20::1", NETSCOPE_PUBLIC, "2001:20::/28" },
	{ "2001:30::1", NETSCOPE_PUBLIC, "2001:30::/28" },
	{ "2001:db8::1", NETSCOPE_PRIVATE, "2001:db8::/32" },
	{ "2002:c000:204::1", NETSCOPE_PRIVATE, "192.0.2.0/24" },
	{ "2620:4f:8000::1", NETSCOPE_PUBLIC, "2620:4f:8000::/48" },
	{ "3fff::1", NETSCOPE_PRIVATE, "3fff::/20" },
	{ "5f00::1", NETSCOPE_PRIVATE, "5f00::/16" },
	{ "fc00::1", NETSCOPE_PRIVATE, "fc00::/7" },
	{ "fd12:3456:789a::1", NETSCOPE_PRIVATE, "fc00::/7" },
	{ "fe80::1", NETSCOPE_PRIVATE, "fe80::/10" },
	{ "fe80::1%eth0", NETSCOPE_PRIVATE, "fe80::/10" },
	{ "fec0::1", NETSCOPE_PRIVATE, "fec0::/10" },
	{ "ff02::1", NETSCOPE_PRIVATE, "ff00::/8" },
	{ "2a00:1450:4001:82b::200e", NETSCOPE_PUBLIC, "global unicast" },
	{ "2607:f8b0:4864:20::52f", NETSCOPE_PUBLIC, "global unicast" },
	{ "4000::1", NETSCOPE_PRIVATE, "::/0" },

	/* IPv6 boundaries. */
	{ "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NETSCOPE_PRIVATE,
	    "::/0" },
	{ "2000::", NETSCOPE_PUBLIC, "global unicast" },
	{ "3ffe:ffff::1", NETSCOPE_PUBLIC, "global unicast" },
	{ "3fff:fff::1", NETSCOPE_PRIVATE, "3fff::/20" },
	{ "3fff:1000::1", NETSCOPE_PUBLIC, "global unicast" },
	{ "2001:1ff:ffff::1", NETSCOPE_PRIVATE, "2001::/23" },
	{ "2001:200::1", NETSCOPE_PUBLIC, "global unicast" },
	{ "2001:db7:ffff::1", NETSCOPE_PUBLIC, "global unicast" },
	{ "2001:db9::1", NETSCOPE_PUBLIC, "global unicast" },
	{ "2001:2:0:ffff::1", NETSCOPE_PRIVATE, "2001:2::/48" },
	{ "2001:2:1::1", NETSCOPE_PRIVATE, "2001::/23" },
	{ "2001:2f::1", NETSCOPE_PUBLIC, "2001:20::/28" },
	{ "2001:3f::1", NETSCOPE_PUBLIC, "2001:30::/28" },
	{ "2001:40::1", NETSCOPE_PRIVATE, "2001::/23" },
	{ "fbff::1", NETSCOPE_PRIVATE, "::/0" },
	{ "febf::1", NETSCOPE_PRIVATE, "fe80::/10" },
	{ "fdff:ffff::1", NETSCOPE_PRIVATE, "fc00::/7" },
	{ "fe7f::1", NETSCOPE_PRIVATE, "::/0" },
	{ "100::ffff:ffff:ffff:ffff", NETSCOPE_PRIVATE, "100::/64" },

	/* Embedded IPv4. */
	{ "2002:c000:0204::1", NETSCOPE_PRIVATE, "192.0.2.0/24" },
	{ "2002:0808:0808::1", NETSCOPE_PUBLIC, "global unicast" },
	{ "2002:7f00:1::1", NETSCOPE_LOOPBACK, "127.0.0.0/8" },
	{ "::ffff:8.8.8.8", NETSCOPE_PUBLIC, "global unicast" },
	{ "::ffff:127.0.0.1", NETSCOPE_LOOPBACK, "127.0.0.0/8" },
	{ "::ffff:192.0.0.9", NETSCOPE_PUBLIC, "192.0.0.9/32" },
	{ "[IPv6:::ffff:10.0.0.1]", NETSCOPE_PRIVATE, "10.0.0.0/8" },
	{ "64:ff9b::808:808", NETSCOPE_PUBLIC, "global unicast" },
	{ "64:ff9b::7f00:1", NETSCOPE_LOOPBACK, "127.0.0.0/8" },
	{ "64:ff9b:0:0:1::808:808", NETSCOPE_PRIVATE, "::/0" },
};

struct parse_case {
	const char	*text;
	bool		 ok;
	const char	*canon;		/* Formatted text when ok. */
};

static const struct parse_case parse_cases[] = {
	{ "192.0.2.1", true, "192.0.2.1" },
	{ "[192.0.2.1]", true, "192.0.2.1" },
	{ "[192.0.2.1]:25", true, "192.0.2.1" },
	{ "[192.0.2.1]:0", true, "192.0.2.1" },
	{ "[192.0.2.1]:65535", true, "192.0.2.1" },
	{ "0.0.0.0", true, "0.0.0.0" },
	{ "255.255.255.255", true, "255.255.255.255" },
	{ "9.10.99.100", true, "9.10.99.100" },
	{ "[IPv6:::ffff:1.22.199.0]", true, "::ffff:1.22.199.0" },
	{ "IPv6:2001:db8::1", true, "2001:db8::1" },
	{ "[IPv6:2001:db8::1]", true, "2001:db8::1" },
	{ "[IPv6:2001:db8::1]:587", true, "2001:db8::1" },
	{ "IPv6:::1", true, "::1" },
	{ "ipv6:::1", true, "::1" },
	{ "IPV6:::1", true, "::1" },
	{ "[IPv6:::ffff:10.0.0.1]", true, "::ffff:10.0.0.1" },
	{ "2001:db8::1", true, "2001:db8::1" },
	{ "[2001:db8::1]", true, "2001:db8::1" },
	{ "[2001:db8::1]:25", true, "2001:db8::1" },
	{ "2001:DB8:0:0:0:0:0:1", true, "2001:db8::1" },
	{ "2001:0db8:0000:0000:0001:0000:0000:0001", true,
	    "2001:db8::1:0:0:1" },
	{ "2001:db8:0:1:1:1:1:1", true, "2001:db8:0:1:1:1:1:1" },
	{ "2001:0:0:1:0:0:0:1", true, "2001:0:0:1::1" },
	{ "1:0:0:1:0:0:1:1", true, "1::1:0:0:1:1" },
	{ "::1:0", true, "::1:0" },
	{ "::102:304", true, "::102:304" },
	{ "::", true, "::" },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", true,
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	{ "fe80::1%9", true, "fe80::1%9" },
	{ "[fe80::1%eth0]", true, "fe80::1%eth0" },
	{ "[fe80::1%9]", true, "fe80::1%9" },
	{ "[fe80::1%eth0]:25", true, "fe80::1%eth0" },
	{ "IPv6:fe80::1%en0.5_a-b", true, "fe80::1%en0.5_a-b" },
	{ "fe80::1%abcdefghijklmno", true, "fe80::1%abcdefghijklmno" },
	{ "::ffff:192.0.2.1", true, "::ffff:192.0.2.1" },
	{ "::FFFF:c000:0201", true, "::ffff:192.0.2.1" },
	{ "0:0:0:0:0:ffff:192.0.2.1", true, "::ffff:192.0.2.1" },
	{ "2002:c000:0204::1", true, "2002:c000:204::1" },
	{ "64:ff9b::8.8.8.8", true, "64:ff9b::808:808" },

	{ "", false, NULL },
	{ "[", false, NULL },
	{ "]", false, NULL },
	{ "[]", false, NULL },
	{ "[]:25", false, NULL },
	{ "1.2.3", false, NULL },
	{ "1.2.3.4.5", false, NULL },
	{ "256.1.1.1", false, NULL },
	{ "1.2.3.256", false, NULL },
	{ "01.2.3.4", false, NULL },
	{ "010.1.1.1", false, NULL },
	{ "1.2.3.00", false, NULL },
	{ "0001.2.3.4", false, NULL },
	{ "1.2.3.4x", false, NULL },
	{ "1.2.3.4.", false, NULL },
	{ ".1.2.3.4", false, NULL },
	{ "1..2.3", false, NULL },
	{ "-1.2.3.4", false, NULL },
	{ "+1.2.3.4", false, NULL },
	{ " 1.2.3.4", false, NULL },
	{ "1.2.3.4 ", false, NULL },
	{ "0x1.2.3.4", false, NULL },
	{ "host.example", false, NULL },
	{ "localhost", false, NULL },
	{ "15.20.1234.56", false, NULL },
	{ "2023.12.14.06.48.20", false, NULL },
	{ "fe80::1%", false, NULL },
	{ "fe80::1%abcdefghijklmnopqrst", false, NULL },
	{ "fe80::1%abcdefghijklmnop", false, NULL },
	{ "fe80::1%eth 0", false, NULL },
	{ "fe80::1%eth0%1", false, NULL },
	{ "fe80::1%eth/0", false, NULL },
	{ "%eth0", false, NULL },
	{ "1.2.3.4%eth0", false, NULL },
	{ "IPv6:1.2.3.4%eth0", false, NULL },
	{ "[1.2.3.4", false, NULL },
	{ "1.2.3.4]", false, NULL },
	{ "[1.2.3.4]:", false, NULL },
	{ "[1.2.3.4]:99999", false, NULL },
	{ "[1.2.3.4]:65536", false, NULL },
	{ "[1.2.3.4]:123456", false, NULL },
	{ "[1.2.3.4]:2x", false, NULL },
	{ "[1.2.3.4]25", false, NULL },
	{ "[1.2.3.4]]", false, NULL },
	{ "[[1.2.3.4]]", false, NULL },
	{ "[ 1.2.3.4]", false, NULL },
	{ "1.2.3.4:25", false, NULL },
	{ "IPv6:", false, NULL },
	{ "[IPv6:]", false, NULL },
	{ "IPv6:1.2.3.4", false, NULL },
	{ "[IPv6:192.0.2.1]", false, NULL },
	{ "IPv4:1.2.3.4", false, NULL },
	{ "IPv6::1", false, NULL },
	{ "IPv6 :::1", false, NULL },
	{ ":", false, NULL },
	{ ":::", false, NULL },
	{ "1::2::3", false, NULL },
	{ "12345::1", false, NULL },
	{ "2001:db8::g", false, NULL },
	{ "1:2:3:4:5:6:7:8:9", false, NULL },
	{ "1:2:3:4:5:6:7", false, NULL },
	{ "::ffff:01.2.3.4", false, NULL },
	{ "::ffff:1.2.3", false, NULL },
	{ "::ffff:1.2.3.4.5", false, NULL },
	{ "::1.2.3.4:5", false, NULL },
	{ "1.2.3.4::", false, NULL },
	{ "0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:1", false, NULL },
};

struct cidr_case {
	const char	*text;
	bool		 ok;
	const char	*net;		/* Network address when ok. */
	unsigned	 plen;
};

static const struct cidr_case cidr_cases[] = {
	{ "10.0.0.0/8", true, "10.0.0.0", 8 },
	{ "10.1.2.3/8", true, "10.0.0.0", 8 },
	{ "172.16.0.0/12", true, "172.16.0.0", 12 },
	{ "172.31.255.255/12", true, "172.16.0.0", 12 },
	{ "192.0.2.1", true, "192.0.2.1", 32 },
	{ "192.0.2.1/32", true, "192.0.2.1", 32 },
	{ "0.0.0.0/0", true, "0.0.0.0", 0 },
	{ "255.255.255.255/0", true, "0.0.0.0", 0 },
	{ "100.64.0.0/10", true, "100.64.0.0", 10 },
	{ "2001:db8::/32", true, "2001:db8::", 32 },
	{ "2001:db8:1:2::1/48", true, "2001:db8:1::", 48 },
	{ "fe80::/10", true, "fe80::", 10 },
	{ "febf:ffff::/10", true, "fe80::", 10 },
	{ "::/0", true, "::", 0 },
	{ "::1", true, "::1", 128 },
	{ "::1/128", true, "::1", 128 },
	{ "2001:db8::1/127", true, "2001:db8::", 127 },

	{ "", false, NULL, 0 },
	{ "/8", false, NULL, 0 },
	{ "10.0.0.0/", false, NULL, 0 },
	{ "10.0.0.0/33", false, NULL, 0 },
	{ "10.0.0.0/08", false, NULL, 0 },
	{ "10.0.0.0/-1", false, NULL, 0 },
	{ "10.0.0.0/+8", false, NULL, 0 },
	{ "10.0.0.0/8/8", false, NULL, 0 },
	{ "10.0.0.0/8 ", false, NULL, 0 },
	{ "10.0.0.0/1000", false, NULL, 0 },
	{ "10.0.0/8", false, NULL, 0 },
	{ "2001:db8::/129", false, NULL, 0 },
	{ "2001:db8::/1280", false, NULL, 0 },
	{ "[2001:db8::]/32", false, NULL, 0 },
	{ "fe80::%eth0/10", false, NULL, 0 },
	{ "IPv6:2001:db8::/32", false, NULL, 0 },
	{ "example.com/24", false, NULL, 0 },
};

struct match_case {
	const char	*addr;
	const char	*cidr;
	bool		 want;
};

static const struct match_case match_cases[] = {
	{ "10.1.2.3", "10.0.0.0/8", true },
	{ "11.0.0.0", "10.0.0.0/8", false },
	{ "9.255.255.255", "10.0.0.0/8", false },
	{ "172.31.255.255", "172.16.0.0/12", true },
	{ "172.32.0.0", "172.16.0.0/12", false },
	{ "192.0.2.1", "192.0.2.1", true },
	{ "192.0.2.2", "192.0.2.1/32", false },
	{ "8.8.8.8", "0.0.0.0/0", true },
	{ "::ffff:10.9.8.7", "10.0.0.0/8", true },
	{ "::ffff:11.9.8.7", "10.0.0.0/8", false },
	{ "[IPv6:::ffff:192.0.2.7]", "192.0.2.0/24", true },
	{ "::ffff:8.8.8.8", "0.0.0.0/0", true },
	{ "::ffff:10.9.8.7", "::ffff:0:0/96", true },
	{ "64:ff9b::a09:807", "10.0.0.0/8", false },
	{ "2002:a09:807::1", "10.0.0.0/8", false },
	{ "10.9.8.7", "::ffff:10.0.0.0/104", false },
	{ "2001:db8::1", "0.0.0.0/0", false },
	{ "10.0.0.1", "::/0", false },
	{ "2001:db8:ffff::1", "2001:db8::/32", true },
	{ "2001:db9::1", "2001:db8::/32", false },
	{ "fe80::1%eth0", "fe80::/10", true },
	{ "fe80::1%eth0", "fe80::1", true },
	{ "2a00::1", "::/0", true },
	{ "2001:db8::1", "2001:db8::/127", true },
	{ "2001:db8::2", "2001:db8::/127", false },
};

/* Returns a heap copy of text with exactly strlen(text) bytes, no NUL. */
static char *
exact_copy(const char *text, size_t *lenp)
{
	size_t len = strlen(text);
	char *p = xmalloc(len);

	memcpy(p, text, len);
	*lenp = len;
	return p;
}

/* Parses text from an exact-size heap buffer. */
static bool
parse_exact(const char *text, struct netaddr *a)
{
	size_t len;
	char *p = exact_copy(text, &len);
	bool ok = netaddr_parse(p, len, a);

	free(p);
	return ok;
}

/* Parses a CIDR from an exact-size heap buffer. */
static bool
parse_cidr_exact(const char *text, struct netaddr *net, unsigned *plen)
{
	size_t len;
	char *p = exact_copy(text, &len);
	bool ok = netaddr_parse_cidr(p, len, net, plen);

	free(p);
	return ok;
}

/* True when the range description names the expected range. */
static bool
range_named(const char *name, const char *range)
{
	size_t n = strlen(range);

	if (name == NULL)
		return false;
	if (strcmp(range, "global unicast") == 0)
		return strcmp(name, range) == 0;
	return strncmp(name, range, n) == 0 && name[n] == ' ';
}

/* Checks the scope and the deciding range of every scope_cases row. */
static void
test_scope(void)
{
	struct netaddr a;
	const char *name;
	enum netscope got;
	size_t i;

	for (i = 0; i < sizeof(scope_cases) / sizeof(scope_cases[0]); i++) {
		const struct scope_case *c = &scope_cases[i];

		if (!parse_exact(c->text, &a)) {
			tap_ok(false, "scope %s: parses", c->text);
			continue;
		}
		got = netaddr_scope(&a, &name);
		tap_is_int(got, c->want, "scope %s", c->text);
		if (!tap_ok(range_named(name, c->range),
		    "scope %s: decided by %s", c->text, c->range))
			tap_diag("got range \"%s\"", name ? name : "(null)");
	}
	memset(&a, 0, sizeof(a));
	tap_is_int(netaddr_scope(&a, &name), NETSCOPE_UNKNOWN,
	    "scope of an unset address is unknown");
	tap_ok(name == NULL, "unset address has no range name");
	tap_is_int(netaddr_scope(NULL, NULL), NETSCOPE_UNKNOWN,
	    "scope of NULL is unknown");
}

/* Checks acceptance, rejection and canonical text for parse_cases. */
static void
test_parse(void)
{
	struct netaddr a, b;
	char buf[NETADDR_TEXT_MAX];
	size_t i, n;
	bool ok;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];

		ok = parse_exact(c->text, &a);
		if (!c->ok) {
			tap_ok(!ok && a.family == ADDR_NONE,
			    "rejects \"%s\"", c->text);
			continue;
		}
		if (!tap_ok(ok, "accepts \"%s\"", c->text))
			continue;
		n = netaddr_format(&a, buf, sizeof(buf));
		tap_is_str(buf, c->canon, "\"%s\" formats canonically",
		    c->text);
		/* The canonical text must parse back to the same address. */
		ok = parse_exact(buf, &b) && n == strlen(c->canon) &&
		    memcmp(&a, &b, sizeof(a)) == 0;
		tap_ok(ok, "\"%s\" round-trips", c->canon);
	}
}

/* Checks details the tables cannot express. */
static void
test_parse_details(void)
{
	struct netaddr a;
	char buf[NETADDR_TEXT_MAX];
	static const char nul[] = "1.2.3.4\0";
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8,
	    [15] = 1 };

	tap_ok(!netaddr_parse(nul, sizeof(nul) - 1, &a),
	    "rejects an embedded NUL");
	tap_ok(!netaddr_parse("fe80::1%e\0", 10, &a),
	    "rejects a NUL in a zone");
	tap_ok(netaddr_parse("1.2.3.45", 7, &a) &&
	    netaddr_format(&a, buf, sizeof(buf)) == 7 &&
	    strcmp(buf, "1.2.3.4") == 0, "honours the span length");
	tap_ok(!netaddr_parse(NULL, 0, &a), "rejects NULL");

	tap_ok(netaddr_parse("[IPv6:2001:db8::1]:25", 21, &a) &&
	    a.family == ADDR_IPV6 && memcmp(a.bytes, v6, 16) == 0 &&
	    a.zone[0] == '\0', "bytes of [IPv6:2001:db8::1]:25");
	tap_ok(netaddr_parse("192.0.2.33", 10, &a) &&
	    a.family == ADDR_IPV4 && a.bytes[0] == 192 && a.bytes[1] == 0 &&
	    a.bytes[2] == 2 && a.bytes[3] == 33 && a.bytes[4] == 0,
	    "bytes of 192.0.2.33");
	tap_ok(netaddr_parse("[fe80::1%eth0]", 14, &a) &&
	    strcmp(a.zone, "eth0") == 0, "zone kept without '%%'");
}

/* Checks netaddr_format() buffer handling. */
static void
test_format(void)
{
	struct netaddr a;
	char buf[NETADDR_TEXT_MAX];
	char small[8];
	const char *longest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
	    "%abcdefghijklmno";

	(void)parse_exact("192.0.2.123", &a);
	tap_is_int((long long)netaddr_format(&a, small, 8), 0,
	    "too small a buffer returns 0");
	tap_is_str(small, "", "too small a buffer is left empty");
	tap_is_int((long long)netaddr_format(&a, buf, 12), 11,
	    "exact buffer size fits");
	tap_is_int((long long)netaddr_format(&a, buf, 11), 0,
	    "no room for the NUL returns 0");
	tap_is_int((long long)netaddr_format(&a, NULL, 0), 0,
	    "size 0 returns 0");
	memset(&a, 0, sizeof(a));
	tap_is_int((long long)netaddr_format(&a, buf, sizeof(buf)), 0,
	    "unset address formats as nothing");
	tap_ok(parse_exact(longest, &a) &&
	    netaddr_format(&a, buf, sizeof(buf)) == strlen(longest) &&
	    strcmp(buf, longest) == 0, "longest text fits NETADDR_TEXT_MAX");
}

/* Checks CIDR parsing rows. */
static void
test_cidr(void)
{
	struct netaddr net;
	char buf[NETADDR_TEXT_MAX];
	unsigned plen;
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(cidr_cases) / sizeof(cidr_cases[0]); i++) {
		const struct cidr_case *c = &cidr_cases[i];

		ok = parse_cidr_exact(c->text, &net, &plen);
		if (!c->ok) {
			tap_ok(!ok && net.family == ADDR_NONE && plen == 0,
			    "cidr rejects \"%s\"", c->text);
			continue;
		}
		(void)netaddr_format(&net, buf, sizeof(buf));
		tap_ok(ok && plen == c->plen && strcmp(buf, c->net) == 0,
		    "cidr \"%s\" is %s/%u", c->text, c->net, c->plen);
	}
}

/* Checks prefix matching rows and argument edge cases. */
static void
test_match(void)
{
	struct netaddr a, net;
	unsigned plen;
	size_t i;

	for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		const struct match_case *c = &match_cases[i];

		if (!parse_exact(c->addr, &a) ||
		    !parse_cidr_exact(c->cidr, &net, &plen)) {
			tap_ok(false, "%s in %s: inputs parse", c->addr,
			    c->cidr);
			continue;
		}
		tap_ok(netaddr_in_prefix(&a, &net, plen) == c->want,
		    "%s %s in %s", c->addr, c->want ? "is" : "is not", c->cidr);
	}
	(void)parse_exact("10.0.0.1", &a);
	(void)parse_cidr_exact("10.0.0.0/8", &net, &plen);
	tap_ok(!netaddr_in_prefix(&a, &net, 33),
	    "IPv4 prefix length 33 never matches");
	memset(&a, 0, sizeof(a));
	tap_ok(!netaddr_in_prefix(&a, &net, 0),
	    "unset address is in no prefix");
}

/* Checks extraction of embedded IPv4 addresses. */
static void
test_embedded(void)
{
	static const struct {
		const char	*text;
		const char	*v4;	/* NULL when none is embedded. */
	} cases[] = {
		{ "::ffff:192.0.2.1", "192.0.2.1" },
		{ "64:ff9b::808:808", "8.8.8.8" },
		{ "2002:c000:0204::1", "192.0.2.4" },
		{ "2002:0808:0808:1:2:3:4:5", "8.8.8.8" },
		{ "64:ff9b:1::808:808", NULL },
		{ "::ffff:0:808:808", NULL },
		{ "2001:db8::1", NULL },
		{ "192.0.2.1", NULL },
	};
	struct netaddr a, v4;
	char buf[NETADDR_TEXT_MAX];
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!parse_exact(cases[i].text, &a)) {
			tap_ok(false, "embedded %s: parses", cases[i].text);
			continue;
		}
		ok = netaddr_embedded_ipv4(&a, &v4);
		if (cases[i].v4 == NULL) {
			tap_ok(!ok && v4.family == ADDR_NONE,
			    "%s embeds no IPv4", cases[i].text);
			continue;
		}
		(void)netaddr_format(&v4, buf, sizeof(buf));
		tap_ok(ok && v4.family == ADDR_IPV4 &&
		    strcmp(buf, cases[i].v4) == 0, "%s embeds %s",
		    cases[i].text, cases[i].v4);
	}
	(void)parse_exact("::ffff:1.2.3.4", &a);
	tap_ok(netaddr_embedded_ipv4(&a, NULL), "v4 output may be NULL");
}

/* True when name starts with a prefix longer than plen containing a. */
static bool
more_specific(const char *name, const struct netaddr *a, unsigned plen)
{
	const char *sp = strchr(name, ' ');
	struct netaddr net;
	unsigned nplen;

	return sp != NULL &&
	    netaddr_parse_cidr(name, (size_t)(sp - name), &net, &nplen) &&
	    nplen > plen && netaddr_in_prefix(a, &net, nplen);
}

/*
 * Checks that every table row's name starts with its own prefix in CIDR
 * notation, that no host bits are set, and that an address in the row is
 * decided by that row.
 */
static void
test_table(void)
{
	struct netaddr row, net;
	enum netscope scope, got;
	const char *name, *sp, *decided;
	unsigned plen, cplen;
	size_t i, nrows = 0;

	for (i = 0; netaddr_special_range(i, &row, &plen, &scope, &name);
	    i++) {
		nrows++;
		if (strcmp(name, "global unicast") == 0) {
			tap_ok(scope == NETSCOPE_PUBLIC,
			    "row %zu global unicast is public", i);
			continue;
		}
		sp = strchr(name, ' ');
		if (sp == NULL || !netaddr_parse_cidr(name,
		    (size_t)(sp - name), &net, &cplen)) {
			tap_ok(false, "row %zu \"%s\" starts with a CIDR", i,
			    name);
			continue;
		}
		tap_ok(cplen == plen && memcmp(&net, &row, sizeof(net)) == 0,
		    "row %zu bytes match \"%.*s\"", i, (int)(sp - name), name);
		/*
		 * The network address is decided by this row, or by a more
		 * specific row that contains it.
		 */
		got = netaddr_scope(&row, &decided);
		if (scope == NETSCOPE_UNKNOWN)
			tap_ok(netaddr_embedded_ipv4(&row, NULL),
			    "row %zu embeds IPv4", i);
		else if (decided == name)
			tap_ok(got == scope, "row %zu decides its network", i);
		else
			tap_ok(more_specific(decided, &row, plen),
			    "row %zu network decided by a longer prefix", i);
	}
	tap_ok(nrows > 50, "table has %zu rows", nrows);
	tap_ok(!netaddr_special_range(nrows, NULL, NULL, NULL, NULL),
	    "no row past the end");
}

int
main(void)
{
	test_scope();
	test_parse();
	test_parse_details();
	test_format();
	test_cidr();
	test_match();
	test_embedded();
	test_table();
	return tap_done();
}
