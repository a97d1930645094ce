/*
 * received.c: splits a Received field into clauses, comments, the
 * TCP-info of the from clause, and the date.
 */
#include "config.h"

#include <string.h>

#include "datetime.h"
#include "diag.h"
#include "lex.h"
#include "netaddr.h"
#include "received.h"
#include "util.h"

/* How many ';' and trailing token starts are remembered for the date. */
#define SEMI_RING	8
#define TAIL_RING	12

static const char *const clause_names[CLAUSE_COUNT] = {
	[CLAUSE_NONE] = "",
	[CLAUSE_FROM] = "from",
	[CLAUSE_BY] = "by",
	[CLAUSE_VIA] = "via",
	[CLAUSE_WITH] = "with",
	[CLAUSE_ID] = "id",
	[CLAUSE_FOR] = "for",
	[CLAUSE_TLS] = "tls",
};

const char *
clause_name(enum clause_kind kind)
{
	if (kind <= CLAUSE_NONE || kind >= CLAUSE_COUNT)
		return "";
	return clause_names[kind];
}

/* The clause a word token starts, or CLAUSE_NONE. */
static enum clause_kind
keyword_kind(const struct token *tok)
{
	int k;

	if (tok->kind != TOK_WORD || tok->len > 4)
		return CLAUSE_NONE;
	for (k = CLAUSE_FROM; k < CLAUSE_COUNT; k++) {
		if (ascii_span_eq(tok->p, tok->len, clause_names[k]))
			return (enum clause_kind)k;
	}
	return CLAUSE_NONE;
}

/* Trims white space from both ends of a span. */
static struct span
span_trim(const char *p, const char *end)
{
	struct span s;

	while (p < end && ascii_isspace((unsigned char)*p))
		p++;
	while (end > p && ascii_isspace((unsigned char)end[-1]))
		end--;
	s.p = p;
	s.len = (size_t)(end - p);
	return s;
}

/* Drops one trailing comment from a span; false when there is none. */
static bool
drop_trailing_comment(struct span *s)
{
	const char *end = s->p + s->len, *q = end;
	unsigned depth = 0;

	if (s->len == 0 || end[-1] != ')')
		return false;
	while (q > s->p) {
		q--;
		if (*q == ')')
			depth++;
		else if (*q == '(' && --depth == 0)
			break;
	}
	if (depth != 0 || q == s->p)
		return false;
	*s = span_trim(s->p, q);
	return s->len > 0;
}

/*
 * Attempts to read a date from p..end; stores it in rcv on success.
 * Comments after the date (Yandex puts its TLS comments there) are
 * dropped one by one until the date reads.
 */
static bool
try_date(struct received *rcv, const char *p, const char *end)
{
	struct span s = span_trim(p, end);
	int tries;

	for (tries = 0; tries < 4 && s.len > 0; tries++) {
		if (datetime_parse(s.p, s.len, &rcv->date, &rcv->tzoff)) {
			rcv->has_date = true;
			rcv->date_text = s;
			return true;
		}
		if (!drop_trailing_comment(&s))
			break;
	}
	return false;
}

/*
 * Lexes the whole field once (with whole, which keeps what it learnt for
 * the later passes over parts of the field) and decides where the clauses
 * end and the date begins.  Returns the end of the clause text.  The work
 * is linear in the field, at most RECEIVED_MAX_BYTES: the lexer never
 * rescans, and only the last SEMI_RING ';' and TAIL_RING tokens are
 * tried as the start of the date.
 */
