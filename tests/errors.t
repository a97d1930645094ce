#!/bin/sh
# errors.t: every operational failure is one line on stderr naming the
# file and the problem, with exit status 2, and the line is terminal-safe;
# a reader that closes the pipe ends the run quietly.  Also: no byte of a
# hostile field reaches the terminal raw, in text or in JSON.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
ESC=$(printf '\033')

cp "$TOP_SRCDIR/samples/gmail-pass.eml" "$T/ok.eml"

# one_line FILE REGEX: FILE has exactly one line and it matches.
one_line() {
	[ "$(wc -l <"$1")" -eq 1 ] && grep -q "$2" "$1"
}

# Missing file; the name's hostile bytes are escaped.
run_tlstrace "$T/out" "$T/err" "$T/missing.eml"
ok $((st != 2)) "missing file: exit 2"
one_line "$T/err" "^tlstrace: $T/missing.eml: No such file or directory\$"
ok $? "missing file: one line naming it"
bad=$(printf 'evil\033[2J\342\200\256\233.eml')
run_tlstrace "$T/out" "$T/err" "$T/$bad"
ok $((st != 2)) "a hostile missing file name: exit 2"
one_line "$T/err" 'evil\\x1b\[2J\\u{202e}\\x9b\.eml: No such file'
ok $? "a hostile file name is escaped (ESC, bidi, invalid UTF-8)"
! grep -q "$ESC" "$T/err"; ok $? "no ESC reaches stderr"

# Permission denied: needs a user the mode bits apply to.
cp "$T/ok.eml" "$T/secret.eml"
chmod 000 "$T/secret.eml"
if [ "$(id -u)" -ne 0 ]; then
	run_tlstrace "$T/out" "$T/err" "$T/secret.eml"
	ok $((st != 2)) "permission denied: exit 2"
	one_line "$T/err" "^tlstrace: $T/secret.eml: Permission denied\$"
	ok $? "permission denied: one line naming the file"
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	chmod 755 "$T"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    $VALGRIND_CMD "$TLSTRACE" "$T/secret.eml" >"$T/out" 2>"$T/err"
	st=$?
	ok $((st != 2)) "permission denied (as nobody): exit 2"
	one_line "$T/err" "^tlstrace: $T/secret.eml: Permission denied\$"
	ok $? "permission denied: one line naming the file"
else
	skip "permission denied: exit 2" "running as root without setpriv"
	skip "permission denied: one line naming the file" "running as root"
fi

# A read error: /proc/self/mem opens but reading offset 0 fails (EIO).
if [ -r /proc/self/mem ]; then
	run_tlstrace "$T/out" "$T/err" /proc/self/mem
	ok $((st != 2)) "read error: exit 2"
	one_line "$T/err" '^tlstrace: /proc/self/mem: read error: Input/output error$'
	ok $? "read error: one line naming the file and the error"
else
	skip "read error: exit 2" "no /proc/self/mem"
	skip "read error: one line" "no /proc/self/mem"
fi

# Unwritable output.
if [ -w /dev/full ]; then
	$VALGRIND_CMD "$TLSTRACE" "$T/ok.eml" >/dev/full 2>"$T/err"; st=$?
	ok $((st != 2)) "stdout on /dev/full: exit 2"
	one_line "$T/err" '^tlstrace: stdout: write error: No space left on device$'
	ok $? "stdout on /dev/full: one line"
	$VALGRIND_CMD "$TLSTRACE" --list-rules >/dev/full 2>"$T/err"; st=$?
	ok $((st != 2)) "--list-rules on /dev/full: exit 2"
	one_line "$T/err" '^tlstrace: stdout: write error: No space left on device$'
	ok $? "--list-rules on /dev/full: one line"
else
	for i in 1 2 3 4; do skip "stdout on /dev/full ($i)" "no /dev/full"; done
fi

# A reader that goes away: no message, exit 2, with SIGPIPE at its
# default and ignored (env -i/--default-signal are GNU coreutils).
# 1024 small messages: far more output than the pipe and stdio buffers.
{
	printf 'From a@example.net Mon Nov 23 10:00:00 2026\n'
	printf 'Received: from a.example (a [8.8.8.8]) by b.example with ESMTPS id 1; Mon, 23 Nov 2026 10:00:00 +0000\n'
	printf 'Message-ID: <m@example.net>\n\nbody\n\n'
} >"$T/big.mbox"
i=0
while [ $i -lt 10 ]; do
	cat "$T/big.mbox" "$T/big.mbox" >"$T/big2.mbox"
	mv "$T/big2.mbox" "$T/big.mbox"
	i=$((i + 1))
