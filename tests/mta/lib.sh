# tests/mta/lib.sh: what the real-server tests share (sourced, POSIX sh,
# after ../lib.sh).
#
#   mta_messages DIR       the test messages (see below)
#   mta_fault KIND         what $T/bin/tlstrace does: good, exit75, crash,
#                          missing, hang
#   mta_recipe FILE        a recipe of contrib/ as installed, with the
#                          installed paths pointing into $T and the time
#                          limits cut to seconds, on stdout
#   mta_check GOT CONTROL DESC   one field, the right verdict, the rest
#                          byte-identical to the control delivery
#   wait_for DESC SECONDS COMMAND...   polls until COMMAND succeeds
#   in_sandbox "$@"        re-runs the test in private mount, network and
#                          PID namespaces (loopback only; every process it
#                          started dies with it)
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/lib.sh"
T=$TMPDIR_T
CONTRIB=$TOP_SRCDIR/contrib
# Seconds a faulty tlstrace may hang before a recipe's own limit ends it.
MTA_HANG_SECONDS=10

# in_sandbox ARGS: when not in one yet, runs this script again inside new
# namespaces: its own network (only lo, up: nothing reaches or listens on
# another address, no DNS), its own mounts (bind mounts over /etc and
# /var stay inside) and its own PIDs (the daemons die with the script).
# Skips the whole test when that is not possible (not root, no unshare).
in_sandbox() {
	[ -n "${TLSTRACE_MTA_SANDBOX:-}" ] && return 0
	if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 ||
	    ! unshare --mount --net --pid --fork --kill-child true 2>/dev/null; then
		echo "1..0 # SKIP needs root and unshare(1) for a private network"
		exit 0
	fi
	TLSTRACE_MTA_SANDBOX=1
	export TLSTRACE_MTA_SANDBOX
	rm -rf "$TMPDIR_T"
	# PID 1 is a shell of its own, so that the daemons' parent is not
	# init (Exim would stay in the foreground).
	exec unshare --mount --net --pid --fork --kill-child --mount-proc \
	    /bin/sh -c '/bin/sh ${MTA_SH_X:+-x} "$@"' sh "$0" "$@"
}

# sandbox_setup: loopback up, mounts private, and /etc an overlay whose
# changes (users, hosts, mailname, an MTA's configuration) stay inside.
sandbox_setup() {
	ip link set lo up || return 1
	mount --make-rprivate / || return 1
	mkdir -p "$T/ovl"
	mount -t tmpfs tlstrace-test "$T/ovl" || return 1
	mkdir -p "$T/ovl/upper" "$T/ovl/work"
	mount -t overlay tlstrace-test -o \
	    "lowerdir=/etc,upperdir=$T/ovl/upper,workdir=$T/ovl/work" /etc ||
	    return 1
	printf '127.0.0.1\tlocalhost mta.test\n::1\tlocalhost ip6-localhost\n' \
	    >/etc/hosts
	printf 'mta.test\n' >/etc/mailname
}

# sandbox_cleanup: the end of a test in the sandbox: its mounts undone,
# $T removed (unless KEEP_TMP).
sandbox_cleanup() {
	umount /etc 2>/dev/null
	umount "$T/ovl" 2>/dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMPDIR_T"
}

# add_user NAME UID [HOME]: a user (and its group) in the private passwd.
add_user() {
	_home=${3:-/nonexistent}
	echo "$1:x:$2:$2::$_home:/bin/sh" >>/etc/passwd
	echo "$1:x:$2:" >>/etc/group
	if [ "$_home" != /nonexistent ]; then
		mkdir -p "$_home/Maildir/cur" "$_home/Maildir/new" "$_home/Maildir/tmp"
		chown -R "$2:$2" "$_home"
		chmod 755 "$_home"
	fi
}

