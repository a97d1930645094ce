#!/bin/sh
# Turns rules/ciphers.tab into a C array sorted by upper-case name:
#   sh cipher-table.sh ciphers.tab > cipher_table.c
# A malformed line stops the build with FILE:LINE and the reason.
set -eu
file=$1
LC_ALL=C
export LC_ALL
tmp=${TMPDIR:-/tmp}/cipher-table.$$
trap 'rm -f "$tmp" "$tmp.raw"' EXIT
awk -v file="${file##*/}" '
/^#/ || NF == 0 { next }
NF != 4 { printf "%s:%d: want NAME LEAST-VERSION KEY-BITS WEAK\n", file, NR > "/dev/stderr"; bad = 1; exit 1 }
$1 !~ /^[A-Za-z0-9_-]+$/ || length($1) > 63 { printf "%s:%d: bad name %s\n", file, NR, $1 > "/dev/stderr"; bad = 1; exit 1 }
$2 !~ /^(SSLv3|TLSv1\.[0-3])$/ { printf "%s:%d: bad version %s\n", file, NR, $2 > "/dev/stderr"; bad = 1; exit 1 }
$3 !~ /^[0-9]+$/ { printf "%s:%d: bad key bits %s\n", file, NR, $3 > "/dev/stderr"; bad = 1; exit 1 }
$4 !~ /^(-|rc4|des|3des|idea|export|null|anon|md5)$/ { printf "%s:%d: bad weakness %s\n", file, NR, $4 > "/dev/stderr"; bad = 1; exit 1 }
{
	v = $2 == "SSLv3" ? "TLSVER_SSL3" : "TLSVER_TLS1" substr($2, 7, 1)
	w = $4 == "-" ? "NULL" : "\"" $4 "\""
	printf "%s\t{ \"%s\", %s, %d, %s },\n", toupper($1), toupper($1), v, $3, w
}' "$file" >"$tmp.raw"
sort -t '	' -k1,1 "$tmp.raw" >"$tmp"
dups=$(cut -f1 "$tmp" | uniq -d | head -1)
if [ -n "$dups" ]; then
	echo "${file##*/}: $dups is listed twice" >&2
	exit 1
fi
printf '/* Generated from %s by cipher-table.sh: do not edit. */\n' "${file##*/}"
printf '#include "cipher.h"\n\nconst struct cipher_info cipher_table[] = {\n'
cut -f2- "$tmp"
printf '};\nconst size_t cipher_table_len = sizeof cipher_table / sizeof cipher_table[0];\n'
