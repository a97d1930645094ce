/*
 * lex.c: the RFC 5322 tokenizer (see lex.h).
 */
#include "config.h"

#include "lex.h"
#include "util.h"

/* The sum of every lexer's steps, for lex_work_total. */
static _Thread_local unsigned long long work_total; /* per thread */

void
lex_init(struct lexer *lx, const char *p, size_t len, unsigned depth_max)
{
	lx->p = p;
	lx->end = p + len;
	lx->depth_max = depth_max;
	lx->no_bracket_from = NULL;
	lx->no_angle_from = NULL;
	lx->steps = 0;
}

void
lex_init_within(struct lexer *lx, const char *p, size_t len,
    unsigned depth_max, const struct lexer *outer)
{
	lex_init(lx, p, len, depth_max);
	if (p + len <= outer->end) {
		lx->no_bracket_from = outer->no_bracket_from;
		lx->no_angle_from = outer->no_angle_from;
	}
}

unsigned long long
lex_work_total(void)
{
	return work_total;
}

/* Accounts for the bytes from..to examined by one scan. */
static void
count_steps(struct lexer *lx, const char *from, const char *to)
{
	size_t n = (size_t)(to - from);

	lx->steps += n;
	work_total += n;
}

/* Scans a comment starting at '('; honours nesting and quoted-pairs. */
static void
scan_comment(struct lexer *lx, struct token *tok)
{
	const char *p = lx->p + 1;
	unsigned depth = 1;

	tok->kind = TOK_COMMENT;
	tok->depth = 1;
	while (p < lx->end) {
		if (*p == '\\') {
			p += (p + 1 < lx->end) ? 2 : 1;
			continue;
		}
		if (*p == '(') {
			depth++;
			if (depth > tok->depth)
				tok->depth = depth;
		} else if (*p == ')') {
			depth--;
			if (depth == 0) {
				p++;
				break;
			}
		}
		p++;
	}
	count_steps(lx, lx->p, p);
	if (depth != 0)
		tok->flags |= TOKF_UNTERMINATED;
	if (tok->depth > lx->depth_max)
		tok->flags |= TOKF_DEEP;
	tok->len = (size_t)(p - lx->p);
}

/* Lowers a "no closer from here" mark to at, when at is earlier. */
static void
mark_absent(const char **from, const char *at)
{
	if (*from == NULL || at < *from)
		*from = at;
}

/*
 * Scans a token delimited by open .. close with quoted-pairs (quoted
 * string, domain literal, angle-addr).  A literal or angle-addr without
 * its closer is not one (the caller reads a word or a stray instead), and
 * the scan that found so is never repeated: a scan from a later opener
 * would visit a suffix of the same bytes with the same quoted-pair
 * alignment (an opener is never a backslash), so the lexer remembers
 * that no ']' (or '>') follows that opener, and also from which point on
 * no '>' (or ']') does, since the scan visited those bytes too.  Without
 * this every unclosed "[" of a field costs the rest of the field.
 */
static bool
scan_delimited(struct lexer *lx, struct token *tok, enum token_kind kind,
    char close, bool must_close)
{
	const char **absent = close == ']' ? &lx->no_bracket_from :
	    &lx->no_angle_from;
	const char **other_absent = close == ']' ? &lx->no_angle_from :
	    &lx->no_bracket_from;
	const char other = close == ']' ? '>' : ']';
	const char *p = lx->p + 1, *last_other = NULL;

	if (must_close && *absent != NULL && lx->p >= *absent)
		return false;
	while (p < lx->end && *p != close) {
		if (*p == '\\')
			p += (p + 1 < lx->end) ? 2 : 1;
		else {
			if (*p == other)
				last_other = p;
			p++;
		}
	}
	count_steps(lx, lx->p, p < lx->end ? p : lx->end);
	if (p >= lx->end) {
		if (must_close) {
			mark_absent(absent, lx->p);
			mark_absent(other_absent,
			    last_other ? last_other : lx->p);
			return false;
		}
		tok->flags |= TOKF_UNTERMINATED;
		p = lx->end;
	} else
		p++;
	tok->kind = kind;
	tok->len = (size_t)(p - lx->p);
	return true;
}

/* True for a byte that ends a word. */
static bool
ends_word(unsigned char c)
{
	return ascii_isspace(c) || c == '(' || c == ')' || c == ';' ||
	    c == '"' || c == '<' || c == '>';
}

/* Scans a word: a run of bytes up to white space or a special. */
static void
scan_word(struct lexer *lx, struct token *tok)
{
	const char *p = lx->p;

	while (p < lx->end && !ends_word((unsigned char)*p))
		p++;
	count_steps(lx, lx->p, p);
	tok->kind = TOK_WORD;
	tok->len = (size_t)(p - lx->p);
}

bool
lex_next(struct lexer *lx, struct token *tok)
{
	const char *start = lx->p;

	while (lx->p < lx->end && (ascii_isspace((unsigned char)*lx->p) ||
	    *lx->p == '\0'))
		lx->p++;
	count_steps(lx, start, lx->p);
	tok->kind = TOK_END;
	tok->p = lx->p;
	tok->len = 0;
	tok->flags = 0;
	tok->depth = 0;
	if (lx->p >= lx->end)
		return false;

	switch (*lx->p) {
	case '(':
		scan_comment(lx, tok);
		break;
	case '"':
		(void)scan_delimited(lx, tok, TOK_QUOTED, '"', false);
		break;
	case '[':
		if (!scan_delimited(lx, tok, TOK_LITERAL, ']', true))
			scan_word(lx, tok);
		break;
	case '<':
		if (!scan_delimited(lx, tok, TOK_ANGLE, '>', true)) {
			tok->kind = TOK_STRAY;
			tok->len = 1;
		}
		break;
	case ';':
		tok->kind = TOK_SEMICOLON;
		tok->len = 1;
		break;
	case ')':
	case '>':
		tok->kind = TOK_STRAY;
		tok->len = 1;
		break;
	default:
		scan_word(lx, tok);
		break;
	}
	lx->p += tok->len;
	return true;
}

void
lex_inner(const struct token *tok, const char **p, size_t *len)
{
	size_t skip_end;

	switch (tok->kind) {
	case TOK_COMMENT:
	case TOK_QUOTED:
	case TOK_LITERAL:
	case TOK_ANGLE:
		skip_end = (tok->flags & TOKF_UNTERMINATED) ? 0 : 1;
		if (tok->len < 1 + skip_end) {
			*p = tok->p + tok->len;
			*len = 0;
			return;
		}
		*p = tok->p + 1;
		*len = tok->len - 1 - skip_end;
		return;
	default:
		*p = tok->p;
		*len = tok->len;
		return;
	}
}
