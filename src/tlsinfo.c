/*
 * tlsinfo.c: TLS evidence for one hop (see tlsinfo.h).
 */
#include "config.h"

#include <string.h>

#include "cipher.h"
#include "diag.h"
#include "lex.h"
#include "proto.h"
#include "tlsinfo.h"
#include "util.h"

/* What the evidence gathered so far says. */
struct tally {
	bool yes, no, local;
	bool family;		/* a cipher family label as the version */
	size_t dropped;		/* evidence items past EVIDENCE_MAX */
};

/* Adds an evidence item unless the list is full or it is already there. */
static void
add_evidence(struct hop *hop, struct tally *t, const char *rule,
    struct span text)
{
	size_t i;

	for (i = 0; i < hop->nevidence; i++) {
		if (hop->evidence[i].rule == rule &&
		    hop->evidence[i].text.p == text.p &&
		    hop->evidence[i].text.len == text.len)
			return;
	}
	if (hop->nevidence >= EVIDENCE_MAX) {
		t->dropped++;
		return;
	}
	hop->evidence[hop->nevidence].rule = rule;
	hop->evidence[hop->nevidence].text = text;
	hop->nevidence++;
}

/* Parses a bit count: decimal digits only, at most 65536. */
static int
parse_bits(struct span s)
{
	size_t i;
	int n = 0;

	if (!SPAN_IS_SET(s) || s.len == 0 || s.len > 5)
		return -1;
	for (i = 0; i < s.len; i++) {
		if (!ascii_isdigit((unsigned char)s.p[i]))
			return -1;
		n = n * 10 + (s.p[i] - '0');
	}
	return n <= 65536 ? n : -1;
}

enum tls_version
tlsinfo_parse_version(const char *s, size_t len)
{
	const char *end = s + len;
	bool ssl;
	int major, minor = 0;

	if (len < 4 || tlsinfo_is_family_label(s, len))
		return TLSVER_NONE;
	if (ascii_span_startswith(s, len, "tls"))
		ssl = false;
	else if (ascii_span_startswith(s, len, "ssl"))
		ssl = true;
	else
		return TLSVER_NONE;
	s += 3;
	if (s < end && (*s == 'v' || *s == 'V'))
		s++;
	if (s < end && (*s == '_' || *s == '-' || *s == ' ' || *s == '.'))
		s++;
	if (s >= end || !ascii_isdigit((unsigned char)*s))
		return TLSVER_NONE;
	major = *s++ - '0';
	if (s < end && (*s == '.' || *s == '_' || *s == '-') && s + 1 < end &&
	    ascii_isdigit((unsigned char)s[1])) {
		minor = s[1] - '0';
		s += 2;
	} else if (!ssl && major == 1 && s < end &&
	    ascii_isdigit((unsigned char)*s)) {
		minor = *s++ - '0';	/* "TLS13", as in rustls names */
	}
	if (s != end)
		return TLSVER_NONE;
	if (ssl) {
		if (major == 2 && minor == 0)
			return TLSVER_SSL2;
		if (major == 3 && minor == 0)
			return TLSVER_SSL3;
		return TLSVER_NONE;
	}
	if (major != 1)
		return TLSVER_NONE;
	switch (minor) {
	case 0:
		return TLSVER_TLS10;
	case 1:
		return TLSVER_TLS11;
	case 2:
		return TLSVER_TLS12;
	case 3:
		return TLSVER_TLS13;
	default:
		return TLSVER_NONE;
	}
}

bool
tlsinfo_is_family_label(const char *s, size_t len)
{
	return ascii_span_eq(s, len, "TLSv1/SSLv3") ||
	    ascii_span_eq(s, len, "SSLv3/TLSv1");
}

enum verified
tlsinfo_parse_verify(const char *s, size_t len)
{
	static const char *const yes[] = {
		"ok", "yes", "trusted", "verified", "verified ok", "dane"
	};
	static const char *const no[] = {
		"no", "not", "fail", "failed", "none", "temp", "protocol",
		"software", "not verified", "untrusted"
	};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (ascii_span_eq(s, len, yes[i]))
			return VERIFIED_YES;
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (ascii_span_eq(s, len, no[i]))
			return VERIFIED_NO;
	}
	return VERIFIED_UNKNOWN;
}

/* Takes what one rule match says into the hop. */
static void
take_hit(struct hop *hop, const struct rule_hit *h, struct tally *t,
    struct diaglist *diags)
{
	enum tls_version v;
	int bits;

