#!/bin/sh
# bounds.t: the per-message limits of src/tlstrace.h and the hostile
# inputs of issue 6, through the command line.  Each must give the right
# result and diagnostic; none is timed here (bench/hostile measures them).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
S=$TOP_SRCDIR/samples
DATE='Mon, 23 Nov 2026 10:00:00 +0000'

# fields N: N public ESMTPS Received fields and a Message-ID.
fields() {
	awk -v n="$1" -v d="$DATE" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "Received: from a%d.example (a [8.8.8.8]) by " \
			    "b.example with ESMTPS id %d; %s\n", i, i, d
		printf "Message-ID: <m@x>\n\nbody\n"
	}'
}

# RECEIVED_MAX (100): all analysed; one more is a diagnostic.
fields 100 >"$T/100.eml"
run_tlstrace "$T/out" "$T/err" "$T/100.eml"
ok $((st != 0)) "RECEIVED_MAX fields: pass"
! grep -q 'too-many-received' "$T/out"; ok $? "RECEIVED_MAX fields: no too-many-received"
fields 101 >"$T/101.eml"
run_tlstrace "$T/out" "$T/err" "$T/101.eml"
ok $((st != 0)) "RECEIVED_MAX + 1 fields: pass, exit 0"
grep -q '101 Received fields; the oldest 1 are not analysed \[too-many-received\]' "$T/out"
ok $? "RECEIVED_MAX + 1 fields: too-many-received names the counts"
[ "$(grep -c '^\*' "$T/out")" -eq 100 ]; ok $? "and 100 hops are analysed"

# 20,000 Received fields.
fields 20000 >"$T/20000.eml"
run_tlstrace "$T/out" "$T/err" "$T/20000.eml"
ok $((st != 0)) "20,000 Received fields: pass, exit 0"
grep -q '20000 Received fields; the oldest 19900 are not analysed' "$T/out"
ok $? "20,000 Received fields: too-many-received"
run_tlstrace "$T/out" "$T/err" --json "$T/20000.eml"
ok $((st != 0)) "20,000 fields, JSON: exit 0"
"$JSONCHECK" hops.99.index hops.100.index <"$T/out" >"$T/vals"
printf '100\n(missing)\n' >"$T/want"
check_same "$T/vals" "$T/want" "20,000 fields: JSON has exactly 100 hops"

# RECEIVED_MAX_BYTES (65536): a 1 MB field is cut, with a diagnostic.
awk -v d="$DATE" 'BEGIN {
	printf "Received: from a.example (a [8.8.8.8]) by b.example with ESMTPS"
	for (i = 0; i < 70000; i++)
		printf " (comment) word"
	printf "; %s\nMessage-ID: <m@x>\n\nbody\n", d
}' >"$T/1mb.eml"
[ "$(wc -c <"$T/1mb.eml")" -gt 1000000 ]; ok $? "a 1 MB field"
run_tlstrace "$T/out" "$T/err" "$T/1mb.eml"
ok $((st != 0)) "1 MB field: still judged (ESMTPS), exit 0"
grep -q 'longer than 65536 bytes; the rest is ignored \[received-too-long\]' "$T/out"
ok $? "1 MB field: received-too-long"
grep -q 'too-many-comments' "$T/out"; ok $? "1 MB field: too-many-comments"

# 100,000 nested comments (cut at RECEIVED_MAX_BYTES, so unterminated).
awk -v d="$DATE" 'BEGIN {
	printf "Received: from a.example (a [8.8.8.8]) by b.example "
	for (i = 0; i < 100000; i++) printf "("
	for (i = 0; i < 100000; i++) printf ")"
	printf " with ESMTPS; %s\n\nbody\n", d
}' >"$T/nest.eml"
run_tlstrace "$T/out" "$T/err" "$T/nest.eml"
ok $((st != 3)) "100,000 nested comments: unknown, exit 3"
grep -q 'comment-too-deep' "$T/out" && grep -q 'unterminated' "$T/out"
ok $? "100,000 nested comments: comment-too-deep, unterminated"

# HEADER_BLOCK_MAX (8 MiB): the rest of the header block is skipped.
awk 'BEGIN {
	printf "Received: from a.example (a [8.8.8.8]) by b.example with ESMTPS id 1; Mon, 23 Nov 2026 10:00:00 +0000\n"
	s = sprintf("%1000s", "")
	gsub(/ /, "x", s)
	for (i = 0; i < 8700; i++) printf "X-Pad-%d: %s\n", i, s
	printf "\nbody\n"
}' >"$T/9mb.eml"
run_tlstrace "$T/out" "$T/err" "$T/9mb.eml"
ok $((st != 0)) "a 9 MB header block: the first field is still judged"
grep -q 'longer than 8388608 bytes; the rest is ignored \[header-too-long\]' "$T/out"
ok $? "a 9 MB header block: header-too-long"

