#!/bin/sh
# exim.t: the Exim recipe of contrib/exim/ (Debian's conf.d transports
# with a transport_filter) in a real Exim on loopback, in private
# namespaces, run from Debian's packages unpacked into $T (Exim and
# Postfix conflict as packages); and, behind the same Exim, the procmail
# and maildrop recipes through Debian's procmail and maildrop routers.
# For each: every test message by swaks (plain, STARTTLS) against a
# control user delivered without tlstrace; one field, the right verdict,
# the rest byte-identical; tlstrace exiting 75, crashing half-way, missing
# or hanging defers the delivery (never bounced, never in the Maildir),
# and a queue run once tlstrace is back delivers it whole.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/mta/lib.sh"
in_sandbox "$@"

EXIM_DEBS=${TLSTRACE_EXIM_DEBS:-/var/cache/tlstrace-test/exim}
if ! ls "$EXIM_DEBS"/exim4-daemon-light_*.deb "$EXIM_DEBS"/exim4-config_*.deb \
    "$EXIM_DEBS"/exim4-base_*.deb >/dev/null 2>&1 ||
    ! command -v swaks >/dev/null 2>&1; then
	echo "1..0 # SKIP no Exim packages in $EXIM_DEBS or no swaks (scripts/install-deps --mta)"
	exit 0
fi
sandbox_setup || { echo "1..0 # SKIP the sandbox could not be set up"; exit 0; }
trap sandbox_cleanup EXIT

ROOT=$T/exim-root
for d in "$EXIM_DEBS"/exim4-daemon-light_*.deb "$EXIM_DEBS"/exim4-base_*.deb \
    "$EXIM_DEBS"/exim4-config_*.deb; do
	dpkg-deb -x "$d" "$ROOT" || { echo "Bail out! dpkg-deb -x $d"; exit 1; }
done
EXIM=$ROOT/usr/sbin/exim4
add_user Debian-exim 64010
if ! "$EXIM" -C /dev/null -bV >/dev/null 2>&1; then
	echo "1..0 # SKIP the unpacked Exim does not run: $("$EXIM" -C /dev/null -bV 2>&1 | head -n 1)"
	exit 0
fi

n=64020
for u in tlsuser ctluser pmuser pmctl mduser mdctl; do
	add_user "$u" "$n" "$T/home/$u"
	n=$((n + 1))
done
make_cert "$T" || { echo "Bail out! openssl could not make a certificate"; exit 1; }
mta_messages "$T"
mkdir -p "$T/out" "$T/exim-spool" "$T/exim-log"
chown Debian-exim "$T/exim-spool" "$T/exim-log"
mta_fault good

# procmail and maildrop users: the recipes, then a Maildir; their
# controls through cat (procmail) or straight (maildrop).
for u in pmuser mduser pmctl mdctl; do
	case $u in
	pmuser)	{ echo "SHELL=/bin/sh"; mta_recipe "$CONTRIB/procmailrc"; printf '\n:0\nMaildir/\n'; } ;;
	pmctl)	printf 'SHELL=/bin/sh\n:0 fw\n| cat\n\n:0\nMaildir/\n' ;;
	mduser)	{ mta_recipe "$CONTRIB/mailfilter"; echo 'to "$HOME/Maildir/"'; } ;;
	mdctl)	echo 'to "$HOME/Maildir/"' ;;
	esac >"$T/rc"
	case $u in pm*) f=.procmailrc ;; *) f=.mailfilter ;; esac
	install -m 600 -o "$u" -g "$u" "$T/rc" "$T/home/$u/$f"
done

# Debian's split configuration with the recipe's transport file, the
# recipe's dc_localdelivery, and this test's macros: loopback, no DNS, its
# own spool, log, certificate and Exim binary.
CONF=/etc/exim4
rm -rf "$CONF"
cp -R "$ROOT/etc/exim4" "$CONF"
mta_recipe "$CONTRIB/exim/30_exim4-config_tlstrace" \
    >"$CONF/conf.d/transport/30_exim4-config_tlstrace"
cat >"$CONF/update-exim4.conf.conf" <<EOC
dc_eximconfig_configtype='local'
dc_other_hostnames='mta.test'
dc_local_interfaces='127.0.0.1 ; ::1'
dc_readhost=''
dc_relay_domains=''
dc_minimaldns='false'
dc_relay_nets=''
dc_smarthost=''
CFILEMODE='644'
dc_use_split_config='true'
dc_hide_mailname=''
dc_mailname_in_oh='true'
dc_localdelivery='maildir_home_tlstrace'
EOC
cat >"$CONF/conf.d/main/000_tlstrace_test" <<EOC
MAIN_HARDCODE_PRIMARY_HOSTNAME = mta.test
SPOOLDIR = $T/exim-spool
MAIN_HOST_LOOKUP = !*
MAIN_TLS_ENABLE = yes
MAIN_TLS_CERTIFICATE = $T/cert.pem
MAIN_TLS_PRIVATEKEY = $T/key.pem
MESSAGE_SIZE_LIMIT = 50M
log_file_path = $T/exim-log/%slog
pid_file_path = $T/exim.pid
EOC
# The control user: Debian's maildir_home, no filter.
cat >"$CONF/conf.d/router/150_tlstrace_test_control" <<'EOC'
test_control:
  driver = accept
  local_parts = ctluser
  check_local_user
  transport = maildir_home
EOC
if ! sh "$ROOT/usr/sbin/update-exim4.conf" --confdir "$CONF" \
    --output "$CONF/exim4.conf" >"$T/update.log" 2>&1 ||
    ! sed -i "s|^exim_path = .*|exim_path = $EXIM|" "$CONF/exim4.conf" ||
    ! "$EXIM" -bV >"$T/bV.log" 2>&1; then
	echo "Bail out! the configuration: $(cat "$T/update.log" "$T/bV.log" | tail -n 5)"
	exit 1
