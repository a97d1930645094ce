#!/bin/sh
# style.t: what HACKING.md says of the code and a machine can check.
# Its module table names exactly the files of src/ (less the generated
# ones, BUILT_SOURCES); gmime.h, pcre2.h, libpsl.h and jansson.h are
# included only by the modules named for them; only main.c calls exit();
# no line of src/ is longer than 80 columns.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
cd "$TOP_SRCDIR" || exit 1
plan 8

# The module table: the src/ names in the rows of the "| file |" table.
sed -n '/^| file | its job |$/,/^$/p' HACKING.md |
    grep -o '`src/[A-Za-z0-9_]*\.[ch]`' | tr -d '`' | sort -u \
    >"$TMPDIR_T/listed"
# Less the generated files (BUILT_SOURCES), which an in-tree build puts
# in src/ too.
sed -n 's/^BUILT_SOURCES = //p' Makefile.am | tr ' ' '\n' | grep . \
    >"$TMPDIR_T/built"
ls src/*.c src/*.h | grep -v -x -F -f "$TMPDIR_T/built" | sort \
    >"$TMPDIR_T/present"
comm -13 "$TMPDIR_T/listed" "$TMPDIR_T/present" >"$TMPDIR_T/unlisted"
comm -23 "$TMPDIR_T/listed" "$TMPDIR_T/present" >"$TMPDIR_T/gone"
[ -s "$TMPDIR_T/listed" ] && [ ! -s "$TMPDIR_T/unlisted" ]
ok $? "HACKING.md describes every file of src/"
[ -s "$TMPDIR_T/unlisted" ] && diag "not in HACKING.md:" \
    "$(cat "$TMPDIR_T/unlisted")"
[ ! -s "$TMPDIR_T/gone" ]
ok $? "every src/ file HACKING.md describes exists"
[ -s "$TMPDIR_T/gone" ] && diag "no such file:" "$(cat "$TMPDIR_T/gone")"

# only_in HEADER FILE...: HEADER is included by those files, no others.
only_in() {
	_h=$1
	shift
	grep -l "^#include <$_h>" src/*.c src/*.h >"$TMPDIR_T/incl"
	[ "$(cat "$TMPDIR_T/incl")" = "$(printf '%s\n' "$@")" ] ||
	    { diag "<$_h> included by:" "$(cat "$TMPDIR_T/incl")"; return 1; }
}
only_in gmime/gmime.h src/extract.c; ok $? "only extract.c includes gmime.h"
only_in pcre2.h src/rules.c; ok $? "only rules.c includes pcre2.h"

only_in libpsl.h src/regdomain.c; ok $? "only regdomain.c includes libpsl.h"
only_in jansson.h src/report_json.c src/summary_json.c
ok $? "only report_json.c and summary_json.c include jansson.h"

# exit() and _exit() outside main.c, comment lines aside.
grep -n '\b_\{0,1\}exit *(' src/*.c | grep -v '^src/main\.c:' |
    grep -v '^[^:]*:[0-9]*:[[:space:]]*\(/\*\|\*\)' >"$TMPDIR_T/exits"
[ ! -s "$TMPDIR_T/exits" ]; ok $? "only main.c calls exit()"
[ -s "$TMPDIR_T/exits" ] && diag "$(cat "$TMPDIR_T/exits")"

# Lines of at most 80 columns, a tab reaching the next multiple of 8, in
# the files of src/ less the generated ones ("present" above).
xargs awk '{
	col = 0
	for (i = 1; i <= length($0); i++)
		if (substr($0, i, 1) == "\t")
			col += 8 - col % 8
		else
			col++
	if (col > 80)
		print FILENAME ":" FNR ": " col " columns"
}' <"$TMPDIR_T/present" >"$TMPDIR_T/long"
[ -s "$TMPDIR_T/present" ] && [ ! -s "$TMPDIR_T/long" ]
ok $? "no line of src/ exceeds 80 columns"
[ -s "$TMPDIR_T/long" ] && diag "longer than 80 columns:" \
    "$(cat "$TMPDIR_T/long")"
done_testing
