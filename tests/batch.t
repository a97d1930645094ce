#!/bin/sh
# batch.t: postmaster runs: mbox and mboxrd, NDJSON, --summary and
# --summary-only in text and JSON, a directory of .eml files, a Maildir,
# bare-CR files, no progress line off a terminal, an mbox in constant
# memory.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
JSONCHECK=${JSONCHECK:-$(dirname "$TLSTRACE")/../tests/jsoncheck}
T=$TMPDIR_T
S=$TOP_SRCDIR/samples
BIG_MB=${TLSTRACE_BIG_MB:-256}

from_line() {
	printf 'From sender@example.net Mon Nov 23 10:00:00 2026\n'
}

# mboxrd: a quoted body From line never splits; a message whose own
# From line was quoted as ">From " right after the separator is read.
{
	from_line; one_hop ESMTP a.plain.example 8.8.8.8
	printf '>From the body, quoted: Mon Nov 23 10:00:00 2026\n'
	printf '>>From quoted twice 10:00\n\n'
	from_line; printf '>From old@example.net Sun Nov 22 09:00:00 2026\n'
	one_hop ESMTPS b.tls.example 8.8.4.4
} >"$T/rd.mbox"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$T/rd.mbox"
ok $((st != 1)) "mboxrd: a fail among them exits 1"
[ "$(wc -l <"$T/out")" -eq 2 ]; ok $? "mboxrd: two messages, quoted From lines do not split"
"$JSONCHECK" -n verdict message_id <"$T/out" >"$T/vals"
printf 'fail\n<a.plain.example@example.net>\npass\n<b.tls.example@example.net>\n' >"$T/want"
check_same "$T/vals" "$T/want" "mboxrd: a quoted own From line is skipped"
[ ! -s "$T/err" ]; ok $? "mboxrd: nothing on stderr"
run_tlstrace "$T/out" "$T/err" --mbox --format=ndjson - <"$T/rd.mbox"
ok $((st != 1)) "--mbox on stdin: exit 1"
[ "$(wc -l <"$T/out")" -eq 2 ]; ok $? "--mbox on stdin"

# --summary: reports, then the figures; --summary-only: the figures.
run_tlstrace "$T/out" "$T/err" --summary "$S/gmail-pass.eml" \
    "$S/aol-plaintext-fail.eml" "$S/plaintext-submission-fail.eml"
ok $((st != 1)) "--summary keeps the exit status of the verdicts"
grep -q '^verdict: pass' "$T/out"; ok $? "--summary keeps the reports"
grep -q '^summary: 3 messages: 1 pass, 2 fail, 0 unknown$' "$T/out"
ok $? "--summary counts messages by verdict"
run_tlstrace "$T/out" "$T/err" --summary-only "$S/gmail-pass.eml" \
    "$S/aol-plaintext-fail.eml" "$S/plaintext-submission-fail.eml"
ok $((st != 1)) "--summary-only keeps the exit status of the verdicts"
head -n 1 "$T/out" | grep -q '^summary: 3 messages'; ok $? "--summary-only prints only the figures"
! grep -q '^verdict:' "$T/out"; ok $? "and no report"
grep -q '^           1     1 100%      0   0%      0   0%  survey1usmta.mysurvey.com$' "$T/out"; ok $? "the plaintext senders into our MX are listed, with shares"
grep -q '^           1     1 100%      0   0%      0   0%  mysurvey.com$' "$T/out"; ok $? "and their registrable domains"
grep -q '^           2  plaintext-public-hop$' "$T/out"; ok $? "findings are counted by code"

# JSON: one line, valid, right figures; NDJSON mbox: summary last.
{ from_line; one_hop ESMTP a.plain.example 8.8.8.8; printf '\n'
  from_line; one_hop ESMTP b.plain.example 8.8.8.8; printf '\n'
  from_line; one_hop ESMTP mx1.other.co.uk 8.8.4.4; printf '\n'
  from_line; one_hop ESMTPS c.tls.example 8.8.4.4; printf '\n'
  from_line; printf '\001\002 not a message\n\n'; } >"$T/mix.mbox"