	add_evidence(hop, t, h->rule->name, h->match);
	switch (h->rule->tls) {
	case TLSSTATE_YES:
		t->yes = true;
		break;
	case TLSSTATE_NO:
		t->no = true;
		break;
	case TLSSTATE_LOCAL:
		t->local = true;
		break;
	case TLSSTATE_UNKNOWN:
		break;
	}
	if (SPAN_IS_SET(h->version) &&
	    tlsinfo_is_family_label(h->version.p, h->version.len))
		t->family = true;
	else if (SPAN_IS_SET(h->version) && hop->version == TLSVER_NONE) {
		v = tlsinfo_parse_version(h->version.p, h->version.len);
		if (v == TLSVER_NONE && h->version.len > 0)
			diag_add(diags, "unknown-tls-version", SEVERITY_INFO,
			    hop->index, "rule %s: version '%.*s' not "
			    "understood", h->rule->name,
			    (int)(h->version.len > 40 ? 40 : h->version.len),
			    h->version.p);
		hop->version = v;
	}
	if (SPAN_IS_SET(h->cipher) && h->cipher.len > 0 &&
	    !SPAN_IS_SET(hop->cipher))
		hop->cipher = h->cipher;
	if (hop->bits < 0 && (bits = parse_bits(h->bits)) >= 0)
		hop->bits = bits;
	if (hop->verified == VERIFIED_UNKNOWN) {
		if (h->rule->verified != VERIFIED_UNKNOWN)
			hop->verified = h->rule->verified;
		else if (SPAN_IS_SET(h->verify))
			hop->verified = tlsinfo_parse_verify(h->verify.p,
			    h->verify.len);
	}
}

/* Runs the rules of one scope over a subject and takes the hits. */
static size_t
run_rules(struct hop *hop, const struct ruleset *rs, enum rule_scope scope,
    struct span subject, size_t budget, struct tally *t,
    struct diaglist *diags)
{
	struct rule_hit hits[8];
	size_t n, i;

	if (budget == 0 || !SPAN_IS_SET(subject) || subject.len == 0)
		return 0;
	n = ruleset_match(rs, scope, subject.p, subject.len, hits,
	    budget < 8 ? budget : 8, diags, hop->index);
	for (i = 0; i < n; i++)
		take_hit(hop, &hits[i], t, diags);
	return n;
}

/*
 * True for a name of the IANA TLS Cipher Suites registry, which RFC 8314
 * section 4.3 asks for: "TLS_" then upper-case letters, digits and '_'.
 * Anything else after a "tls" word ("over TLS secured channel") is no
 * cipher.
 */
static bool
is_cipher_name(struct span s)
{
	size_t i;

	if (!SPAN_IS_SET(s) || s.len <= 4 || s.len > 128 ||
	    memcmp(s.p, "TLS_", 4) != 0)
		return false;
	for (i = 4; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (!ascii_isdigit(c) && !(c >= 'A' && c <= 'Z') && c != '_')
			return false;
	}
	return true;
}

/* True for the bytes of a safety-net token: letters, digits, . _ - / */
static bool
is_token_byte(unsigned char c)
{
	return ascii_isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/';
}

/*
 * True when a token names a TLS protocol version as MTAs write it, in
 * upper case ("TLSv1.2", "TLS1_3", "SSLv3", OpenSSL's family label
 * "TLSv1/SSLv3"); *v receives the version (TLSVER_NONE for the label).
 */
static bool
is_version_token(const char *p, size_t len, enum tls_version *v)
{
	if (len < 4 || (memcmp(p, "TLS", 3) != 0 && memcmp(p, "SSL", 3) != 0))
		return false;
	*v = TLSVER_NONE;
	if (tlsinfo_is_family_label(p, len))
		return true;
	*v = tlsinfo_parse_version(p, len);
	return *v != TLSVER_NONE;
}

/*
 * The safety net, for a comment no rule explained: a TLS version token or
 * a cipher-suite name of the cipher table (cipher.h) anywhere in it is
 * TLS evidence ("tls-version-token", "cipher-suite-name").  A rule that
 * matches the comment, such as a negation with tls none, keeps it from
 * running.
 */
static void
safety_net(struct hop *hop, struct span text, struct tally *t)
{
	const char *p = text.p, *end = text.p + text.len, *w;
	enum tls_version v;
	struct span tok;

	while (p < end) {
		while (p < end && !is_token_byte((unsigned char)*p))
			p++;
		w = p;
		while (p < end && is_token_byte((unsigned char)*p))
			p++;
		tok.p = w;
		tok.len = (size_t)(p - w);
		while (tok.len > 0 && (tok.p[tok.len - 1] == '.' ||
		    tok.p[tok.len - 1] == '-'))
			tok.len--;
		if (tok.len == 0)
			continue;
		if (is_version_token(tok.p, tok.len, &v)) {
			t->yes = true;
			if (v == TLSVER_NONE)
				t->family = true;
			else if (hop->version == TLSVER_NONE)
				hop->version = v;
			add_evidence(hop, t, "tls-version-token", tok);
		} else if (cipher_lookup(tok.p, tok.len) != NULL) {
			t->yes = true;
			if (!SPAN_IS_SET(hop->cipher))
				hop->cipher = tok;
			add_evidence(hop, t, "cipher-suite-name", tok);
		}
	}
}

