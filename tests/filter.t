#!/bin/sh
# filter.t: --filter copies the message through byte for byte, adding one
# field at the top; hostile inputs come out unchanged; exit 0 whenever the
# message was written, 75 when it was not; memory does not grow with the
# body; real filter hosts (procmail, maildrop) deliver the result.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
UNFILTER=${UNFILTER:-$(dirname "$TLSTRACE")/../tests/unfilter}
T=$TMPDIR_T
# Megabytes of body for the constant-memory runs (1024 for the full 1 GB).
BIG_MB=${TLSTRACE_BIG_MB:-256}

# filter_ok FILE DESC [ARGS...]: filters FILE; passes when the exit status
# is 0 and the output minus the added field is FILE, byte for byte.
filter_ok() {
	_f=$1
	_d=$2
	shift 2
	$HANG_GUARD $VALGRIND_CMD "$TLSTRACE" --filter "$@" <"$_f" \
	    >"$T/fout" 2>"$T/ferr"
	st=$?
	"$UNFILTER" TLS-Trace <"$T/fout" >"$T/back" 2>"$T/uerr"
	_u=$?
	if [ "$st" -eq 0 ] && [ "$_u" -eq 0 ] && cmp -s "$T/back" "$_f"; then
		ok 0 "$_d"
	else
		ok 1 "$_d"
		diag "exit $st" "$(cat "$T/uerr" "$T/ferr")" \
		    "$(head -c 300 "$T/fout")"
	fi
}

# filter_none FILE DESC: exit 0, output identical, no field added.
filter_none() {
	$HANG_GUARD $VALGRIND_CMD "$TLSTRACE" --filter <"$1" >"$T/fout" \
	    2>"$T/ferr"
	st=$?
	cmp -s "$T/fout" "$1" && [ "$st" -eq 0 ]
	ok $? "$2"
}

# field VALUE-OF: the unfolded value of the added field in $T/fout.
field() {
	"$UNFILTER" -v TLS-Trace <"$T/fout" 2>&1 >/dev/null |
	    sed 's/^[^:]*: //'
}

one_hop ESMTP >"$T/plain.eml"
one_hop ESMTPS >"$T/tls.eml"

# The samples, and the field's content.
for f in "$TOP_SRCDIR"/samples/*.eml; do
	filter_ok "$f" "samples/${f##*/} passes through"
done
filter_ok "$T/plain.eml" "a plaintext hop passes through"
[ "$(field)" = "fail; hops=1; public=1; tls=0; plaintext-hop=1 by=mx.example.org from=mail.example.net ip=8.8.8.8; findings=plaintext-public-hop" ]
ok $? "the field names the verdict, the counts and the plaintext hop"
[ ! -s "$T/ferr" ]; ok $? "nothing on stderr"
filter_ok "$T/tls.eml" "a TLS hop passes through"
[ "$(field)" = "pass; hops=1; public=1; tls=1" ]; ok $? "pass: counts only"

# Line endings: CRLF, LF, bare CR; the field uses the message's own.
sed 's/$/\r/' "$T/plain.eml" >"$T/crlf.eml"
filter_ok "$T/crlf.eml" "CRLF: unchanged, field ends in CRLF"
[ "$(field)" = "fail; hops=1; public=1; tls=0; plaintext-hop=1 by=mx.example.org from=mail.example.net ip=8.8.8.8; findings=plaintext-public-hop" ]
ok $? "CRLF: analysed like LF"
tr '\n' '\r' <"$T/plain.eml" >"$T/cr.eml"
filter_ok "$T/cr.eml" "bare CR: unchanged, field ends in CR"
case $(field) in fail\;*) ok 0 "bare CR: analysed" ;; *) ok 1 "bare CR: analysed" ;; esac

# A leading mbox From line stays first.
{ printf 'From sender@example.net Mon Nov 23 10:00:00 2026\n'; cat "$T/tls.eml"; } >"$T/from.eml"
filter_ok "$T/from.eml" "a From line stays first, the field after it"
head -n 1 "$T/fout" | grep -q '^From sender@example.net '; ok $? "the From line is line 1"

