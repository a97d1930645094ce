/*
 * classify.c: the scope of a hop (see classify.h).
 *
 * The scope comes from the connecting address in the from clause's
 * TCP-info (received.c never takes it from the HELO name) and the IANA
 * special-purpose registries (netaddr.c).  Without an address, the
 * structure of the field decides: a hand-off inside one host (Postfix
 * pickup, Exim "with local", OpenSMTPD "[local]", qmail "invoked by uid",
 * Sendmail "(from user@localhost)", LMTP over a unix socket) or a loopback
 * connection the writer describes without an address.  A receiving
 * address on loopback, or a writer calling itself "localhost" (the
 * default of content filters such as amavisd, which may copy the
 * original client address into the field from XFORWARD), makes the hop
 * loopback whatever the client address says.
 */
#include "config.h"

#include <string.h>

#include "classify.h"
#include "diag.h"
#include "netaddr.h"
#include "proto.h"
#include "util.h"

/* Marks the hop as a local hand-off. */
static void
make_local(struct hop *hop, const char *why)
{
	hop->scope = SCOPE_LOCAL;
	hop->scope_why = why;
	if (hop->tls != TLSSTATE_YES)
		hop->tls = TLSSTATE_LOCAL;
}

/* Marks the hop as a connection over loopback. */
static void
make_loopback(struct hop *hop, const char *why)
{
	hop->scope = SCOPE_LOOPBACK;
	hop->scope_why = why;
}

/* True for the names of the loopback host: "localhost", "localhost.", ... */
static bool
is_localhost_name(const char *p, size_t len)
{
	static const char *const names[] = {
		"localhost", "localhost.", "localhost.localdomain",
		"localhost6", "localhost6.localdomain6", "ip6-localhost",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (ascii_span_eq(p, len, names[i]))
			return true;
	}
	return false;
}

/*
 * True when a from-clause comment names the client "localhost", as the
 * receiving MTA resolved it: "(localhost)", "(user@localhost)",
 * "(localhost [127.0.0.1])".  Only the first word counts.
 */
static bool
comment_says_localhost(struct span text)
{
	const char *p = text.p, *end = text.p + text.len, *w;
	const void *at;

	while (p < end && ascii_isspace((unsigned char)*p))
		p++;
	w = p;
	while (p < end && !ascii_isspace((unsigned char)*p))
		p++;
	if ((at = memchr(w, '@', (size_t)(p - w))) != NULL)
		w = (const char *)at + 1;
	return p > w && is_localhost_name(w, (size_t)(p - w));
}

/*
 * True when a comment holds an address literal; with want_loopback, one
 * of loopback scope.
 */
static bool
comment_find_address(struct span text, bool want_loopback)
{
	const char *p = text.p, *end = text.p + text.len, *q;
	struct netaddr a;

	while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
		p++;
		if ((q = memchr(p, ']', (size_t)(end - p))) == NULL)
			break;
		if (netaddr_parse(p, (size_t)(q - p), &a) && (!want_loopback ||
		    netaddr_scope(&a, NULL) == NETSCOPE_LOOPBACK))
			return true;
		p = q + 1;
	}
	return false;
}

/* True when a comment holds an address literal of loopback scope. */
static bool
comment_has_loopback(struct span text)
{
	return comment_find_address(text, true);
}

/* True when a comment holds any address literal. */
static bool
comment_has_address(struct span text)
{
	return comment_find_address(text, false);
}

/* True when a comment says "unix socket", as Cyrus LMTP writes. */
static bool
comment_is_unix_socket(struct span text)
{
	const char *p = text.p;
	size_t len = text.len;

	if (len >= 2 && p[0] == '[' && p[len - 1] == ']') {
		p++;
		len -= 2;
	}
	return ascii_span_eq(p, len, "unix socket") ||
	    ascii_span_eq(p, len, "unix-socket");
}

/*
 * True for Sendmail's local submission, "(from user@localhost) by host":
 * no from clause, and a comment before the first clause that starts with
 * "from".
 */
