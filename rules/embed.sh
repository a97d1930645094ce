#!/bin/sh
# Turns a text file into a C array definition:
#   sh embed.sh SYMBOL FILE > FILE.c
set -eu
name=$1
file=$2
printf '/* Generated from %s by embed.sh: do not edit. */\n' "${file##*/}"
printf '#include <stddef.h>\n\nconst char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$file"
printf '    "";\nconst size_t %s_len = sizeof %s - 1;\n' "$name" "$name"