# Upstream fields of the same name are kept, never trusted, and removed
# with --strip-existing (also when folded, and case-insensitively).
{ printf 'TLS-Trace: pass; hops=1; public=1; tls=1\n'; printf 'tls-trace : pass;\n forged=yes\n'; cat "$T/plain.eml"; } >"$T/forged.eml"
filter_ok "$T/forged.eml" "upstream fields are kept by default"
case $(field) in fail\;*) ok 0 "and do not change the verdict" ;; *) ok 1 "and do not change the verdict" ;; esac
"$TLSTRACE" --filter --strip-existing <"$T/forged.eml" >"$T/fout" 2>"$T/ferr"; st=$?
"$UNFILTER" TLS-Trace <"$T/fout" >"$T/back"
ok $((st != 0)) "--strip-existing exits 0"
check_same "$T/back" "$T/plain.eml" "--strip-existing removes them, folded lines too"
printf 'X-TLS: a\nSubject: x\n\nTLS-Trace: body line\n' >"$T/bodyfield.eml"
"$TLSTRACE" --filter --strip-existing <"$T/bodyfield.eml" | tail -n 1 >"$T/last"
printf 'TLS-Trace: body line\n' >"$T/want"
check_same "$T/last" "$T/want" "--strip-existing never touches the body"
"$TLSTRACE" --filter --header-name X-TLS --strip-existing <"$T/bodyfield.eml" >"$T/fout"; st=$?
"$UNFILTER" X-TLS <"$T/fout" >"$T/back"; ok $? "--header-name names the field"
printf 'Subject: x\n\nTLS-Trace: body line\n' >"$T/want"
check_same "$T/back" "$T/want" "and --strip-existing removes that name"
run_tlstrace "$T/out" "$T/err" --filter --header-name 'Bad:Name' <"$T/tls.eml"
ok $((st != 75)) "a bad --header-name exits 75 in filter mode"

# Hostile inputs: unchanged, exit 0.
: >"$T/empty.eml"
filter_none "$T/empty.eml" "empty input: empty output, exit 0"
RANDOM_BIN=$TESTS_SRCDIR/data/random-64k.bin
{ printf 'Subject: x\n'; head -c 4096 "$RANDOM_BIN"; } >"$T/binbody.eml"
filter_ok "$T/binbody.eml" "binary body: unchanged"
{ printf 'A'; tr -d ' \t\r\n' <"$RANDOM_BIN"; } >"$T/binary.eml"
filter_ok "$T/binary.eml" "binary garbage: unchanged, field added"
case $(field) in unknown\;*reason=*) ok 0 "garbage: unknown with a reason" ;; *) ok 1 "garbage: unknown with a reason" ;; esac
{ printf 'Subject: '; head -c 1048576 /dev/zero | tr '\0' 'x'; printf '\n'; cat "$T/plain.eml"; } >"$T/longline.eml"
filter_ok "$T/longline.eml" "a 1 MB header line: unchanged"
head -c 150 "$T/plain.eml" >"$T/truncated.eml"
filter_ok "$T/truncated.eml" "a message cut inside a field: unchanged"
printf 'Subject: no blank line\nX-A: b' >"$T/noblank.eml"
filter_ok "$T/noblank.eml" "no blank line, no final newline: unchanged"
printf '  \t\n \nSubject: x\n\nbody\n' >"$T/wsplines.eml"
filter_ok "$T/wsplines.eml" "lines of white space first: the field goes after them"
printf ' starts with white space\nSubject: x\n\nbody\n' >"$T/wsp.eml"
filter_none "$T/wsp.eml" "a first line that would fold into the field: no field"
printf '\n\nbody only\n' >"$T/nohdr.eml"
filter_ok "$T/nohdr.eml" "no header fields: unchanged"
{ i=0; while [ $i -lt 300 ]; do cat "$T/plain.eml" | head -n 3; i=$((i + 1)); done; printf '\nbody\n'; } >"$T/many.eml"
filter_ok "$T/many.eml" "300 Received fields: unchanged"
# A header block over HEADER_BLOCK_MAX (8 MiB): unchanged, and its first
# 8 MiB judged as batch mode judges them (readers.t compares the two).
{ i=0; while [ $i -lt 9 ]; do printf 'X-Pad: '; head -c 1048576 /dev/zero | tr '\0' 'y'; printf '\n'; i=$((i + 1)); done; printf '\nbody\n'; } >"$T/hugehdr.eml"
filter_ok "$T/hugehdr.eml" "a 9 MB header block: unchanged"
[ "$(field)" = 'unknown; hops=0; public=0; tls=0; reason="no Received fields"' ]
ok $? "and judges its first 8 MiB: no Received fields"

