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

	/* A hand-off inside one host, whatever address it names. */
	if (h->tls == TLSSTATE_LOCAL)
		return false;
	switch (h->scope) {
	case SCOPE_PUBLIC:
		network = true;
		break;
	case SCOPE_PRIVATE:
		network = policy->all_hops;
		break;
	case SCOPE_LOOPBACK:	/* never left the host */
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

/* Appends ' (RULE: "TEXT")' for the first evidence item of a hop. */
static void
cite_evidence(struct strbuf *sb, const struct hop *h)
{
	const struct evidence *e = &h->evidence[0];

	if (h->nevidence == 0) {
		strbuf_appends(sb, " (no TLS mark)");
		return;
	}
	strbuf_appendf(sb, " (%s: \"%.*s\")", e->rule,
	    (int)(e->text.len > 80 ? 80 : e->text.len), e->text.p);
}

/* Adds the findings about a judged hop that did not use TLS. */
static void
plaintext_findings(struct chain *c, const struct hop *h, const char *label,
    unsigned tls_hop)
{
	struct strbuf why;

	strbuf_init(&why);
	cite_evidence(&why, h);
	if (h->scope == SCOPE_PUBLIC)
		diag_add(&c->findings, "plaintext-public-hop", SEVERITY_ERROR,
		    h->index, "hop %u (%s) went between public addresses "
		    "without TLS%s", h->index, label, why.data);
	else
		diag_add(&c->findings, "plaintext-internal-hop",
		    SEVERITY_ERROR, h->index, "hop %u (%s) crossed a %s "
		    "network without TLS%s", h->index, label,
		    scope_name(h->scope), why.data);
	strbuf_clear(&why);
	if (tls_hop != 0)
		diag_add(&c->findings, "downgrade", SEVERITY_ERROR, h->index,
		    "hop %u (%s) is plaintext after hop %u used TLS",
		    h->index, label, tls_hop);
	if (SPAN_IS_SET(h->auth))
		diag_add(&c->findings, "plaintext-auth", SEVERITY_ERROR,
		    h->index, "hop %u (%s) authenticated (%.*s) without TLS: "
		    "the credentials crossed in the clear", h->index, label,
		    (int)(h->auth.len > 60 ? 60 : h->auth.len), h->auth.p);
}

/*
 * Adds a note about a hop that is shown but never judged although it
 * names an address: a hand-off inside one host, or, with --all-hops, a
 * loopback hop.  Nothing crossed a network, so TLS had nothing to protect.
 */
static void
unjudged_findings(struct chain *c, const struct hop *h,
    const struct policy *policy, const char *label)
{
	struct strbuf why;

	if (h->tls == TLSSTATE_LOCAL && h->has_addr &&
	    netaddr_scope(&h->addr, NULL) == NETSCOPE_PUBLIC) {
		strbuf_init(&why);
		cite_evidence(&why, h);
		diag_add(&c->findings, "local-handoff", SEVERITY_INFO,
		    h->index, "hop %u (%s) is a hand-off inside one host%s "
		    "that names a public address: not judged, as it crossed "
		    "no network", h->index, label, why.data);
		strbuf_clear(&why);
	} else if (policy->all_hops && h->scope == SCOPE_LOOPBACK &&
	    h->tls != TLSSTATE_LOCAL)
		diag_add(&c->findings, "loopback-hop", SEVERITY_INFO,
		    h->index, "hop %u (%s) stayed on one host (loopback): not "
		    "judged, as it crossed no network", h->index, label);
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
	case BODY_PGP:
	case BODY_PGP_INLINE:
		diag_add(&c->findings, "end-to-end", SEVERITY_INFO, 0,
		    "%s encrypted end to end (%s): servers on the way cannot "
		    "read %s", c->body_part ? "a part of the body is" :
		    "the body is", c->body == BODY_SMIME ? "S/MIME" :
		    c->body == BODY_PGP ? "OpenPGP" : "inline OpenPGP",
		    c->body_part ? "that part" : "it");
		break;
	case BODY_ENCRYPTED_OTHER:
		diag_add(&c->findings, "end-to-end", SEVERITY_INFO, 0,
		    "%s multipart/encrypted with a protocol other than "
		    "OpenPGP or S/MIME: it may be encrypted end to end",
		    c->body_part ? "a part of the body is" : "the body is");
		break;
	case BODY_PLAIN:	/* the rule, not news: the reports say it */
	case BODY_UNKNOWN:
		break;
	}
}

