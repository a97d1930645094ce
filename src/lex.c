/*
 * lex.c: the RFC 5322 tokenizer (see lex.h).
 */
#include "config.h"

#include "lex.h"
#include "util.h"

void
lex_init(struct lexer *lx, const char *p, size_t len, unsigned depth_max)
{
	lx->p = p;
	lx->end = p + len;
	lx->depth_max = depth_max;
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
	if (depth != 0)
		tok->flags |= TOKF_UNTERMINATED;
	if (tok->depth > lx->depth_max)
		tok->flags |= TOKF_DEEP;
	tok->len = (size_t)(p - lx->p);
}

/*
 * Scans a token delimited by open .. close with quoted-pairs (quoted
 * string, domain literal, angle-addr).  A literal or angle-addr without
 * its closer falls back to a word.
 */
static bool
scan_delimited(struct lexer *lx, struct token *tok, enum token_kind kind,
    char close, bool must_close)
{
	const char *p = lx->p + 1;

	while (p < lx->end && *p != close) {
		if (*p == '\\')
			p += (p + 1 < lx->end) ? 2 : 1;
		else
			p++;
	}
	if (p >= lx->end) {
		if (must_close)
			return false;
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
	tok->kind = TOK_WORD;
	tok->len = (size_t)(p - lx->p);
}

bool
lex_next(struct lexer *lx, struct token *tok)
{
	while (lx->p < lx->end && (ascii_isspace((unsigned char)*lx->p) ||
	    *lx->p == '\0'))
		lx->p++;
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