done
for sig in default ignore; do
	if ! env --$sig-signal=PIPE true 2>/dev/null; then
		skip "closed pipe, SIGPIPE $sig: quiet" "env without --$sig-signal"
		skip "closed pipe, SIGPIPE $sig: exit 2" "env without --$sig-signal"
		continue
	fi
	{ env --$sig-signal=PIPE $VALGRIND_CMD "$TLSTRACE" "$T/big.mbox" \
	    2>"$T/err"; echo $? >"$T/st"; } | head -n 1 >"$T/out"
	[ ! -s "$T/err" ]; ok $? "closed pipe, SIGPIPE $sig: nothing on stderr"
	ok $(($(cat "$T/st") != 2)) "closed pipe, SIGPIPE $sig: exit 2 (got $(cat "$T/st"))"
done

# Bad options: named (escaped) on the first line of stderr, exit 2.
run_tlstrace "$T/out" "$T/err" --no-such-option "$T/ok.eml"
ok $((st != 2)) "unknown option: exit 2"
head -n 1 "$T/err" | grep -q '^tlstrace: --no-such-option: unknown option or missing argument$'
ok $? "unknown option: named on the first line"
run_tlstrace "$T/out" "$T/err" "--x$(printf '\033')[31m"
ok $((st != 2)) "a hostile option: exit 2"
head -n 1 "$T/err" | grep -q '^tlstrace: --x\\x1b\[31m: unknown option'
ok $? "a hostile option is escaped"
run_tlstrace "$T/out" "$T/err" --format
ok $((st != 2)) "missing option argument: exit 2"
head -n 1 "$T/err" | grep -q '^tlstrace: --format: unknown option or missing argument$'
ok $? "missing option argument: named"

# The exit status is decided once the whole command line is parsed:
# filter mode asked for with an abbreviation getopt accepts, or after the
# bad option, still exits 75 so the MTA retries.
run_tlstrace "$T/out" "$T/err" --filt --no-such-option </dev/null
ok $((st != 75)) "--filt (abbreviated) with a bad option: exit 75 (got $st)"
run_tlstrace "$T/out" "$T/err" --no-such-option --filter </dev/null
ok $((st != 75)) "a bad option before --filter: exit 75 (got $st)"
head -n 1 "$T/err" | grep -q '^tlstrace: --no-such-option: unknown option or missing argument$'
ok $? "a bad option before --filter: named on the first line"

# --help and --version that cannot be written are trouble, not success.
if [ -w /dev/full ]; then
	for o in --help --version; do
		$VALGRIND_CMD "$TLSTRACE" $o >/dev/full 2>"$T/err"; st=$?
		ok $((st != 2)) "$o on /dev/full: exit 2 (got $st)"
		one_line "$T/err" '^tlstrace: stdout: write error: No space left on device$'
		ok $? "$o on /dev/full: one line"
	done
	$VALGRIND_CMD "$TLSTRACE" --filter --help >/dev/full 2>"$T/err"; st=$?
	ok $((st != 75)) "--filter --help on /dev/full: exit 75 (got $st)"
else
	for i in 1 2 3 4 5; do skip "--help/--version on /dev/full ($i)" "no /dev/full"; done
fi

# Endless and non-message input ends within a bounded read: exit 2 and
# one line naming the input, never a hang (timeout says 124).
run_tlstrace "$T/out" "$T/err" /dev/zero
ok $((st != 2)) "/dev/zero: exit 2 (got $st)"
one_line "$T/err" '^tlstrace: /dev/zero: not a message: the first line is not a header field$'
ok $? "/dev/zero: one line naming it"
tr '\0' '\377' </dev/zero | $HANG_GUARD "$TLSTRACE" >"$T/out" 2>"$T/err"; st=$?
ok $((st != 2)) "endless binary on a pipe: exit 2 (got $st)"
one_line "$T/err" '^tlstrace: -: not a message'
ok $? "endless binary on a pipe: one line"
# A message followed by endless bytes: its report, at once.
{ cat "$T/ok.eml"; cat /dev/zero; } | $HANG_GUARD "$TLSTRACE" >"$T/out" 2>"$T/err"; st=$?
ok $((st != 0)) "a message, then /dev/zero on a pipe: exit 0 (got $st)"
grep -q '^verdict: pass' "$T/out"; ok $? "a message, then /dev/zero: its report is written"

# A report is written as soon as its message is known, not at the end of
# the input: an mbox message once the next separator is read, a single
# message once its header and BODY_HEAD_MAX (64 KiB) of body are.
{
	printf 'From a@example.net Mon Nov 23 10:00:00 2026\n'; cat "$T/ok.eml"
	printf 'From b@example.net Mon Nov 23 10:00:00 2026\n'; cat "$T/ok.eml"
	sleep 6
} | $HANG_GUARD "$TLSTRACE" >"$T/live1" 2>&1 &
live1=$!
{ cat "$T/ok.eml"; head -c 70000 /dev/zero | tr '\0' 'b'; sleep 6; } |
    $HANG_GUARD "$TLSTRACE" >"$T/live2" 2>&1 &
