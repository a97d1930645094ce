#!/bin/sh
# mda.t: the procmail and maildrop recipes of contrib/ (procmailrc,
# mailfilter) as the MTA runs them, one message on stdin: every test
# message delivered into a Maildir with one field, the right verdict and
# the rest byte-identical to a control delivery without tlstrace; and when
# tlstrace exits 75, crashes half-way, is missing or hangs, exit 75 and
# nothing delivered, then the same message delivered whole once tlstrace
# is back (the MTA's retry).  tests/mta/exim.t runs both behind Exim.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/mta/lib.sh"

mta_messages "$T"

# procmail_rc NAME RECIPE-LINES...: $T/NAME.rc delivering into $T/md-NAME/.
md_reset() {
	rm -rf "$T/md-$1"
	mkdir -p "$T/md-$1/cur" "$T/md-$1/new" "$T/md-$1/tmp"
}

# deliver_procmail NAME RC MESSAGE: procmail as the MDA; status in $st.
deliver_procmail() {
	$HANG_GUARD procmail -m "$2" <"$3" >"$T/pm.out" 2>&1
	st=$?
}
# deliver_maildrop NAME FILTER MESSAGE: maildrop as the MDA.
deliver_maildrop() {
	$HANG_GUARD maildrop "$2" <"$3" >"$T/md.out" 2>&1
	st=$?
}

run_mda() {
	mda=$1
	if ! command -v "$mda" >/dev/null 2>&1; then
		skip "$mda: the recipe" "$mda is not installed (scripts/install-deps --test)"
		return
	fi
	case $mda in
	procmail)
		{
			printf 'SHELL=/bin/sh\nLOGFILE=%s/pm.log\n' "$T"
			mta_recipe "$CONTRIB/procmailrc"
			printf '\n:0\n%s/md-tls/\n' "$T"
		} >"$T/tls.rc"
		# The control: procmail through cat, which ends a filtered
		# message with an empty line of its own as well.
		printf 'SHELL=/bin/sh\n:0 fw\n| cat\n\n:0\n%s/md-ctl/\n' \
		    "$T" >"$T/ctl.rc"
		deliver=deliver_procmail
		;;
	maildrop)
		{ mta_recipe "$CONTRIB/mailfilter"; printf 'to "%s/md-tls/"\n' "$T"; } >"$T/tls.rc"
		printf 'to "%s/md-ctl/"\n' "$T" >"$T/ctl.rc"
		chmod 600 "$T/tls.rc" "$T/ctl.rc"
		deliver=deliver_maildrop
		;;
	esac
	grep -q "$T/bin/tlstrace --filter --strip-existing" "$T/tls.rc"
	ok $? "$mda: the recipe names the installed tlstrace"

	mta_fault good
	for m in $MTA_MESSAGES; do
		md_reset tls
		md_reset ctl
		$deliver tls "$T/tls.rc" "$T/$m.eml"
		s1=$st
		$deliver ctl "$T/ctl.rc" "$T/$m.eml"
		got=$(newest "$T/md-tls/new")
		ctl=$(newest "$T/md-ctl/new")
		if [ "$s1" -eq 0 ] && [ -n "$got" ] && [ -n "$ctl" ]; then
			mta_check "$got" "$ctl" "$mda: $m.eml: one field, its verdict, the rest as delivered without tlstrace"
		else
			ok 1 "$mda: $m.eml delivered (exit $s1)"
			diag "$(cat "$T/pm.out" "$T/md.out" 2>/dev/null | head -n 5)"
		fi
		case $m in
		plain|forged)	verdict_is "$got" fail; ok $? "$mda: $m.eml: fail" ;;
		tls|big|lf8bit)	verdict_is "$got" pass; ok $? "$mda: $m.eml: pass" ;;
		garbage)	verdict_is "$got" unknown; ok $? "$mda: $m.eml: unknown" ;;
		esac
	done

	for fault in $MTA_FAULTS; do
		md_reset tls
		mta_fault "$fault"
		start=$(date +%s)
		$deliver tls "$T/tls.rc" "$T/forged.eml"
		took=$(($(date +%s) - start))
		[ "$st" -eq 75 ] && [ "$(count_files "$T/md-tls/new")" = 0 ] &&
		    [ "$(count_files "$T/md-tls/tmp")" = 0 ]
		ok $? "$mda: tlstrace $fault: exit 75 (retry later), nothing delivered (exit $st, ${took}s)"
		mta_fault good
		$deliver tls "$T/tls.rc" "$T/forged.eml"
		got=$(newest "$T/md-tls/new")
		[ "$st" -eq 0 ] && [ "$(count_files "$T/md-tls/new")" = 1 ] &&
		    verdict_is "$got" fail && [ "$(cat "$T/vi.count")" = 1 ]
		ok $? "$mda: tlstrace back after $fault: delivered once, whole, with one field"
	done
}

run_mda procmail
run_mda maildrop
done_testing