static const char *
find_date(struct received *rcv, struct lexer *whole, struct diaglist *diags,
    unsigned hop)
{
	const char *start = rcv->raw.p, *end = rcv->raw.p + rcv->raw.len;
	const char *semi[SEMI_RING], *tail[TAIL_RING];
	size_t nsemi = 0, ntail = 0, i;
	struct lexer *lx = whole;
	struct token tok;
	bool deep = false, open = false;

	lex_init(lx, start, rcv->raw.len, COMMENT_DEPTH_MAX);
	while (lex_next(lx, &tok)) {
		if (tok.kind == TOK_SEMICOLON)
			semi[nsemi++ % SEMI_RING] = tok.p;
		else
			tail[ntail++ % TAIL_RING] = tok.p;
		deep |= (tok.flags & TOKF_DEEP) != 0;
		open |= tok.kind != TOK_WORD &&
		    (tok.flags & TOKF_UNTERMINATED) != 0;
	}
	if (deep)
		diag_add(diags, "comment-too-deep", SEVERITY_WARNING, hop,
		    "comments nest deeper than %d levels", COMMENT_DEPTH_MAX);
	if (open)
		diag_add(diags, "unterminated", SEVERITY_WARNING, hop,
		    "a comment, quoted string or literal is not closed");

	/* The last ';' that starts a valid date, newest first. */
	for (i = 0; i < nsemi && i < SEMI_RING; i++) {
		const char *s = semi[(nsemi - 1 - i) % SEMI_RING];

		if (try_date(rcv, s + 1, end)) {
			if (i > 0 || nsemi > 1)
				diag_add(diags, "extra-semicolon",
				    SEVERITY_INFO, hop,
				    "more than one ';' outside comments");
			return s;
		}
	}
	if (nsemi > 0) {
		const char *s = semi[(nsemi - 1) % SEMI_RING];

		rcv->date_text = span_trim(s + 1, end);
		diag_add(diags, rcv->date_text.len ? "bad-date" : "no-date",
		    SEVERITY_WARNING, hop, rcv->date_text.len ?
		    "the date after ';' cannot be read" :
		    "nothing follows the ';'");
		return s;
	}

	/* No ';' at all: look for a date among the last tokens. */
	for (i = ntail > TAIL_RING ? ntail - TAIL_RING : 0; i < ntail; i++) {
		const char *s = tail[i % TAIL_RING];

		if (s > start && try_date(rcv, s, end)) {
			diag_add(diags, "missing-semicolon", SEVERITY_INFO,
			    hop, "no ';' before the date");
			return s;
		}
	}
	diag_add(diags, "no-date", SEVERITY_WARNING, hop,
	    "the field has no date");
	return end;
}

/* Extends a clause's value span with a non-comment token. */
static void
clause_add_value(struct clause *c, const struct token *tok)
{
	if (!SPAN_IS_SET(c->first)) {
		c->first.p = tok->p;
		c->first.len = tok->len;
		c->value = c->first;
	} else
		c->value.len = (size_t)(tok->p + tok->len - c->value.p);
}

/* Keeps one comment token, or counts it past COMMENT_MAX. */
static void
add_comment(struct received *rcv, const struct token *tok,
    enum clause_kind kind, struct diaglist *diags, unsigned hop)
{
	struct comment *c;

	if (rcv->ncomments >= COMMENT_MAX) {
		if (rcv->ncomments++ == COMMENT_MAX)
			diag_add(diags, "too-many-comments", SEVERITY_WARNING,
			    hop, "more than %d comments; the rest is ignored",
			    COMMENT_MAX);
		return;
	}
	c = &rcv->comment[rcv->ncomments++];
	lex_inner(tok, &c->text.p, &c->text.len);
	c->clause = kind;
	c->tcpinfo = false;
}

/* True when a with clause was read and a by clause began after it. */
static bool
with_before_by(const struct received *rcv)
{
	const struct clause *with = &rcv->clause[CLAUSE_WITH];
	const struct clause *by = &rcv->clause[CLAUSE_BY];

	return with->present && by->present && with->text.p < by->text.p;
}

/*
 * Walks the clause text, filling clauses and comments; whole is the lexer
 * that read the whole field.
 */
