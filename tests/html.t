#!/bin/sh
# html.t: --format=html.  Every sample and a hostile message give a page
# that validates (tidy), holds only our own elements and attributes (no
# markup, URL or control from the message gets through), fetches nothing
# and renders in headless Chromium with the hops, states and verdict of
# the JSON report; a mailbox gives one bounded page with the summary.
# The browser checks SKIP only when chromium is not installed
# (scripts/install-deps --test installs it).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
JSONCHECK=${JSONCHECK:-$(dirname "$TLSTRACE")/../tests/jsoncheck}
T=$TMPDIR_T
S=$TOP_SRCDIR/samples
# Screenshots are kept for people and CI to look at.
SHOTS=${HTML_SHOTS_DIR:-$(dirname "$TLSTRACE")/../tests/html-shots}
mkdir -p "$SHOTS"

CHROMIUM=
for c in chromium chromium-browser; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROMIUM=$c
		break
	fi
done
TIDY=$(command -v tidy 2>/dev/null || true)

# browse URL-FILE OUT ERR ARGS...: one headless render, offline.
browse() {
	_page=$1
	_out=$2
	_err=$3
	shift 3
	_profile=$(mktemp -d "$T/profile.XXXXXX")
	timeout -k 5 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$_profile" --enable-logging=stderr --v=0 \
	    "$@" "file://$_page" >"$_out" 2>"$_err"
	_st=$?
	rm -rf "$_profile"
	return $_st
}

# only_our_markup FILE DESC: every element and attribute name is one the
# reporter writes, no attribute value holds markup or a URL scheme, and
# nothing refers outside the page.
ELEMENTS='a body caption code dd desc details div dl dt figcaption figure g
h1 h2 h3 head header html li line main meta p path pre rect section span
style summary svg table tbody td text th thead title tr ul'
ATTRS='aria-labelledby charset class content d height href http-equiv id lang
name role rx scope viewbox width x x1 x2 xmlns y y1 y2'
only_our_markup() {
	# The tags: text from the message is escaped, so it never starts one.
	tr '\n' ' ' <"$1" | grep -o '<[A-Za-z][^>]*>' >"$T/tags"
	grep -o '^<[A-Za-z][^ >/]*' "$T/tags" | cut -c2- |
	    tr 'A-Z' 'a-z' | sort -u >"$T/elements"
	printf '%s\n' $ELEMENTS | sort -u >"$T/elements.ok"
	_bad=$(comm -23 "$T/elements" "$T/elements.ok" | tr '\n' ' ')
	[ -z "$_bad" ]; ok $? "$2: only our elements${_bad:+ (not: $_bad)}"
	# Attribute names inside tags; values of ours never hold '>'.
	sed 's/"[^"]*"//g' "$T/tags" | tr ' ' '\n' | grep '=' | cut -d= -f1 |
	    tr 'A-Z' 'a-z' | sort -u >"$T/attrs"
	printf '%s\n' $ATTRS | sort -u >"$T/attrs.ok"
	_bad=$(comm -23 "$T/attrs" "$T/attrs.ok" | tr '\n' ' ')
	[ -z "$_bad" ]; ok $? "$2: only our attributes${_bad:+ (not: $_bad)}"
	grep -o '"[^"]*"' "$T/tags" >"$T/values"
	! grep -Eiq 'javascript|data:|vbscript|<|&#|\\' "$T/values"
	ok $? "$2: no attribute value holds a URL scheme, markup or escape"
	! grep -Eo 'href="[^"]*"' "$T/tags" | grep -qv 'href="#'
	ok $? "$2: every link stays in the page"
}

# dom_facts DOM: the verdict, its reason, then each hop's TLS state.
dom_facts() {
	grep -o 'class="verdict v-[a-z]*"' "$1" | head -n 1 |
	    sed 's/.*v-\([a-z]*\)"/\1/'
	grep -o '<code class="reason">[a-z-]*</code>' "$1" | head -n 1 |
	    sed 's/<code class="reason">//; s/<.*//'
	grep -o 'class="tls s-[a-z]*"' "$1" | sed 's/.*s-\([a-z]*\)"/\1/'
}

# json_facts FILE: the same facts from the JSON report.
json_facts() {
	paths="verdict reason"
	i=0
	while [ $i -lt 40 ]; do
		paths="$paths hops.$i.tls"
		i=$((i + 1))
	done
	"$TLSTRACE" --json "$1" | "$JSONCHECK" $paths | grep -vx "(missing)"
}

