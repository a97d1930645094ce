#!/bin/sh
# postfix.t: the Postfix recipe of contrib/postfix/ (master.cf, main.cf,
# tlstrace-reinject) in a real Postfix on loopback, in private namespaces.
# Mail comes in with swaks on smtp (plain and STARTTLS), submission and
# submissions, is filtered through pipe(8) and re-injected with
# sendmail(1); a control smtpd on port 2525 has no filter.  Checked: one
# field, the right verdict, the rest byte-identical to the control; mail
# from sendmail(1) not filtered, as the recipe says; and when tlstrace
# exits 75, crashes half-way, is missing or hangs, the message is
# deferred (not bounced, not delivered), then delivered whole once
# tlstrace is back and the queue is flushed; a killed filter leaves no
# temporary file.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/mta/lib.sh"
in_sandbox "$@"

if ! command -v postfix >/dev/null 2>&1 || ! command -v swaks >/dev/null 2>&1; then
	echo "1..0 # SKIP Postfix or swaks is not installed (scripts/install-deps --mta)"
	exit 0
fi
sandbox_setup || { echo "1..0 # SKIP the sandbox could not be set up"; exit 0; }
trap sandbox_cleanup EXIT

HOME_U=$T/home/tlsuser
add_user tlsuser 64001 "$HOME_U"
add_user tlstrace 64002
make_cert "$T" || { echo "Bail out! openssl could not make a certificate"; exit 1; }
mta_messages "$T"
mkdir -p "$T/out"

# The filter as installed, its paths in $T/bin.
mta_fault good
mta_recipe "$CONTRIB/postfix/tlstrace-reinject" >"$T/bin/tlstrace-reinject"
chmod 755 "$T/bin/tlstrace-reinject"

# A private Postfix: its configuration over /etc/postfix, its queue over
# /var/spool/postfix, loopback only, no DNS, no relay anywhere.
mkdir -p "$T/etc-postfix" "$T/spool" "$T/lib"
cp -R /etc/postfix/. "$T/etc-postfix/"
rm -f "$T/etc-postfix/main.cf" "$T/etc-postfix/master.cf"
mount --bind "$T/etc-postfix" /etc/postfix &&
    mount --bind "$T/spool" /var/spool/postfix &&
    mount --bind "$T/lib" /var/lib/postfix || {
	echo "Bail out! could not mount the Postfix directories"
	exit 1
}
chown postfix "$T/lib"
cat >/etc/postfix/main.cf <<EOC
compatibility_level = 3.6
myhostname = mta.test
mydomain = mta.test
myorigin = mta.test
mydestination = mta.test, localhost
inet_interfaces = loopback-only
inet_protocols = all
mynetworks = 127.0.0.0/8 [::1]/128
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
default_transport = error:this test relays nowhere
relay_transport = error:this test relays nowhere
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
alias_maps =
alias_database =
home_mailbox = Maildir/
message_size_limit = 52428800
mailbox_size_limit = 0
biff = no
smtpd_tls_cert_file = $T/cert.pem
smtpd_tls_key_file = $T/key.pem
smtpd_tls_security_level = may
maillog_file = $T/maillog
maillog_file_prefixes = $T
queue_run_delay = 3600s
minimal_backoff_time = 3600s
maximal_backoff_time = 3600s
delay_warning_time = 0
EOC
cat "$CONTRIB/postfix/main.cf" >>/etc/postfix/main.cf
# Debian's master.cf without chroot and without its smtp listener, the
# recipe's, and the control listener.
{
	awk '/^smtp +inet/ { skip = 1; next }
	    skip && /^[ \t]/ { next }
	    { skip = 0; print }' /usr/share/postfix/master.cf.dist |
	    awk '/^[a-z]/ && $5 == "y" { $5 = "n" } { print }'
	mta_recipe "$CONTRIB/postfix/master.cf"
	echo "127.0.0.1:2525 inet n - n - - smtpd"
} >/etc/postfix/master.cf

postfix check >"$T/check.log" 2>&1
if ! postfix start >"$T/start.log" 2>&1 ||
    ! wait_for 20 sh -c 'swaks --server 127.0.0.1 --port 2525 --quit-after EHLO >/dev/null 2>&1'; then
	echo "Bail out! Postfix did not start: $(cat "$T/check.log" "$T/start.log" "$T/maillog" 2>/dev/null | tail -n 5)"
	postfix stop >/dev/null 2>&1
	exit 1
fi
stop_postfix() {
	postfix stop >/dev/null 2>&1
}
trap 'stop_postfix; sandbox_cleanup' EXIT

ok 0 "Postfix runs the recipe's master.cf and main.cf"
ss -Hltn 2>/dev/null | awk '{ print $4 }' | grep -v -E '^(127\.0\.0\.1|\[::1\]):' >"$T/listen"
[ ! -s "$T/listen" ]; ok $? "Postfix listens on loopback only"

# deliver NAME PORT MESSAGE [SWAKS-ARGS]: sends, takes the delivery as
# $T/out/NAME; 1 when it did not come.
deliver() {
	_name=$1
	_port=$2
	_m=$3
	shift 3
	send_smtp "$_port" "$_m" "$@"
	if [ "$st" -ne 0 ]; then
		diag "swaks: $(tail -n 3 "$T/swaks.log")"
		return 1
	fi
	take_delivery "$HOME_U/Maildir" "$T/out/$_name" 60 || {
		diag "no delivery: $(tail -n 3 "$T/maillog")"
		return 1
	}
}