/* How many words of a with phrase are looked up, and the longest entry. */
#define PHRASE_WORDS	16
#define ENTRY_WORDS	3

/*
 * Finds the keyword of a with phrase: the whole phrase first ("Microsoft
 * SMTP Server"), then every run of up to ENTRY_WORDS words, so that
 * "MailEnable ESMTPS" and "ESMTP with STARTTLS" are read.  An entry that
 * says TLS wins over one that does not.  Returns the entry or NULL and
 * stores the words that matched in *text.
 */
/* Looks a keyword up in the rule file's entries, then the built-in table. */
static const struct proto_entry *
lookup_keyword(const struct ruleset *rs, const char *s, size_t len)
{
	const struct proto_entry *pe = ruleset_keyword(rs, s, len);

	return pe != NULL ? pe : proto_lookup(s, len);
}

static const struct proto_entry *
find_keyword(const struct ruleset *rs, struct span value, struct span *text)
{
	const struct proto_entry *pe, *best = NULL;
	struct token word[PHRASE_WORDS], tok;
	struct lexer lx;
	size_t n = 0, i, k;

	if ((pe = lookup_keyword(rs, value.p, value.len)) != NULL) {
		*text = value;
		return pe;
	}
	lex_init(&lx, value.p, value.len, COMMENT_DEPTH_MAX);
	while (n < PHRASE_WORDS && lex_next(&lx, &tok)) {
		if (tok.kind == TOK_WORD)
			word[n++] = tok;
	}
	for (i = 0; i < n; i++) {
		for (k = i; k < n && k < i + ENTRY_WORDS; k++) {
			pe = lookup_keyword(rs, word[i].p,
			    (size_t)(word[k].p + word[k].len - word[i].p));
			if (pe == NULL)
				continue;
			if (best == NULL || ((pe->flags & PROTO_TLS) &&
			    !(best->flags & PROTO_TLS))) {
				best = pe;
				text->p = word[i].p;
				text->len = (size_t)(word[k].p + word[k].len -
				    word[i].p);
			}
		}
	}
	return best;
}

/* Looks the with clause up in the keyword table. */
static void
assess_keyword(struct hop *hop, const struct ruleset *rs, struct tally *t)
{
	const struct clause *with = &hop->rcv.clause[CLAUSE_WITH];
	const struct proto_entry *pe;
	struct span text;

	if (!with->present || !SPAN_IS_SET(with->value))
		return;
	if ((pe = find_keyword(rs, with->value, &text)) == NULL)
		return;
	hop->proto = pe->flags;
	if (pe->flags & PROTO_TLS) {
		t->yes = true;
		add_evidence(hop, t, "with-keyword", text);
	} else if (pe->flags & PROTO_LOCAL) {
		t->local = true;
		add_evidence(hop, t, "with-keyword", text);
	} else if (pe->flags & PROTO_PLAIN) {
		t->no = true;
		add_evidence(hop, t, "with-keyword", text);
	}
}

/* A clause's text after its keyword of klen bytes, or an unset span. */
static struct span
clause_rest(const struct clause *c, size_t klen)
{
	struct span s = { NULL, 0 };

	if (!c->present || !SPAN_IS_SET(c->text) || c->text.len <= klen)
		return s;
	s.p = c->text.p + klen;
	s.len = c->text.len - klen;
	while (s.len > 0 && ascii_isspace((unsigned char)*s.p)) {
		s.p++;
		s.len--;
	}
	return s;
}

/* True when a comment says "unix socket", as Cyrus LMTP writes. */
static bool
is_unix_socket(struct span text)
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
 * The local hand-offs that the structure of the field shows, without a
 * rule: OpenSMTPD's "[local]" in TCP-info, a unix socket in TCP-info, LMTP
 * with no connecting address (final delivery inside the system), and
 * Sendmail's local submission "(from user@localhost) by host" (no from
 * clause, no address).  Each is evidence with its own name.
 */
