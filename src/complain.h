/*
 * complain.h: operational errors, one line each on stderr.
 */
#ifndef TLSTRACE_COMPLAIN_H
#define TLSTRACE_COMPLAIN_H

/*
 * Prints "tlstrace: what: message" (or "tlstrace: message" when what is
 * NULL) as one line on stderr.  A file name is untrusted and so is a
 * message that quotes a file: both are escaped as the reports are
 * (controls, invalid UTF-8, bidi controls), so the line stays one safe
 * line.
 */
void complain(const char *what, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
