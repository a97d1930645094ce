/*
 * unit_verdict.c: the trust boundary (trust.c) and the verdict and
 * findings (verdict.c) over small chains built from Received fields.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "diag.h"
#include "names.h"
#include "received.h"
#include "report.h"
#include "rules.h"
#include "tap.h"
#include "tlsinfo.h"
#include "trust.h"
#include "util.h"
#include "verdict.h"

#define NHOPS_MAX 8

static struct ruleset *rs;

/* A chain from fields given newest first, as in a message. */
struct fixture {
	struct chain c;
	struct hop hop[NHOPS_MAX];
	struct diaglist diags;
};

/* Builds the chain and runs trust and verdict with the policy. */
static void
build(struct fixture *f, const char *const *fields, size_t n,
    const struct policy *opt)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < n; i++) {
		struct hop *h = &f->hop[n - 1 - i];

		h->index = (unsigned)(n - i);
		received_parse(fields[i], strlen(fields[i]), &h->rcv,
		    &f->diags, h->index);
		tlsinfo_assess(h, rs, &f->diags);
		classify_hop(h, &f->diags);
	}
	f->c.hop = f->hop;
	f->c.nhops = n;
	f->c.nreceived = n;
	trust_assign(&f->c, opt->trusted);
	verdict_compute(&f->c, opt);
}

static void
release(struct fixture *f)
{
	diag_clear(&f->c.findings);
	diag_clear(&f->c.diags);
	diag_clear(&f->diags);
}

#define D "; Mon, 2 Jun 2025 10:00:00 +0000"
#define GMAIL_IN "from mail-ej1-f41.google.com (mail-ej1-f41.google.com " \
	"[209.85.218.41]) (using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 " \
	"(128/128 bits)) by mail.example.org (Postfix) with ESMTPS id C3" D
#define PLAIN_IN "from relay.example.net (relay.example.net " \
	"[94.198.96.74]) by mx.example.org (Postfix) with ESMTP id 8A" D

/* LMTP, amavis and localhost at the top never decide the verdict. */
static void
test_top_of_chain(void)
{
	static const char *const fields[] = {
		"from mail.example.org ([unix socket]) by mail.example.org "
		    "(Cyrus) with LMTPA" D,
		"from localhost (localhost [127.0.0.1]) by mail.example.org "
		    "(Postfix) with ESMTP id 9F" D,
		"from mail.example.org ([94.198.96.74]) by localhost "
		    "(mail.example.org [127.0.0.1]) (amavisd-new, port 10024) "
		    "with ESMTP id k8" D,
		"from mx.example.org ([96.118.52.100]) by store.example.org "
		    "(Dovecot) with LMTP id x" D,
		GMAIL_IN,
	};
	struct policy opt;
	struct fixture f;
	size_t i;

	memset(&opt, 0, sizeof opt);
	build(&f, fields, 5, &opt);
	tap_is_str(verdict_name(f.c.verdict), "pass", "top: pass");
	for (i = 1; i < 5; i++)
		tap_ok(!f.hop[i].judged, "top: hop %zu not judged", i + 1);
	tap_ok(f.hop[0].judged, "top: the public hop is judged");
	for (i = 0; i < 5; i++)
		tap_is_str(trust_name(f.hop[i].trust), "attested",
		    "top: hop %zu attested", i + 1);
	release(&f);

	opt.all_hops = true;
	build(&f, fields, 5, &opt);
	tap_is_str(verdict_name(f.c.verdict), "fail", "all-hops: fail");
	tap_is_int(f.c.first_offender, 2, "all-hops: names the LMTP hop");
	tap_ok(diag_has(&f.c.findings, "plaintext-public-hop", 2),
	    "all-hops: the public LMTP hop is plaintext-public-hop");
	tap_ok(!f.hop[3].judged && !diag_has(&f.c.findings,
	    "plaintext-internal-hop", 4), "all-hops: a loopback hop is not "
	    "judged: it crossed no network");
	tap_ok(diag_has(&f.c.findings, "loopback-hop", 4),
	    "all-hops: and a loopback-hop note says so");
	tap_ok(diag_has(&f.c.findings, "downgrade", 2),
	    "all-hops: plaintext after TLS is a downgrade");
	tap_ok(!f.hop[4].judged, "all-hops: unix socket still not judged");
	release(&f);
}