# 2 MB lines without a colon.
awk 'BEGIN {
	s = "x"; while (length(s) < 2097152) s = s s
	print s; print s; printf "\nbody\n"
}' >"$T/nocolon.eml"
run_tlstrace "$T/out" "$T/err" "$T/nocolon.eml"
ok $((st != 2)) "2 MB lines without a colon: exit 2"
grep -q "^tlstrace: $T/nocolon.eml: not a message: the first line is not a header field\$" "$T/err"
ok $? "and one line saying it is not a message"
awk 'BEGIN {
	s = "x"; while (length(s) < 2097152) s = s s
	print "Subject: x"; print s; print s; printf "\nbody\n"
}' >"$T/nocolon2.eml"
run_tlstrace "$T/out" "$T/err" "$T/nocolon2.eml"
# Its first line is a field, so it is a message: the lines are anomalies
# inside it, and with no Received field it is unknown, not trouble.
ok $((st != 3)) "a field then 2 MB lines without a colon: unknown, exit 3 (got $st)"
[ ! -s "$T/err" ]; ok $? "and nothing on stderr"
# 8 KB lines without a colon are handed to GMime, whose parse once ended
# in "no header fields could be parsed" (exit 2) on a name longer than its
# 4 KiB buffer: each is now an invalid field name, and a Received field
# after them is still judged.
# nocolon8k [RECEIVED]: a field, two 8 KB lines without a colon, RECEIVED.
nocolon8k() {
	awk -v r="${1:-}" 'BEGIN {
		s = "x"; while (length(s) < 8192) s = s s
		print "Subject: x"; print s; print s
		if (r != "") print r
		printf "\nbody\n"
	}'
}
nocolon8k "Received: from a.example (a [8.8.8.8]) by b.example with ESMTPS id 1; $DATE" \
    >"$T/nocolon8k.eml"
run_tlstrace "$T/out" "$T/err" "$T/nocolon8k.eml"
ok $((st != 0)) "a field, 8 KB lines without a colon, an ESMTPS hop: pass, exit 0 (got $st)"
[ ! -s "$T/err" ]; ok $? "and nothing on stderr"
grep '^note: info: invalid header field name: x\{60\} (offset [0-9]*) \[header-syntax\]$' "$T/out" |
    sed 's/.*(offset \([0-9]*\)).*/\1/' >"$T/vals"
printf '11\n8204\n' >"$T/want"
check_same "$T/vals" "$T/want" "and each long line is an invalid field name, at its offset"
nocolon8k >"$T/nocolon8k-norcv.eml"
run_tlstrace "$T/out" "$T/err" "$T/nocolon8k-norcv.eml"
ok $((st != 3)) "a field then 8 KB lines without a colon: unknown, exit 3 (got $st)"
[ ! -s "$T/err" ]; ok $? "and nothing on stderr"

# DIAG_MAX (128): the report says how many diagnostics were dropped.
awk 'BEGIN {
	for (i = 0; i < 100; i++) printf "Received: x%d\n", i
	printf "\nbody\n"
}' >"$T/diags.eml"
run_tlstrace "$T/out" "$T/err" "$T/diags.eml"
ok $((st != 3)) "100 unparsable Received fields: unknown, exit 3"
grep -q '^note: [0-9]* more not shown$' "$T/out"
ok $? "more than DIAG_MAX diagnostics: the report says some were dropped"
[ "$(grep -c '^note: [a-z]*: ' "$T/out")" -eq 128 ]; ok $? "and shows exactly DIAG_MAX"
run_tlstrace "$T/out" "$T/err" --json "$T/diags.eml"
ok $((st != 3)) "and exit 3 with --json"
"$JSONCHECK" diagnostics_dropped <"$T/out" >"$T/vals" &&
    [ "$(cat "$T/vals")" -gt 0 ]
ok $? "JSON says how many diagnostics were dropped"