fi
grep -q 'transport_filter = .*tlstrace --filter --strip-existing' "$CONF/exim4.conf"
ok $? "update-exim4.conf takes the recipe's transports"

"$EXIM" -bd -q1h
if ! wait_for 20 sh -c 'swaks --server 127.0.0.1 --port 25 --quit-after EHLO >/dev/null 2>&1'; then
	echo "Bail out! Exim did not start: $(tail -n 5 "$T/exim-log/paniclog" "$T/exim-log/mainlog" 2>/dev/null)"
	exit 1
fi
stop_exim() {
	[ -s "$T/exim.pid" ] && kill "$(cat "$T/exim.pid")" 2>/dev/null
}
trap 'stop_exim; sandbox_cleanup' EXIT
ok 0 "Exim runs Debian's configuration with the recipe"
ss -Hltn 2>/dev/null | awk '{ print $4 }' | grep -v -E '^(127\.0\.0\.1|\[::1\]):' >"$T/listen"
[ ! -s "$T/listen" ]; ok $? "Exim listens on loopback only"

# deliver USER NAME MESSAGE [SWAKS-ARGS]: to USER@mta.test; the delivery
# as $T/out/NAME.
deliver() {
	_u=$1
	_name=$2
	_m=$3
	shift 3
	MTA_RCPT=$_u@mta.test send_smtp 25 "$_m" "$@"
	if [ "$st" -ne 0 ]; then
		diag "swaks: $(tail -n 3 "$T/swaks.log")"
		return 1
	fi
	take_delivery "$T/home/$_u/Maildir" "$T/out/$_name" 60 || {
		diag "no delivery: $(tail -n 3 "$T/exim-log/mainlog")"
		return 1
	}
}

# route WHAT USER CONTROL-USER: the messages, STARTTLS, the failures.
route() {
	what=$1
	u=$2
	c=$3
	for m in $MTA_MESSAGES; do
		cm=$m
		[ "$m" = forged ] && cm=plain
		if { [ -e "$T/out/$c-$cm" ] || deliver "$c" "$c-$cm" "$T/$cm.eml"; } &&
		    deliver "$u" "$u-$m" "$T/$m.eml"; then
			mta_check "$T/out/$u-$m" "$T/out/$c-$cm" "$what: $m.eml: one field, its verdict, the rest as delivered without tlstrace"
		else
			ok 1 "$what: $m.eml delivered"
		fi
	done
	verdict_is "$T/out/$u-forged" fail; ok $? "$what: forged pass fields: removed, fail"
	verdict_is "$T/out/$u-tls" pass; ok $? "$what: TLS upstream: pass"
	if deliver "$c" "$c-tls" "$T/plain.eml" --tls && deliver "$u" "$u-tls" "$T/plain.eml" --tls; then
		mta_check "$T/out/$u-tls" "$T/out/$c-tls" "$what: STARTTLS: one field, its verdict, the rest as without tlstrace"
		grep -q 'tls=1' "$T/out/$u-tls"; ok $? "$what: STARTTLS: the TLS hop into Exim is counted"
	else
		ok 1 "$what: STARTTLS delivered"
	fi

	for fault in $MTA_FAULTS; do
		mta_fault "$fault"
		before=$(wc -l <"$T/exim-log/mainlog")
		MTA_RCPT=$u@mta.test send_smtp 25 "$T/forged.eml"
		wait_for 60 sh -c 'tail -n +$(($2 + 1)) "$1" | grep -q " \(==\|=>\|\*\*\) $3"' - \
		    "$T/exim-log/mainlog" "$before" "$u@mta.test"
		tail -n +$((before + 1)) "$T/exim-log/mainlog" >"$T/fault.log"
		grep -q " == $u@mta.test" "$T/fault.log" &&
		    ! grep -q ' \*\* ' "$T/fault.log" &&
		    [ "$(count_files "$T/home/$u/Maildir/new")" = 0 ] &&
		    [ "$(count_files "$T/home/$u/Maildir/tmp")" = 0 ] &&
		    [ "$("$EXIM" -bpc)" = 1 ]
		r=$?
		ok $r "$what: tlstrace $fault: deferred, in the queue, nothing delivered"
		[ $r -eq 0 ] || diag "$(cat "$T/fault.log")"
		mta_fault good
		"$EXIM" -qff
		if take_delivery "$T/home/$u/Maildir" "$T/out/$u-retry" 60; then
			mta_check "$T/out/$u-retry" "$T/out/$c-plain" "$what: tlstrace $fault, back, queue run: delivered whole, one field"
		else
			ok 1 "$what: tlstrace $fault, back, queue run: delivered"
			diag "$(tail -n 5 "$T/exim-log/mainlog")"
		fi
		wait_for 20 sh -c '[ "$("$1" -bpc)" = 0 ]' - "$EXIM"
		ok $? "$what: tlstrace $fault: the queue is empty again"
	done
}

route "Exim transport_filter" tlsuser ctluser
if command -v procmail >/dev/null 2>&1; then
	route "Exim + procmail" pmuser pmctl
else
	skip "Exim + procmail" "procmail is not installed"
fi
if command -v maildrop >/dev/null 2>&1; then
	route "Exim + maildrop" mduser mdctl
else
	skip "Exim + maildrop" "maildrop is not installed"
fi

pid=$(cat "$T/exim.pid")
stop_exim
wait_for 20 sh -c '! kill -0 "$1" 2>/dev/null' - "$pid"
ok $? "Exim stopped"
grep -q ' \*\* ' "$T/exim-log/mainlog"; ok $((! $?)) "nothing bounced"
done_testing
