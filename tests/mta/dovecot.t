#!/bin/sh
# dovecot.t: the Sieve recipe of contrib/sieve/ (tlstrace.sieve and
# 90-tlstrace.conf, Pigeonhole's sieve_extprograms and vnd.dovecot.filter)
# in a real Dovecot, in private namespaces: installed over Debian's
# /etc/dovecot by the commands 90-tlstrace.conf gives, then Dovecot LMTP on
# 127.0.0.1 (swaks) and dovecot-lda run as the recipient, as Postfix's
# mailbox_command runs it, deliver into a Maildir.  A second Dovecot,
# Debian's configuration without the recipe, is the control.  Checked for
# each: one field, the right verdict, the rest byte-identical to the
# control; plaintext mail filed into "Plaintext", which is created when
# missing; and what the recipe promises when tlstrace exits 75, crashes
# half-way, is missing or hangs past its time limit (tlstrace-sieve-filter's
# timeout(1)): the mail delivered at once, as it came, its upstream fields
# deleted, marked 'Tls-Trace: unknown; reason="tlstrace failed"' (Sieve
# cannot defer).
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/mta/lib.sh"
in_sandbox "$@"
# The recipe's 120-second limit, cut to this (mta_recipe): each hang
# costs it.
MTA_HANG_SECONDS=3

LDA=/usr/lib/dovecot/dovecot-lda
if ! command -v dovecot >/dev/null 2>&1 || [ ! -x /usr/lib/dovecot/lmtp ] ||
    [ ! -x "$LDA" ] || ! command -v sievec >/dev/null 2>&1 ||
    [ ! -e /usr/lib/dovecot/modules/sieve/lib90_sieve_extprograms_plugin.so ] ||
    ! command -v swaks >/dev/null 2>&1; then
	echo "1..0 # SKIP Dovecot (core, lmtpd, sieve) or swaks is not installed (scripts/install-deps --mta)"
	exit 0
fi
sandbox_setup || { echo "1..0 # SKIP the sandbox could not be set up"; exit 0; }
trap sandbox_cleanup EXIT

# LMTP delivers to tlsuser (the recipe) and ctluser (the control),
# dovecot-lda to ldauser and ldactl.
add_user tlsuser 64030 "$T/home/tlsuser"
add_user ctluser 64031 "$T/home/ctluser"
add_user ldauser 64032 "$T/home/ldauser"
add_user ldactl 64033 "$T/home/ldactl"
make_cert "$T" || { echo "Bail out! openssl could not make a certificate"; exit 1; }
mta_messages "$T"
mkdir -p "$T/out"
mta_fault good

# Dovecot's state (/var/lib/dovecot) and /usr/lib/dovecot, where the
# recipe puts its filter directory, stay inside the sandbox.
mkdir -p "$T/state" "$T/ovl/lib-upper" "$T/ovl/lib-work"
mount --bind "$T/state" /var/lib/dovecot &&
    mount -t overlay tlstrace-test -o \
    "lowerdir=/usr/lib/dovecot,upperdir=$T/ovl/lib-upper,workdir=$T/ovl/lib-work" \
    /usr/lib/dovecot || {
	echo "Bail out! could not mount the Dovecot directories"
	exit 1
}
# gone PID: PID has ended (a zombie left for wait counts as ended).
gone() {
	case $(ps -o stat= -p "$1") in
	''|Z*)	return 0 ;;
	esac
	return 1
}
PIDS=""
stop_dovecot() {
	for _p in $PIDS; do
		kill "$_p" 2>/dev/null
	done
	for _p in $PIDS; do
		wait_for 20 gone "$_p" || kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	PIDS=""
}
dovecot_cleanup() {
	stop_dovecot
	umount /usr/lib/dovecot 2>/dev/null
	umount /var/lib/dovecot 2>/dev/null
	sandbox_cleanup
}
trap dovecot_cleanup EXIT