# The hostile message: markup, a javascript: URL, quotes, bidi and C0
# controls, a noncharacter, invalid UTF-8, in every field the page shows.
{
	printf 'Received: from <script>alert(1)</script> ("><img src=x onerror=alert(2)> [8.8.8.8])\n'
	printf '\tby javascript:alert(3)//\342\200\256evil\033[31m.example </style><!-- with ESMTPS\n'
	printf '\t(version=TLSv1.3 cipher=<b>TLS_AES</b>\377\376 bits=256/256)\n'
	printf "\tid '\"&amp;</title>; Mon, 23 Nov 2026 10:00:00 +0000\n"
	printf 'Received: from x\357\277\276.example (x.example [8.8.4.4]) by <a href="javascript:alert(4)">mx</a>\n'
	printf '\twith SMTP id 1; Mon, 23 Nov 2026 10:00:05 +0000\n'
	printf 'Message-ID: <"><svg onload=alert(5)>@\342\200\256x\001>\n'
	printf 'Subject: x\n\nbody\n'
} >"$T/hostile.eml"
cp "$T/hostile.eml" "$T/<b>name&.eml"

run_tlstrace "$T/hostile.html" "$T/err" --format=html "$T/hostile.eml"
[ $st -eq 1 ]; ok $? "hostile: exit status 1 (the plaintext hop fails)"
[ ! -s "$T/err" ]; ok $? "hostile: nothing on stderr"
only_our_markup "$T/hostile.html" "hostile: output"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/hostile.html"
ok $? "hostile: a tag in HELO is shown as text"
grep -q 'javascript:alert(3)//\\u{202e}evil\\x1b\[31m' "$T/hostile.html"
ok $? "hostile: bidi control and escape shown as \\u{} and \\x"
grep -q '&lt;b&gt;TLS_AES&lt;/b&gt;\\xff\\xfe' "$T/hostile.html"
ok $? "hostile: invalid UTF-8 in the cipher shown as \\x escapes"
LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" \
    "$T/hostile.html"
[ $? -ne 0 ]; ok $? "hostile: no control character in the page"
! LC_ALL=C grep -q "$(printf '\342\200\256')" "$T/hostile.html"
ok $? "hostile: no raw bidi control in the page"
grep -q 'x\\u{fffe}\.example' "$T/hostile.html"
ok $? "hostile: a noncharacter shown as \\u{}"
! grep -Eiq '<(script|img|iframe|object|embed|link|base|form|input)' \
    "$T/hostile.html"
ok $? "hostile: no active element"
grep -c '<details' "$T/hostile.html" | grep -qx 2
ok $? "hostile: each of the 2 hops has its evidence folded"
run_tlstrace "$T/name.html" "$T/err" --format=html "$T/<b>name&.eml"
ok $((st != 1)) "hostile: a plaintext hop in the HTML report exits 1"
grep -q '&lt;b&gt;name&amp;\.eml' "$T/name.html"
ok $? "hostile: a file name with markup is shown as text"
only_our_markup "$T/name.html" "hostile file name: output"

# The policy: nothing may be fetched, only our stylesheet applies.
csp=$(grep -o '<meta http-equiv="Content-Security-Policy" content="[^"]*"' \
    "$T/hostile.html")
case $csp in
*"default-src 'none'; style-src 'sha256-"*"'; base-uri 'none'; form-action 'none'\"")
	ok 0 "policy: default-src none, the stylesheet by hash" ;;
*)	ok 1 "policy: default-src none, the stylesheet by hash ($csp)" ;;
esac
if command -v openssl >/dev/null 2>&1; then
	# The style element's text, byte for byte (it spans lines).
	awk 'BEGIN { RS = "\001" } {
		s = index($0, "<style>"); e = index($0, "</style>")
		printf "%s", substr($0, s + 7, e - s - 7) }' \
	    "$T/hostile.html" >"$T/style.css"
	want=$(openssl dgst -sha256 -binary "$T/style.css" | base64)
	case $csp in
	*"'sha256-$want'"*) ok 0 "policy: the hash is the stylesheet's" ;;
	*)	ok 1 "policy: the hash is the stylesheet's ($want)" ;;
	esac
else
	skip "policy: the hash is the stylesheet's" "openssl not installed"
fi

grep -q '@media (prefers-color-scheme:dark)' "$T/hostile.html"
ok $? "style: a dark scheme for prefers-color-scheme: dark"
grep -q '@media print' "$T/hostile.html"
ok $? "style: print styles"

