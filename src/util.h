/*
 * util.h: allocation policy, ASCII-only character classes, a growable byte
 * buffer.
 *
 * Allocation policy: the x* functions never return NULL; when memory runs
 * out they call the handler set with xalloc_set_failure_handler(), which
 * must not return: main.c's prints one line and leaves with the exit
 * status of the mode (2 in batch, 75 in --filter).  util.c never exits;
 * without a handler, or if the handler returns, it aborts.
 * A short-lived CLI gains nothing from an ENOMEM branch on every path.
 */
#ifndef TLSTRACE_UTIL_H
#define TLSTRACE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* What the x* functions call when memory runs out; must not return. */
typedef void (*xalloc_failure_fn)(void);

void *xmalloc(size_t size);
/* Sets the handler of exhaustion (NULL: abort). */
void xalloc_set_failure_handler(xalloc_failure_fn fn);
void *xcalloc(size_t nmemb, size_t size);
/* Resizes to nmemb * size bytes, failing cleanly on overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
/*
 * Fails through the handler unless size more bytes can be allocated now
 * (they are given back at once): called before handing bounded work to
 * a library, GLib, that aborts when an allocation of its own fails.
 */
void xalloc_headroom(size_t size);
/* Hands exhaustion to the handler: for a library's failed allocation. */
void xalloc_fail(void) __attribute__((noreturn));
char *xstrdup(const char *s);
/* Copies len bytes of s and adds a NUL. */
char *xmemdup0(const char *s, size_t len);

/* ASCII-only classification: never locale-dependent, safe for any byte. */
static inline bool
ascii_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
ascii_isalpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
ascii_isalnum(unsigned char c)
{
	return ascii_isdigit(c) || ascii_isalpha(c);
}

static inline bool
ascii_isxdigit(unsigned char c)
{
	return ascii_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Space, tab, CR or LF: the folding white space of a header. */
static inline bool
ascii_isspace(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline unsigned char
ascii_tolower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* True when the len bytes at s equal the string word, ignoring ASCII case. */
bool ascii_span_eq(const char *s, size_t len, const char *word);

/* True when the len bytes at s start with prefix, ignoring ASCII case. */
bool ascii_span_startswith(const char *s, size_t len, const char *prefix);

/* A growable byte buffer; always NUL-terminated after the first append. */
struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_clear(struct strbuf *sb);
/* Makes room for extra more bytes plus a NUL. */
void strbuf_reserve(struct strbuf *sb, size_t extra);
void strbuf_append(struct strbuf *sb, const char *data, size_t len);
void strbuf_appends(struct strbuf *sb, const char *s);
void strbuf_appendc(struct strbuf *sb, char c);
void strbuf_appendf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vappendf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Empties the buffer but keeps its storage. */
void strbuf_reset(struct strbuf *sb);

#endif
