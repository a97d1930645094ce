/*
 * walk.c: the message files of a directory (see walk.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"
#include "walk.h"

void
walklist_clear(struct walklist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	for (i = 0; i < l->nskip; i++) {
		free(l->skip[i].path);
		free(l->skip[i].why);
	}
	free(l->skip);
	memset(l, 0, sizeof(*l));
}

/* dir + "/" + name, owned. */
static char *
join(const char *dir, const char *name)
{
	struct strbuf sb;
	size_t dlen = strlen(dir);

	strbuf_init(&sb);
	strbuf_append(&sb, dir, dlen);
	if (dlen == 0 || dir[dlen - 1] != '/')
		strbuf_appendc(&sb, '/');
	strbuf_appends(&sb, name);
	return sb.data;
}

/* True when path is a directory. */
static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* True when the name ends in ".eml", any case. */
static bool
is_eml(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && ascii_span_eq(name + len - 4, 4, ".eml");
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_skip(const void *a, const void *b)
{
	return strcmp(((const struct walkskip *)a)->path,
	    ((const struct walkskip *)b)->path);
}

/* Appends a message file; path is taken over. */
static void
add_file(struct walklist *l, char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = path;
}

/* Appends a skipped entry; path is taken over, why copied. */
static void
add_skip(struct walklist *l, char *path, const char *why, bool trouble)
{
	struct walkskip *s;

	if (l->nskip == l->skipcap) {
		l->skipcap = l->skipcap ? 2 * l->skipcap : 8;
		l->skip = xreallocarray(l->skip, l->skipcap,
		    sizeof(*l->skip));
	}
	s = &l->skip[l->nskip++];
	s->path = path;
	s->why = xstrdup(why);
	s->trouble = trouble;
}

/*
 * Why a candidate is skipped, or NULL when it is a regular file (or a
 * symbolic link to one); *trouble says whether a message may be lost.
 * Only stat(2) and lstat(2): nothing is opened.
 */
static const char *
why_skipped(const char *path, bool *trouble)
{
	struct stat st;
	int e;

	*trouble = true;
	if (stat(path, &st) == -1) {
		e = errno;
		if (e == ELOOP)
			return "symbolic link loop, skipped";
		if (e == ENOENT && lstat(path, &st) == 0 &&
		    S_ISLNK(st.st_mode))
			return "dangling symbolic link, skipped";
		return strerror(e);
	}
	if (S_ISREG(st.st_mode))
		return NULL;
	if (S_ISDIR(st.st_mode)) {
		*trouble = false;
		return "a directory, not entered";
	}
	if (S_ISFIFO(st.st_mode))
		return "not a regular file (a FIFO), skipped";
	if (S_ISSOCK(st.st_mode))
		return "not a regular file (a socket), skipped";
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return "not a regular file (a device), skipped";
	return "not a regular file, skipped";
}

/*
 * Appends the candidates of one directory, sorted: the regular files to
 * l->v, the others to l->skip; a directory that cannot be read, or whose
 * reading fails part-way, is a skipped entry itself.
 */
static void
list_files(const char *dir, bool eml_only, struct walklist *l)
{
	struct dirent *de;
	size_t first = l->n, sfirst = l->nskip;
	const char *why;
	bool trouble;
	char *path;
	DIR *d;
	int e;

	if ((d = opendir(dir)) == NULL) {
		add_skip(l, xstrdup(dir), strerror(errno), true);
		return;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (de->d_name[0] == '.' || (eml_only && !is_eml(de->d_name)))
			continue;
		path = join(dir, de->d_name);
		if ((why = why_skipped(path, &trouble)) == NULL)
			add_file(l, path);
		else
			add_skip(l, path, why, trouble);
	}
	e = errno;
	(void)closedir(d);
	if (l->n > first)
		qsort(l->v + first, l->n - first, sizeof(*l->v), cmp_name);
	if (l->nskip > sfirst)
		qsort(l->skip + sfirst, l->nskip - sfirst, sizeof(*l->skip),
		    cmp_skip);
	if (e != 0)
		add_skip(l, xstrdup(dir), strerror(e), true);
}

void
walk_dir(const char *dir, struct walklist *l)
{
	char *cur = join(dir, "cur"), *nw = join(dir, "new");

	if (is_dir(cur) && is_dir(nw)) {
		list_files(nw, false, l);
		list_files(cur, false, l);
	} else
		list_files(dir, true, l);
	free(cur);
	free(nw);
}