# mta_messages DIR: plain.eml (a plaintext public hop: fail), tls.eml
# (TLS: pass), forged.eml (plain.eml under two forged pass fields),
# lf8bit.eml (bare LF, 8-bit header and body), garbage.eml (no header
# structure), big.eml (tls.eml with a 20 MB body).
mta_messages() {
	mta_message ESMTP >"$1/plain.eml"
	mta_message ESMTPS >"$1/tls.eml"
	{
		printf 'TLS-Trace: pass; hops=1; public=1; tls=1\n'
		printf 'tls-trace : pass;\n forged=yes\n'
		cat "$1/plain.eml"
	} >"$1/forged.eml"
	{
		mta_message ESMTPS | sed '/^Subject/d; /^$/,$d'
		printf 'Subject: =?UTF-8?Q?caf=C3=A9?= \303\251t\303\251\n'
		printf 'Content-Type: text/plain; charset=utf-8\n'
		printf 'Content-Transfer-Encoding: 8bit\n\n'
		printf 'caf\303\251 \351t\351 \342\202\254\n\tindented line\n\nlast\n'
	} >"$1/lf8bit.eml"
	{
		head -c 3000 /dev/urandom | od -An -tx1 | tr -d ' \n' |
		    fold -w 700
		printf '\n'
	} >"$1/garbage.eml"
	{
		sed '/^$/,$d' "$1/tls.eml"
		printf '\n'
		yes 'a line of a twenty megabyte body, the same again and again' |
		    head -c 20971520
	} >"$1/big.eml"
}
MTA_MESSAGES="plain tls forged lf8bit garbage big"

# mta_message PROTO: a message as it reaches our MTA, with one hop from
# mail.example.net [8.8.8.8] by mx.example.org with PROTO.
mta_message() {
	one_hop "$1" | sed '/^Message-ID:/i\
From: Sender <sender@example.net>\
To: tlsuser@mta.test\
Date: Mon, 23 Nov 2026 10:00:00 +0000'
}

# mta_fault KIND: installs $T/bin/tlstrace as KIND.
mta_fault() {
	mkdir -p "$T/bin"
	rm -f "$T/bin/tlstrace"
	case $1 in
	good)	ln -s "$TLSTRACE" "$T/bin/tlstrace" ;;
	exit75)	printf '#!/bin/sh\ncat >/dev/null\nexit 75\n' >"$T/bin/tlstrace" ;;
	crash)	# writes part of its output, then dies of SIGSEGV
		printf '#!/bin/sh\n"%s" "$@" | head -c 200\nkill -SEGV $$\n' \
		    "$TLSTRACE" >"$T/bin/tlstrace" ;;
	hang)	printf '#!/bin/sh\nexec sleep 3600\n' >"$T/bin/tlstrace" ;;
	missing) ;;
	esac
	[ -e "$T/bin/tlstrace" ] && chmod 755 "$T/bin/tlstrace"
	chmod 755 "$T" "$T/bin"
	return 0
}
MTA_FAULTS="exit75 crash missing hang"

# mta_recipe FILE: the recipe with the installed paths in $T and the
# 120-second (Exim: 2-minute) time limits cut to MTA_HANG_SECONDS; the
# Sieve recipe's backstop, sieve_filter_exec_timeout, to 10 s more.
mta_recipe() {
	sed -e "s|/usr/bin/tlstrace|$T/bin/tlstrace|g" \
	    -e "s|/usr/libexec/tlstrace/|$T/bin/|g" \
	    -e "s|-k 5 120 |-k 1 $MTA_HANG_SECONDS |" \
	    -e "s|^FILTER_SECONDS=.*|FILTER_SECONDS=$MTA_HANG_SECONDS|" \
	    -e "s|^\\(  transport_filter_timeout = \\).*|\\1${MTA_HANG_SECONDS}s|" \
	    -e "s|^\\(  sieve_filter_exec_timeout = \\).*|\\1$((MTA_HANG_SECONDS + 10))s|" \
	    "$1"
}

