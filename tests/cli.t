#!/bin/sh
# cli.t: options, inputs (file, stdin pipe, redirect, FIFO, mbox), errors
# and exit statuses.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
JSONCHECK=${JSONCHECK:-$(dirname "$TLSTRACE")/../tests/jsoncheck}
T=$TMPDIR_T

one_hop ESMTP >"$T/plain.eml"
one_hop ESMTPS >"$T/tls.eml"
printf 'Subject: no trace\nMessage-ID: <n@x>\n\nbody\n' >"$T/none.eml"

run_tlstrace "$T/out" "$T/err" "$T/plain.eml"
ok $((st != 1)) "a public ESMTP hop exits 1"
grep -q 'plaintext-public-hop' "$T/out"; ok $? "the finding is named"
run_tlstrace "$T/out" "$T/err" "$T/tls.eml"
ok $((st != 0)) "a public ESMTPS hop exits 0"
grep -q '^verdict: pass' "$T/out"; ok $? "the verdict sentence says pass"
run_tlstrace "$T/out" "$T/err" "$T/none.eml"
ok $((st != 3)) "no Received fields exits 3"
grep -q 'no Received fields' "$T/out"; ok $? "and says why"

# Inputs: stdin pipe, redirect, FIFO, "-".
one_hop ESMTPS | $VALGRIND_CMD "$TLSTRACE" >"$T/out" 2>"$T/err"; st=$?
ok $((st != 0)) "stdin pipe works"
$VALGRIND_CMD "$TLSTRACE" - <"$T/plain.eml" >"$T/out" 2>"$T/err"; st=$?
ok $((st != 1)) "redirected stdin as '-' works"
if mkfifo "$T/fifo" 2>/dev/null; then
	(cat "$T/tls.eml" >"$T/fifo" &)
	run_tlstrace "$T/out" "$T/err" "$T/fifo"
	ok $((st != 0)) "a FIFO works"
else
	skip "a FIFO works" "mkfifo not available"
fi

# A leading mbox From line; an mbox of two messages.
{ printf 'From sender@example.net Mon Nov 23 10:00:00 2026\n'; cat "$T/tls.eml"; } >"$T/from.eml"
run_tlstrace "$T/out" "$T/err" "$T/from.eml"
ok $((st != 0)) "a leading From line is accepted"
{ cat "$T/from.eml"; printf '\nFrom other@example.net Mon Nov 23 11:00:00 2026\n'; cat "$T/plain.eml"; } >"$T/two.mbox"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$T/two.mbox"
ok $((st != 1)) "an mbox with a failing message exits 1"
[ "$(wc -l <"$T/out")" -eq 2 ]; ok $? "NDJSON: one line per message"
"$JSONCHECK" -n verdict message <"$T/out" >"$T/vals"; ok $? "NDJSON is valid"
printf 'pass\n1\nfail\n2\n' >"$T/want"
check_same "$T/vals" "$T/want" "messages in order, numbered"
# A body line starting with "From " but no time is not a separator.
{ cat "$T/from.eml"; printf 'From here on, plain text.\n'; } >"$T/body.mbox"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$T/body.mbox"
ok $((st != 0)) "a body 'From ' line: one pass, exit 0"
[ "$(wc -l <"$T/out")" -eq 1 ]; ok $? "a body 'From ' line does not split"

# JSON shape.
run_tlstrace "$T/out" "$T/err" --json "$T/tls.eml"
ok $((st != 0)) "--json: pass, exit 0"
"$JSONCHECK" schema verdict hops.0.index hops.0.from_ip hops.0.scope \
    hops.0.tls hops.0.with message_id <"$T/out" >"$T/vals"; ok $? "JSON is valid"
printf '1\npass\n1\n8.8.8.8\npublic\nyes\nESMTPS\n<one@example.net>\n' >"$T/want"
check_same "$T/vals" "$T/want" "JSON fields"