/* Claimed and attested hops, --attested-only, --trusted. */
static void
test_trust(void)
{
	static const char *const fields[] = {
		"from mx2.example.org (mx2.example.org [185.12.64.25]) (using "
		    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 "
		    "bits)) by mx1.example.org (Postfix) with ESMTPS id 8A" D,
		"from sender.example.net (sender.example.net [94.198.96.74]) "
		    "by mx2.example.org (Postfix) with ESMTP id 3C" D,
		"from [192.168.1.5] (dsl.example.net [185.12.64.10]) by "
		    "sender.example.net with ESMTPA id 1" D,
	};
	static const char *const private_relay[] = {
		"from relay.example.org (relay.example.org [10.1.2.3]) by "
		    "mx1.example.org (Postfix) with ESMTP id 8B" D,
		"from sender.example.net (sender.example.net [94.198.96.74]) "
		    "by relay.example.org (Postfix) with ESMTPS id 3D" D,
	};
	struct trustlist *tl = trustlist_new();
	struct policy opt;
	struct fixture f;
	char err[256];

	memset(&opt, 0, sizeof opt);
	build(&f, private_relay, 2, &opt);
	tap_is_str(trust_name(f.hop[0].trust), "attested",
	    "a private client is ours without a trust list");
	release(&f);
	build(&f, fields, 3, &opt);
	tap_is_str(trust_name(f.hop[2].trust), "attested", "newest attested");
	tap_is_str(trust_name(f.hop[1].trust), "claimed",
	    "behind a public unauthenticated client: claimed");
	tap_is_str(trust_name(f.hop[0].trust), "claimed", "oldest claimed");
	tap_is_str(verdict_name(f.c.verdict), "fail",
	    "claimed plaintext hops count by default");
	tap_is_int(f.c.first_offender, 1, "the first offender is the oldest");
	tap_ok(diag_has(&f.c.findings, "plaintext-auth", 1),
	    "ESMTPA without TLS: plaintext-auth");
	release(&f);

	/* A list that does not name the private client keeps it ours. */
	tap_is_int(trustlist_add(tl, "mx.example.com", err, sizeof err), 0,
	    "host accepted");
	opt.trusted = tl;
	build(&f, private_relay, 2, &opt);
	tap_is_str(trust_name(f.hop[0].trust), "attested",
	    "a trust list adds to the private-address inference");
	release(&f);
	trustlist_free(tl);
	tl = trustlist_new();
	opt.trusted = NULL;

	opt.attested_only = true;
	build(&f, fields, 3, &opt);
	tap_is_str(verdict_name(f.c.verdict), "pass",
	    "attested-only: only the hop into us");
	release(&f);

	tap_is_int(trustlist_add(tl, "185.12.64.0/24", err, sizeof err), 0,
	    "CIDR accepted");
	opt.trusted = tl;
	build(&f, fields, 3, &opt);
	tap_is_str(trust_name(f.hop[1].trust), "attested",
	    "trusted client: the older hop is attested");
	tap_is_str(trust_name(f.hop[0].trust), "claimed",
	    "the walk stops at the first untrusted client");
	tap_is_str(verdict_name(f.c.verdict), "fail",
	    "attested-only with --trusted: the backup MX hop fails");
	tap_is_int(f.c.first_offender, 2, "and is named");
	release(&f);
	trustlist_free(tl);
}

