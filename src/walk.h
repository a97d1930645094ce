/*
 * walk.h: the message files of a directory given as input.
 *
 * A Maildir (a directory with cur/ and new/) gives every file of new/ and
 * cur/ whose name does not start with '.'; tmp/ holds deliveries in
 * progress and is skipped.  Any other directory gives its files whose
 * names end in ".eml" (any case).  Subdirectories are not entered.  The
 * names come back sorted (new/ before cur/ in a Maildir), so that runs
 * are reproducible.
 */
#ifndef TLSTRACE_WALK_H
#define TLSTRACE_WALK_H

#include <stdbool.h>
#include <stddef.h>

/* A list of owned path names. */
struct walklist {
	char **v;
	size_t n;
	size_t cap;
};

/* Empties a list, releasing its names; the list is reusable. */
void walklist_clear(struct walklist *l);

/*
 * Appends to l the message files of the directory dir (paths joined with
 * dir).  Returns 0, or -1 with errno set when a directory could not be
 * read (l then holds what was found before).
 */
int walk_dir(const char *dir, struct walklist *l);

#endif
