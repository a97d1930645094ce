#!/bin/sh
# corpus.t: every message of the shared public corpus gives valid JSON,
# an exit status of 0, 1 or 3, and nothing on stderr.
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
	case $st in 0|1|3) ;; *) good=0 ;; esac
	[ -s "$TMPDIR_T/err" ] && good=0
	"$JSONCHECK" <"$TMPDIR_T/out" >/dev/null 2>&1 || good=0
	ok $((1 - good)) "$name (exit $st)"
	if [ $good -eq 0 ]; then
		diag "$(head -c 400 "$TMPDIR_T/err")"
	fi
done
done_testing
