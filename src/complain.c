/*
 * complain.c: operational errors (see complain.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "complain.h"
#include "escape.h"
#include "util.h"

void
complain(const char *what, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;
	char msg[1024];

	strbuf_init(&sb);
	strbuf_appends(&sb, "tlstrace: ");
	if (what != NULL) {
		escape_terminal(&sb, what, strlen(what));
		strbuf_appends(&sb, ": ");
	}
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	escape_terminal(&sb, msg, strlen(msg));
	strbuf_appendc(&sb, '\n');
	(void)fwrite(sb.data, 1, sb.len, stderr);
	strbuf_clear(&sb);
}
