/*
 * extract.h: the GMime adapter.  Parses a message's header block and
 * copies what tlstrace needs into a struct chain: the top-level Received
 * fields (unfolded, in chronological order), Message-ID, TLS-Required and
 * the body's end-to-end protection.  The only file that includes gmime.h;
 * no GLib type leaves it.
 */
#ifndef TLSTRACE_EXTRACT_H
#define TLSTRACE_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "tlstrace.h"

/* Starts and stops GMime; call once each, around all other use. */
void extract_init(void);
void extract_shutdown(void);

/*
 * Releases the calling thread's parser state: each thread but the one
 * that calls extract_shutdown calls it before it ends.
 */
void extract_thread_release(void);

/*
 * Parses len bytes of header block (the fields, without the blank line
 * that ends them) into c, which must be zeroed, with body_len bytes of
 * the body's head (body may be NULL) for its end-to-end protection: the
 * MIME structure, S/MIME content types, inline OpenPGP armor.  Parser
 * warnings about the header fields become diagnostics.  Returns 0, or -1
 * when GMime finds no message at all.
 */
int extract_headers(const char *block, size_t len, const char *body,
    size_t body_len, struct chain *c);

/*
 * Turns the bounded hand-over on (the default) or off.  On, GMime is
 * handed only the fields tlstrace reads (at most RECEIVED_MAX Received
 * fields) plus, when it may warn, a bounded head of the others, so its
 * memory is bounded whatever the block holds; off, the whole block, as a
 * reference: the result is the same either way on the corpus and the
 * blocks of tests/unit_extract.
 */
void extract_set_fast_path(bool on);

#endif