run_tlstrace "$T/out" "$T/err" --format=ndjson --summary "$T/mix.mbox"
ok $((st != 2)) "a message that is not one still gives trouble"
[ "$(wc -l <"$T/out")" -eq 5 ]; ok $? "NDJSON: four reports and the summary"
tail -n 1 "$T/out" >"$T/sum.json"
"$JSONCHECK" summary.messages summary.not_analysed summary.verdicts.fail \
    summary.verdicts.pass summary.plaintext_public_hops \
    summary.plaintext_domains.0.domain summary.plaintext_domains.0.hops \
    summary.plaintext_domains.1.domain summary.plaintext_hosts.0.host \
    summary.tls.no summary.findings.plaintext-public-hop \
    <"$T/sum.json" >"$T/vals"
ok $? "the summary is valid JSON"
printf '4\n1\n3\n1\n3\nplain.example\n2\nother.co.uk\na.plain.example\n3\n3\n' >"$T/want"
check_same "$T/vals" "$T/want" "summary JSON figures"
run_tlstrace "$T/out" "$T/err" --json --summary-only "$T/mix.mbox"
ok $((st != 2)) "--summary-only --json keeps the trouble status 2"
[ "$(wc -l <"$T/out")" -eq 1 ]; ok $? "--summary-only --json: one line"

# A hostile host name is escaped in the text summary.
printf 'Received: from evil\033[2J.example (evil\033[2J.example [8.8.8.8]) by mx.example.org with ESMTP id 1; Mon, 23 Nov 2026 10:00:00 +0000\n\nx\n' >"$T/esc.eml"
run_tlstrace "$T/out" "$T/err" --summary-only "$T/esc.eml"
ok $((st != 1)) "--summary-only: a plaintext hop exits 1"
! grep -q "$(printf '\033')" "$T/out"; ok $? "no ESC in the summary"
grep -q 'evil?\[2j.example' "$T/out"; ok $? "the host is shown with its control as ?"

# A directory of .eml files: those files, in name order; others ignored,
# and a subdirectory named .eml named as not entered (tests/walk.t has
# the entries that are trouble).
mkdir "$T/dir"
one_hop ESMTPS b.tls.example 8.8.4.4 >"$T/dir/2.eml"
one_hop ESMTP a.plain.example 8.8.8.8 >"$T/dir/1.EML"
echo 'not mail' >"$T/dir/README"
mkdir "$T/dir/sub.eml"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$T/dir"
ok $((st != 1)) "a directory: the worst verdict wins"
"$JSONCHECK" -n file <"$T/out" >"$T/vals"
printf '%s\n' "$T/dir/1.EML" "$T/dir/2.eml" >"$T/want"
check_same "$T/vals" "$T/want" "a directory: its .eml files, sorted, named"
echo "tlstrace: $T/dir/sub.eml: a directory, not entered" >"$T/want"
check_same "$T/err" "$T/want" "a directory: one line naming the subdirectory, not entered"

# A Maildir: new/ then cur/, tmp/ skipped, hidden files skipped.
mkdir -p "$T/Maildir/cur" "$T/Maildir/new" "$T/Maildir/tmp"
one_hop ESMTPS c.tls.example 8.8.4.4 >"$T/Maildir/cur/1700000000.1.host:2,S"
one_hop ESMTPS n.tls.example 8.8.4.4 >"$T/Maildir/new/1700000001.2.host"
one_hop ESMTP t.plain.example 8.8.8.8 >"$T/Maildir/tmp/1700000002.3.host"
one_hop ESMTP h.plain.example 8.8.8.8 >"$T/Maildir/cur/.hidden"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$T/Maildir"
ok $((st != 0)) "a Maildir: tmp/ and hidden files are not read"
"$JSONCHECK" -n message_id <"$T/out" >"$T/vals"
printf '<n.tls.example@example.net>\n<c.tls.example@example.net>\n' >"$T/want"
check_same "$T/vals" "$T/want" "a Maildir: new/ then cur/"
run_tlstrace "$T/out" "$T/err" --summary-only "$T/Maildir" "$T/dir" "$S/haraka-pass.eml"
ok $((st != 1)) "directories, a Maildir and files: the fail wins, exit 1"
grep -q '^summary: 5 messages: 4 pass, 1 fail' "$T/out"; ok $? "directories, a Maildir and files together"

