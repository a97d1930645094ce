/*
 * verdict.c: findings and the verdict (see verdict.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cipher.h"
#include "diag.h"
#include "names.h"
#include "proto.h"
#include "util.h"
#include "verdict.h"

/* Cipher name fragments that mark a weak suite (RFC 7465, RFC 9325). */
static const char *const weak_cipher_marks[] = {
	"RC4", "3DES", "DES-CBC3", "DES_CBC3", "DES-CBC-", "DES_CBC_",
	"NULL", "EXPORT", "EXP-", "EXP1024", "ADH", "AECDH", "anon", "MD5",
};

/* True when the cipher name contains a weak mark (ASCII case-insensitive). */
static bool
cipher_is_weak(struct span c)
{
	const size_t nmarks = sizeof weak_cipher_marks /
	    sizeof weak_cipher_marks[0];
	const char *m;
	size_t i, j;
	unsigned char first;

	for (j = 0; j < c.len; j++) {
		first = ascii_tolower((unsigned char)c.p[j]);
		for (i = 0; i < nmarks; i++) {
			m = weak_cipher_marks[i];
			if (ascii_tolower((unsigned char)m[0]) == first &&
			    ascii_span_startswith(c.p + j, c.len - j, m))
				return true;
		}
	}
	return false;
}

/* A short "from -> by, ip; trust" description of a hop for finding texts. */
static void
hop_label(const struct hop *h, char *buf, size_t size)
{
	const struct span *from = &h->rcv.helo, *by = &h->rcv.clause[CLAUSE_BY]
	    .first;

	(void)snprintf(buf, size, "%.*s -> %.*s%s%s; %s",
	    (int)(SPAN_IS_SET(*from) ? (from->len > 60 ? 60 : from->len) : 1),
	    SPAN_IS_SET(*from) ? from->p : "?",
	    (int)(SPAN_IS_SET(*by) ? (by->len > 60 ? 60 : by->len) : 1),
	    SPAN_IS_SET(*by) ? by->p : "?",
	    h->ip[0] ? ", " : "", h->ip, trust_name(h->trust));
}

bool
verdict_in_scope(const struct hop *h, const struct policy *policy)
{
	bool network;

	switch (h->scope) {
	case SCOPE_PUBLIC:
		network = true;
		break;
	case SCOPE_PRIVATE:
	case SCOPE_LOOPBACK:
		network = policy->all_hops;
		break;
	case SCOPE_LOCAL:
	case SCOPE_UNKNOWN:
	default:
		network = false;
		break;
	}
	/* LMTP is final delivery inside the receiving system (RFC 2033). */
	if ((h->proto & PROTO_LMTP) != 0 && !policy->all_hops)
		network = false;
	return network && (!policy->attested_only ||
	    h->trust == TRUST_ATTESTED);
}

/* True for a hop over a network: public, private or loopback. */
static bool
is_network(const struct hop *h)
{
	return h->scope == SCOPE_PUBLIC || h->scope == SCOPE_PRIVATE ||
	    h->scope == SCOPE_LOOPBACK;
}

