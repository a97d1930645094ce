/*
 * lex.h: an RFC 5322 tokenizer over untrusted (pointer, end) ranges.
 *
 * It splits structured header text into words, comments (nested, with
 * quoted-pairs), quoted strings, domain literals, angle-addrs and
 * semicolons.  It never reads past the end, never allocates and takes
 * linear time whatever the nesting: each byte of the range is examined a
 * bounded number of times (at most three), because a scan for a closing
 * ']' or '>' that reaches the end is remembered and never repeated.
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
#define TOKF_UNTERMINATED	0x1	/* ran to the end: no closer */
#define TOKF_DEEP		0x2	/* comment nesting past the limit */

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
	/*
	 * A '[' or '<' at or after these has no closer before end: learnt
	 * from a scan that reached the end (NULL: not known yet).
	 */
	const char *no_bracket_from;
	const char *no_angle_from;
	size_t steps;		/* bytes examined (work accounting) */
};

/* Starts a lexer over len bytes at p; depth_max limits comment nesting. */
void lex_init(struct lexer *lx, const char *p, size_t len,
    unsigned depth_max);

/*
 * Starts a lexer over a part of the range outer was started on (p + len
 * must not pass outer's end), keeping what outer learnt about missing
 * closers, so that lexing a field's parts again costs no further scans.
 */
void lex_init_within(struct lexer *lx, const char *p, size_t len,
    unsigned depth_max, const struct lexer *outer);

/* Skips white space and stores the next token; false at the end. */
bool lex_next(struct lexer *lx, struct token *tok);

/*
 * The inner text of a delimited token (comment, quoted string, literal,
 * angle-addr): the token without its opening and closing delimiters.
 */
void lex_inner(const struct token *tok, const char **p, size_t *len);

/*
 * Bytes examined by every lexer of this process since it started: the
 * measure of lexing work that tests compare between inputs of one size.
 */
unsigned long long lex_work_total(void);

#endif
