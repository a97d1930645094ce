/*
 * walk.h: the message files of a directory given as input.
 *
 * A Maildir (a directory with cur/ and new/) gives every file of new/ and
 * cur/ whose name does not start with '.'; tmp/ holds deliveries in
 * progress and is skipped.  Any other directory gives its files whose
 * names end in ".eml" (any case), dot-files aside.  Subdirectories are
 * not entered.  The names come back sorted (new/ before cur/ in a
 * Maildir), so that runs are reproducible.
 *
 * Nothing is skipped without a word: a name that would be a message file
 * (a candidate) but is not a regular file, or a directory that cannot be
 * read, comes back as a skipped entry with its reason, for the caller to
 * name.  Other names (dot-files; in a plain directory, names not ending
 * in ".eml") are not candidates and are passed over silently.  No file
 * is opened: a FIFO among the candidates never blocks the walk.
 */
#ifndef TLSTRACE_WALK_H
#define TLSTRACE_WALK_H

#include <stdbool.h>
#include <stddef.h>

/* A candidate or a directory that is not listed, and why. */
struct walkskip {
	char *path;		/* owned: dir joined with the name */
	char *why;		/* owned: "symbolic link loop, skipped",
				   an errno text, ... */
	bool trouble;		/* a message may be lost (all but a
				   subdirectory, which is never entered) */
};

/* The message files found (owned path names), and the entries skipped. */
struct walklist {
	char **v;
	size_t n;
	size_t cap;
	struct walkskip *skip;
	size_t nskip;
	size_t skipcap;
};

/* Empties a list, releasing its names; the list is reusable. */
void walklist_clear(struct walklist *l);

/*
 * Appends to l the message files of the directory dir (paths joined with
 * dir), and to l->skip, in the same order:
 *   - dir itself, or a Maildir's new/ or cur/, when it cannot be read,
 *     with the errno text (the other subdirectory is still read);
 *   - each candidate that is not a regular file: a dangling symbolic
 *     link, a symbolic link loop, a FIFO, socket or device ("not a
 *     regular file"), an entry whose stat(2) fails (the errno text): all
 *     trouble; a directory ("a directory, not entered"): not trouble.
 * A symbolic link to a regular file is listed.
 */
void walk_dir(const char *dir, struct walklist *l);

#endif
