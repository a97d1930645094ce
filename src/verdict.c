/*
 * verdict.c: findings and the verdict (see verdict.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "diag.h"
#include "tlsinfo.h"
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
	size_t i, j, n;

	for (i = 0; i < sizeof weak_cipher_marks / sizeof weak_cipher_marks[0];
	    i++) {
		n = strlen(weak_cipher_marks[i]);
		for (j = 0; j + n <= c.len; j++) {
			if (ascii_span_startswith(c.p + j, c.len - j,
			    weak_cipher_marks[i]))
				return true;
		}
	}
	return false;
}

/* A short "from -> by (ip)" description of a hop for finding texts. */
static void
hop_label(const struct hop *h, char *buf, size_t size)
{
	const struct span *from = &h->rcv.helo, *by = &h->rcv.clause[CLAUSE_BY]
	    .first;

	(void)snprintf(buf, size, "%.*s -> %.*s%s%s%s",
	    (int)(SPAN_IS_SET(*from) ? (from->len > 60 ? 60 : from->len) : 1),
	    SPAN_IS_SET(*from) ? from->p : "?",
	    (int)(SPAN_IS_SET(*by) ? (by->len > 60 ? 60 : by->len) : 1),
	    SPAN_IS_SET(*by) ? by->p : "?",
	    h->ip[0] ? ", " : "", h->ip, "");
}

/* Adds the per-hop findings about protocol strength. */
static void
strength_findings(struct chain *c, struct hop *h, const struct options *opt)
{
	char label[200];

	hop_label(h, label, sizeof label);
	if (h->tls != TLSSTATE_YES)
		return;
	if (h->version != TLSVER_NONE && h->version <= TLSVER_TLS11)
		diag_add(&c->findings, "deprecated-tls", SEVERITY_WARNING,
		    h->index, "hop %u (%s) used %s, deprecated by %s",
		    h->index, label, tls_version_name(h->version),
		    h->version <= TLSVER_SSL3 ? "RFC 6176 and RFC 7568" :
		    "RFC 8996");
	if (SPAN_IS_SET(h->cipher) && cipher_is_weak(h->cipher))
		diag_add(&c->findings, "weak-cipher", SEVERITY_WARNING,
		    h->index, "hop %u (%s) used the weak cipher %.*s",
		    h->index, label, (int)(h->cipher.len > 80 ? 80 :
		    h->cipher.len), h->cipher.p);
	else if (h->bits >= 0 && h->bits < 128)
		diag_add(&c->findings, "weak-cipher", SEVERITY_WARNING,
		    h->index, "hop %u (%s) used a %d-bit cipher", h->index,
		    label, h->bits);
	if (opt->min_tls != TLSVER_NONE && h->judged &&
	    h->version != TLSVER_NONE && h->version < opt->min_tls)
		diag_add(&c->findings, "below-min-tls", SEVERITY_ERROR,
		    h->index, "hop %u (%s) used %s, below the required %s",
		    h->index, label, tls_version_name(h->version),
		    tls_version_name(opt->min_tls));
}

void
verdict_compute(struct chain *c, const struct options *opt)
{
	size_t i, judged = 0, tls_ok = 0;
	bool failed = false, seen_tls = false;
	char label[200];

	c->first_offender = 0;
	for (i = 0; i < c->nhops; i++) {
		struct hop *h = &c->hop[i];

		h->judged = h->scope == SCOPE_PUBLIC;
		strength_findings(c, h, opt);
		if (h->tls == TLSSTATE_YES && h->scope != SCOPE_LOCAL)
			seen_tls = true;
		if (!h->judged)
			continue;
		judged++;
		hop_label(h, label, sizeof label);
		if (h->tls == TLSSTATE_NO) {
			diag_add(&c->findings, "plaintext-public-hop",
			    SEVERITY_ERROR, h->index, "hop %u (%s) crossed "
			    "the public internet without TLS", h->index,
			    label);
			if (seen_tls)
				diag_add(&c->findings, "downgrade",
				    SEVERITY_ERROR, h->index, "hop %u (%s) is "
				    "plaintext after an earlier hop used TLS",
				    h->index, label);
			failed = true;
		} else if (h->tls == TLSSTATE_YES) {
			if (opt->min_tls != TLSVER_NONE &&
			    h->version != TLSVER_NONE &&
			    h->version < opt->min_tls)
				failed = true;
			else if (opt->min_tls == TLSVER_NONE ||
			    h->version != TLSVER_NONE)
				tls_ok++;
		}
		if (failed && c->first_offender == 0)
			c->first_offender = h->index;
	}
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
	}
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "pass";
	case VERDICT_FAIL:
		return "fail";
	case VERDICT_UNKNOWN:
		break;
	}
	return "unknown";
}

int
verdict_exit_status(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return 0;
	case VERDICT_FAIL:
		return 1;
	case VERDICT_UNKNOWN:
		break;
	}
	return 3;
}
