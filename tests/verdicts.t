#!/bin/sh
# verdicts.t: the verdict, first offender and hop count of every corpus
# message match the reviewed snapshot tests/corpus.expected, so that a
# change to any of them fails here.  After a deliberate change, run
# scripts/update-goldens, review "git diff tests/corpus.expected" and say
# in the commit message which verdicts changed and why.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

expected=$TESTS_SRCDIR/corpus.expected
if [ ! -d "$CORPUS_DIR" ]; then
	echo "1..0 # SKIP corpus not found at $CORPUS_DIR"
	exit 0
fi
plan 2
export TLSTRACE JSONCHECK CORPUS_DIR HANG_GUARD VALGRIND_CMD
sh "$TESTS_SRCDIR/corpus-snapshot" >"$TMPDIR_T/got" 2>"$TMPDIR_T/err"
ok $? "corpus-snapshot ran over $CORPUS_DIR"
[ -s "$TMPDIR_T/err" ] && diag "$(head -c 400 "$TMPDIR_T/err")"
check_same "$TMPDIR_T/got" "$expected" \
    "every corpus verdict as in tests/corpus.expected"
done_testing
