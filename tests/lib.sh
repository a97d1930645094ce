# lib.sh: TAP helpers for the shell tests (sourced, POSIX sh).
#
#   plan N | ok COND-STATUS DESC | skip DESC REASON | check_same FILE FILE DESC
#   done_testing: prints a late plan and sets the exit status.
# Each test script gets a private $TMPDIR_T, removed on exit unless
# KEEP_TMP is set.  No "set -e": a failing check must print "not ok" and
# let the script go on, never end it early.
set -u
LC_ALL=C
export LC_ALL
# The text report fits its hop table to $COLUMNS: one width for every run.
COLUMNS=80
export COLUMNS
unset NO_COLOR

: "${TLSTRACE:=$(pwd)/src/tlstrace}"
: "${TESTS_SRCDIR:=$(cd "$(dirname "$0")" && pwd)}"
: "${TOP_SRCDIR:=$(cd "$TESTS_SRCDIR/.." && pwd)}"
: "${VALGRIND_CMD:=}"
: "${JSONCHECK:=$(dirname "$TLSTRACE")/../tests/jsoncheck}"
CORPUS_DIR=${CORPUS_DIR:-$TOP_SRCDIR/../shared/corpus/public}

# HANG_GUARD: a time limit for one tlstrace run, so that a hang fails its
# own check (exit 124) at once instead of stalling the suite.
if command -v timeout >/dev/null 2>&1; then
	if [ -n "$VALGRIND_CMD" ]; then
		HANG_GUARD="timeout -k 5 ${TLSTRACE_HANG_SECONDS:-900}"
	else
		HANG_GUARD="timeout -k 5 ${TLSTRACE_HANG_SECONDS:-120}"
	fi
else
	HANG_GUARD=
fi

TMPDIR_T=$(mktemp -d "${TMPDIR:-/tmp}/tlstrace-test.XXXXXX")
if [ -z "${KEEP_TMP:-}" ]; then
	trap 'rm -rf "$TMPDIR_T"' EXIT
else
	trap 'echo "# kept $TMPDIR_T"' EXIT
fi

t_count=0
t_failed=0

plan() {
	echo "1..$1"
	t_planned=$1
}

# ok STATUS DESCRIPTION: STATUS 0 passes.
ok() {
	t_count=$((t_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $t_count - $2"
	else
		echo "not ok $t_count - $2"
		t_failed=$((t_failed + 1))
	fi
}

skip() {
	t_count=$((t_count + 1))
	echo "ok $t_count - $1 # SKIP $2"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# check_same GOT WANT DESCRIPTION: passes when the files are identical,
# else shows the diff as diagnostics.
check_same() {
	if cmp -s "$1" "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diff -u "$2" "$1" | head -n 60 | sed 's/^/# /' || true
	fi
}

# one_hop PROTO [HOST IP]: a message with one Received field, from HOST
# [IP] (mail.example.net [8.8.8.8] by default) by mx.example.org with PROTO.
one_hop() {
	_host=${2:-mail.example.net}
	_id=${2:-one}
	printf 'Received: from %s (%s [%s])\n' "$_host" "$_host" "${3:-8.8.8.8}"
	printf '\tby mx.example.org (Postfix) with %s id 4AB;\n' "$1"
	printf '\tMon, 23 Nov 2026 10:00:00 +0000\n'
	printf 'Message-ID: <%s@example.net>\nSubject: x\n\nbody\n' "$_id"
}

# run_tlstrace OUT ERR ARGS...: runs the binary; its status goes in $st.
run_tlstrace() {
	_out=$1
	_err=$2
	shift 2
	$HANG_GUARD $VALGRIND_CMD "$TLSTRACE" "$@" >"$_out" 2>"$_err"
	st=$?
}

done_testing() {
	if [ -z "${t_planned:-}" ]; then
		echo "1..$t_count"
	elif [ "$t_planned" -ne "$t_count" ]; then
		echo "# planned $t_planned tests but ran $t_count"
		exit 1
	fi
	[ "$t_failed" -eq 0 ]
}
