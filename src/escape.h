/*
 * escape.h: safe renderings of untrusted header bytes for a terminal,
 * for JSON and for a mail header.
 *
 * Every function works on (pointer, length), needs no NUL, never reads
 * past the end and runs in time linear in the length.  UTF-8 is valid when
 * in shortest form, free of surrogates and at most U+10FFFF (Unicode
 * table 3-7).  An ill-formed stretch is split into "maximal subparts" the
 * way Unicode and the WHATWG decoder do: the longest prefix of a well-
 * formed sequence, or else a single byte.  The appending functions leave
 * sb NUL-terminated even when len is 0.
 */
#ifndef TLSTRACE_ESCAPE_H
#define TLSTRACE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/*
 * Appends len bytes of s to sb so that no byte can drive a terminal:
 * printable ASCII as is, a backslash doubled; TAB as "\t", CR "\r",
 * LF "\n"; other C0 controls (NUL included) and DEL as "\xhh".  Valid UTF-8
 * is kept, except C1 controls U+0080..U+009F, U+2028, U+2029, the bidi
 * controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069, and
 * U+FEFF, each of which becomes "\u{hhhh}".  Every byte that is not part
 * of a valid sequence becomes "\xhh".  Hex digits are lower case, always
 * 2 after \x and 4 inside \u{}: "\x1b", "\u{202e}".
 */
void escape_terminal(struct strbuf *sb, const char *s, size_t len);

/*
 * Appends s as valid UTF-8 for JSON: valid sequences kept, each maximal
 * invalid subpart replaced by U+FFFD, NUL replaced by U+FFFD.  Returns
 * the number of replacements made.  Other control characters are kept:
 * the JSON writer must still escape them.
 */
size_t escape_utf8_repair(struct strbuf *sb, const char *s, size_t len);

/*
 * Copies len bytes of serialised JSON (as jansson writes it: control
 * characters below 0x20 already escaped) to sb, writing DEL and the
 * characters escape_terminal() shows as "\u{hhhh}" (C1 controls, bidi
 * controls, U+2028, U+2029, U+FEFF) as JSON escapes "\u007f", "\u202e".
 * Such characters occur only inside JSON strings, so the result is the
 * same JSON value and safe on a terminal.  An ill-formed subpart, which
 * the writer never produces, becomes U+FFFD.
 */
void escape_json_text(struct strbuf *sb, const char *s, size_t len);

/* True when the span is valid UTF-8 (shortest form, no surrogates). */
bool utf8_is_valid(const char *s, size_t len);

/*
 * Appends s as printable ASCII only, for a mail header: bytes 0x21..0x7E
 * and space kept, TAB, CR, LF, other C0 controls and DEL one space each,
 * one '?' per valid non-ASCII UTF-8 character and one '?' per byte of an
 * invalid sequence.
 */
void escape_ascii(struct strbuf *sb, const char *s, size_t len);

/* Display width of UTF-8 text: code points, not bytes. */
size_t escape_text_width(const char *s, size_t len);

/* Appends a span through escape_terminal, or "?" when it is not set. */
struct span;
void escape_span_or_mark(struct strbuf *sb, struct span s);

#endif
