#!/bin/sh
# text.t: the text report is readable: the hop table fits the width (or
# each hop is stacked), never hiding a host; a blank line between
# messages; each hop's delay; colour on a terminal only, as --color and
# NO_COLOR say, checked under a pseudo-terminal.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
S=$TOP_SRCDIR/samples
ESC=$(printf '\033')

# Over the corpus, at 80 columns and at 200, no host is cut: every "by"
# host of the JSON report is in the text one, and nothing ends in "...".
if [ ! -d "$CORPUS_DIR" ]; then
	skip "corpus: no host is cut at 80 columns" "no corpus"
	skip "corpus: no host is cut at 200 columns" "no corpus"
else
	"$TLSTRACE" --format=ndjson "$CORPUS_DIR" | "$JSONCHECK" -n hops >"$T/hops"
	tr ',' '\n' <"$T/hops" | sed -n 's/^"by":"\([A-Za-z0-9.:-]*\)"$/\1/p' |
	    sort -u >"$T/by"
	[ "$(wc -l <"$T/by")" -gt 100 ]; ok $? "corpus: many receiving hosts to look for"
	for cols in 80 200; do
		COLUMNS=$cols "$TLSTRACE" "$CORPUS_DIR" >"$T/text$cols"
		missing=0
		while IFS= read -r host; do
			grep -qF -- "-> $host" "$T/text$cols" || {
				missing=$((missing + 1)); diag "not shown: $host"; }
		done <"$T/by"
		! grep -v '^verdict: \|^finding: \|^note: ' "$T/text$cols" |
		    grep -q -- '-> [^ ]*\.\.\.' && [ $missing -eq 0 ]
		ok $? "corpus: no receiving host is cut at $cols columns"
	done
	awk 'length > 80 && /^  hop  from -> by/' "$T/text80" >"$T/wide"
	[ ! -s "$T/wide" ]; ok $? "corpus: no table header wider than 80 columns"
fi

# Wide enough: a table with a delay column; narrow: each hop stacked.
COLUMNS=200 "$TLSTRACE" "$S/gmail-pass.eml" >"$T/wide"
grep -q '^  hop  from -> by  *ip  *with  *delay  *trust  *tls$' "$T/wide"
ok $? "200 columns: one table"
grep -q '^\*   2  srs3.zonevs.eu -> mx.google.com  .* +26s  *claimed  *yes TLSv1.2' "$T/wide"
ok $? "the table shows each hop's delay"
COLUMNS=60 "$TLSTRACE" "$S/gmail-pass.eml" >"$T/narrow"
grep -q '^\*   2  srs3.zonevs.eu -> mx.google.com$' "$T/narrow" &&
    grep -q '^       ip 217.146.68.193 (public)  with ESMTPS  delay +26s  trust claimed$' "$T/narrow" &&
    grep -q '^       tls yes TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 128 bits$' "$T/narrow"
ok $? "60 columns: each hop stacked, nothing cut"
! grep -q '^  hop ' "$T/narrow"; ok $? "and no table header"
COLUMNS=junk "$TLSTRACE" "$S/gmail-pass.eml" >"$T/junk"
check_same "$T/junk" "$T/narrow" "a COLUMNS that is not a number: 80 columns"

# A blank line between messages.
"$TLSTRACE" "$S/gmail-pass.eml" "$S/haraka-pass.eml" >"$T/two"
[ "$(grep -c '^$' "$T/two")" -eq 2 ] &&
    grep -B1 '^samples/haraka-pass.eml\|/haraka-pass.eml' "$T/two" | head -n 1 | grep -q '^$'
ok $? "a blank line after each message"

# Colour: never off a terminal, even when asked for with auto.
"$TLSTRACE" "$S/aol-plaintext-fail.eml" >"$T/plain"
! grep -q "$ESC" "$T/plain"; ok $? "no colour into a file"
"$TLSTRACE" --color=always "$S/aol-plaintext-fail.eml" >"$T/always"
grep -q "^verdict: ${ESC}\[1;31mfail${ESC}\[0m: hop 2" "$T/always"
ok $? "--color=always: the verdict in red"
grep -q "tls ${ESC}\[1;31mno${ESC}\[0m$" "$T/always"; ok $? "and a plaintext hop's state"
sed "s/${ESC}\[[0-9;]*m//g" "$T/always" >"$T/stripped"
check_same "$T/stripped" "$T/plain" "colour adds nothing but SGR sequences"
run_tlstrace "$T/out" "$T/err" --color=sometimes "$S/gmail-pass.eml"
[ "$st" -eq 2 ] && grep -q "^tlstrace: --color: 'sometimes' is not never, auto or always$" "$T/err"
ok $? "--color with a bad value: exit 2, one line"

# Under a pseudo-terminal (python3's pty module), 120 columns wide.
on_pty() {
	python3 -c '
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))' "$@"
}
if ! command -v python3 >/dev/null 2>&1; then
	for d in auto NO_COLOR always never width; do
		skip "pty: $d" "python3 is not installed"
	done
else
	# The window size is set after the fork: let the child wait for it.
	pty_run() {
		on_pty sh -c 'sleep 0.3; exec "$@"' sh "$@"
	}
	(unset COLUMNS; pty_run env -u NO_COLOR "$TLSTRACE" "$S/aol-plaintext-fail.eml") >"$T/pty"
	grep -q "^verdict: ${ESC}\[1;31mfail" "$T/pty"; ok $? "pty: colour by default"
	(unset COLUMNS; pty_run env NO_COLOR=1 "$TLSTRACE" "$S/aol-plaintext-fail.eml") >"$T/pty"
	grep -q '^verdict: fail' "$T/pty" && ! grep -q "$ESC" "$T/pty"
	ok $? "pty: NO_COLOR turns it off"
	(unset COLUMNS; pty_run env NO_COLOR=1 "$TLSTRACE" --color=always "$S/aol-plaintext-fail.eml") >"$T/pty"
	grep -q "^verdict: ${ESC}\[1;31mfail" "$T/pty"; ok $? "pty: --color=always wins over NO_COLOR"
	(unset COLUMNS; pty_run "$TLSTRACE" --color=never "$S/aol-plaintext-fail.eml") >"$T/pty"
	grep -q '^verdict: fail' "$T/pty" && ! grep -q "$ESC" "$T/pty"
	ok $? "pty: --color=never"
	(unset COLUMNS; pty_run "$TLSTRACE" "$S/plaintext-submission-fail.eml") >"$T/pty"
	grep -q '^  hop  from -> by' "$T/pty"; ok $? "pty: the terminal's 120 columns fit the table"
	(unset COLUMNS; "$TLSTRACE" "$S/plaintext-submission-fail.eml") >"$T/file"
	! grep -q '^  hop  from -> by' "$T/file"; ok $? "off a terminal, 80 columns: stacked"
fi

done_testing