# header_info FILE OUT: OUT.rest is FILE without the fields a delivery
# puts at the top (Return-Path, Delivered-To, X-Original-To, Envelope-to,
# Delivery-date, Received by mta.test or localhost, TLS-Trace, and the
# Message-Id, Date and From an MTA adds to a message without them);
# OUT.below what follows the first TLS-Trace field (the message as the
# filter read it); OUT.count the number of TLS-Trace fields in the header;
# OUT.field the first one's unfolded value.
header_info() {
	awk -v rest="$2.rest" -v fieldf="$2.field" -v below="$2.below" '
	function flush() {
		if (cur == "") return
		low = tolower(cur)
		name = low; sub(/[ \t]*:.*/, "", name)
		if (after) printf "%s", cur > below
		if (name == "tls-trace") {
			n++
			if (n == 1) {
				v = cur; sub(/^[^:]*:[ \t]*/, "", v)
				gsub(/\r?\n[ \t]+/, " ", v); sub(/\r?\n$/, "", v)
				printf "%s\n", v > fieldf
				after = 1
			}
		}
		if (top && (name == "return-path" || name == "delivered-to" ||
		    name == "x-original-to" || name == "envelope-to" ||
		    name == "delivery-date" || name == "tls-trace" ||
		    name == "date" || name == "from" ||
		    (name == "message-id" && low ~ /@mta\.test>/) ||
		    (name == "received" && low ~ /by (mta\.test|localhost)[ \t\r\n(;]/))) {
			cur = ""
			return
		}
		top = 0
		printf "%s", cur > rest
		cur = ""
	}
	BEGIN { top = 1; inhdr = 1; n = 0; after = 0; cur = ""
		printf "" > rest; printf "" > fieldf; printf "" > below }
	inhdr && /^[ \t]/ && cur != "" { cur = cur $0 "\n"; next }
	inhdr && /^\r?$/ { flush(); inhdr = 0; line(); next }
	inhdr { flush(); cur = $0 "\n"; next }
	{ line() }
	function line() {
		printf "%s\n", $0 > rest
		if (after) printf "%s\n", $0 > below
	}
	END { if (inhdr) flush(); print n }
	' "$1" >"$2.count"
}

# mta_check GOT CONTROL DESC: GOT has one TLS-Trace field, the one
# tlstrace gives the message below it, and is otherwise CONTROL byte for
# byte (both without the fields their delivery added).
mta_check() {
	header_info "$1" "$T/got"
	header_info "$2" "$T/ctl"
	"$TLSTRACE" --filter <"$T/got.below" 2>/dev/null |
	    awk 'NR == 1 { sub(/^TLS-Trace:[ \t]*/, ""); v = $0; next }
	    /^[ \t]/ { sub(/^[ \t]+/, ""); v = v " " $0; next }
	    { print v; exit }' | tr -d '\r' >"$T/want.field"
	tr -d '\r' <"$T/got.field" >"$T/got.field1"
	if [ "$(cat "$T/got.count")" = 1 ] && [ -s "$T/want.field" ] &&
	    cmp -s "$T/got.field1" "$T/want.field" &&
	    cmp -s "$T/got.rest" "$T/ctl.rest"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "fields: $(cat "$T/got.count")" \
		    "got:  $(cat "$T/got.field1")" "want: $(cat "$T/want.field")"
		cmp "$T/got.rest" "$T/ctl.rest" 2>&1 | sed 's/^/# /'
		diff "$T/ctl.rest" "$T/got.rest" 2>/dev/null | head -n 20 |
		    sed 's/^/# /'
	fi
}

# verdict_is FILE WORD: the first TLS-Trace field of FILE says WORD first.
verdict_is() {
	header_info "$1" "$T/vi"
	case $(cat "$T/vi.field") in "$2;"*) return 0 ;; esac
	return 1
}

# wait_for SECONDS COMMAND...: polls every 0.2 s; 0 as soon as COMMAND
# succeeds, 1 when SECONDS have passed.
wait_for() {
	_n=$(($1 * 5))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# newest DIR: the path of the newest file in DIR (empty when none).
newest() {
	_f=$(ls -t "$1" 2>/dev/null | head -n 1)
	[ -n "$_f" ] && echo "$1/$_f"
}

# count_files DIR: how many files DIR holds.
count_files() {
	ls "$1" 2>/dev/null | wc -l | tr -d ' '
}

# make_cert DIR: a self-signed certificate for mta.test, DIR/cert.pem and
# DIR/key.pem, readable by the daemons.
make_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -subj /CN=mta.test -days 2 -keyout "$1/key.pem" \
	    -out "$1/cert.pem" >/dev/null 2>&1 || return 1
	chmod 644 "$1/cert.pem" "$1/key.pem"
}

# send_smtp PORT MESSAGE [SWAKS-ARGS...]: one message to
# tlsuser@mta.test on 127.0.0.1:PORT; swaks's status in $st.
send_smtp() {
	_port=$1
	_msg=$2
	shift 2
	timeout 60 swaks --server 127.0.0.1 --port "$_port" --helo client.test \
	    --from sender@example.net --to "${MTA_RCPT:-tlsuser@mta.test}" \
	    --data "$_msg" "$@" >"$T/swaks.log" 2>&1
	st=$?
}

# take_delivery MAILDIR OUT SECONDS: waits for one message in MAILDIR/new
# and moves it to OUT; 1 when none came.
take_delivery() {
	wait_for "$3" sh -c '[ -n "$(ls "$1")" ]' - "$1/new" || return 1
	_f=$(newest "$1/new")
	mv "$_f" "$2"
}