# Exit 75 when the message cannot be written; usage errors in filter
# mode too, so that the MTA retries instead of bouncing.
if [ -w /dev/full ]; then
	"$TLSTRACE" --filter <"$T/tls.eml" >/dev/full 2>"$T/err"; st=$?
	ok $((st != 75)) "a write error exits 75"
	grep -q '^tlstrace: stdout: write error' "$T/err"; ok $? "and says so in one line"
else
	skip "a write error exits 75" "no /dev/full"
	skip "and says so in one line" "no /dev/full"
fi
# Every spelling a reader takes for the field is stripped: any run of
# blanks before the colon (80 survived the old hold buffer), any case.
{ printf 'TLS-Trace%80s: pass; forged\n' ''; printf 'tls-trace\t \t: pass\n continued\n'; cat "$T/plain.eml"; } >"$T/blanks.eml"
"$TLSTRACE" --filter --strip-existing <"$T/blanks.eml" >"$T/fout" 2>"$T/ferr"; st=$?
"$UNFILTER" TLS-Trace <"$T/fout" >"$T/back"
ok $((st != 0)) "--strip-existing with long blanks before the colon: exit 0"
check_same "$T/back" "$T/plain.eml" "--strip-existing removes a field with 80 blanks before its colon"
for n in Received return-path Resent-From ARC-Seal Authentication-Results; do
	run_tlstrace "$T/out" "$T/err" --filter --header-name "$n" --strip-existing <"$T/tls.eml"
	[ "$st" -eq 75 ] && [ ! -s "$T/out" ] && grep -q "is a trace field" "$T/err"
	ok $? "--strip-existing refuses the trace field $n (exit 75, nothing written)"
done
run_tlstrace "$T/out" "$T/err" --strip-existing "$T/tls.eml"
ok $((st != 2)) "--strip-existing without --filter is a usage error (2)"
run_tlstrace "$T/out" "$T/err" --filter --no-such-option <"$T/tls.eml"
ok $((st != 75)) "an unknown option exits 75 in filter mode"
run_tlstrace "$T/out" "$T/err" --filter "$T/tls.eml"
ok $((st != 75)) "a file argument exits 75 in filter mode"

# Constant memory: a large body through a pipe under a limit on virtual
# memory far below the body's size.
if [ -n "$VALGRIND_CMD" ]; then
	skip "a ${BIG_MB} MB message in constant memory" "valgrind run"
elif ! (ulimit -v 60000 && "$TLSTRACE" --filter <"$T/tls.eml" >/dev/null) 2>/dev/null; then
	skip "a ${BIG_MB} MB message in constant memory" "ulimit -v not usable here (sanitizer build?)"
else
	big_body() {
		yes 'a line of a very large body, repeated over and over' |
		    head -c $((BIG_MB * 1048576))
	}
	flen=$(( $("$TLSTRACE" --filter <"$T/tls.eml" | wc -c) - $(wc -c <"$T/tls.eml") ))
	want=$({ cat "$T/tls.eml"; big_body; } | cksum)
	got=$({ cat "$T/tls.eml"; big_body; } |
	    (ulimit -v 60000 && "$TLSTRACE" --filter) | tail -c +$((flen + 1)) | cksum)
	[ "$got" = "$want" ]; ok $? "a ${BIG_MB} MB message in 60 MB of address space"
