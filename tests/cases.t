#!/bin/sh
# cases.t: golden CLI cases.  Each tests/cases/NAME/ holds "cmd" (the
# arguments, run from the top source directory), "expected" (stdout) and
# "status" (the exit status), and optionally "stdin" (a file, relative to
# the top source directory, given on the standard input; else /dev/null).
# scripts/update-goldens rewrites them; its
# output must be reviewed before it is committed.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

cd "$TOP_SRCDIR"
for dir in tests/cases/*/; do
	name=$(basename "$dir")
	input=/dev/null
	[ -f "$dir/stdin" ] && input=$(cat "$dir/stdin")
	# shellcheck disable=SC2046
	run_tlstrace "$TMPDIR_T/out" "$TMPDIR_T/err" $(cat "$dir/cmd") <"$input"
	want=$(cat "$dir/status")
	ok $((st != want)) "$name: exit status $want"
	[ "$st" -eq "$want" ] || diag "got $st" "$(head -c 300 "$TMPDIR_T/err")"
	check_same "$TMPDIR_T/out" "$dir/expected" "$name: output"
done
done_testing
