#!/bin/sh
# fuzz.t: the libFuzzer harnesses.  Every committed crash input
# (tests/fuzz/crashes/HARNESS/) must run clean; this is all "make check"
# does.  With FUZZ_SECONDS > 0 ("make fuzz-check", 20 s by default) each
# harness then fuzzes for that long from the seeds of tests/fuzz/mkseeds.
# Skipped when configure found no clang with libFuzzer, or was run with
# --disable-fuzz.  The long campaign is described in RELIABILITY.md.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
: "${FUZZ_BINDIR:=$(dirname "$TLSTRACE")/../tests/fuzz}"
: "${FUZZ_SECONDS:=0}"

case ${HAVE_LIBFUZZER:-no} in
yes)	;;
disabled)
	echo "1..0 # SKIP configured with --disable-fuzz"
	exit 0
	;;
*)	echo "1..0 # SKIP configure found no clang with libFuzzer (install clang and libclang-rt-14-dev)"
	exit 0
	;;
esac
if [ "$FUZZ_SECONDS" -gt 0 ]; then
	[ -d "$CORPUS_DIR" ] || diag "corpus not found at $CORPUS_DIR:" \
	    "seeds from the samples, vectors and rules only"
	"$TESTS_SRCDIR/fuzz/mkseeds" "$TMPDIR_T/seeds" "$CORPUS_DIR" >/dev/null
fi
for h in received rules message input filter; do
	bin=$FUZZ_BINDIR/fuzz_$h
	if [ ! -x "$bin" ]; then
		ok 1 "fuzz_$h is built"
		continue
	fi
	crashes=$(find "$TESTS_SRCDIR/fuzz/crashes/$h" -type f 2>/dev/null |
	    sort)
	if [ -n "$crashes" ]; then
		# shellcheck disable=SC2086
		"$bin" $crashes >"$TMPDIR_T/log" 2>&1
		st=$?
		ok $st "fuzz_$h: $(echo "$crashes" | wc -l) committed crash inputs run clean"
		[ $st -eq 0 ] || diag "$(grep -m5 'ERROR\|SUMMARY\|abort' "$TMPDIR_T/log")"
	fi
	[ "$FUZZ_SECONDS" -gt 0 ] || continue
	mkdir -p "$TMPDIR_T/work-$h" "$TMPDIR_T/art-$h"
	# The reader and the filter need inputs over 1 MiB to reach their
	# long paths; the others work on one header block or field.
	case $h in input|filter) max_len=1300000 ;; *) max_len=8192 ;; esac
	"$bin" -max_total_time="$FUZZ_SECONDS" -max_len="$max_len" -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$TMPDIR_T/art-$h/" \
	    "$TMPDIR_T/work-$h" "$TMPDIR_T/seeds/$h" >"$TMPDIR_T/log" 2>&1
	st=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$TMPDIR_T/log")
	ok $st "fuzz_$h: ${runs:-?} runs in ${FUZZ_SECONDS}s, no crash"
	if [ $st -ne 0 ]; then
		diag "$(grep -m5 'ERROR\|SUMMARY\|abort\|outside' "$TMPDIR_T/log")"
		diag "inputs kept in: $(ls "$TMPDIR_T/art-$h")"
		for f in "$TMPDIR_T/art-$h"/*; do
			[ -f "$f" ] && cp "$f" "./fuzz-$h-${f##*/}" || true
		done
	fi
done
done_testing
