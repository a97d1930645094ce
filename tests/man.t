#!/bin/sh
# man.t: the manual pages lint cleanly, and every option of usage() is in
# tlstrace(1).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
MAN1=$TOP_SRCDIR/man/tlstrace.1
MAN5=$TOP_SRCDIR/man/tlstrace-rules.5

if command -v groff >/dev/null 2>&1; then
	for page in "$MAN1" "$MAN5"; do
		out=$(groff -mdoc -ww -z "$page" 2>&1)
		[ -z "$out" ]; ok $? "${page##*/} lints cleanly"
		[ -z "$out" ] || diag "$out"
	done
else
	skip "tlstrace.1 lints cleanly" "groff is not installed"
	skip "tlstrace-rules.5 lints cleanly" "groff is not installed"
fi

"$TLSTRACE" --help >"$TMPDIR_T/help"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMPDIR_T/help" | sort -u); do
	name=${opt#--}
	grep -q "^\.Fl \(.*\)\?-$name\b" "$MAN1" || grep -q "Fl -$name" "$MAN1"
	ok $? "option $opt is documented in tlstrace(1)"
done
# Every finding and diagnostic code the sources emit is documented.
codes=$(cat "$TOP_SRCDIR"/src/*.c | tr '\n' ' ' |
    grep -oE 'diag_add\([^"]*"[^"]*"' | sed 's/.*"\(.*\)"$/\1/' |
    grep -v '^$' | sort -u)
[ -n "$codes" ]; ok $? "codes found in the sources"
for code in $codes; do
	grep -q "^\.It \(.*[ ,]\)\?$code\b" "$MAN1"
	ok $? "code $code is documented in tlstrace(1)"
done
done_testing