/* True when the hop spoils a pass: plaintext, or below --min-tls. */
static bool
hop_fails(const struct hop *h, const struct policy *policy)
{
	return h->tls == TLSSTATE_NO || (h->tls == TLSSTATE_YES &&
	    policy->min_tls != TLSVER_NONE && h->version != TLSVER_NONE &&
	    h->version < policy->min_tls);
}

/* True when a judged hop proves TLS as the options require. */
static bool
hop_passes(const struct hop *h, const struct policy *policy)
{
	return h->tls == TLSSTATE_YES && !hop_fails(h, policy) &&
	    (policy->min_tls == TLSVER_NONE ||
	    h->version_at_least >= policy->min_tls);
}

/*
 * Sets the verdict, its reason and the first offender from the judged
 * hops: the oldest failing hop, else the oldest without TLS evidence,
 * else the oldest TLS hop whose version --min-tls cannot check.
 */
static void
decide(struct chain *c, const struct policy *policy)
{
	const struct hop *h;
	size_t i, passed = 0;
	unsigned unproven = 0, unstated = 0;

	c->verdict = VERDICT_UNKNOWN;
	c->first_offender = 0;
	for (i = 0; i < c->nhops; i++) {
		h = &c->hop[i];
		if (!h->judged)
			continue;
		if (hop_fails(h, policy)) {
			c->verdict = VERDICT_FAIL;
			c->reason = h->tls == TLSSTATE_NO ? REASON_PLAINTEXT :
			    REASON_BELOW_MIN_TLS;
			c->first_offender = h->index;
			return;
		}
		if (hop_passes(h, policy))
			passed++;
		else if (h->tls != TLSSTATE_YES && unproven == 0)
			unproven = h->index;
		else if (h->tls == TLSSTATE_YES && unstated == 0)
			unstated = h->index;
	}
	if (c->nreceived == 0)
		c->reason = REASON_NO_RECEIVED;
	else if (c->njudged == 0)
		c->reason = REASON_NONE_JUDGED;
	else if (passed == c->njudged) {
		c->verdict = VERDICT_PASS;
		c->reason = REASON_ALL_TLS;
	} else if (unproven != 0) {
		c->reason = REASON_NO_EVIDENCE;
		c->first_offender = unproven;
	} else {
		c->reason = REASON_VERSION_UNSTATED;
		c->first_offender = unstated;
	}
}

void
verdict_compute(struct chain *c, const struct policy *policy)
{
	size_t i;
	enum tls_version best = TLSVER_NONE;
	unsigned tls_hop = 0, best_hop = 0;
	char label[200];

	c->njudged = c->ntls = 0;
	c->first_plaintext = 0;
	c->lowest = TLSVER_NONE;
	for (i = 0; i < c->nhops; i++) {
		struct hop *h = &c->hop[i];

		h->judged = verdict_in_scope(h, policy);
		hop_label(h, label, sizeof label);
		c->ntls += h->tls == TLSSTATE_YES;
		if (h->version != TLSVER_NONE && (c->lowest == TLSVER_NONE ||
		    h->version < c->lowest))
			c->lowest = h->version;
		if (!h->judged)
			unjudged_findings(c, h, policy, label);
		else if (h->tls == TLSSTATE_NO) {
			c->njudged++;
			if (c->first_plaintext == 0)
				c->first_plaintext = h->index;
			plaintext_findings(c, h, label, tls_hop);
		} else {
			c->njudged++;
			if (h->tls == TLSSTATE_YES)
				strength_findings(c, h, policy, label, best,
				    best_hop);
			if (h->tls == TLSSTATE_YES && h->version > best) {
				best = h->version;
				best_hop = h->index;
			}
		}
		if (h->tls == TLSSTATE_YES && is_network(h) && tls_hop == 0)
			tls_hop = h->index;
	}
	date_findings(c);
	message_findings(c);
	decide(c, policy);
}
