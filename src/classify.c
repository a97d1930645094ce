/*
 * classify.c: the scope of a hop (see classify.h).
 */
#include "config.h"

#include "classify.h"
#include "diag.h"
#include "netaddr.h"
#include "proto.h"

/* Marks the hop as a local hand-off. */
static void
make_local(struct hop *hop, const char *why)
{
	hop->scope = SCOPE_LOCAL;
	hop->scope_why = why;
	if (hop->tls != TLSSTATE_YES)
		hop->tls = TLSSTATE_LOCAL;
}

void
classify_hop(struct hop *hop, struct diaglist *diags)
{
	const struct received *rcv = &hop->rcv;
	const char *why = NULL;

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
	if (hop->has_addr) {
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
		return;
	}
	if (rcv->local_literal)
		make_local(hop, "[local] in TCP-info");
	else if (hop->tls == TLSSTATE_LOCAL)
		make_local(hop, "local hand-off");
	else if ((hop->proto & PROTO_LMTP) != 0)
		make_local(hop, "LMTP delivery with no network address");
}

const char *
scope_name(enum hop_scope scope)
{
	switch (scope) {
	case SCOPE_PUBLIC:
		return "public";
	case SCOPE_PRIVATE:
		return "private";
	case SCOPE_LOOPBACK:
		return "loopback";
	case SCOPE_LOCAL:
		return "local";
	case SCOPE_UNKNOWN:
		break;
	}
	return "unknown";
}