# Every sample: validates, and only our markup.
for f in "$S"/*.eml; do
	b=$(basename "$f" .eml)
	run_tlstrace "$T/$b.html" "$T/$b.err" --format=html "$f"
	case $b in
	*-pass) want=0 ;;
	*-fail) want=1 ;;
	*) want=$st ;;
	esac
	[ $st -eq $want ]; ok $? "$b: exit status $want, as the text report"
	if [ -n "$TIDY" ]; then
		"$TIDY" -errors -q "$T/$b.html" >"$T/tidy" 2>&1
		tst=$?
		[ $tst -eq 0 ]; ok $? "$b: tidy finds no error or warning"
		[ $tst -eq 0 ] || sed 's/^/# /' "$T/tidy" | head -n 10
	else
		skip "$b: tidy finds no error or warning" "tidy not installed"
	fi
done
"$TIDY" -errors -q "$T/hostile.html" >"$T/tidy" 2>&1
ok $? "hostile: tidy finds no error or warning"
only_our_markup "$T/plaintext-submission-fail.html" "plaintext sample"

# A mailbox: the summary, the table of messages, failing ones first, and
# at most 100 messages per verdict drawn; the rest counted.
from_line() {
	printf 'From sender@example.net Mon Nov 23 10:00:00 2026\n'
}
{
	i=0
	while [ $i -lt 130 ]; do
		from_line; one_hop ESMTPS "tls$i.example" 8.8.4.4
		i=$((i + 1))
	done
	from_line; one_hop SMTP plain1.example 8.8.8.8
	from_line; one_hop SMTP plain2.example 8.8.8.8
} >"$T/many.mbox"
run_tlstrace "$T/many.html" "$T/err" --format=html "$T/many.mbox"
[ $st -eq 1 ]; ok $? "mailbox: exit status 1 (two messages fail)"
grep -c '<section class="message"' "$T/many.html" | grep -qx 102
ok $? "mailbox: 100 passing and 2 failing messages drawn"
grep -q 'PASS: 130 messages, the first 100 drawn below; the other 30 are counted' \
    "$T/many.html"
ok $? "mailbox: the 30 passing messages past 100 are counted"
grep -o 'class="verdict v-[a-z]*"' "$T/many.html" | head -n 3 |
    tr '\n' ' ' | grep -q 'v-fail.*v-fail.*v-pass'
ok $? "mailbox: failing messages come first"
grep -o 'href="#m[0-9]*"' "$T/many.html" | sed 's/href="#//; s/"//' |
    sort -u >"$T/links"
grep -o '<section class="message" id="m[0-9]*"' "$T/many.html" |
    sed 's/.*id="//; s/"//' | sort -u >"$T/ids"
[ "$(wc -l <"$T/links")" -eq 102 ] && cmp -s "$T/links" "$T/ids"
ok $? "mailbox: the table links each drawn message, in the page"
grep -q '<h2 id="sum-h">Summary of 132 messages</h2>' "$T/many.html"
ok $? "mailbox: the summary counts every message"
"$TIDY" -errors -q "$T/many.html" >/dev/null 2>&1
ok $? "mailbox: tidy finds no error or warning"
only_our_markup "$T/many.html" "mailbox"
run_tlstrace "$T/sumonly.html" "$T/err" --format=html --summary-only \
    "$T/many.mbox"
! grep -q '<section class="message"\|id="messages"' "$T/sumonly.html" &&
    grep -q 'Summary of 132 messages' "$T/sumonly.html"
ok $? "mailbox: --summary-only gives the summary alone"
printf 'not a message\n' >"$T/junk.eml"
cp "$S/gmail-pass.eml" "$T/one.eml"
run_tlstrace "$T/junk.html" "$T/err" --format=html "$T/junk.eml" "$T/one.eml"
[ $st -eq 2 ] && grep -q '; 1 inputs not analysed' "$T/junk.html"
ok $? "mailbox: an input that is not a message is counted, status 2"

# Bounded memory and size: 40 messages of 100 long hops each; drawing
# stops past 16 MB and the rest are counted.
awk 'BEGIN { pad = sprintf("%4000s", ""); gsub(/ /, "x", pad)
	for (m = 1; m <= 40; m++) {
		print "From a@example.net Mon Nov 23 10:00:00 2026"
		for (h = 1; h <= 100; h++)
			printf "Received: from h%d.example.net (h%d.example.net " \
			    "[8.8.8.8]) by mx%d.example.org with ESMTPS id %s; " \
			    "Mon, 23 Nov 2026 10:00:00 +0000\n", h, h, h, pad
		printf "Message-ID: <%d@example.net>\nSubject: x\n\nbody\n\n", m
	} }' >"$T/big.mbox"
run_tlstrace "$T/big.html" "$T/err" --format=html "$T/big.mbox"
[ $st -eq 0 ]; ok $? "big mailbox: exit status 0"
size=$(wc -c <"$T/big.html")
[ "$size" -lt $((18 * 1024 * 1024)) ]
ok $? "big mailbox: the page stays under 18 MB ($size bytes)"
n=$(grep -c '<section class="message"' "$T/big.html")
[ "$n" -gt 0 ] && [ "$n" -lt 40 ] &&
    grep -q "PASS: 40 messages, the first $n drawn below" "$T/big.html"
ok $? "big mailbox: $n of 40 drawn, the others counted"
rm -f "$T/big.mbox" "$T/big.html"

# The whole corpus as a directory: one page, valid, in the browser below.
if [ -d "$CORPUS_DIR" ]; then
	run_tlstrace "$T/corpus.html" "$T/err" --format=html "$CORPUS_DIR"
	[ $st -le 3 ] && [ $st -ne 2 ]
	ok $? "corpus: the page is written (status $st)"
	"$TLSTRACE" --summary-only --format=json "$CORPUS_DIR" |
	    "$JSONCHECK" summary.messages >"$T/corpus.n"
	grep -q "<h2 id=\"sum-h\">Summary of $(cat "$T/corpus.n") messages" \
	    "$T/corpus.html"
	ok $? "corpus: the page counts every message, as --summary does"
	"$TIDY" -errors -q "$T/corpus.html" >/dev/null 2>&1
	ok $? "corpus: tidy finds no error or warning"
	only_our_markup "$T/corpus.html" "corpus"
else
	skip "corpus: the page" "no corpus at $CORPUS_DIR"
fi

# In the browser: the DOM has the JSON report's verdict and hop states,
# the stylesheet applies under the policy, and a screenshot is taken.
if [ -z "$CHROMIUM" ]; then
	skip "browser: samples and hostile message render" \
	    "chromium not installed (scripts/install-deps --test)"
else
	for b in plaintext-submission-fail gmail-pass office365-pass \
	    aol-plaintext-fail haraka-pass hostile; do
		if [ "$b" = hostile ]; then src=$T/hostile.eml; else
			src=$S/$b.eml; fi
		browse "$T/$b.html" "$T/$b.dom" "$T/$b.log" --dump-dom
		ok $? "browser: $b renders"
		dom_facts "$T/$b.dom" >"$T/got"
		json_facts "$src" >"$T/want"
		check_same "$T/got" "$T/want" \
		    "browser: $b: verdict, reason and hop states as in JSON"
		! grep -q 'Content Security Policy' "$T/$b.log"
		ok $? "browser: $b: nothing blocked by the policy"
	done
	if [ -f "$T/corpus.html" ]; then
		browse "$T/corpus.html" "$T/corpus.dom" "$T/corpus.log" \
		    --dump-dom
		ok $? "browser: the corpus page renders"
		[ "$(grep -c '<section class="message"' "$T/corpus.dom")" -eq \
		    "$(grep -c '<section class="message"' "$T/corpus.html")" ]
		ok $? "browser: the corpus page has every drawn message"
		! grep -q 'Content Security Policy' "$T/corpus.log"
		ok $? "browser: corpus: nothing blocked by the policy"
	fi
	only_our_markup "$T/hostile.dom" "browser: hostile DOM"
	! grep -Eiq '^<(script|img)|onerror|onload' "$T/tags"
	ok $? "browser: hostile DOM has no script or handler"
	grep -c 'class="edge ' "$T/plaintext-submission-fail.dom" | grep -qx 2
	ok $? "browser: plaintext sample draws 2 hop arrows"
	grep -q 'class="edge s-no offender"' "$T/plaintext-submission-fail.dom"
	ok $? "browser: the plaintext hop is drawn as the first offender"
	grep -q '<tr id="m1-hop1" class="hop offender">' \
	    "$T/plaintext-submission-fail.dom"
	ok $? "browser: the table marks hop 1 as the first offender"
	browse "$T/plaintext-submission-fail.html" "$T/shot.out" \
	    "$T/shot.err" --screenshot="$SHOTS/plaintext-submission-fail.png" \
	    --window-size=1000,1200
	head -c 8 "$SHOTS/plaintext-submission-fail.png" 2>/dev/null |
	    od -An -c | grep -q 'P   N   G'
	ok $? "browser: screenshot saved as a PNG"
fi

done_testing
