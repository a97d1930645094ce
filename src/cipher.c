/*
 * cipher.c: cipher-suite name look-up (see cipher.h).
 */
#include "config.h"

#include <string.h>

#include "cipher.h"
#include "util.h"

/* Longest name kept in the table, plus one. */
#define CIPHER_NAME_MAX	64

/* Binary search for an upper-case name of len bytes. */
static const struct cipher_info *
find(const char *upper, size_t len)
{
	size_t lo = 0, hi = cipher_table_len, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strncmp(cipher_table[mid].name, upper, len);
		if (cmp == 0 && cipher_table[mid].name[len] != '\0')
			cmp = 1;
		if (cmp == 0)
			return &cipher_table[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* True when the name ends in an Exchange curve suffix: _P256, _P384. */
static bool
has_curve_suffix(const char *s, size_t len)
{
	return len > 5 && s[len - 5] == '_' && s[len - 4] == 'P' &&
	    ascii_isdigit((unsigned char)s[len - 3]) &&
	    ascii_isdigit((unsigned char)s[len - 2]) &&
	    ascii_isdigit((unsigned char)s[len - 1]);
}

const struct cipher_info *
cipher_lookup(const char *s, size_t len)
{
	char upper[CIPHER_NAME_MAX];
	const struct cipher_info *ci;
	size_t i;

	if (len == 0 || len >= sizeof upper)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return NULL;
		upper[i] = s[i] >= 'a' && s[i] <= 'z' ?
		    (char)(s[i] - 'a' + 'A') : s[i];
	}
	upper[len] = '\0';
	if ((ci = find(upper, len)) != NULL)
		return ci;
	if (has_curve_suffix(upper, len))
		return find(upper, len - 5);
	return NULL;
}

const char *
cipher_weak_reason(const struct cipher_info *ci)
{
	static const struct {
		const char *word, *phrase;
	} reasons[] = {
		{ "rc4", "RC4, prohibited by RFC 7465" },
		{ "des", "single DES, removed by RFC 5469" },
		{ "3des", "3DES, a 64-bit block cipher (SWEET32, RFC 9325)" },
		{ "idea", "IDEA, removed by RFC 5469" },
		{ "export", "an export-grade key" },
		{ "null", "no encryption at all" },
		{ "anon", "no server authentication" },
		{ "md5", "an MD5 MAC (RFC 9325)" },
	};
	size_t i;

	if (ci == NULL || ci->weak == NULL)
		return NULL;
	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		if (strcmp(ci->weak, reasons[i].word) == 0)
			return reasons[i].phrase;
	}
	return ci->weak;
}
