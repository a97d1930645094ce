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

/* Appends the wanted regular files of one directory, sorted. */
static int
list_files(const char *dir, bool eml_only, struct walklist *l)
{
	struct dirent *de;
	struct stat st;
	size_t first = l->n;
	char *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return -1;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (eml_only && !is_eml(de->d_name)))
			continue;
		path = join(dir, de->d_name);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 64;
			l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
		}
		l->v[l->n++] = path;
		errno = 0;
	}
	if (errno != 0) {
		int saved = errno;

		(void)closedir(d);
		errno = saved;
		return -1;
	}
	(void)closedir(d);
	if (l->n > first)
		qsort(l->v + first, l->n - first, sizeof(*l->v), cmp_name);
	return 0;
}

int
walk_dir(const char *dir, struct walklist *l)
{
	char *cur = join(dir, "cur"), *nw = join(dir, "new");
	int rc;

	if (!(is_dir(cur) && is_dir(nw)))
		rc = list_files(dir, true, l);
	else if ((rc = list_files(nw, false, l)) == 0)
		rc = list_files(cur, false, l);
	free(cur);
	free(nw);
	return rc;
}