static void
split_clauses(struct received *rcv, const char *end,
    const struct lexer *whole, struct diaglist *diags, unsigned hop)
{
	struct clause scratch, *cur = &rcv->clause[CLAUSE_NONE];
	enum clause_kind kind = CLAUSE_NONE, k;
	struct lexer lx;
	struct token tok;
	size_t ntokens = 0, nclauses = 0;
	bool dup_said = false, lead_said = false;

	memset(&scratch, 0, sizeof scratch);
	lex_init_within(&lx, rcv->raw.p, (size_t)(end - rcv->raw.p),
	    COMMENT_DEPTH_MAX, whole);
	while (lex_next(&lx, &tok)) {
		if (++ntokens > TOKEN_MAX) {
			diag_add(diags, "too-many-tokens", SEVERITY_WARNING,
			    hop, "more than %d tokens; the rest is ignored",
			    TOKEN_MAX);
			break;
		}
		k = keyword_kind(&tok);
		if (k == CLAUSE_WITH && kind == CLAUSE_WITH &&
		    cur == &rcv->clause[CLAUSE_WITH]) {
			/*
			 * A second "with" right after the first continues the
			 * protocol phrase ("with ESMTP with STARTTLS", as
			 * Mimecast writes): both words are evidence.
			 */
			cur->text.len = (size_t)(tok.p + tok.len - cur->text.p);
			clause_add_value(cur, &tok);
			continue;
		}
		if (k != CLAUSE_NONE) {
			if (++nclauses > CLAUSE_MAX) {
				diag_add(diags, "too-many-clauses",
				    SEVERITY_WARNING, hop, "more than %d "
				    "clauses; the rest is ignored",
				    CLAUSE_MAX);
				break;
			}
			kind = k;
			if (k == CLAUSE_WITH && with_before_by(rcv)) {
				/*
				 * RFC 5321's order is from, by, then with: a
				 * "with" before "by" was text of the from
				 * part ("de/crypted with TLSv1.3: ...", the
				 * qmail TLS patch), so this one is the clause.
				 */
				diag_add(diags, "duplicate-clause",
				    SEVERITY_INFO, hop, "a 'with' before "
				    "'by' is read as text of the from part");
				dup_said = true;
				memset(&rcv->clause[k], 0,
				    sizeof rcv->clause[k]);
				cur = &rcv->clause[k];
			} else if (rcv->clause[k].present) {
				if (!dup_said)
					diag_add(diags, "duplicate-clause",
					    SEVERITY_INFO, hop, "a second "
					    "'%s' clause is ignored",
					    clause_name(k));
				dup_said = true;
				memset(&scratch, 0, sizeof scratch);
				cur = &scratch;
			} else
				cur = &rcv->clause[k];
			cur->present = true;
			cur->text.p = tok.p;
			cur->text.len = tok.len;
			continue;
		}
		if (tok.kind == TOK_SEMICOLON) {
			/* An extra ';' (old OpenSMTPD) closes the clause. */
			kind = CLAUSE_NONE;
			cur = &scratch;
			memset(&scratch, 0, sizeof scratch);
			continue;
		}
		if (cur->present || cur == &rcv->clause[CLAUSE_NONE]) {
			if (!SPAN_IS_SET(cur->text))
				cur->text.p = tok.p;
			cur->text.len = (size_t)(tok.p + tok.len - cur->text.p);
		}
		if (tok.kind == TOK_COMMENT) {
			add_comment(rcv, &tok, kind, diags, hop);
			continue;
		}
		if (kind == CLAUSE_NONE && cur != &scratch && !lead_said) {
			diag_add(diags, "text-before-clauses", SEVERITY_INFO,
			    hop, "text before the first clause keyword");
			lead_said = true;
		}
		clause_add_value(cur, &tok);
	}
	rcv->clause[CLAUSE_NONE].present =
	    SPAN_IS_SET(rcv->clause[CLAUSE_NONE].text);

	/*
	 * Comments after the ';' belong to the field too (RFC 5322 allows
	 * CFWS around the date): some gateways put their TLS comment there.
	 */
	if (end < rcv->raw.p + rcv->raw.len) {
		lex_init_within(&lx, end,
		    (size_t)(rcv->raw.p + rcv->raw.len - end),
		    COMMENT_DEPTH_MAX, whole);
		while (lex_next(&lx, &tok) && ++ntokens <= TOKEN_MAX) {
			if (tok.kind == TOK_COMMENT)
				add_comment(rcv, &tok, CLAUSE_NONE, diags,
				    hop);
		}
	}
	if (rcv->ncomments > COMMENT_MAX)
		rcv->ncomments = COMMENT_MAX;
}

/* True when the span parses as an address. */
static bool
is_address(const char *p, size_t len)
{
	struct netaddr a;

	return netaddr_parse(p, len, &a);
}