# site_conf NAME PORT: this site's settings, which the recipe leaves to
# the site: loopback only, its own base_dir and log, Maildir, "sieve" in
# mail_plugins of protocol lda and lmtp (as 90-tlstrace.conf asks).
site_conf() {
	cat <<EOC
protocols = lmtp
listen = 127.0.0.1
base_dir = $T/run-$1
instance_name = dovecot-$1
hostname = mta.test
auth_username_format = %Ln
log_path = $T/$1.log
mail_location = maildir:~/Maildir
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $2
  }
}
protocol lmtp {
  mail_plugins = \$mail_plugins sieve
}
protocol lda {
  mail_plugins = \$mail_plugins sieve
}
EOC
}
# The certificate where Debian's postinst puts one.
mkdir -p /etc/dovecot/private
cp "$T/cert.pem" /etc/dovecot/private/dovecot.pem
cp "$T/key.pem" /etc/dovecot/private/dovecot.key
chmod 600 /etc/dovecot/private/dovecot.key
# The control: Debian's configuration and the site's, no recipe.
CTL_CONF=$T/dovecot-ctl
cp -R /etc/dovecot "$CTL_CONF"
site_conf ctl 2424 >"$CTL_CONF/conf.d/99-tlstrace-test.conf"
site_conf tls 24 >/etc/dovecot/conf.d/99-tlstrace-test.conf
: >"$T/ctl.log"
: >"$T/tls.log"
chmod 666 "$T/ctl.log" "$T/tls.log"

# The recipe, installed by the commands its 90-tlstrace.conf gives, run
# as they are from a directory holding the two files, and its filter
# program where the package puts it.  mta_recipe changes only what is
# site-specific: the installed programs are in $T/bin (/usr/bin/tlstrace
# is $T/bin/tlstrace, /usr/libexec/tlstrace/ is $T/bin/), and the time
# limits are cut to seconds.
mkdir -p "$T/recipe"
mta_recipe "$CONTRIB/sieve/90-tlstrace.conf" >"$T/recipe/90-tlstrace.conf"
cp "$CONTRIB/sieve/tlstrace.sieve" "$T/recipe/tlstrace.sieve"
mta_recipe "$CONTRIB/sieve/tlstrace-sieve-filter" >"$T/bin/tlstrace-sieve-filter"
chmod 755 "$T/bin/tlstrace-sieve-filter"
awk '/Install:$/ { on = 1; next }
    on && /^#   / { sub(/^#   /, ""); print; n++; next }
    on && n { exit }' "$T/recipe/90-tlstrace.conf" >"$T/install.sh"
grep -q '^sievec /etc/dovecot/sieve-before/tlstrace.sieve$' "$T/install.sh" &&
    grep -q "^ln -s $T/bin/tlstrace-sieve-filter /usr/lib/dovecot/sieve-filter/tlstrace\$" "$T/install.sh"
ok $? "90-tlstrace.conf says how to install the recipe"
(cd "$T/recipe" && sh -e "$T/install.sh") >"$T/install.log" 2>&1
r=$?
ok $r "the recipe installs as 90-tlstrace.conf says (sievec compiles it)"
[ $r -eq 0 ] || diag "$(cat "$T/install.sh" "$T/install.log")"
cmp -s /etc/dovecot/sieve-before/tlstrace.sieve "$CONTRIB/sieve/tlstrace.sieve" &&
    grep -q "^exec /usr/bin/timeout -k 1 $MTA_HANG_SECONDS $T/bin/tlstrace \"\$@\"\$" \
    /usr/lib/dovecot/sieve-filter/tlstrace &&
    grep -q "^  sieve_filter_exec_timeout = $((MTA_HANG_SECONDS + 10))s\$" \
    /etc/dovecot/conf.d/90-tlstrace.conf
ok $? "installed: contrib's script; tlstrace's limit cut to ${MTA_HANG_SECONDS}s, Dovecot's to $((MTA_HANG_SECONDS + 10))s"

# start_dovecot CONF NAME PORT: a Dovecot master in the foreground, its
# PID kept; 1 when its LMTP does not answer.
start_dovecot() {
	dovecot -F -c "$1" >>"$T/$2.log" 2>&1 &
	PIDS="$PIDS $!"
	wait_for 20 sh -c 'swaks --server 127.0.0.1 --port "$1" --protocol LMTP --quit-after LHLO >/dev/null 2>&1' - "$3"
}
if ! doveconf -c /etc/dovecot/dovecot.conf -n >"$T/doveconf.log" 2>&1 ||
    ! start_dovecot /etc/dovecot/dovecot.conf tls 24 ||
    ! start_dovecot "$CTL_CONF/dovecot.conf" ctl 2424; then
	echo "Bail out! Dovecot did not start: $(cat "$T/doveconf.log" "$T/tls.log" "$T/ctl.log" | tail -n 5)"
	exit 1