static void
structural_local(struct hop *hop, struct tally *t)
{
	const struct received *rcv = &hop->rcv;
	const struct comment *c;
	size_t i;

	if (SPAN_IS_SET(rcv->local_literal)) {
		t->local = true;
		add_evidence(hop, t, "tcpinfo-local", rcv->local_literal);
		return;
	}
	for (i = 0; i < rcv->ncomments; i++) {
		c = &rcv->comment[i];
		if (c->clause == CLAUSE_FROM && is_unix_socket(c->text)) {
			t->local = true;
			add_evidence(hop, t, "tcpinfo-unix-socket", c->text);
			return;
		}
	}
	if (SPAN_IS_SET(rcv->ip))
		return;
	if ((hop->proto & PROTO_LMTP) != 0) {
		t->local = true;
		add_evidence(hop, t, "lmtp-no-address",
		    rcv->clause[CLAUSE_WITH].value);
		return;
	}
	if (rcv->clause[CLAUSE_FROM].present)
		return;
	for (i = 0; i < rcv->ncomments; i++) {
		c = &rcv->comment[i];
		if (c->clause == CLAUSE_NONE && c->text.len > 5 &&
		    ascii_span_startswith(c->text.p, c->text.len, "from") &&
		    ascii_isspace((unsigned char)c->text.p[4])) {
			t->local = true;
			add_evidence(hop, t, "sendmail-local-submission",
			    c->text);
			return;
		}
	}
}

/*
 * Looks the cipher up in the cipher table (cipher.h) and sets what its
 * name proves: the least version (a suite that exists only in TLS 1.2 or
 * later) and the key size where old GnuTLS Exim wrote it in bytes
 * ("RSA_AES_256_CBC_SHA1:32").
 */
static void
assess_suite(struct hop *hop)
{
	const struct cipher_info *ci;

	hop->version_at_least = hop->version;
	if (!SPAN_IS_SET(hop->cipher) ||
	    (ci = cipher_lookup(hop->cipher.p, hop->cipher.len)) == NULL)
		return;
	hop->suite = ci;
	if (hop->bits > 0 && hop->bits * 8 == ci->key_bits)
		hop->bits = ci->key_bits;
	if (hop->version == TLSVER_NONE && ci->least >= TLSVER_TLS12)
		hop->version_at_least = ci->least;
}

void
tlsinfo_assess(struct hop *hop, const struct ruleset *rs,
    struct diaglist *diags)
{
	const struct received *rcv = &hop->rcv;
	const struct clause *with = &rcv->clause[CLAUSE_WITH];
	const struct clause *tls = &rcv->clause[CLAUSE_TLS];
	struct tally t = { false, false, false, false, 0 };
	struct span subject;
	size_t budget = RULE_MATCH_MAX, i, n;

	hop->tls = TLSSTATE_UNKNOWN;
	hop->version = TLSVER_NONE;
	hop->version_at_least = TLSVER_NONE;
	hop->suite = NULL;
	hop->bits = -1;
	hop->verified = VERIFIED_UNKNOWN;
	hop->nevidence = 0;

	assess_keyword(hop, rs, &t);

	/* RFC 8314 section 4.3: "tls" followed by the cipher suite. */
	if (tls->present && is_cipher_name(tls->first)) {
		t.yes = true;
		hop->cipher = tls->first;
		add_evidence(hop, &t, "rfc8314-tls-clause", tls->text);
	}

	subject = clause_rest(with, 4);
	budget -= run_rules(hop, rs, RULESCOPE_WITH, subject, budget, &t,
	    diags);
	subject = clause_rest(&rcv->clause[CLAUSE_VIA], 3);
	budget -= run_rules(hop, rs, RULESCOPE_VIA, subject, budget, &t,
	    diags);
	for (i = 0; i < rcv->ncomments; i++) {
		if (rcv->comment[i].tcpinfo)
			continue;
		if (budget == 0)
			break;
		n = run_rules(hop, rs, RULESCOPE_COMMENT, rcv->comment[i].text,
		    budget, &t, diags);
		budget -= n;
		if (n == 0)
			safety_net(hop, rcv->comment[i].text, &t);
	}
	budget -= run_rules(hop, rs, RULESCOPE_HEADER, rcv->raw, budget, &t,
	    diags);
	if (budget == 0)
		diag_add(diags, "too-many-rule-matches", SEVERITY_WARNING,
		    hop->index, "%d rule matches; the rest of the field is not "
		    "examined", RULE_MATCH_MAX);
	if (t.dropped > 0)
		diag_add(diags, "too-much-evidence", SEVERITY_INFO, hop->index,
		    "%zu more evidence items than the %d kept", t.dropped,
		    EVIDENCE_MAX);

	if (!t.yes)
		structural_local(hop, &t);
	if (t.yes)
		hop->tls = TLSSTATE_YES;
	else if (t.local)
		hop->tls = TLSSTATE_LOCAL;
	else if (t.no)
		hop->tls = TLSSTATE_NO;
	if (hop->tls == TLSSTATE_NO && (hop->version != TLSVER_NONE ||
	    SPAN_IS_SET(hop->cipher) || t.family))
		hop->tls = TLSSTATE_YES;
	assess_suite(hop);
}