# Trouble: one line on stderr naming the file, exit 2.
run_tlstrace "$T/out" "$T/err" "$T/missing.eml"
ok $((st != 2)) "a missing file exits 2"
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^tlstrace: $T/missing.eml: No such file" "$T/err"
ok $? "and says so in one line naming the file"
mkdir "$T/nomail"
run_tlstrace "$T/out" "$T/err" "$T/nomail"
ok $((st != 2)) "a directory without message files exits 2"
grep -q "^tlstrace: $T/nomail: no message files" "$T/err"; ok $? "and says so"
: >"$T/empty.eml"
run_tlstrace "$T/out" "$T/err" "$T/empty.eml"
ok $((st != 2)) "an empty file exits 2"
grep -q 'empty input' "$T/err"; ok $? "and says so"
head -c 4096 "$TESTS_SRCDIR/data/random-64k.bin" | tr -d ':' >"$T/binary.eml"
printf '\001\002binary' >>"$T/binary.eml"
run_tlstrace "$T/out" "$T/err" "$T/binary.eml"
ok $((st != 2)) "binary garbage exits 2"
grep -q 'not a message' "$T/err"; ok $? "and says it is not a message"
run_tlstrace "$T/out" "$T/err" --format=xml "$T/tls.eml"
ok $((st != 2)) "a bad --format exits 2"
run_tlstrace "$T/out" "$T/err" --no-such-option
ok $((st != 2)) "an unknown option exits 2"
run_tlstrace "$T/out" "$T/err" --min-tls TLSv9 "$T/tls.eml"
ok $((st != 2)) "a bad --min-tls exits 2"
run_tlstrace "$T/out" "$T/err" --help
ok $((st != 0)) "--help exits 0"
grep -q '^usage: tlstrace' "$T/out"; ok $? "--help prints usage on stdout"
run_tlstrace "$T/out" "$T/err" --version
ok $((st != 0)) "--version exits 0"
grep -q '^tlstrace [0-9]' "$T/out"; ok $? "--version prints the version"

# Several files: the worst status wins; trouble beats everything.
run_tlstrace "$T/out" "$T/err" "$T/tls.eml" "$T/plain.eml"
ok $((st != 1)) "pass + fail exits 1"
run_tlstrace "$T/out" "$T/err" "$T/tls.eml" "$T/none.eml"
ok $((st != 3)) "pass + unknown exits 3"
run_tlstrace "$T/out" "$T/err" "$T/tls.eml" "$T/missing.eml"
ok $((st != 2)) "pass + missing exits 2"

# --min-tls: a TLSv1.0 hop fails under --min-tls TLSv1.2.
sed 's/with ESMTPS id 4AB;/(using TLSv1 with cipher AES128-SHA (128\/128 bits)) with ESMTPS id 4AB;/' "$T/tls.eml" >"$T/tls10.eml"
run_tlstrace "$T/out" "$T/err" "$T/tls10.eml"
ok $((st != 0)) "TLSv1.0 passes without a policy"
grep -q 'deprecated-tls' "$T/out"; ok $? "but is reported as deprecated"
run_tlstrace "$T/out" "$T/err" --min-tls TLSv1.2 "$T/tls10.eml"
ok $((st != 1)) "TLSv1.0 fails under --min-tls TLSv1.2"

# Terminal safety: an escape sequence in a header never reaches stdout.
printf 'Received: from evil\033[2J.example (x [8.8.4.4]) by mx.example.org with ESMTP id 1; Mon, 23 Nov 2026 10:00:00 +0000\n\nx\n' >"$T/esc.eml"
run_tlstrace "$T/out" "$T/err" "$T/esc.eml"
ok $((st != 1)) "a hostile plaintext hop exits 1"
! grep -q "$(printf '\033')" "$T/out"; ok $? "ESC is escaped in the text report"
grep -q 'evil\\x1b\[2J' "$T/out"; ok $? "and shown as \\x1b"

# A finding's text names its hop itself; a diagnostic gets "hop N: ".
printf 'Received: from a.example (a.example [8.8.4.4]) by mx.example.org with ESMTP id 1\n\nx\n' >"$T/nodate.eml"
run_tlstrace "$T/out" "$T/err" "$T/nodate.eml"
ok $((st != 1)) "a plaintext hop without a date exits 1"
grep -q '^finding: error: hop 1 (a\.example -> mx\.example\.org, 8\.8\.4\.4; .*\[plaintext-public-hop\]$' "$T/out"
ok $? "a finding names its hop once"
! grep -q 'hop 1: hop 1' "$T/out"; ok $? "never 'hop 1: hop 1'"
grep -q '^note: warning: hop 1: the field has no date \[no-date\]$' "$T/out"
ok $? "a hop's diagnostic is prefixed with its hop"

# Rules: a bad rule file is one line naming file, line and offset.
printf 'rule broken\n scope comment\n pattern (unclosed\n' >"$T/bad.rules"
run_tlstrace "$T/out" "$T/err" --rules "$T/bad.rules" "$T/tls.eml"
ok $((st != 2)) "a broken rule file exits 2"
grep -q "bad.rules:1: rule broken: pattern offset 9: missing closing parenthesis" "$T/err"
ok $? "the error names file, line, offset and PCRE2's message"
run_tlstrace "$T/out" "$T/err" --list-rules
ok $((st != 0)) "--list-rules exits 0"
grep -q '^postfix-using ' "$T/out"; ok $? "--list-rules lists the built-in rules"

done_testing
