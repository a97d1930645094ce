/*
 * classify.c: the scope of a hop (see classify.h).
 *
 * A hop the evidence calls a local hand-off (tlsinfo.c decides "local",
 * once: Postfix pickup, Exim "with local", OpenSMTPD "[local]", qmail
 * "invoked by uid", Sendmail "(from user@localhost)", LMTP with no
 * address) is local whatever address it quotes.  Otherwise the scope
 * comes from the connecting address in the from clause's TCP-info
 * (received.c never takes it from the HELO name) and the IANA
 * special-purpose registries (netaddr.c).  A receiving address on
 * loopback beside a public client (a content filter such as amavisd
 * that copied the original client from XFORWARD) makes the hop loopback;
 * a writer that only calls itself "localhost" does not.  Without an
 * address, a client resolved to localhost or a writer calling itself
 * localhost makes it loopback.  Classify sets the scope fields only.
 */
#include "config.h"

#include <string.h>

#include "classify.h"
#include "diag.h"
#include "netaddr.h"
#include "proto.h"
#include "util.h"

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

/*
 * True for a by-clause comment that ends in ", port N": the content
 * filter a receiving host loops mail through (amavisd writes
 * "(amavisd-new, port 10024)"), which copies the original client's
 * address from XFORWARD.
 */
static bool
comment_is_filter_port(struct span text)
{
	const char *p = text.p + text.len;
	size_t digits = 0;

	while (p > text.p && ascii_isdigit((unsigned char)p[-1]) &&
	    digits < 6) {
		p--;
		digits++;
	}
	return digits > 0 && digits < 6 && (size_t)(p - text.p) >= 7 &&
	    memcmp(p - 7, ", port ", 7) == 0;
}

/* True when a comment holds any address literal. */
static bool
comment_has_address(struct span text)
{
	return comment_find_address(text, false);
}

/* Decides the scope of a hop that has no readable connecting address. */
static void
classify_no_address(struct hop *hop)
{
	const struct received *rcv = &hop->rcv;
	const struct span by = rcv->clause[CLAUSE_BY].first;
	bool localhost = false;
	size_t i;

	for (i = 0; i < rcv->ncomments; i++) {
		const struct comment *c = &rcv->comment[i];

		if (c->clause == CLAUSE_FROM)
			localhost |= comment_says_localhost(c->text);
	}
	if (localhost)
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
	/* tlsinfo_assess() decided "local": the hop moved no bytes. */
	if (hop->tls == TLSSTATE_LOCAL) {
		hop->scope = SCOPE_LOCAL;
		hop->scope_why = "a local hand-off: the evidence shows no "
		    "network transfer";
		return;
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
	 * A public client address beside a receiving address on loopback is
	 * a content filter's hop that copied the original client (XFORWARD).
	 * A writer that only calls itself "localhost" proves nothing: the
	 * connecting address decides.
	 */
	for (i = 0; i < rcv->ncomments; i++) {
		if (rcv->comment[i].clause != CLAUSE_BY)
			continue;
		if (comment_has_loopback(rcv->comment[i].text)) {
			make_loopback(hop, "receiving address in the by "
			    "clause is loopback");
			return;
		}
		if (comment_is_filter_port(rcv->comment[i].text)) {
			make_loopback(hop, "a content filter's port in the by "
			    "clause (amavisd: \"(amavisd-new, port 10024)\")");
			return;
		}
		if (comment_has_address(rcv->comment[i].text))
			return;
	}
	/*
	 * "from server [ip] by localhost with POP3 (fetchmail-6.2.4)": a
	 * retrieval agent on the receiving host pulled the message over an
	 * access protocol; the address is the server it polled.
	 */
	if ((hop->proto & PROTO_ACCESS) != 0 && SPAN_IS_SET(by) &&
	    is_localhost_name(by.p, by.len))
		make_loopback(hop, "retrieved by an agent on the receiving "
		    "host (fetchmail: by localhost with POP3 or IMAP)");
}
