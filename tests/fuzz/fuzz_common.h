/*
 * fuzz_common.h: checks shared by the libFuzzer harnesses.
 *
 * A harness aborts (and libFuzzer records a crash) when a span leaves
 * its buffer or when an output breaks its promise: a text report with a
 * control byte, JSON that is not valid UTF-8.
 */
#ifndef TLSTRACE_FUZZ_COMMON_H
#define TLSTRACE_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "escape.h"
#include "tlstrace.h"

/* Aborts unless the span is unset or lies inside base[0 .. len). */
static inline void
fuzz_span_inside(struct span s, const char *base, size_t len,
    const char *what)
{
	if (!SPAN_IS_SET(s))
		return;
	if (s.p < base || s.len > len || s.p > base + len - s.len) {
		(void)fprintf(stderr, "span %s outside its buffer\n", what);
		abort();
	}
}

/* Reads every byte of a span, so a sanitizer sees a stray pointer. */
static inline unsigned
fuzz_touch(struct span s)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; SPAN_IS_SET(s) && i < s.len; i++)
		sum += (unsigned char)s.p[i];
	return sum;
}

/* Checks every span of a parsed hop against the field it came from. */
static inline unsigned
fuzz_check_hop(const struct hop *h, const char *base, size_t len)
{
	const struct received *r = &h->rcv;
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < CLAUSE_COUNT; i++) {
		fuzz_span_inside(r->clause[i].text, base, len, "clause.text");
		fuzz_span_inside(r->clause[i].value, base, len, "clause.value");
		fuzz_span_inside(r->clause[i].first, base, len, "clause.first");
		sum += fuzz_touch(r->clause[i].value);
	}
	if (r->ncomments > COMMENT_MAX)
		abort();
	for (i = 0; i < r->ncomments; i++) {
		fuzz_span_inside(r->comment[i].text, base, len, "comment");
		sum += fuzz_touch(r->comment[i].text);
	}
	fuzz_span_inside(r->helo, base, len, "helo");
	fuzz_span_inside(r->rdns, base, len, "rdns");
	fuzz_span_inside(r->ip, base, len, "ip");
	fuzz_span_inside(r->date_text, base, len, "date_text");
	fuzz_span_inside(h->cipher, base, len, "cipher");
	if (h->nevidence > EVIDENCE_MAX)
		abort();
	for (i = 0; i < h->nevidence; i++) {
		fuzz_span_inside(h->evidence[i].text, base, len, "evidence");
		sum += fuzz_touch(h->evidence[i].text);
	}
	return sum;
}

/*
 * Aborts unless out[0 .. len) is valid UTF-8 (escape.c's decoder) with no
 * control byte but LF and none of the characters a terminal acts on: C1
 * and bidi controls, U+2028, U+2029, U+FEFF (escape_terminal's set).
 */
static inline void
fuzz_terminal_safe(const char *out, size_t len, const char *what)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t i;
	uint32_t cp;

	if (!utf8_is_valid(out, len)) {
		(void)fprintf(stderr, "%s: not valid UTF-8\n", what);
		abort();
	}
	for (i = 0; i < len; i++) {
		if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f) {
			(void)fprintf(stderr, "%s: byte 0x%02x at %zu\n", what,
			    p[i], i);
			abort();
		}
		if (p[i] == 0xc2 && i + 1 < len)
			cp = p[i + 1] & 0x3f;		/* U+0080..U+00BF */
		else if ((p[i] & 0xf0) == 0xe0 && i + 2 < len)
			cp = (uint32_t)(p[i] & 0x0f) << 12 |
			    (uint32_t)(p[i + 1] & 0x3f) << 6 | (p[i + 2] & 0x3f);
		else
			continue;
		if ((p[i] == 0xc2 && p[i + 1] <= 0x9f) || cp == 0x061c ||
		    cp == 0x200e || cp == 0x200f || cp == 0x2028 ||
		    cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff) {
			(void)fprintf(stderr, "%s: U+%04x at %zu\n", what,
			    (unsigned)cp, i);
			abort();
		}
	}
}

#endif