/* Adds the findings about a judged hop that used TLS. */
static void
strength_findings(struct chain *c, const struct hop *h,
    const struct policy *policy, const char *label, enum tls_version best,
    unsigned best_hop)
{
	if (h->version != TLSVER_NONE && h->version <= TLSVER_TLS11)
		diag_add(&c->findings, "deprecated-tls", SEVERITY_WARNING,
		    h->index, "hop %u (%s) used %s, deprecated by %s",
		    h->index, label, tlsver_name(h->version),
		    h->version <= TLSVER_SSL3 ? "RFC 6176 and RFC 7568" :
		    "RFC 8996");
	/* A cipher in the table (cipher.h) is judged by its name alone. */
	if (h->suite != NULL) {
		if (h->suite->weak != NULL)
			diag_add(&c->findings, "weak-cipher", SEVERITY_WARNING,
			    h->index, "hop %u (%s) used the weak cipher %.*s "
			    "(%s)", h->index, label, (int)(h->cipher.len > 80 ?
			    80 : h->cipher.len), h->cipher.p,
			    cipher_weak_reason(h->suite));
	} else if (SPAN_IS_SET(h->cipher) && cipher_is_weak(h->cipher))
		diag_add(&c->findings, "weak-cipher", SEVERITY_WARNING,
		    h->index, "hop %u (%s) used the weak cipher %.*s",
		    h->index, label, (int)(h->cipher.len > 80 ? 80 :
		    h->cipher.len), h->cipher.p);
	else if (h->bits >= 0 && h->bits < 128)
		diag_add(&c->findings, "weak-cipher", SEVERITY_WARNING,
		    h->index, "hop %u (%s) used a %d-bit cipher", h->index,
		    label, h->bits);
	if (policy->min_tls != TLSVER_NONE && h->version != TLSVER_NONE &&
	    h->version < policy->min_tls)
		diag_add(&c->findings, "below-min-tls", SEVERITY_ERROR,
		    h->index, "hop %u (%s) used %s, below the required %s",
		    h->index, label, tlsver_name(h->version),
		    tlsver_name(policy->min_tls));
	if (h->version != TLSVER_NONE && best != TLSVER_NONE &&
	    h->version < best)
		diag_add(&c->findings, "version-downgrade",
		    h->version <= TLSVER_TLS11 ? SEVERITY_WARNING :
		    SEVERITY_INFO,
		    h->index, "hop %u (%s) used %s after hop %u used %s",
		    h->index, label, tlsver_name(h->version), best_hop,
		    tlsver_name(best));
	if (h->verified == VERIFIED_NO)
		diag_add(&c->findings, "unverified-certificate",
		    SEVERITY_INFO, h->index, "hop %u (%s) says the client "
		    "certificate was not verified", h->index, label);
}

/* Adds the findings about a judged hop that did not use TLS. */
static void
plaintext_findings(struct chain *c, const struct hop *h, const char *label,
    unsigned tls_hop)
{
	const struct span *with = &h->rcv.clause[CLAUSE_WITH].first;

	if (h->scope == SCOPE_PUBLIC)
		diag_add(&c->findings, "plaintext-public-hop", SEVERITY_ERROR,
		    h->index, "hop %u (%s) crossed the public internet "
		    "without TLS", h->index, label);
	else
		diag_add(&c->findings, "plaintext-internal-hop",
		    SEVERITY_ERROR, h->index, "hop %u (%s) crossed a %s "
		    "network without TLS", h->index, label,
		    scope_name(h->scope));
	if (tls_hop != 0)
		diag_add(&c->findings, "downgrade", SEVERITY_ERROR, h->index,
		    "hop %u (%s) is plaintext after hop %u used TLS",
		    h->index, label, tls_hop);
	if ((h->proto & PROTO_AUTH) != 0)
		diag_add(&c->findings, "plaintext-auth", SEVERITY_ERROR,
		    h->index, "hop %u (%s) authenticated (%.*s) without TLS: "
		    "the credentials crossed in the clear", h->index, label,
		    (int)(with->len > 20 ? 20 : with->len), with->p);
}

/* Adds the findings about hop dates: clock skew and long delays. */
static void
date_findings(struct chain *c)
{
	const struct hop *prev = NULL;
	size_t i;

	for (i = 0; i < c->nhops; i++) {
		const struct hop *h = &c->hop[i];

		if (!h->rcv.has_date)
			continue;
		if (h->has_delay && prev != NULL && h->delay < -CLOCK_SKEW_MAX)
			diag_add(&c->findings, "clock-skew", SEVERITY_WARNING,
			    h->index, "hop %u is dated %lld s before hop %u: "
			    "a clock is wrong or the fields are out of order",
			    h->index, (long long)-h->delay, prev->index);
		else if (h->has_delay && prev != NULL &&
		    h->delay > LONG_DELAY_MIN)
			diag_add(&c->findings, "long-delay", SEVERITY_INFO,
			    h->index, "hop %u came %lld s (%.1f h) after hop "
			    "%u", h->index, (long long)h->delay,
			    (double)h->delay / 3600.0, prev->index);
		prev = h;
	}
}