static bool
is_sendmail_local(const struct received *rcv)
{
	size_t i;

	if (rcv->clause[CLAUSE_FROM].present)
		return false;
	for (i = 0; i < rcv->ncomments; i++) {
		const struct comment *c = &rcv->comment[i];

		if (c->clause == CLAUSE_NONE && c->text.len > 5 &&
		    ascii_span_startswith(c->text.p, c->text.len, "from") &&
		    ascii_isspace((unsigned char)c->text.p[4]))
			return true;
	}
	return false;
}

/* Decides the scope of a hop that has no readable connecting address. */
static void
classify_no_address(struct hop *hop)
{
	const struct received *rcv = &hop->rcv;
	const struct span by = rcv->clause[CLAUSE_BY].first;
	bool localhost = false, socket = false;
	size_t i;

	for (i = 0; i < rcv->ncomments; i++) {
		const struct comment *c = &rcv->comment[i];

		if (c->clause != CLAUSE_FROM)
			continue;
		localhost |= comment_says_localhost(c->text);
		socket |= comment_is_unix_socket(c->text);
	}
	if (rcv->local_literal)
		make_local(hop, "[local] in TCP-info");
	else if (socket)
		make_local(hop, "unix socket in TCP-info");
	else if (hop->tls == TLSSTATE_LOCAL)
		make_local(hop, "local hand-off");
	else if ((hop->proto & PROTO_LMTP) != 0)
		make_local(hop, "LMTP delivery with no network address");
	else if (is_sendmail_local(rcv))
		make_local(hop, "local submission: (from user) with no "
		    "from clause");
	else if (localhost)
		make_loopback(hop, "client resolved to localhost");
	else if (SPAN_IS_SET(by) && is_localhost_name(by.p, by.len))
		make_loopback(hop, "by localhost with no network address");
	else if (!rcv->clause[CLAUSE_FROM].present &&
	    !rcv->clause[CLAUSE_BY].present)
		hop->scope_why = "no from or by clause: a companion line, "
		    "not a transfer";
}

void
classify_hop(struct hop *hop, struct diaglist *diags)
{
	const struct received *rcv = &hop->rcv;
	const struct span by = rcv->clause[CLAUSE_BY].first;
	const char *why = NULL;
	size_t i;

	hop->has_addr = false;
	hop->ip[0] = '\0';
	hop->scope = SCOPE_UNKNOWN;
	hop->scope_why = "no connecting address";

	if (SPAN_IS_SET(rcv->ip)) {
		if (netaddr_parse(rcv->ip.p, rcv->ip.len, &hop->addr) &&
		    netaddr_format(&hop->addr, hop->ip, sizeof hop->ip) > 0)
			hop->has_addr = true;
		else
			diag_add(diags, "bad-address", SEVERITY_WARNING,
			    hop->index, "connecting address '%.*s' cannot "
			    "be read", (int)(rcv->ip.len > 64 ? 64 :
			    rcv->ip.len), rcv->ip.p);
	}
	if (!hop->has_addr) {
		classify_no_address(hop);
		return;
	}
	switch (netaddr_scope(&hop->addr, &why)) {
	case NETSCOPE_PUBLIC:
		hop->scope = SCOPE_PUBLIC;
		break;
	case NETSCOPE_PRIVATE:
		hop->scope = SCOPE_PRIVATE;
		break;
	case NETSCOPE_LOOPBACK:
		hop->scope = SCOPE_LOOPBACK;
		break;
	case NETSCOPE_UNKNOWN:
		break;
	}
	hop->scope_why = why ? why : "address";
	if (hop->scope != SCOPE_PUBLIC)
		return;

	/*
	 * A public client address beside a receiving side on loopback is
	 * a content filter's hop that copied the original client (XFORWARD).
	 */
	for (i = 0; i < rcv->ncomments; i++) {
		if (rcv->comment[i].clause != CLAUSE_BY)
			continue;
		if (comment_has_loopback(rcv->comment[i].text)) {
			make_loopback(hop, "receiving address in the by "
			    "clause is loopback");
			return;
		}
		if (comment_has_address(rcv->comment[i].text))
			return;
	}
	if (SPAN_IS_SET(by) && ascii_span_eq(by.p, by.len, "localhost"))
		make_loopback(hop, "by localhost: a content filter on the "
		    "receiving host");
}
