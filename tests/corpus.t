#!/bin/sh
# corpus.t: every message of the shared public corpus gives valid JSON,
# the exit status of its verdict (pass 0, fail 1, unknown 3) and nothing
# on stderr.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
JSONCHECK=${JSONCHECK:-$(dirname "$TLSTRACE")/../tests/jsoncheck}

if [ ! -d "$CORPUS_DIR" ]; then
	echo "1..0 # SKIP corpus not found at $CORPUS_DIR"
	exit 0
fi
for f in "$CORPUS_DIR"/*.eml; do
	name=${f##*/}
	run_tlstrace "$TMPDIR_T/out" "$TMPDIR_T/err" --json "$f"
	good=1
	verdict=$("$JSONCHECK" verdict <"$TMPDIR_T/out" 2>/dev/null) || good=0
	case $verdict in
	pass)	want=0 ;;
	fail)	want=1 ;;
	unknown) want=3 ;;
	*)	want=none; good=0 ;;
	esac
	[ "$st" = "$want" ] || good=0
	[ -s "$TMPDIR_T/err" ] && good=0
	ok $((1 - good)) "$name: $verdict, exit $st"
	if [ $good -eq 0 ]; then
		diag "$(head -c 400 "$TMPDIR_T/err")"
	fi
done
done_testing
