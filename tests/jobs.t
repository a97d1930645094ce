#!/bin/sh
# jobs.t: --jobs N analyses messages in worker threads and changes
# nothing of the output: stdout, stderr and the exit status of -j1 and
# -j4 are the same on the corpus, the samples and an mbox of good and bad
# messages, in every format; bad --jobs values are named.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
S=$TOP_SRCDIR/samples

# same_runs DESC ARGS...: -j1 and -j4 give the same stdout, stderr and
# exit status.
same_runs() {
	_desc=$1
	shift
	run_tlstrace "$T/out1" "$T/err1" -j1 "$@"
	st1=$st
	run_tlstrace "$T/out4" "$T/err4" --jobs=4 "$@"
	[ "$st1" -eq "$st" ]; ok $? "$_desc: same exit status ($st1, $st)"
	check_same "$T/out4" "$T/out1" "$_desc: same output"
	check_same "$T/err4" "$T/err1" "$_desc: same lines on stderr"
}

# An mbox whose messages the pool must keep in order: good ones, a
# header-only one, an empty one, garbage, a message with no Received.
{
	for f in "$S"/*.eml; do
		printf 'From a@example.net Mon Nov 23 10:00:00 2026\n'
		cat "$f"
		printf '\n'
	done
	printf 'From b@example.net Mon Nov 23 10:00:00 2026\n'
	printf 'Subject: header only\n'
	printf 'From c@example.net Mon Nov 23 10:00:00 2026\n\n'
	printf 'From d@example.net Mon Nov 23 10:00:00 2026\n'
	printf '\001\002 not a header at all\n\nbody\n'
	printf 'From e@example.net Mon Nov 23 10:00:00 2026\n'
	printf 'Subject: no trace fields\n\nbody\n'
	for f in "$S"/*.eml; do
		printf 'From f@example.net Mon Nov 23 10:00:00 2026\n'
		cat "$f"
		printf '\n'
	done
} >"$T/mixed.mbox"

same_runs "mixed mbox, text" "$T/mixed.mbox"
[ "$st" -eq 2 ]; ok $? "mixed mbox: the bad messages make it exit 2"
grep -q 'mixed.mbox: message' "$T/err4"; ok $? "mixed mbox: the bad messages are named"
same_runs "mixed mbox, -v" -v "$T/mixed.mbox"
same_runs "mixed mbox, ndjson" --format=ndjson "$T/mixed.mbox"
same_runs "mixed mbox, summary" --summary "$T/mixed.mbox"
same_runs "mixed mbox, summary-only json" --summary-only --json "$T/mixed.mbox"
same_runs "mixed mbox, html" --format=html "$T/mixed.mbox"
# Errors between inputs keep their place among the messages' lines.
same_runs "inputs with errors between them" --format=ndjson "$T/mixed.mbox" \
    "$T/missing.eml" "$S" "$T/mixed.mbox"

if [ -d "$CORPUS_DIR" ]; then
	same_runs "corpus, text -v" -v "$CORPUS_DIR"
	same_runs "corpus, ndjson" --format=ndjson "$CORPUS_DIR"
	same_runs "corpus, summary-only" --summary-only "$CORPUS_DIR"
else
	for i in 1 2 3 4 5 6 7 8 9; do
		skip "corpus under -j4" "no corpus at $CORPUS_DIR"
	done
fi

# The default is one job per CPU: the same output again.
run_tlstrace "$T/outd" "$T/errd" --format=ndjson "$T/mixed.mbox"
run_tlstrace "$T/out1" "$T/err1" -j1 --format=ndjson "$T/mixed.mbox"
check_same "$T/outd" "$T/out1" "the default --jobs gives the output of -j1"

# A reader that goes away: the same quiet exit 2, no report lost in a
# worker, no hang.
if [ -w /dev/full ]; then
	$HANG_GUARD "$TLSTRACE" -j4 "$T/mixed.mbox" >/dev/full 2>"$T/err"
	st=$?
	[ "$st" -eq 2 ]; ok $? "-j4 to /dev/full: exit 2 ($st)"
	grep -q 'stdout: write error' "$T/err"; ok $? "-j4 to /dev/full: the write error is named"
else
	skip "-j4 to /dev/full" "no /dev/full"
	skip "-j4 to /dev/full: named" "no /dev/full"
fi

# Bad values: one line naming the option, exit 2.
for bad in 0 257 -1 x 4x ''; do
	run_tlstrace "$T/out" "$T/err" --jobs="$bad" "$S/gmail-pass.eml"
	[ "$st" -eq 2 ] && grep -q -- "--jobs: '$bad' is not a number of jobs" "$T/err"
	ok $? "--jobs='$bad' is refused with exit 2"
done
run_tlstrace "$T/out" "$T/err" -j 256 "$S/gmail-pass.eml"
[ "$st" -eq 0 ]; ok $? "-j 256 is accepted"

done_testing