/* The trust list itself. */
static void
test_trustlist(void)
{
	struct trustlist *tl = trustlist_new();
	struct netaddr a;
	char err[256], path[] = "/tmp/tlstrace-unit-XXXXXX";
	FILE *fp;
	int fd;

	tap_is_int(trustlist_add(tl, "mx.Example.org.", err, sizeof err), 0,
	    "host accepted");
	tap_is_int(trustlist_add(tl, ".example.net", err, sizeof err), 0,
	    "domain accepted");
	tap_is_int(trustlist_add(tl, "10.0.0.0/8", err, sizeof err), 0,
	    "IPv4 CIDR accepted");
	tap_is_int(trustlist_add(tl, "2001:db8::/32", err, sizeof err), 0,
	    "IPv6 CIDR accepted");
	tap_is_int(trustlist_add(tl, "bad host!", err, sizeof err), -1,
	    "junk refused");
	tap_is_int(trustlist_add(tl, "10.0.0.0/33", err, sizeof err), -1,
	    "bad prefix refused");
	tap_is_int((long long)trustlist_count(tl), 4, "four entries");
	tap_ok(trustlist_has_name(tl, "MX.EXAMPLE.ORG", 14), "case ignored");
	tap_ok(trustlist_has_name(tl, "mx.example.org.", 15), "final dot");
	tap_ok(!trustlist_has_name(tl, "xmx.example.org", 15), "no suffix "
	    "match for a host");
	tap_ok(trustlist_has_name(tl, "a.b.example.net", 15), "domain: below");
	tap_ok(trustlist_has_name(tl, "example.net", 11), "domain: itself");
	tap_ok(!trustlist_has_name(tl, "badexample.net", 14),
	    "domain: label boundary");
	tap_ok(netaddr_parse("::ffff:10.1.2.3", 15, &a) &&
	    trustlist_has_addr(tl, &a), "IPv4-mapped inside an IPv4 CIDR");
	tap_ok(netaddr_parse("2001:db8::25", 12, &a) &&
	    trustlist_has_addr(tl, &a), "IPv6 inside");
	tap_ok(netaddr_parse("192.0.2.1", 9, &a) &&
	    !trustlist_has_addr(tl, &a), "outside");
	trustlist_free(tl);

	tl = trustlist_new();
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		tap_bail("mkstemp: cannot create %s", path);
	(void)fputs("# ours\n\ntrusted 192.0.2.0/24  # backup\n"
	    "  trusted mx.example.org\n", fp);
	(void)fclose(fp);
	tap_is_int(trustlist_load_file(tl, path, err, sizeof err), 0,
	    "config file read");
	tap_is_int((long long)trustlist_count(tl), 2, "two entries");
	fp = fopen(path, "w");
	if (fp == NULL)
		tap_bail("cannot rewrite %s", path);
	(void)fputs("trusted 192.0.2.0/24\ntrusted\n", fp);
	(void)fclose(fp);
	tap_is_int(trustlist_load_file(tl, path, err, sizeof err), -1,
	    "a directive without a value is refused");
	tap_ok(strstr(err, ":2:") != NULL, "with the line number: %s", err);
	(void)unlink(path);
	tap_is_int(trustlist_load_file(tl, path, err, sizeof err), -1,
	    "a missing file is refused");
	trustlist_free(tl);
}

