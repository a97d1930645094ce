/*
 * diag.c: bounded lists of diagnostics and findings.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

void
diag_add(struct diaglist *list, const char *code, enum severity sev,
    unsigned hop, const char *fmt, ...)
{
	struct strbuf sb;
	struct diag *d;
	va_list ap;

	if (list->n >= DIAG_MAX) {
		list->dropped++;
		return;
	}
	if (list->n == list->cap) {
		list->cap = list->cap == 0 ? 8 : list->cap * 2;
		list->v = xreallocarray(list->v, list->cap, sizeof(*list->v));
	}
	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vappendf(&sb, fmt, ap);
	va_end(ap);
	if (sb.data == NULL)
		strbuf_append(&sb, "", 0);
	d = &list->v[list->n++];
	d->code = code;
	d->severity = sev;
	d->hop = hop;
	d->text = sb.data;
}

bool
diag_has(const struct diaglist *list, const char *code, unsigned hop)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (strcmp(list->v[i].code, code) == 0 &&
		    (hop == 0 || list->v[i].hop == hop))
			return true;
	}
	return false;
}

void
diag_clear(struct diaglist *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].text);
	free(list->v);
	list->v = NULL;
	list->n = 0;
	list->cap = 0;
	list->dropped = 0;
}