live2=$!
sleep 3
grep -q ' #1' "$T/live1" && ! grep -q ' #2' "$T/live1"
ok $? "mbox on a pipe: message 1's report before the input ends"
grep -q '^verdict: pass' "$T/live2"
ok $? "one message on a pipe: its report before the input ends"
wait $live1 $live2

# Non-blocking descriptors (O_NONBLOCK set by whoever shares them): a
# read or write that would block waits, it is no error.
nonblock() {	# nonblock IN|OUT|BOTH CMD...: CMD with those non-blocking
	perl -MFcntl -e '
		my $w = shift;
		for my $fh ($w ne "OUT" ? (\*STDIN) : (), $w ne "IN" ? (\*STDOUT) : ()) {
			my $fl = fcntl($fh, F_GETFL, 0) or die "F_GETFL: $!";
			fcntl($fh, F_SETFL, $fl | O_NONBLOCK) or die "F_SETFL: $!";
		}
		exec @ARGV or die "exec: $!";' "$@"
}
if perl -MFcntl -e 'exit(O_NONBLOCK ? 0 : 1)' 2>/dev/null; then
	{ sleep 1; cat "$T/ok.eml"; } | nonblock IN $HANG_GUARD "$TLSTRACE" \
	    >"$T/out" 2>"$T/err"; st=$?
	ok $((st != 0)) "a non-blocking stdin that is not ready yet: exit 0 (got $st)"
	nonblock OUT $HANG_GUARD "$TLSTRACE" "$T/big.mbox" 2>"$T/err" |
	    { sleep 2; cat; } >"$T/out"; st=$?
	[ "$(grep -c '^verdict: ' "$T/out")" -eq 1024 ] && [ ! -s "$T/err" ]
	ok $? "a non-blocking stdout that fills: every report written"
	{ sleep 1; cat "$T/big.mbox"; } |
	    nonblock BOTH $HANG_GUARD "$TLSTRACE" --filter 2>"$T/err" |
	    { sleep 2; cat; } >"$T/out"
	"${UNFILTER:-$(dirname "$TLSTRACE")/../tests/unfilter}" TLS-Trace \
	    <"$T/out" >"$T/back"
	cmp -s "$T/back" "$T/big.mbox" && [ ! -s "$T/err" ]
	ok $? "--filter on non-blocking stdin and stdout: the whole message"
else
	for i in 1 2 3; do skip "non-blocking descriptors ($i)" "no perl Fcntl"; done
fi

# Rule files: missing, and content quoted in the message is escaped.
run_tlstrace "$T/out" "$T/err" --rules "$T/none.rules" "$T/ok.eml"
ok $((st != 2)) "missing rule file: exit 2"
one_line "$T/err" "^tlstrace: $T/none.rules: No such file or directory\$"
ok $? "missing rule file: one line naming it"
printf 'bogus\342\200\256\033[2J x\n' >"$T/evil.rules"
run_tlstrace "$T/out" "$T/err" --rules "$T/evil.rules" "$T/ok.eml"
ok $((st != 2)) "bad rule file: exit 2"
one_line "$T/err" "evil.rules:1: 'bogus\\\\u{202e}\\\\x1b\\[2J' outside a rule block\$"
ok $? "bad rule file: one line, its bytes escaped"

# Output safety: ESC, DEL, C1 CSI, bidi override, invalid UTF-8 in a field.
printf 'Received: from e\033[2J\177\302\233\342\200\256\377.example (x [8.8.4.4]) by mx.example.org with ESMTPS id 1; Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <\342\200\256@x>\n\nx\n' >"$T/hostile.eml"
# raw_bad FILE: true when FILE holds a raw control (not LF), DEL, U+0080-
# U+009F, U+202E or an invalid byte.
raw_bad() {
	LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$1" ||
	    LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" ||
	    LC_ALL=C grep -q "$(printf '\342\200\256')" "$1" ||
	    LC_ALL=C grep -q "$(printf '\377')" "$1"
}
for fmt in text json ndjson; do
	run_tlstrace "$T/out" "$T/err" -v --format=$fmt "$T/hostile.eml"
	ok $((st != 0)) "$fmt report of a hostile TLS hop: exit 0"
	! raw_bad "$T/out"; ok $? "$fmt report: no raw control, C1, bidi or invalid byte"
done
run_tlstrace "$T/out" "$T/err" --json "$T/hostile.eml"
ok $((st != 0)) "JSON report of a hostile TLS hop: exit 0"
"$JSONCHECK" hops.0.from <"$T/out" >"$T/vals"; ok $? "JSON of a hostile field is valid"
printf 'e\033[2J\177\302\233\342\200\256\357\277\275.example\n' >"$T/want"
check_same "$T/vals" "$T/want" "JSON keeps the value; only invalid bytes become U+FFFD"

done_testing