/* Strength, policy, message and date findings. */
static void
test_findings(void)
{
	static const char *const weak[] = {
		"from old.example.net (old.example.net [94.198.96.74]) "
		    "(using TLSv1 with cipher RC4-MD5 (128/128 bits)) (Client "
		    "CN \"x\", Issuer \"x\" (not verified)) by mx.example.org "
		    "(Postfix) with ESMTPS id 8A" D,
		"from laptop.example.net ([185.12.64.10]) by old.example.net "
		    "with ESMTPSA id 1 (version=TLS1_3 "
		    "cipher=TLS_AES_256_GCM_SHA384 bits=256/256)" D,
	};
	static const char *const nover[] = { GMAIL_IN,
		"from a.example.net (a.example.net [185.12.64.10]) by "
		    "mail-ej1-f41.google.com with ESMTPS id 1" D,
	};
	static const char *const plain[] = { PLAIN_IN };
	struct policy opt;
	struct fixture f;

	memset(&opt, 0, sizeof opt);
	build(&f, weak, 2, &opt);
	tap_is_str(verdict_name(f.c.verdict), "pass", "weak TLS still passes");
	tap_ok(diag_has(&f.c.findings, "deprecated-tls", 2), "deprecated-tls");
	tap_ok(diag_has(&f.c.findings, "weak-cipher", 2), "weak-cipher");
	tap_ok(diag_has(&f.c.findings, "version-downgrade", 2),
	    "version-downgrade");
	tap_ok(diag_has(&f.c.findings, "unverified-certificate", 2),
	    "unverified-certificate");
	tap_ok(!diag_has(&f.c.findings, "below-min-tls", 0),
	    "no below-min-tls without --min-tls");
	release(&f);

	opt.min_tls = TLSVER_TLS12;
	build(&f, weak, 2, &opt);
	tap_is_str(verdict_name(f.c.verdict), "fail", "--min-tls 1.2 fails");
	tap_ok(diag_has(&f.c.findings, "below-min-tls", 2), "below-min-tls");
	tap_is_int(f.c.first_offender, 2, "and names hop 2");
	release(&f);

	build(&f, nover, 2, &opt);
	tap_is_str(verdict_name(f.c.verdict), "unknown",
	    "--min-tls with a hop stating no version: unknown");
	tap_is_int(f.c.first_offender, 1, "naming that hop");
	release(&f);
	opt.min_tls = TLSVER_NONE;

	build(&f, plain, 1, &opt);
	tap_is_str(verdict_name(f.c.verdict), "fail", "plaintext fails");
	tap_ok(diag_has(&f.c.findings, "plaintext-public-hop", 1),
	    "plaintext-public-hop");
	tap_ok(!diag_has(&f.c.findings, "downgrade", 0),
	    "no downgrade without an earlier TLS hop");
	tap_ok(!diag_has(&f.c.findings, "no-end-to-end", 0),
	    "no end-to-end finding when the body is unknown");
	release(&f);

	memset(&f, 0, sizeof f);
	f.c.tls_required.p = " no ";
	f.c.tls_required.len = 4;
	f.c.body = BODY_PLAIN;
	verdict_compute(&f.c, &opt);
	tap_ok(diag_has(&f.c.findings, "tls-required-no", 0),
	    "TLS-Required: No");
	tap_ok(!diag_has(&f.c.findings, "no-end-to-end", 0),
	    "a body without end-to-end protection is no per-message finding");
	tap_is_str(verdict_name(f.c.verdict), "unknown", "no hops: unknown");
	release(&f);

	memset(&f, 0, sizeof f);
	f.c.tls_required.p = "yes";
	f.c.tls_required.len = 3;
	f.c.body = BODY_PGP;
	verdict_compute(&f.c, &opt);
	tap_ok(!diag_has(&f.c.findings, "tls-required-no", 0),
	    "TLS-Required other than No is not reported");
	tap_ok(diag_has(&f.c.findings, "end-to-end", 0), "end-to-end (PGP)");
	release(&f);

	memset(&f, 0, sizeof f);
	f.hop[0].index = 1;
	f.hop[0].rcv.has_date = true;
	f.hop[1].index = 2;
	f.hop[1].rcv.has_date = true;
	f.hop[1].has_delay = true;
	f.hop[1].delay = -(CLOCK_SKEW_MAX + 1);
	f.hop[2].index = 3;
	f.hop[2].rcv.has_date = true;
	f.hop[2].has_delay = true;
	f.hop[2].delay = LONG_DELAY_MIN + 1;
	f.hop[3].index = 4;
	f.hop[3].rcv.has_date = true;
	f.hop[3].has_delay = true;
	f.hop[3].delay = -CLOCK_SKEW_MAX;
	f.c.hop = f.hop;
	f.c.nhops = 4;
	verdict_compute(&f.c, &opt);
	tap_ok(diag_has(&f.c.findings, "clock-skew", 2), "clock-skew");
	tap_ok(diag_has(&f.c.findings, "long-delay", 3), "long-delay");
	tap_ok(!diag_has(&f.c.findings, "clock-skew", 4),
	    "a skew within the tolerance is not reported");
	release(&f);
}