# Issue 12, linear work: 100 fields of unclosed '[' (6.5 MB) once made
# the lexer rescan each field to its end for every '[' (over a minute);
# unit_bounds counts the work, this checks the result.
awk -v d="$DATE" 'BEGIN {
	for (i = 0; i < 100; i++) {
		printf "Received: from x by y "
		for (k = 0; k < 32700; k++) printf "[ "
		printf "; %s\n", d
	}
	printf "Message-ID: <m@x>\n\nbody\n"
}' >"$T/brackets.eml"
run_tlstrace "$T/out" "$T/err" --json "$T/brackets.eml"
ok $((st != 3)) "100 fields of unclosed '[': unknown, exit 3 (got $st)"
"$JSONCHECK" hops.99.date <"$T/out" >"$T/vals"
echo 2026-11-23T10:00:00Z >"$T/want"
check_same "$T/vals" "$T/want" "and the date of the 100th field is read"

# Issue 12, memory: an 8 MiB header block of tiny fields once made GMime
# build an object per field (1.7 GB for 'a:' fields and one 8-bit byte,
# 1.25 GB for a repeated To:).  Each must now run in 64 MB of address
# space, libraries included, with its verdict; and with less memory, end
# with a clean exit (2 in batch with one line naming the file, 75 in
# --filter with nothing written), never a signal.
R="Received: from a.example (a [8.8.8.8]) by b.example with ESMTPS id 1; $DATE"
awk -v r="$R" 'BEGIN {
	print r; printf "X: \351\n"
	for (i = 0; i < 2790000; i++) printf "a:\n"
	printf "\nbody\n"
}' >"$T/tiny-8bit.eml"
awk -v r="$R" 'BEGIN {
	print r; for (i = 0; i < 1390000; i++) printf "To: a\n"
	printf "\nbody\n"
}' >"$T/to.eml"
awk -v r="$R" 'BEGIN {
	for (i = 0; i < 82000; i++) print r
	printf "\nbody\n"
}' >"$T/received.eml"
awk -v r="$R" 'BEGIN {
	print r; for (i = 0; i < 640000; i++) printf "Content-X: a\n"
	printf "\nbody\n"
}' >"$T/content.eml"
if ! (ulimit -v 60000 && "$TLSTRACE" "$S/gmail-pass.eml" >/dev/null) \
    2>/dev/null; then
	skip "8 MB header blocks in 64 MB" "ulimit -v not usable here (sanitizer build?)"
else
	for f in tiny-8bit to received content; do
		[ "$(wc -c <"$T/$f.eml")" -gt 8000000 ]
		ok $? "$f: an 8 MB header block"
		(ulimit -v 65536 && exec $HANG_GUARD "$TLSTRACE" "$T/$f.eml") \
		    >"$T/out" 2>"$T/err"
		st=$?
		ok $((st != 0)) "$f: passes in 64 MB of address space (got $st)"
		grep -q '^verdict: pass' "$T/out"; ok $? "$f: and says pass"
		(ulimit -v 65536 && exec $HANG_GUARD "$TLSTRACE" --filter) \
		    <"$T/$f.eml" >"$T/out" 2>"$T/err"
		st=$?
		ok $((st != 0)) "$f: --filter passes in 64 MB (got $st)"
		grep -q '^TLS-Trace: pass' "$T/out"; ok $? "$f: --filter adds the field"
	done

	# Out of memory at several sizes, from too little to start to just short
	# of enough: never a signal; batch exits 2 with one line naming the file,
	# --filter 75 with nothing or the whole message written.
	for f in tiny-8bit received; do
		size=$(wc -c <"$T/$f.eml")
		for kb in 14000 18000 22000 26000 30000 40000; do
			(ulimit -v $kb && exec "$TLSTRACE" "$T/$f.eml") \
			    >"$T/out" 2>"$T/err"
			st=$?
			case $st in
			0|3) ok 0 "$f in $kb KB: a verdict" ;;
			2) grep -qx "tlstrace: $T/$f.eml: out of memory" "$T/err" &&
			    [ "$(wc -l <"$T/err")" -eq 1 ]
			   ok $? "$f in $kb KB: exit 2, one line naming the file" ;;
			*) ok 1 "$f in $kb KB: exit $st" ;;
			esac
			(ulimit -v $kb && exec "$TLSTRACE" --filter) <"$T/$f.eml" \
			    >"$T/out" 2>"$T/err"
			st=$?
			out=$(wc -c <"$T/out")
			case $st in
			0) [ "$out" -gt "$size" ]
			   ok $? "$f in $kb KB, --filter: exit 0, the message written" ;;
			75) [ "$out" -eq 0 ] || [ "$out" -ge "$size" ]
			   ok $? "$f in $kb KB, --filter: exit 75, nothing or all written ($out bytes)" ;;
			*) ok 1 "$f in $kb KB, --filter: exit $st" ;;
			esac
		done
	done
fi

done_testing