# Bare CR line endings read like LF.
tr '\n' '\r' <"$S/gmail-pass.eml" >"$T/cr.eml"
run_tlstrace "$T/out" "$T/err" "$T/cr.eml"
ok $((st != 0)) "a bare-CR message: pass, exit 0"
"$TLSTRACE" "$S/gmail-pass.eml" | tail -n +2 >"$T/want"
tail -n +2 "$T/out" >"$T/got"
check_same "$T/got" "$T/want" "a bare-CR message is read like its LF twin"
{ from_line; one_hop ESMTP a.plain.example 8.8.8.8; printf '\n'; from_line; one_hop ESMTPS b.tls.example 8.8.4.4; } | tr '\n' '\r' >"$T/cr.mbox"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$T/cr.mbox"
ok $((st != 1)) "a bare-CR mbox: exit 1"
[ "$(wc -l <"$T/out")" -eq 2 ]; ok $? "a bare-CR mbox splits into its messages"

# Progress goes to a terminal only: a long run into a file shows none.
run_tlstrace "$T/out" "$T/err" --summary-only "$T/mix.mbox"
ok $((st != 2)) "--summary-only keeps the trouble status 2"
! grep -q 'messages,' "$T/err"; ok $? "no progress line when stderr is not a terminal"

# A separator line ends a message even inside its header block: a
# header-only message and an empty one ("From ...\n\n") do not swallow
# the messages after them.  One report (or one error line) per separator,
# numbered in order, each with its own hops.
{
	from_line; one_hop ESMTPS a.example 8.8.8.8 | head -n 4
	from_line; printf '\n'
	from_line; one_hop ESMTP b.example 8.8.4.4
	from_line; one_hop ESMTPS c.example 9.9.9.9 | head -n 3
	from_line; one_hop ESMTPS d.example 1.1.1.1
} >"$T/headeronly.mbox"
run_tlstrace "$T/out" "$T/err" --format ndjson "$T/headeronly.mbox"
"$JSONCHECK" -n message verdict hops.# <"$T/out" | paste - - - >"$T/vals"
printf '1\tpass\t1\n3\tfail\t1\n4\tpass\t1\n5\tpass\t1\n' >"$T/want"
check_same "$T/vals" "$T/want" "header-only and empty mbox messages end at the next separator"
one_line_err=$(grep -c "headeronly.mbox: message 2: no header fields" "$T/err")
[ "$one_line_err" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ]
ok $? "the empty message is named in one line, as message 2"
ok $((st != 2)) "an empty mbox message is trouble: exit 2"

# Constant memory: a large mbox through a pipe under a limit on virtual
# memory far below its size.
if [ -n "$VALGRIND_CMD" ]; then
	skip "a ${BIG_MB} MB mbox in constant memory" "valgrind run"
elif ! (ulimit -v 60000 && "$TLSTRACE" "$S/gmail-pass.eml" >/dev/null) 2>/dev/null; then
	skip "a ${BIG_MB} MB mbox in constant memory" "ulimit -v not usable here (sanitizer build?)"
else
	# 64 messages, each with a body of BIG_MB / 64 MB.
	gen() {
		i=0
		while [ $i -lt 64 ]; do
			from_line
			one_hop ESMTP "h$i.plain.example" 8.8.8.8
			yes 'a body line that goes on and on, over and over' |
			    head -c $((BIG_MB * 16384))
			printf '\n'
			i=$((i + 1))
		done
	}
	gen | (ulimit -v 60000 && "$TLSTRACE" --summary-only --json) >"$T/out" 2>"$T/err"
	"$JSONCHECK" summary.messages summary.verdicts.fail <"$T/out" >"$T/vals"
	printf '64\n64\n' >"$T/want"
	check_same "$T/vals" "$T/want" "a ${BIG_MB} MB mbox in 60 MB of address space"
fi

done_testing