/* Weak-cipher marks are found anywhere in the name, in any case. */
static void
test_weak_cipher_marks(void)
{
	static const struct {
		const char *cipher;
		bool weak;
	} cases[] = {
		{ "ecdhe-rsa-des-cbc3-sha", true },
		{ "TLS_RSA_EXPORT_WITH_RC4_40_MD5", true },
		{ "ADH-AES256-SHA", true },
		{ "ECDHE-RSA-AES256-GCM-SHA384", false },
		{ "TLS_AES_128_GCM_SHA256", false },
		{ "RC", false },
	};
	char field[256];
	const char *fields[1];
	struct policy opt;
	struct fixture f;
	size_t i;

	memset(&opt, 0, sizeof opt);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		(void)snprintf(field, sizeof field, "from a.example.net "
		    "(a.example.net [185.12.64.10]) (using TLSv1.2 with "
		    "cipher %s (128/128 bits)) by mx.example.org (Postfix) "
		    "with ESMTPS id 1%s", cases[i].cipher, D);
		fields[0] = field;
		build(&f, fields, 1, &opt);
		tap_ok(diag_has(&f.c.findings, "weak-cipher", 1) ==
		    cases[i].weak, "%s: %s", cases[i].cipher,
		    cases[i].weak ? "weak" : "not weak");
		release(&f);
	}
}

/* verdict_compute stores the reason and the first offender. */
static void
test_reasons(void)
{
	static const char *const nover_then_nowith[] = {
		"from mx2.example.org (mx2.example.org [185.12.64.25]) by "
		    "mx1.example.org id 9Z" D,
		"from a.example.net (a.example.net [94.198.96.74]) by "
		    "mx2.example.org with ESMTPS id 1" D,
	};
	static const char *const plain[] = { PLAIN_IN };
	static const char *const pass[] = { GMAIL_IN };
	struct policy opt;
	struct fixture f;
	struct strbuf sb;

	memset(&opt, 0, sizeof opt);
	strbuf_init(&sb);
	build(&f, nover_then_nowith, 2, &opt);
	tap_is_str(reason_name(f.c.reason), "no-evidence",
	    "TLS without a version, then no with clause: no evidence");
	tap_is_int(f.c.first_offender, 2, "the hop without evidence");
	field_value(&sb, &f.c, &opt);
	tap_ok(strstr(sb.data, "reason=\"a public hop gives no evidence "
	    "of TLS\"") != NULL, "the field gives the same reason");
	strbuf_reset(&sb);
	report_verdict_sentence(&sb, &f.c, &opt);
	tap_ok(strstr(sb.data, "hop 2 (") != NULL && strstr(sb.data,
	    "gives no evidence of TLS either way") != NULL,
	    "so does the sentence");
	release(&f);

	opt.min_tls = TLSVER_TLS12;
	build(&f, nover_then_nowith, 2, &opt);
	tap_is_str(reason_name(f.c.reason), "no-evidence",
	    "with --min-tls the hop without evidence still comes first");
	release(&f);
	opt.min_tls = TLSVER_NONE;

	build(&f, plain, 1, &opt);
	tap_is_str(reason_name(f.c.reason), "plaintext", "plaintext");
	tap_is_int(f.c.first_plaintext, 1, "first plaintext hop");
	tap_is_int((long long)f.c.njudged, 1, "one judged");
	tap_is_int((long long)f.hop[0].nevidence, 1,
	    "a plaintext hop carries its evidence");
	tap_ok(diag_has(&f.c.findings, "plaintext-public-hop", 1) &&
	    strstr(f.c.findings.v[0].text, "with-keyword: \"ESMTP\"") !=
	    NULL, "and its finding cites it");
	release(&f);

	build(&f, pass, 1, &opt);
	tap_is_str(reason_name(f.c.reason), "all-tls", "pass: all-tls");
	tap_is_int(f.c.first_offender, 0, "no offender");
	tap_is_int((long long)f.c.ntls, 1, "one TLS hop");
	tap_is_str(tlsver_name(f.c.lowest), "TLSv1.3", "lowest version");
	release(&f);

	memset(&f, 0, sizeof f);
	verdict_compute(&f.c, &opt);
	tap_is_str(reason_name(f.c.reason), "no-received", "no fields");
	release(&f);
	strbuf_clear(&sb);
}

