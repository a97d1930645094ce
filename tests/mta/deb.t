#!/bin/sh
# deb.t: the Debian package and make install.  dpkg-buildpackage -us -uc
# -b builds a .deb (tests skipped: make check runs them) that lintian
# finds clean, holding /usr/bin/tlstrace, the man pages, the rules file,
# the recipes of contrib/ as they are and the bash completion, which a
# bash that sources it registers (complete -p) and which completes
# options; make install into a DESTDIR gives examples naming the
# installed tlstrace.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/mta/lib.sh"
BUILDDIR=$(cd "$(dirname "$TLSTRACE")/.." && pwd)

if ! command -v dpkg-buildpackage >/dev/null 2>&1 ||
    ! command -v dh >/dev/null 2>&1; then
	skip "the Debian package" "dpkg-dev or debhelper is not installed (scripts/install-deps --mta)"
elif ! git -C "$TOP_SRCDIR" rev-parse --git-dir >/dev/null 2>&1; then
	skip "the Debian package" "not a git checkout"
else
	mkdir -p "$T/pkg/tlstrace"
	(cd "$TOP_SRCDIR" && git ls-files -z --cached --others --exclude-standard |
	    xargs -0 cp --parents -t "$T/pkg/tlstrace")
	(cd "$T/pkg/tlstrace" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
	    dpkg-buildpackage -us -uc -b >"$T/build.log" 2>&1)
	ok $? "dpkg-buildpackage -us -uc -b builds"
	[ $? -eq 0 ] || diag "$(tail -n 15 "$T/build.log")"
	deb=$(ls "$T"/pkg/tlstrace_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		ok 1 "a .deb was built"
	else
		dpkg-deb -c "$deb" | awk '{ print $6 }' >"$T/contents"
		missing=""
		for f in usr/bin/tlstrace usr/share/man/man1/tlstrace.1.gz \
		    usr/share/man/man5/tlstrace-rules.5.gz \
		    usr/share/tlstrace/default.rules \
		    usr/libexec/tlstrace/tlstrace-reinject \
		    usr/libexec/tlstrace/tlstrace-sieve-filter \
		    usr/share/bash-completion/completions/tlstrace \
		    usr/share/doc/tlstrace/copyright \
		    usr/share/doc/tlstrace/examples/procmailrc \
		    usr/share/doc/tlstrace/examples/mailfilter \
		    usr/share/doc/tlstrace/examples/postfix/master.cf \
		    usr/share/doc/tlstrace/examples/postfix/main.cf \
		    usr/share/doc/tlstrace/examples/exim/30_exim4-config_tlstrace \
		    usr/share/doc/tlstrace/examples/sieve/tlstrace.sieve \
		    usr/share/doc/tlstrace/examples/sieve/90-tlstrace.conf; do
			grep -qx "./$f" "$T/contents" || missing="$missing $f"
		done
		[ -z "$missing" ]; ok $? "the .deb holds the program, man pages, rules, recipes, completion"
		[ -z "$missing" ] || diag "missing:$missing"
		dpkg-deb -x "$deb" "$T/root"
		same=0
		for f in procmailrc mailfilter postfix/master.cf postfix/main.cf \
		    exim/30_exim4-config_tlstrace sieve/tlstrace.sieve \
		    sieve/90-tlstrace.conf; do
			cmp -s "$T/root/usr/share/doc/tlstrace/examples/$f" \
			    "$CONTRIB/$f" || same=1
		done
		cmp -s "$T/root/usr/libexec/tlstrace/tlstrace-reinject" \
		    "$CONTRIB/postfix/tlstrace-reinject" || same=1
		cmp -s "$T/root/usr/libexec/tlstrace/tlstrace-sieve-filter" \
		    "$CONTRIB/sieve/tlstrace-sieve-filter" || same=1
		ok $same "the package's recipes are contrib/'s, naming /usr/bin/tlstrace"
		if command -v lintian >/dev/null 2>&1; then
			lintian "$T"/pkg/tlstrace_*.changes >"$T/lintian.log" 2>&1
			grep -q '^[EW]: ' "$T/lintian.log"
			ok $((! $?)) "lintian: no error, no warning"
			diag "$(grep '^[EWI]: ' "$T/lintian.log" | head -n 10)"
		else
			skip "lintian" "lintian is not installed"
		fi
		COMPLETION=$T/root/usr/share/bash-completion/completions/tlstrace
	fi
fi

# The completion, from the package or else from contrib/.
COMPLETION=${COMPLETION:-$CONTRIB/bash-completion/tlstrace}
if command -v bash >/dev/null 2>&1; then
	got=$(bash --norc -c ". '$COMPLETION' && complete -p tlstrace" 2>&1)
	[ "$got" = "complete -o filenames -F _tlstrace tlstrace" ]
	ok $? "bash: complete -p tlstrace after sourcing the completion"
	[ $? -eq 0 ] || diag "$got"
	got=$(bash --norc -c ". '$COMPLETION'; COMP_WORDS=(tlstrace --form); COMP_CWORD=1; _tlstrace; echo \"\${COMPREPLY[*]}\"")
	[ "$got" = "--format" ]; ok $? "bash: --form completes to --format"
	got=$(bash --norc -c ". '$COMPLETION'; COMP_WORDS=(tlstrace --format n); COMP_CWORD=2; _tlstrace; echo \"\${COMPREPLY[*]}\"")
	[ "$got" = "ndjson" ]; ok $? "bash: --format n completes to ndjson"
else
	skip "bash completion" "no bash"
fi

# make install (the /usr/local path): every example names the installed
# tlstrace and filter script.
if make -C "$BUILDDIR" install DESTDIR="$T/inst" >"$T/install.log" 2>&1; then
	bin=$(cd "$T/inst" && find . -path '*/bin/tlstrace' | sed 's|^\.||')
	ex=$(cd "$T/inst" && find . -type d -path '*/doc/tlstrace/examples' | sed 's|^\.||')
	bad=0
	for f in $(cd "$T/inst$ex" && find . -type f); do
		for p in $(grep -o '/[^ "]*/tlstrace\(-reinject\|-sieve-filter\)\?\b' "$T/inst$ex/$f" | sort -u); do
			case $p in */sieve-filter/tlstrace|*/sieve-before/*) continue ;; esac
			[ -x "$T/inst$p" ] || { bad=1; diag "$f names $p, not installed"; }
		done
	done
	[ -n "$bin" ] && [ $bad -eq 0 ]
	ok $? "make install: the examples name the installed $bin"
else
	ok 1 "make install"
	diag "$(tail -n 5 "$T/install.log")"
fi
done_testing
