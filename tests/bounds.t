#!/bin/sh
# bounds.t: the per-message limits of src/tlstrace.h and the hostile
# inputs of issue 6, through the command line.  Each must give the right
# result and diagnostic; none is timed here (bench/hostile measures them).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
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
ok $((st != 2 && st != 3)) "a field then 2 MB lines without a colon: exit 2 or 3 (got $st)"
[ "$(wc -l <"$T/err")" -le 1 ]; ok $? "and at most one line on stderr"

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

done_testing