fi
ok 0 "Dovecot runs Debian's configuration with the recipe"
ss -Hltn 2>/dev/null | awk '{ print $4 }' | grep -v -E '^127\.0\.0\.1:' >"$T/listen"
[ ! -s "$T/listen" ]; ok $? "Dovecot listens on 127.0.0.1 only"

# take USER NAME: the one message USER has (INBOX or Plaintext) moved to
# $T/out/NAME, its folder in $T/out/NAME.folder; 1 unless exactly one.
take() {
	_md=$T/home/$1/Maildir
	_n=0
	for _f in "$_md"/new/* "$_md"/cur/* "$_md"/.Plaintext/new/* \
	    "$_md"/.Plaintext/cur/*; do
		[ -f "$_f" ] || continue
		_n=$((_n + 1))
		_one=$_f
	done
	if [ "$_n" -ne 1 ]; then
		diag "$1 has $_n messages"
		rm -f "$_md"/new/* "$_md"/cur/* "$_md"/.Plaintext/new/* \
		    "$_md"/.Plaintext/cur/*
		return 1
	fi
	case $_one in
	*/.Plaintext/*)	echo Plaintext ;;
	*)		echo INBOX ;;
	esac >"$T/out/$2.folder"
	mv "$_one" "$T/out/$2"
}

# lmtp WHO NAME MESSAGE [SWAKS-ARGS]: MESSAGE by LMTP to the recipe's
# Dovecot (WHO rcpt: tlsuser, port 24) or the control's (ctl: ctluser,
# 2424), taken as $T/out/NAME.
lmtp() {
	case $1 in rcpt) _u=tlsuser _port=24 ;; *) _u=ctluser _port=2424 ;; esac
	_name=$2
	_m=$3
	shift 3
	MTA_RCPT=$_u@mta.test send_smtp "$_port" "$_m" --protocol LMTP "$@"
	if [ "$st" -ne 0 ]; then
		diag "swaks: $(tail -n 3 "$T/swaks.log")"
		return 1
	fi
	take "$_u" "$_name"
}

# lda WHO NAME MESSAGE: dovecot-lda as Postfix's mailbox_command runs it
# (as the user, in its environment, -f SENDER -a RECIPIENT), with the
# recipe (WHO rcpt: ldauser) or the control's configuration (ctl:
# ldactl), taken as $T/out/NAME; its status in $st.
lda() {
	_u=ldauser
	_c=
	[ "$1" = ctl ] && _u=ldactl _c="-c $CTL_CONF/dovecot.conf"
	_uid=$(id -u "$_u")
	# shellcheck disable=SC2086
	env -i HOME="$T/home/$_u" USER="$_u" LOGNAME="$_u" SHELL=/bin/sh \
	    PATH=/usr/bin:/bin \
	    setpriv --reuid="$_uid" --regid="$_uid" --init-groups \
	    $HANG_GUARD "$LDA" $_c -f sender@example.net -a "$_u@mta.test" \
	    <"$3" >"$T/lda.out" 2>&1
	st=$?
	if [ "$st" -ne 0 ]; then
		diag "dovecot-lda: exit $st: $(tail -n 3 "$T/lda.out")"
		return 1
	fi
	take "$_u" "$2"
}

# want_verdict MESSAGE: the verdict tlstrace gives MESSAGE.
want_verdict() {
	case $1 in
	plain|forged)	echo fail ;;
	tls|big|lf8bit)	echo pass ;;
	garbage)	echo unknown ;;
	esac
}

# marked GOT CONTROL: GOT has one field, the recipe's failure mark at the
# top, spelt as README.md says, and is otherwise CONTROL byte for byte.
marked() {
	header_info "$1" "$T/mk"
	header_info "$2" "$T/mc"
	[ "$(cat "$T/mk.count")" = 1 ] &&
	    [ "$(head -n 1 "$1")" = 'Tls-Trace: unknown; reason="tlstrace failed"' ] &&
	    cmp -s "$T/mk.rest" "$T/mc.rest" && return 0
	diag "fields: $(cat "$T/mk.count"): $(cat "$T/mk.field")"
	diff "$T/mc.rest" "$T/mk.rest" | head -n 10 | sed 's/^/# /'
	return 1
}

# run WHAT DELIVER USER: every message, then the failures.
run() {
	what=$1
	deliver=$2
	md=$T/home/$3/Maildir
	[ ! -e "$md/.Plaintext" ]
	ok $? "$what: no Plaintext folder yet"
	log0=$(wc -l <"$T/tls.log")
	for m in $MTA_MESSAGES; do
		c=$m
		[ "$m" = forged ] && c=plain
		if { [ -e "$T/out/$what-ctl-$c" ] || $deliver ctl "$what-ctl-$c" "$T/$c.eml"; } &&
		    $deliver rcpt "$what-$m" "$T/$m.eml"; then
			mta_check "$T/out/$what-$m" "$T/out/$what-ctl-$c" "$what: $m.eml: one field, its verdict, the rest as delivered without the recipe"
			v=$(want_verdict "$m")
			f=INBOX
			[ "$v" = fail ] && f=Plaintext
			verdict_is "$T/out/$what-$m" "$v" &&
			    [ "$(cat "$T/out/$what-$m.folder")" = "$f" ]
			ok $? "$what: $m.eml: $v, into $f"
		else
			ok 1 "$what: $m.eml delivered through the recipe"
			skip "$what: $m.eml: its verdict" "not delivered"
		fi
		[ "$(cat "$T/out/$what-ctl-$c.folder" 2>/dev/null)" = INBOX ] ||
		    diag "control $c not in INBOX"
	done
	[ -d "$md/.Plaintext" ]
	ok $? "$what: fileinto :create made the Plaintext folder"
	if [ "$what" = LMTP ]; then
		if lmtp ctl LMTP-ctl-starttls "$T/tls.eml" --tls &&
		    lmtp rcpt LMTP-starttls "$T/tls.eml" --tls; then
			mta_check "$T/out/LMTP-starttls" "$T/out/LMTP-ctl-starttls" "LMTP STARTTLS: tls.eml: one field, its verdict, the rest as without the recipe"
			grep -q '^	by mta.test with LMTPS$' "$T/out/LMTP-starttls" &&
			    verdict_is "$T/out/LMTP-starttls" pass
			ok $? "LMTP STARTTLS: Dovecot says LMTPS; pass"
		else
			ok 1 "LMTP STARTTLS: tls.eml delivered through the recipe"
			skip "LMTP STARTTLS: its verdict" "not delivered"
		fi
	fi
	tail -n +$((log0 + 1)) "$T/tls.log" | grep -E ': (Error|Fatal|Panic|Warning):' >"$T/errors"
	[ ! -s "$T/errors" ]; ok $? "$what: the recipe's Dovecot logged no error or warning"
	[ -s "$T/errors" ] && diag "$(head -n 5 "$T/errors")"

	# The failures, on the forged fields and on the 20 MB message.
	for fault in $MTA_FAULTS; do
		for m in forged big; do
			c=$m
			[ "$m" = forged ] && c=plain
			mta_fault "$fault"
			start=$(date +%s)
			$deliver rcpt "$what-$fault" "$T/$m.eml"
			r=$?
			took=$(($(date +%s) - start))
			mta_fault good
			if [ $r -eq 0 ]; then
				marked "$T/out/$what-$fault" "$T/out/$what-ctl-$c" &&
				    [ "$(cat "$T/out/$what-$fault.folder")" = INBOX ] &&
				    [ "$(count_files "$md/tmp")" = 0 ]
				ok $? "$what: tlstrace $fault, $m.eml: delivered once into INBOX as it came, no upstream field, marked \"tlstrace failed\" (${took}s)"
			else
				ok 1 "$what: tlstrace $fault, $m.eml: delivered"
			fi
		done
	done
	! ps -eo args= | grep -q '^sleep 3600'
	ok $? "$what: the hanging tlstrace was killed"
}

run LMTP lmtp tlsuser
run LDA lda ldauser

grep -E ': (Fatal|Panic):' "$T/tls.log" "$T/ctl.log" >"$T/errors"
[ ! -s "$T/errors" ]; ok $? "no Dovecot process died"
[ -s "$T/errors" ] && diag "$(head -n 5 "$T/errors")"

# shellcheck disable=SC2086
set -- $PIDS
stop_dovecot
r=0
for p in "$@"; do
	gone "$p" || r=1
done
ok $r "Dovecot stopped"
done_testing
