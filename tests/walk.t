#!/bin/sh
# walk.t: a directory input skips nothing without a word.  In a Maildir's
# cur/ and in a plain directory, a FIFO, a symbolic link loop, a dangling
# link, a device and a subdirectory among the candidates are each named
# in one line on stderr with the reason; all but the subdirectory are
# trouble (exit 2); the good messages beside them are still reported, and
# the FIFO is never opened.  An unreadable new/ or cur/ is named and the
# other one still read.  Dot-files and, in a plain directory, names not
# ending in .eml are passed over silently.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T

# ids FILE: the message IDs of an NDJSON output.
ids() {
	"$JSONCHECK" -n message_id <"$1"
}

# A device node needs mknod(2) rights (root, and a system that allows it).
mknull() {
	mknod "$1" c 1 3 2>/dev/null
}

# A Maildir: a message in new/ and one in cur/, the hostile entries in
# cur/, and ones that are no candidates (a dot-file FIFO, tmp/).
M=$T/Maildir
mkdir -p "$M/new" "$M/cur" "$M/tmp" "$M/cur/sub"
one_hop ESMTPS n.tls.example 8.8.4.4 >"$M/new/1700000001.1.host"
one_hop ESMTPS c.tls.example 8.8.4.4 >"$M/cur/1700000000.2.host:2,S"
mkfifo "$M/cur/fifo" "$M/cur/.hidden-fifo" "$M/tmp/fifo"
ln -s loopb "$M/cur/loopa"
ln -s loopa "$M/cur/loopb"
ln -s nowhere "$M/cur/dangling"
if mknull "$M/cur/null"; then have_dev=1; else have_dev=0; fi
{
	printf 'tlstrace: %s: %s\n' \
	    "$M/cur/dangling" "dangling symbolic link, skipped" \
	    "$M/cur/fifo" "not a regular file (a FIFO), skipped" \
	    "$M/cur/loopa" "symbolic link loop, skipped" \
	    "$M/cur/loopb" "symbolic link loop, skipped"
	[ "$have_dev" -eq 0 ] || echo "tlstrace: $M/cur/null: not a regular file (a device), skipped"
	echo "tlstrace: $M/cur/sub: a directory, not entered"
} >"$T/want.err"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$M"
ok $((st != 2)) "a Maildir with hostile entries in cur/: trouble, exit 2 (got $st)"
check_same "$T/err" "$T/want.err" "each skipped entry is one line naming it and why"
ids "$T/out" >"$T/vals"
printf '<n.tls.example@example.net>\n<c.tls.example@example.net>\n' >"$T/want"
check_same "$T/vals" "$T/want" "and the good messages of new/ and cur/ are reported"
[ "$have_dev" -eq 1 ] || diag "no device node: mknod is not allowed here"

# The same run with -j4: the same lines, the same reports.
run_tlstrace "$T/out4" "$T/err4" --format=ndjson -j4 "$M"
ok $((st != 2)) "-j4: exit 2"
check_same "$T/err4" "$T/want.err" "-j4: the same lines"
check_same "$T/out4" "$T/out" "-j4: the same reports"

# A subdirectory alone is not trouble: the verdicts decide.
rm -f "$M/cur/fifo" "$M/cur/loopa" "$M/cur/loopb" "$M/cur/dangling" \
    "$M/cur/null"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$M"
ok $((st != 0)) "a Maildir whose cur/ holds a subdirectory: pass, exit 0 (got $st)"
echo "tlstrace: $M/cur/sub: a directory, not entered" >"$T/want.err"
check_same "$T/err" "$T/want.err" "and one line naming the subdirectory"

# A plain directory: the same among its .eml names; other names silent.
D=$T/dir
mkdir -p "$D/sub.eml"
one_hop ESMTPS a.tls.example 8.8.4.4 >"$D/a.eml"
one_hop ESMTP b.plain.example 8.8.8.8 >"$D/b.EML"
mkfifo "$D/fifo.eml" "$D/fifo" "$D/.hidden.eml"
ln -s lb.eml "$D/la.eml"
ln -s la.eml "$D/lb.eml"
ln -s nowhere.eml "$D/gone.eml"
ln -s nowhere "$D/gone"
echo 'not mail' >"$D/README"
printf 'tlstrace: %s: %s\n' \
    "$D/fifo.eml" "not a regular file (a FIFO), skipped" \
    "$D/gone.eml" "dangling symbolic link, skipped" \
    "$D/la.eml" "symbolic link loop, skipped" \
    "$D/lb.eml" "symbolic link loop, skipped" >"$T/want.err"