/* The span of a whole token. */
static struct span
span_of(const struct token *tok)
{
	struct span s;

	s.p = tok->p;
	s.len = tok->len;
	return s;
}

/*
 * Sets the reverse DNS name from the word before an address literal,
 * without sendmail's ident prefix ("user@host" gives "host"); "unknown"
 * and an empty name set nothing.
 */
static void
set_rdns(struct received *rcv, const char *p, size_t len)
{
	const char *at;

	while ((at = memchr(p, '@', len)) != NULL) {
		len -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if (len == 0 || SPAN_IS_SET(rcv->rdns) ||
	    ascii_span_eq(p, len, "unknown"))
		return;
	rcv->rdns.p = p;
	rcv->rdns.len = len;
}

/* True when the span is 1 to 5 decimal digits: a port number. */
static bool
is_port(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (!ascii_isdigit((unsigned char)p[i]))
			return false;
	}
	return true;
}

/*
 * True when the span is an IPv4 address followed by sep and a port
 * ("192.0.2.1:4567" as ecelerity and XMail write, "10.0.8.6.13219" as
 * Exim 3 wrote); narrows *len to the address.
 */
static bool
ipv4_with_port(const char *p, size_t *len, char sep)
{
	const char *q = p + *len;

	while (q > p && q[-1] != sep)
		q--;
	if (q <= p + 1 || !is_port(q, (size_t)(p + *len - q)) ||
	    memchr(p, ':', (size_t)(q - 1 - p)) != NULL ||
	    !is_address(p, (size_t)(q - 1 - p)))
		return false;
	*len = (size_t)(q - 1 - p);
	return true;
}

/*
 * True when the inner text of a literal is an address: plain, with a
 * port ("192.0.2.1:4567", Exim 3's "10.0.8.6.13219"), or in parentheses
 * ("[(192.0.2.1)]", MDaemon); narrows *p and *len to the address.
 */
static bool
literal_address(const char **p, size_t *len)
{
	if (*len >= 2 && (*p)[0] == '(' && (*p)[*len - 1] == ')') {
		(*p)++;
		*len -= 2;
	}
	if (is_address(*p, *len))
		return true;
	return ipv4_with_port(*p, len, ':') || ipv4_with_port(*p, len, '.');
}

/*
 * True when a bare word of TCP-info is the connecting address, narrowed
 * into *p and *len: "192.0.2.1" (Microsoft, qmail), "192.0.2.1:23198"
 * (XMail), "/192.0.2.1", "192.0.2.1," (smap: "(192.0.2.1, HELO x)"), and
 * as the comment's first word qmail's ident forms "user@192.0.2.1" and
 * "user@domain@192.0.2.1", with a "_trustedrelay" tag or not.
 */
static bool
word_is_address(const char **p, size_t *len, bool first)
{
	const char *s = *p, *at, *us;
	size_t n = *len;

	if (n > 0 && s[0] == '/') {
		s++;
		n--;
	}
	if (n > 0 && s[n - 1] == ',')
		n--;
	if (first) {
		while ((at = memchr(s, '@', n)) != NULL) {
			n -= (size_t)(at + 1 - s);
			s = at + 1;
		}
		if ((us = memchr(s, '_', n)) != NULL && us > s &&
		    ascii_span_eq(us, (size_t)(s + n - us), "_trustedrelay"))
			n = (size_t)(us - s);
	}
	if (n == 0 || (!is_address(s, n) && !ipv4_with_port(s, &n, ':')))
		return false;
	*p = s;
	*len = n;
	return true;
}

/*
 * Reads a word that ends in a literal with no blank before it:
 * "unknown[192.0.2.1]", "Verified[192.0.2.1]", "host.example[192.0.2.1]"
 * (old Postfix and other gateways), "user@[192.0.2.1]" (sendmail ident).
 * The name counts as the reverse DNS name only when it is the comment's
 * first word.
 */
static bool
word_address(struct received *rcv, const struct token *tok, bool first)
{
	const char *open, *end = tok->p + tok->len;
	const char *ip;
	size_t iplen;

	if (tok->len < 4 || end[-1] != ']' ||
	    (open = memchr(tok->p, '[', tok->len)) == NULL || open == tok->p ||
	    memchr(tok->p, '=', (size_t)(open - tok->p)) != NULL)
		return false;
	ip = open + 1;
	iplen = (size_t)(end - 1 - ip);
	if (!literal_address(&ip, &iplen))
		return false;
	rcv->ip.p = ip;
	rcv->ip.len = iplen;
	if (first)
		set_rdns(rcv, tok->p, (size_t)(open - tok->p));
	return true;
}