# Every test message on smtp (port 25), plain, against the control.
for m in $MTA_MESSAGES; do
	c=$m
	[ "$m" = forged ] && c=plain
	if { [ -e "$T/out/ctl-$c" ] || deliver "ctl-$c" 2525 "$T/$c.eml"; } &&
	    deliver "got-$m" 25 "$T/$m.eml"; then
		mta_check "$T/out/got-$m" "$T/out/ctl-$c" "smtp: $m.eml: one field, its verdict, the rest as delivered without the filter"
	else
		ok 1 "smtp: $m.eml delivered through the filter"
	fi
done
verdict_is "$T/out/got-plain" fail; ok $? "smtp: plaintext upstream: fail"
verdict_is "$T/out/got-forged" fail; ok $? "smtp: forged pass fields: removed, fail"
verdict_is "$T/out/got-tls" pass; ok $? "smtp: TLS upstream: pass"
verdict_is "$T/out/got-garbage" unknown; ok $? "smtp: garbage: unknown"

# STARTTLS on smtp, and the submission and submissions services.
for m in plain tls; do
	if deliver "ctl-tls-$m" 2525 "$T/$m.eml" --tls && deliver "got-tls-$m" 25 "$T/$m.eml" --tls; then
		mta_check "$T/out/got-tls-$m" "$T/out/ctl-tls-$m" "smtp STARTTLS: $m.eml: one field, its verdict, the rest as without the filter"
	else
		ok 1 "smtp STARTTLS: $m.eml delivered through the filter"
	fi
done
grep -q 'tls=2' "$T/out/got-tls-tls"; ok $? "smtp STARTTLS: the TLS hop into Postfix is counted"
if deliver ctl-sub 2525 "$T/plain.eml" --tls && deliver got-sub 587 "$T/forged.eml" --tls; then
	mta_check "$T/out/got-sub" "$T/out/ctl-sub" "submission (587, STARTTLS): filtered, forged fields removed"
else
	ok 1 "submission (587): delivered through the filter"
fi
if deliver got-subs 465 "$T/forged.eml" --tlsc; then
	verdict_is "$T/out/got-subs" fail && [ "$(cat "$T/vi.count")" = 1 ]
	ok $? "submissions (465, TLS on connect): filtered, forged fields removed"
else
	ok 1 "submissions (465): delivered through the filter"
fi

# sendmail(1): not filtered, as master.cf says (it is how the filter
# re-injects).
/usr/sbin/sendmail -f sender@example.net -i tlsuser@mta.test <"$T/forged.eml"
if take_delivery "$HOME_U/Maildir" "$T/out/pickup" 60; then
	header_info "$T/out/pickup" "$T/pk"
	[ "$(cat "$T/pk.count")" = 2 ]
	ok $? "sendmail(1): not filtered, as the recipe says (its fields stay)"
else
	ok 1 "sendmail(1): delivered"
fi

# Failures: deferred, never bounced nor delivered; then whole.
for fault in $MTA_FAULTS; do
	mta_fault "$fault"
	: >"$T/maillog.mark"
	before=$(wc -l <"$T/maillog")
	send_smtp 25 "$T/forged.eml"
	wait_for 60 sh -c 'tail -n +$(($2 + 1)) "$1" | grep -q "relay=tlstrace.*status=\(deferred\|bounced\|sent\)"' - "$T/maillog" "$before"
	tail -n +$((before + 1)) "$T/maillog" >"$T/fault.log"
	grep -q 'relay=tlstrace.*status=deferred' "$T/fault.log" &&
	    ! grep -q 'status=bounced' "$T/fault.log" &&
	    [ -z "$(ls "$HOME_U/Maildir/new")" ] &&
	    [ "$(postqueue -j | wc -l)" = 1 ]
	ok $? "tlstrace $fault: deferred, in the queue, nothing delivered"
	[ -z "$(ls /tmp | grep tlstrace-reinject)" ]
	ok $? "tlstrace $fault: no temporary file left"
	mta_fault good
	postqueue -f
	if take_delivery "$HOME_U/Maildir" "$T/out/retry-$fault" 60; then
		mta_check "$T/out/retry-$fault" "$T/out/ctl-plain" "tlstrace $fault, back, queue flushed: delivered whole, one field"
	else
		ok 1 "tlstrace $fault, back, queue flushed: delivered"
		diag "$(tail -n 5 "$T/maillog")"
	fi
	[ -z "$(postqueue -j)" ]; ok $? "tlstrace $fault: the queue is empty again"
done

# Killed in the middle (as pipe(8) does past its limit): no file left.
mta_fault hang
"$T/bin/tlstrace-reinject" -f a@example.net -- b@mta.test <"$T/plain.eml" &
pid=$!
sleep 1
kill -KILL -- $(ps -o pid= --ppid "$pid") "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -z "$(ls /tmp | grep tlstrace-reinject)" ]
ok $? "tlstrace-reinject killed mid-way: no temporary file left"
mta_fault good

stop_postfix
wait_for 20 sh -c '! pgrep -x master >/dev/null'
ok $? "Postfix stopped"
grep -q 'status=bounced' "$T/maillog"; ok $((! $?)) "nothing bounced"
done_testing
