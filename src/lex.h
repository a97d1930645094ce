/*
 * lex.h: an RFC 5322 tokenizer over untrusted (pointer, end) ranges.
 *
 * It splits structured header text into words, comments (nested, with
 * quoted-pairs), quoted strings, domain literals, angle-addrs and
 * semicolons.  It never reads past the end, never allocates and takes
 * linear time whatever the nesting.
 */
#ifndef TLSTRACE_LEX_H
#define TLSTRACE_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum token_kind {
	TOK_END = 0,
	TOK_WORD,		/* atom, dot-atom or any run of other bytes */
	TOK_COMMENT,		/* "(...)", nested comments included */
	TOK_QUOTED,		/* "\"...\"" */
	TOK_LITERAL,		/* "[...]" */
	TOK_ANGLE,		/* "<...>" */
	TOK_SEMICOLON,		/* ";" */
	TOK_STRAY		/* an unmatched ")" or ">" */
};

/* Token flags. */
#define TOKF_UNTERMINATED	0x1	/* ran to the end without its closer */
#define TOKF_DEEP		0x2	/* comment nesting beyond the limit */

struct token {
	enum token_kind kind;
	const char *p;		/* the whole token, delimiters included */
	size_t len;
	unsigned flags;
	unsigned depth;		/* deepest comment nesting inside it */
};

struct lexer {
	const char *p;
	const char *end;
	unsigned depth_max;	/* depth beyond which TOKF_DEEP is set */
};

/* Starts a lexer over len bytes at p; depth_max limits comment nesting. */
void lex_init(struct lexer *lx, const char *p, size_t len,
    unsigned depth_max);

/* Skips white space and stores the next token; false at the end. */
bool lex_next(struct lexer *lx, struct token *tok);

/*
 * The inner text of a delimited token (comment, quoted string, literal,
 * angle-addr): the token without its opening and closing delimiters.
 */
void lex_inner(const struct token *tok, const char **p, size_t *len);

#endif