/*
 * Reads one comment of the from clause: "rdns [ip]", "[ip] helo=name",
 * "HELO name", a bare address (Microsoft, qmail), "[local]".
 * Returns true when it carried TCP-info.
 */
static bool
read_tcpinfo(struct received *rcv, const struct span *text, bool *exim)
{
	struct lexer lx;
	struct token tok, prev;
	const char *ip;
	size_t iplen, ntok = 0;
	bool found = false, want_helo = false;

	memset(&prev, 0, sizeof prev);
	lex_init(&lx, text->p, text->len, COMMENT_DEPTH_MAX);
	while (lex_next(&lx, &tok) && ntok++ < 16) {
		if (tok.kind == TOK_LITERAL) {
			lex_inner(&tok, &ip, &iplen);
			if (ascii_span_eq(ip, iplen, "local")) {
				rcv->local_literal = span_of(&tok);
				found = true;
			} else if (want_helo) {
				/* "(HELO [192.0.2.1])": the client's word. */
				rcv->helo = span_of(&tok);
				want_helo = false;
				found = true;
			} else if (literal_address(&ip, &iplen)) {
				if (!SPAN_IS_SET(rcv->ip)) {
					rcv->ip.p = ip;
					rcv->ip.len = iplen;
				}
				found = true;
			} else {
				prev = tok;
				continue;
			}
			if (prev.kind == TOK_WORD && prev.p == text->p)
				set_rdns(rcv, prev.p, prev.len);
		} else if (tok.kind == TOK_WORD) {
			ip = tok.p;
			iplen = tok.len;
			if (want_helo) {
				rcv->helo.p = tok.p;
				rcv->helo.len = tok.len;
				want_helo = false;
				found = true;
			} else if (ascii_span_startswith(tok.p, tok.len,
			    "helo=") && tok.len > 5) {
				rcv->helo.p = tok.p + 5;
				rcv->helo.len = tok.len - 5;
				*exim = true;
				found = true;
			} else if (ascii_span_eq(tok.p, tok.len, "helo") ||
			    ascii_span_eq(tok.p, tok.len, "ehlo")) {
				want_helo = true;
			} else if (!SPAN_IS_SET(rcv->ip) &&
			    word_is_address(&ip, &iplen, tok.p == text->p)) {
				rcv->ip.p = ip;
				rcv->ip.len = iplen;
				found = true;
			} else if (!SPAN_IS_SET(rcv->ip) &&
			    word_address(rcv, &tok, tok.p == text->p)) {
				found = true;
			}
		}
		prev = tok;
	}
	return found;
}

/*
 * Reads TCP-info written without its parentheses, as ZoneMTA does
 * ("from foo [127.0.0.1] by ..."): an address literal among the from
 * clause's words after the from-domain.
 */
static void
bare_tcpinfo(struct received *rcv, const struct clause *from)
{
	struct lexer lx;
	struct token tok;
	const char *ip;
	size_t iplen, ntok = 0;

	if (!SPAN_IS_SET(from->value) || from->value.len <= from->first.len)
		return;
	lex_init(&lx, from->first.p + from->first.len,
	    from->value.len - from->first.len, COMMENT_DEPTH_MAX);
	while (lex_next(&lx, &tok) && ntok++ < 8) {
		if (tok.kind != TOK_LITERAL)
			continue;
		lex_inner(&tok, &ip, &iplen);
		if (literal_address(&ip, &iplen)) {
			rcv->ip.p = ip;
			rcv->ip.len = iplen;
			return;
		}
	}
}

/*
 * Reads a from part written as one comment before the first clause,
 * "(from host [192.0.2.1]) by ..." (Symantec NAVGW): TCP-info when it
 * holds an address.  Sendmail's local "(from user@localhost) by ..." has
 * none and is left as it is (classify.c reads it).
 */