/* True when the TLS-Required field says "No" (RFC 8689 section 5). */
static bool
tls_required_no(struct span v)
{
	while (v.len > 0 && ascii_isspace((unsigned char)v.p[0])) {
		v.p++;
		v.len--;
	}
	while (v.len > 0 && ascii_isspace((unsigned char)v.p[v.len - 1]))
		v.len--;
	return SPAN_IS_SET(v) && ascii_span_eq(v.p, v.len, "No");
}

/* Adds the findings about the message as a whole. */
static void
message_findings(struct chain *c)
{
	if (SPAN_IS_SET(c->tls_required) && tls_required_no(c->tls_required))
		diag_add(&c->findings, "tls-required-no", SEVERITY_WARNING, 0,
		    "TLS-Required: No: the sender asked servers to ignore "
		    "MTA-STS and DANE and deliver without TLS if need be "
		    "(RFC 8689)");
	switch (c->body) {
	case BODY_SMIME:
		diag_add(&c->findings, "end-to-end", SEVERITY_INFO, 0,
		    "the body is encrypted end to end (S/MIME): servers on "
		    "the way cannot read it");
		break;
	case BODY_PGP:
		diag_add(&c->findings, "end-to-end", SEVERITY_INFO, 0,
		    "the body is encrypted end to end (OpenPGP): servers on "
		    "the way cannot read it");
		break;
	case BODY_PLAIN:
		diag_add(&c->findings, "no-end-to-end", SEVERITY_INFO, 0,
		    "transport TLS is not end-to-end: each server on the way "
		    "could read the body, which is not encrypted (S/MIME or "
		    "OpenPGP)");
		break;
	case BODY_UNKNOWN:
		break;
	}
}

void
verdict_compute(struct chain *c, const struct policy *policy)
{
	size_t i, judged = 0, tls_ok = 0;
	enum tls_version best = TLSVER_NONE;
	unsigned tls_hop = 0, best_hop = 0;
	bool failed = false, bad;
	char label[200];

	c->first_offender = 0;
	for (i = 0; i < c->nhops; i++) {
		struct hop *h = &c->hop[i];

		h->judged = verdict_in_scope(h, policy);
		if (h->judged) {
			judged++;
			hop_label(h, label, sizeof label);
			bad = false;
			if (h->tls == TLSSTATE_NO) {
				plaintext_findings(c, h, label, tls_hop);
				bad = true;
			} else if (h->tls == TLSSTATE_YES) {
				strength_findings(c, h, policy, label, best,
				    best_hop);
				if (policy->min_tls != TLSVER_NONE &&
				    h->version != TLSVER_NONE &&
				    h->version < policy->min_tls)
					bad = true;
				else if (policy->min_tls == TLSVER_NONE ||
				    h->version_at_least >= policy->min_tls)
					tls_ok++;
				if (h->version > best) {
					best = h->version;
					best_hop = h->index;
				}
			}
			if (bad && !failed)
				c->first_offender = h->index;
			failed |= bad;
		}
		if (h->tls == TLSSTATE_YES && is_network(h) && tls_hop == 0)
			tls_hop = h->index;
	}
	date_findings(c);
	message_findings(c);
	if (failed)
		c->verdict = VERDICT_FAIL;
	else if (judged > 0 && tls_ok == judged)
		c->verdict = VERDICT_PASS;
	else {
		c->verdict = VERDICT_UNKNOWN;
		for (i = 0; i < c->nhops; i++) {
			if (c->hop[i].judged &&
			    c->hop[i].tls != TLSSTATE_YES) {
				c->first_offender = c->hop[i].index;
				break;
			}
		}
		/* Judged TLS hops without a version under --min-tls. */
		for (i = 0; c->first_offender == 0 && i < c->nhops; i++) {
			if (c->hop[i].judged &&
			    c->hop[i].version_at_least < policy->min_tls)
				c->first_offender = c->hop[i].index;
		}
	}
}