if mknull "$D/null.eml"; then
	echo "tlstrace: $D/null.eml: not a regular file (a device), skipped" \
	    >>"$T/want.err"
fi
echo "tlstrace: $D/sub.eml: a directory, not entered" >>"$T/want.err"
run_tlstrace "$T/out" "$T/err" --format=ndjson "$D"
ok $((st != 2)) "a directory with hostile .eml entries: trouble, exit 2 (got $st)"
check_same "$T/err" "$T/want.err" "each skipped .eml entry is one line naming it and why"
ids "$T/out" >"$T/vals"
printf '<a.tls.example@example.net>\n<b.plain.example@example.net>\n' >"$T/want"
check_same "$T/vals" "$T/want" "and its good messages are reported (a fail among them)"

# Unreadable subdirectories: the mode bits need a user they apply to.
# nobody must reach the directories: $T is made traversable.
if [ "$(id -u)" -ne 0 ]; then
	AS=
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 "$T"
else
	AS=none
fi
# as_user OUT ERR ARGS...: runs tlstrace as that user; status in $st.
as_user() {
	_out=$1
	_err=$2
	shift 2
	$HANG_GUARD $AS $VALGRIND_CMD "$TLSTRACE" "$@" >"$_out" 2>"$_err"
	st=$?
}
U=$T/unreadable
mkdir -p "$U/new" "$U/cur" "$T/secret"
one_hop ESMTPS n.tls.example 8.8.4.4 >"$U/new/1700000001.1.host"
one_hop ESMTPS c.tls.example 8.8.4.4 >"$U/cur/1700000000.2.host:2,S"
one_hop ESMTPS s.tls.example 8.8.4.4 >"$T/secret/m"
ln -s "$T/secret/m" "$U/cur/1700000002.3.host"
chmod 755 "$U" "$U/new" "$U/cur"
chmod 000 "$U/new" "$T/secret"
if [ "$AS" = none ]; then
	for i in 1 2 3 4 5 6 7 8 9; do
		skip "unreadable new/ and cur/ ($i)" "root without setpriv"
	done
else
	as_user "$T/out" "$T/err" --format=ndjson "$U"
	ok $((st != 2)) "an unreadable new/: trouble, exit 2 (got $st)"
	printf 'tlstrace: %s: Permission denied\n' "$U/new" \
	    "$U/cur/1700000002.3.host" >"$T/want.err"
	check_same "$T/err" "$T/want.err" "new/ and a link cur/ cannot stat are named, one line each"
	ids "$T/out" >"$T/vals"
	echo '<c.tls.example@example.net>' >"$T/want"
	check_same "$T/vals" "$T/want" "and cur/ is still read"

	chmod 755 "$U/new"
	chmod 000 "$U/cur"
	as_user "$T/out" "$T/err" --format=ndjson "$U"
	ok $((st != 2)) "an unreadable cur/: trouble, exit 2 (got $st)"
	echo "tlstrace: $U/cur: Permission denied" >"$T/want.err"
	check_same "$T/err" "$T/want.err" "cur/ is named in one line"
	ids "$T/out" >"$T/vals"
	echo '<n.tls.example@example.net>' >"$T/want"
	check_same "$T/vals" "$T/want" "and new/ is still read"

	chmod 000 "$U/new"
	as_user "$T/out" "$T/err" --format=ndjson "$U"
	ok $((st != 2)) "new/ and cur/ unreadable: exit 2 (got $st)"
	printf 'tlstrace: %s: Permission denied\n' "$U/new" "$U/cur" \
	    >"$T/want.err"
	check_same "$T/err" "$T/want.err" "both named, and no other line"
	[ ! -s "$T/out" ]; ok $? "and no report"
fi
chmod 755 "$U/new" "$U/cur" "$T/secret"

done_testing