static void
comment_from_tcpinfo(struct received *rcv)
{
	struct comment *c;
	struct span rest;
	struct lexer lx;
	struct token tok;
	bool exim = false;
	size_t i;

	for (i = 0; i < rcv->ncomments; i++) {
		c = &rcv->comment[i];
		if (c->clause != CLAUSE_NONE || c->text.len <= 5 ||
		    !ascii_span_startswith(c->text.p, c->text.len, "from") ||
		    !ascii_isspace((unsigned char)c->text.p[4]))
			continue;
		rest = span_trim(c->text.p + 5, c->text.p + c->text.len);
		if (!read_tcpinfo(rcv, &rest, &exim) || !SPAN_IS_SET(rcv->ip)) {
			memset(&rcv->helo, 0, sizeof rcv->helo);
			memset(&rcv->rdns, 0, sizeof rcv->rdns);
			memset(&rcv->ip, 0, sizeof rcv->ip);
			return;
		}
		c->tcpinfo = true;
		lex_init(&lx, rest.p, rest.len, COMMENT_DEPTH_MAX);
		if (!SPAN_IS_SET(rcv->helo) && lex_next(&lx, &tok) &&
		    tok.kind == TOK_WORD)
			rcv->helo = span_of(&tok);
		return;
	}
}

/* Fills helo, rdns and ip from the from clause and its comments. */
static void
parse_tcpinfo(struct received *rcv)
{
	struct clause *from = &rcv->clause[CLAUSE_FROM];
	struct span first = from->first, inner, helo_ip = { NULL, 0 };
	bool exim = false, first_is_ip = false;
	size_t i;

	if (!from->present) {
		comment_from_tcpinfo(rcv);
		return;
	}
	if (SPAN_IS_SET(first)) {
		inner = first;
		if (first.len >= 2 && first.p[0] == '[' &&
		    first.p[first.len - 1] == ']') {
			inner.p++;
			inner.len -= 2;
		}
		if (is_address(inner.p, inner.len) ||
		    (inner.p == first.p &&
		    ipv4_with_port(inner.p, &inner.len, ':'))) {
			/* "from 192.0.2.1:45726 by ..." (T-Online) too. */
			helo_ip = inner;
			first_is_ip = true;
		} else if (ascii_span_eq(inner.p, inner.len, "local") &&
		    inner.p != first.p)
			rcv->local_literal = first;
	}
	for (i = 0; i < rcv->ncomments; i++) {
		struct comment *c = &rcv->comment[i];

		if (c->clause != CLAUSE_FROM)
			continue;
		if (read_tcpinfo(rcv, &c->text, &exim))
			c->tcpinfo = true;
	}
	if (!SPAN_IS_SET(rcv->ip))
		bare_tcpinfo(rcv, from);
	/*
	 * The from-domain is what the client said in EHLO; the address the
	 * server saw, in the TCP-info comment, wins over it.
	 */
	if (!SPAN_IS_SET(rcv->ip))
		rcv->ip = helo_ip;
	else if (first_is_ip && rcv->ip.p != helo_ip.p)
		first_is_ip = false;	/* the literal was only the HELO */
	if (!SPAN_IS_SET(rcv->helo) && SPAN_IS_SET(first) && !first_is_ip)
		rcv->helo = first;
	/* Exim writes the verified name first and the HELO as helo=. */
	if (exim && !SPAN_IS_SET(rcv->rdns) && SPAN_IS_SET(first) &&
	    !first_is_ip)
		rcv->rdns = first;
}

void
received_parse(const char *p, size_t len, struct received *rcv,
    struct diaglist *diags, unsigned hop)
{
	const char *clause_end;
	struct lexer whole;

	memset(rcv, 0, sizeof(*rcv));
	rcv->raw.p = p;
	rcv->raw.len = len;
	clause_end = find_date(rcv, &whole, diags, hop);
	split_clauses(rcv, clause_end, &whole, diags, hop);
	if (!rcv->clause[CLAUSE_FROM].present &&
	    !rcv->clause[CLAUSE_BY].present)
		diag_add(diags, "no-from-by", SEVERITY_INFO, hop,
		    "neither a 'from' nor a 'by' clause");
	parse_tcpinfo(rcv);
}