fi

# Every message of the shared public corpus.
if [ -d "$CORPUS_DIR" ]; then
	n=0
	bad=0
	for f in "$CORPUS_DIR"/*.eml; do
		n=$((n + 1))
		$HANG_GUARD $VALGRIND_CMD "$TLSTRACE" --filter <"$f" \
		    >"$T/fout" 2>"$T/ferr"
		st=$?
		"$UNFILTER" TLS-Trace <"$T/fout" >"$T/back" 2>"$T/uerr"
		u=$?
		if [ $st -ne 0 ] || [ $u -ne 0 ] || [ -s "$T/ferr" ] ||
		    ! cmp -s "$T/back" "$f"; then
			bad=$((bad + 1))
			diag "${f##*/}: exit $st: $(cat "$T/uerr" "$T/ferr")"
		fi
	done
	ok $((bad != 0)) "corpus: all $n messages byte-identical plus the field, exit 0 ($bad bad)"
else
	skip "corpus through --filter" "corpus not found at $CORPUS_DIR"
fi

# Real filter hosts.  procmail's delivery through cat is the reference:
# after a filter, procmail ends a message with an empty line of its own.
if command -v procmail >/dev/null 2>&1; then
	for f in "$T/plain.eml" "$T/crlf.eml" "$TOP_SRCDIR/samples/gmail-pass.eml"; do
		for m in ref tls; do
			rm -rf "$T/pm-$m"
			mkdir -p "$T/pm-$m/cur" "$T/pm-$m/new" "$T/pm-$m/tmp"
			{
				echo "SHELL=/bin/sh"
				echo "LOGFILE=$T/procmail.log"
				if [ $m = tls ]; then
					printf ':0 fw\n| "%s" --filter\n\n' "$TLSTRACE"
				else
					printf ':0 fw\n| cat\n\n'
				fi
				printf ':0\n%s/\n' "$T/pm-$m"
			} >"$T/procmailrc"
			procmail -m "$T/procmailrc" <"$f" >/dev/null 2>&1 || true
		done
		ref=$(ls "$T/pm-ref/new" | head -n 1)
		got=$(ls "$T/pm-tls/new" | head -n 1)
		if [ -n "$ref" ] && [ -n "$got" ]; then
			"$UNFILTER" TLS-Trace <"$T/pm-tls/new/$got" >"$T/back"
			cmp -s "$T/back" "$T/pm-ref/new/$ref"
			ok $? "procmail delivers ${f##*/} into a Maildir with only the field added"
		else
			ok 1 "procmail delivers ${f##*/} into a Maildir"
			diag "$(cat "$T/procmail.log" 2>/dev/null)"
		fi
	done
else
	skip "procmail delivers through tlstrace" "procmail is not installed (scripts/install-deps --test installs it)"
fi
if command -v maildrop >/dev/null 2>&1; then
	for f in "$T/plain.eml" "$T/crlf.eml" "$TOP_SRCDIR/samples/gmail-pass.eml"; do
		rm -rf "$T/md"
		mkdir -p "$T/md/cur" "$T/md/new" "$T/md/tmp"
		printf 'xfilter "%s --filter"\nto "%s/md/"\n' "$TLSTRACE" "$T" >"$T/mailfilter"
		chmod 600 "$T/mailfilter"
		maildrop "$T/mailfilter" <"$f" >"$T/mdout" 2>&1; mst=$?
		got=$(ls "$T/md/new" | head -n 1)
		if [ "$mst" -eq 0 ] && [ -n "$got" ]; then
			"$UNFILTER" TLS-Trace <"$T/md/new/$got" >"$T/back"
			cmp -s "$T/back" "$f"
			ok $? "maildrop xfilter delivers ${f##*/} byte for byte plus the field"
		else
			ok 1 "maildrop xfilter delivers ${f##*/}"
			diag "exit $mst" "$(cat "$T/mdout")"
		fi
	done
else
	skip "maildrop delivers through tlstrace" "maildrop is not installed (scripts/install-deps --test installs it)"
fi

done_testing
