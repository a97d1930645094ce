#!/bin/sh
# man.t: the manual pages lint cleanly (groff, mandoc -T lint) and render
# what they mean; every option of usage() is in tlstrace(1); the rules
# page's examples and --list-rules do what it says.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
MAN1=$TOP_SRCDIR/man/tlstrace.1
MAN5=$TOP_SRCDIR/man/tlstrace-rules.5

if command -v groff >/dev/null 2>&1; then
	for page in "$MAN1" "$MAN5"; do
		out=$(groff -mdoc -ww -z "$page" 2>&1)
		[ -z "$out" ]; ok $? "${page##*/} lints cleanly"
		[ -z "$out" ] || diag "$out"
	done
else
	skip "tlstrace.1 lints cleanly" "groff is not installed"
	skip "tlstrace-rules.5 lints cleanly" "groff is not installed"
fi

"$TLSTRACE" --help >"$TMPDIR_T/help"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMPDIR_T/help" | sort -u); do
	name=${opt#--}
	grep -q "^\.Fl \(.*\)\?-$name\b" "$MAN1" || grep -q "Fl -$name" "$MAN1"
	ok $? "option $opt is documented in tlstrace(1)"
done
# Every finding and diagnostic code the sources emit is documented.
codes=$(cat "$TOP_SRCDIR"/src/*.c | tr '\n' ' ' |
    grep -oE 'diag_add\([^"]*"[^"]*"' | sed 's/.*"\(.*\)"$/\1/' |
    grep -v '^$' | sort -u)
[ -n "$codes" ]; ok $? "codes found in the sources"
for code in $codes; do
	grep -q "^\.It \(.*[ ,]\)\?$code\b" "$MAN1"
	ok $? "code $code is documented in tlstrace(1)"
done
# mandoc -T lint: no message but the cross references to the pages
# themselves, which are not installed where the suite runs.
if command -v mandoc >/dev/null 2>&1; then
	for page in "$MAN1" "$MAN5"; do
		mandoc -T lint "$page" 2>&1 |
		    grep -v 'referenced manual not found: Xr tlstrace\|outdated mandoc.db' >"$TMPDIR_T/lint"
		[ ! -s "$TMPDIR_T/lint" ]; ok $? "${page##*/}: mandoc -T lint is clean"
		[ -s "$TMPDIR_T/lint" ] && diag "$(cat "$TMPDIR_T/lint")"
	done
	mandoc -T ascii "$MAN1" | col -b >"$TMPDIR_T/man1"
	mandoc -T ascii "$MAN5" | col -b >"$TMPDIR_T/man5"
	grep -q '"TLS-Required: No"' "$TMPDIR_T/man1"
	ok $? "tlstrace.1: \"TLS-Required: No\" keeps its No"
	tr -s ' \n' '  ' <"$TMPDIR_T/man1" |
	    grep -q '("192.0.2.0/24", "2001:db8::/32")'
	ok $? "tlstrace.1: the --trusted addresses, quoted once each"
	sed -n '/^FILES/,/^EXAMPLES/p' "$TMPDIR_T/man5" >"$TMPDIR_T/files"
	[ "$(grep -c '[a-z]' "$TMPDIR_T/files")" -le 4 ] &&
	    ! grep -q 'makes the hop' "$TMPDIR_T/files"
	ok $? "tlstrace-rules.5: FILES names files, no matching semantics"
else
	for d in "tlstrace.1 lint" "tlstrace-rules.5 lint" "TLS-Required: No" \
	    "--trusted quotes" "FILES"; do
		skip "$d" "mandoc is not installed"
	done
fi

# tlstrace-rules(5)'s "tls none" example does what the page says: the
# match is shown as evidence, the keyword decides: plaintext.
sed -n '/^Stop taking Exchange/,/^\.Ed/p' "$MAN5" | sed '1,/^\.Bd/d; /^\.Ed/d' |
    sed 's/\\e/\\/g' >"$TMPDIR_T/none.rules"
grep -q '^	tls      none$' "$TMPDIR_T/none.rules"; ok $? "the example is the tls none rule"
printf 'Received: from ex0.example.com (ex0.example.com [8.8.8.8]) by ex1.example.com\n with Microsoft SMTP Server (TLS) id 14.3.498.0; Mon, 23 Nov 2026 09:59:00 +0000\nMessage-ID: <x@example.com>\n\nbody\n' >"$TMPDIR_T/ex.eml"
"$TLSTRACE" --format=json "$TMPDIR_T/ex.eml" | "$JSONCHECK" hops.0.tls >"$TMPDIR_T/got"
printf 'yes\n' >"$TMPDIR_T/want"
check_same "$TMPDIR_T/got" "$TMPDIR_T/want" "without the example: the bare (TLS) comment is TLS"
"$TLSTRACE" --format=json --rules "$TMPDIR_T/none.rules" "$TMPDIR_T/ex.eml" |
    "$JSONCHECK" hops.0.tls hops.0.evidence.0.rule hops.0.evidence.1.rule \
    >"$TMPDIR_T/got"
# The plaintext keyword is the first evidence, the rule's match the next.
printf 'no\nwith-keyword\nmicrosoft-tls\n' >"$TMPDIR_T/want"
check_same "$TMPDIR_T/got" "$TMPDIR_T/want" "with it: plaintext, the match still shown as evidence"

# --list-rules prints what tlstrace-rules(5) says: name, scope, tls (as
# a rule file spells it), mta or "-", FILE:LINE.
"$TLSTRACE" --list-rules --rules "$TMPDIR_T/none.rules" >"$TMPDIR_T/list"
[ "$(wc -l <"$TMPDIR_T/list")" -gt 20 ] &&
    ! grep -Ev '^[A-Za-z0-9._-]+ +(with|via|comment|header) +(yes|no|local|none) +.+ +[^ ]+:[0-9]+$' "$TMPDIR_T/list"
ok $? "--list-rules: name, scope, tls, mta, FILE:LINE on every line"
grep -q "^microsoft-tls  *comment  *none  *Microsoft Exchange  *$TMPDIR_T/none.rules:1$" "$TMPDIR_T/list"
ok $? "--list-rules: tls none is printed as none"
# ... then the keyword entries of a rule file, as tlstrace-rules(5) says.
printf 'keyword Gateway SMTP\n\ttls no\n\tauth yes\nkeyword ESMTP\n\ttls none\n' \
    >"$TMPDIR_T/kw.rules"
"$TLSTRACE" --list-rules --rules "$TMPDIR_T/kw.rules" | grep '^keyword ' \
    >"$TMPDIR_T/list"
printf 'keyword "Gateway SMTP" no auth\nkeyword "ESMTP" none\n' >"$TMPDIR_T/want"
check_same "$TMPDIR_T/list" "$TMPDIR_T/want" \
    "--list-rules: keyword entries, name quoted, tls, auth and lmtp when set"
done_testing