/* Authentication over plaintext, whatever the with keyword says. */
static void
test_auth(void)
{
	static const char *const sendmail[] = {
		"from client.example.net (client.example.net [94.198.96.74]) "
		    "(authenticated bits=0) by mail.example.com "
		    "(8.15.2/8.15.2) with ESMTP id 4AB1c2" D,
	};
	static const char *const postfix[] = {
		"from [192.168.1.2] (unknown [94.198.96.74]) (Authenticated "
		    "sender: user@example.com) by smtp.example.com (Postfix) "
		    "with ESMTP id 4C" D,
	};
	static const char *const sendmail_tls[] = {
		"from client.example.net (client.example.net [94.198.96.74]) "
		    "(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 "
		    "bits=256 verify=NO) (authenticated bits=0) by "
		    "mail.example.com (8.15.2/8.15.2) with ESMTP id 4AB1c3" D,
	};
	static const char *const not_auth[] = {
		"from client.example.net (client.example.net [94.198.96.74]) "
		    "(authenticatedness unknown) by mail.example.com with "
		    "ESMTP id 4AB1c4" D,
	};
	struct policy opt;
	struct fixture f;

	memset(&opt, 0, sizeof opt);
	build(&f, sendmail, 1, &opt);
	tap_ok(diag_has(&f.c.findings, "plaintext-auth", 1),
	    "Sendmail (authenticated bits=0) with ESMTP: plaintext-auth");
	release(&f);
	build(&f, postfix, 1, &opt);
	tap_ok(diag_has(&f.c.findings, "plaintext-auth", 1),
	    "Postfix (Authenticated sender: ...) with ESMTP: plaintext-auth");
	release(&f);
	build(&f, sendmail_tls, 1, &opt);
	tap_ok(SPAN_IS_SET(f.hop[0].auth) &&
	    !diag_has(&f.c.findings, "plaintext-auth", 1),
	    "authenticated over TLS: no plaintext-auth");
	release(&f);
	build(&f, not_auth, 1, &opt);
	tap_ok(!SPAN_IS_SET(f.hop[0].auth), "a longer word is no mark");
	release(&f);
}

/* A hand-off inside one host that names a public address. */
static void
test_local_public(void)
{
	static const char *const fields[] = {
		"from smtp.example.net (smtp.example.net [94.198.96.74]) by "
		    "mx.example.org with local-esmtp id 1" D,
	};
	struct policy opt;
	struct fixture f;

	memset(&opt, 0, sizeof opt);
	build(&f, fields, 1, &opt);
	tap_is_str(tlsstate_name(f.hop[0].tls), "local", "tls local");
	tap_ok(!f.hop[0].judged, "not judged");
	tap_is_str(reason_name(f.c.reason), "none-judged",
	    "so no hop is in scope");
	tap_ok(diag_has(&f.c.findings, "local-handoff", 1),
	    "and a local-handoff note says why");
	release(&f);
}

int
main(int argc, char *argv[])
{
	char err[512];

	(void)argc;
	(void)argv;
	rs = ruleset_new();
	if (ruleset_load_default(rs, err, sizeof err) == -1)
		tap_bail("default rules: %s", err);
	test_top_of_chain();
	test_trust();
	test_trustlist();
	test_findings();
	test_weak_cipher_marks();
	test_reasons();
	test_auth();
	test_local_public();
	ruleset_free(rs);
	return tap_done();
}
