/*
 * datetime.h: the date-time of a Received field, parsed and formatted.
 *
 * The input is untrusted bytes: the parser works on (pointer, length),
 * never reads past the end, needs no NUL, folds case in ASCII only and
 * runs in time linear in the length.
 */
#ifndef TLSTRACE_DATETIME_H
#define TLSTRACE_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A buffer of this size always holds an ISO date and its NUL. */
#define DATETIME_ISO_MAX 21

/*
 * Parses an RFC 5322 date-time as found after the ';' of a Received field,
 * tolerant of the obsolete and real-world forms.  The whole span must be a
 * date, save for white space around it and one trailing parenthesised
 * comment such as "(PDT)".  Accepted forms:
 *
 *	[Mon[day][,]] 28 Aug 2023 02:21:37 [zone] [(comment)]
 *	[Mon[day][,]] Aug 28 02:21:37 2023 [zone] [(comment)]
 *	[Mon[day][,]] Aug 28 02:21:37 zone 2023 [(comment)]
 *	2023-08-28[T| ]02:21:37[zone] [(comment)]
 *
 * Names of days and months are English, whole or in three letters (and
 * "Sept"), in any ASCII case; the day of the week is not checked against
 * the date.  A year of 2 digits is 2000..2049 for 00..49 and 1950..1999
 * for 50..99; one of 3 digits has 1900 added (RFC 5322 section 4.3); the
 * result must lie in 1900..9999.  The time is h:mm or hh:mm[:ss[.frac]];
 * the fraction is dropped and a leap second 60 counts as 59.
 *
 * The zone is "+hhmm", "-hhmm", "+hh:mm" or "-hh:mm" (hh <= 23, mm <= 59);
 * UT, UTC, GMT and Z (offset 0); EST EDT CST CDT MST MDT PST PDT; any other
 * run of 1 to 5 letters (CEST, military letters and the like) is taken as
 * "-0000", an unknown offset, and yields 0, as RFC 5322 section 4.3 says.
 * A missing zone yields 0 too.  A zone must be set off from the time by
 * white space, except in the ISO form ("02:21:37Z", "02:21:37+02:00").
 *
 * On success stores the seconds since the epoch in *utc and the offset
 * in minutes east of UTC in *tzoff and returns true; on failure returns
 * false and leaves both untouched.
 */
bool datetime_parse(const char *s, size_t len, int64_t *utc, int *tzoff);

/*
 * Writes utc as "2026-11-23T10:00:00Z" (always UTC, always 20 bytes) and a
 * NUL into buf.  Returns 20, or 0 (with buf emptied when size > 0) if size
 * is below DATETIME_ISO_MAX or the year falls outside 0..9999.
 */
size_t datetime_format_iso(int64_t utc, char *buf, size_t size);

#endif
