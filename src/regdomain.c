/*
 * regdomain.c: registrable domains from the Public Suffix List (see
 * regdomain.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "regdomain.h"
#include "util.h"

struct regdomain {
	psl_ctx_t *psl;
};

struct regdomain *
regdomain_open(void)
{
	struct regdomain *rd;
	psl_ctx_t *psl;

	/* NULL: the system's file (PSL_DISTFILE) or the built-in copy. */
	if ((psl = psl_latest(NULL)) == NULL)
		return NULL;
	rd = xcalloc(1, sizeof(*rd));
	rd->psl = psl;
	return rd;
}

void
regdomain_close(struct regdomain *rd)
{
	if (rd == NULL)
		return;
	psl_free(rd->psl);
	free(rd);
}

/* True for the bytes of a host name as DNS writes them, in ASCII. */
static bool
is_name_byte(unsigned char ch)
{
	return ascii_isalnum(ch) || ch == '-' || ch == '_' || ch == '.';
}

size_t
regdomain_of(const struct regdomain *rd, const char *name, size_t len,
    const char **dom)
{
	char buf[REGDOMAIN_NAME_MAX + 1];
	const char *reg;
	bool alpha = false;
	size_t i;

	*dom = NULL;
	while (len > 0 && name[len - 1] == '.')
		len--;
	if (rd == NULL || len == 0 || len > REGDOMAIN_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_name_byte((unsigned char)name[i]))
			return 0;
		alpha |= ascii_isalpha((unsigned char)name[i]);
		buf[i] = (char)ascii_tolower((unsigned char)name[i]);
	}
	/* All digits and dots: an IPv4 address, which has no domain. */
	if (!alpha || buf[0] == '.')
		return 0;
	buf[len] = '\0';
	if ((reg = psl_registrable_domain(rd->psl, buf)) == NULL)
		return 0;
	/* reg points into buf; the same bytes of name, in its own case. */
	*dom = name + (size_t)(reg - buf);
	return len - (size_t)(reg - buf);
}
