#!/bin/sh
# readers.t: batch mode and --filter read a message with the same reader,
# so a message has one verdict whatever the way in.  Every sample, every
# corpus message and a set of hostile inputs go through both; the filter
# also through a pipe that delivers one byte per read(), so that where a
# read ends cannot change a verdict.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
UNFILTER=${UNFILTER:-$(dirname "$TLSTRACE")/../tests/unfilter}
T=$TMPDIR_T
mkdir "$T/in"

# The verdict of the first message of each file of DIR in batch mode
# (one run for them all): "error: WHY" when it is no message, else the
# verdict.  One line per file in $T/batch.keys, "NAME KEY".
batch_keys() {
	$HANG_GUARD "$TLSTRACE" --format ndjson "$1"/* >"$T/b.out" 2>"$T/b.err"
	"$JSONCHECK" -n file message verdict <"$T/b.out" | paste - - - \
	    >"$T/b.tsv"
	for f in "$1"/*; do
		key=$(awk -F '\t' -v f="$f" '$1 == f && ($2 == "(missing)" ||
		    $2 == "1") { print $3; exit }' "$T/b.tsv")
		if [ -z "$key" ]; then
			key="error: $(sed -n -e "s|^tlstrace: $f: message 1: ||p" \
			    -e "\\|^tlstrace: $f: message |d" \
			    -e "s|^tlstrace: $f: ||p" "$T/b.err" | head -n 1)"
		fi
		printf '%s %s\n' "${f##*/}" "$key"
	done >"$T/batch.keys"
}

# filter_key FILE [FEED]: the verdict --filter writes in its field, the
# same way: "error: WHY" for the unknown field of no message; "nofield"
# when no field was added.  FEED is a command the input is piped through.
filter_key() {
	if [ -n "${2:-}" ]; then
		$2 "$1" | $HANG_GUARD "$TLSTRACE" --filter >"$T/f.out" 2>/dev/null
	else
		$HANG_GUARD "$TLSTRACE" --filter <"$1" >"$T/f.out" 2>/dev/null
	fi
	if ! "$UNFILTER" -v TLS-Trace <"$T/f.out" 2>"$T/f.val" >/dev/null
	then
		echo nofield
		return
	fi
	v=$(sed -n 's/^[^:]*: //p' "$T/f.val")
	case $v in
	'') echo nofield ;;
	'unknown; reason="'*) v=${v#unknown; reason=\"}; echo "error: ${v%\"}" ;;
	*) echo "${v%%;*}" ;;
	esac
}

# compare DIR DESC [FEED]: every file of DIR has the same key both ways.
compare() {
	batch_keys "$1"
	bad=0
	while read -r name key; do
		fkey=$(filter_key "$1/$name" "${3:-}")
		if [ "$fkey" = nofield ]; then
			case $key in error:*) continue ;; esac
		fi
		if [ "$fkey" != "$key" ]; then
			bad=$((bad + 1))
			[ $bad -le 5 ] && diag "$name: batch '$key', filter '$fkey'"
		fi
	done <"$T/batch.keys"
	ok $bad "$2"
}

# trickle FILE: FILE in small writes, one byte each for small files and
# an odd 8191 bytes for the large ones, so that the filter's reads end
# at other places than a file's.
trickle() {
	if [ "$(wc -c <"$1")" -lt 100000 ]; then
		dd bs=1 <"$1" 2>/dev/null
	else
		dd bs=8191 <"$1" 2>/dev/null
	fi
}

# Hostile inputs: each a case of item "two readers that disagree".
R='Received: from a.example (a.example [8.8.8.8]) by mx.example.org with ESMTPS id 1; Mon, 23 Nov 2026 10:00:00 +0000'
P='Received: from b.example (b.example [8.8.4.4]) by mx.example.org with ESMTP id 2; Mon, 23 Nov 2026 10:00:00 +0000'
H=$T/in
printf 'From a@example.net Mon Nov 23 10:00:00 2026\n>From b@example.net Mon Nov 23 09:00:00 2026\n%s\nSubject: x\n\nbody\n' "$R" >"$H/mboxrd-quoted-from"
printf 'From a@example.net Mon Nov 23 10:00:00 2026\n%s\nSubject: x\n\nbody\n' "$P" >"$H/mbox-plain"
printf '%s\r\nSubject: x\r\n\r\nbody\r\n' "$R" >"$H/crlf"
printf '%s\rSubject: x\r\rbody\r' "$P" >"$H/bare-cr"
printf '%s\rSubject: x\r\n  \r\nX: y\r\rbody\r' "$R" >"$H/mixed-cr-first"
printf '%s\nSubject: x\r\n\r\nbody\n' "$P" >"$H/mixed-lf-first"
printf '  \r\n \t\r\n%s\r\nSubject: x\r\n\r\nbody\r\n' "$R" >"$H/white-lines-crlf"
{ printf 'From a@example.net '; head -c 5000 /dev/zero | tr '\0' 'x'; printf ' Mon Nov 23 10:00:00 2026\n%s\n\nbody\n' "$P"; } >"$H/from-line-5000"
{ printf 'From a@example.net '; head -c 4000 /dev/zero | tr '\0' 'x'; printf ' Mon Nov 23 10:00:00 2026\n%s\n\nbody\n' "$P"; } >"$H/from-line-4000"
head -c 65536 /dev/zero >"$H/nul"
{ printf '%s\n' "$R"; head -c 4096 /dev/zero; printf '\n\nbody\n'; } >"$H/nul-in-header"
printf '\n%s\n\nbody\n' "$R" >"$H/empty-first-line"
printf ' %s\n\nbody\n' "$R" >"$H/white-first"
printf '%s' "$R" >"$H/no-eol"
# Header blocks at HEADER_BLOCK_MAX (8 MiB): one byte short, exactly, one
# over, with LF and CRLF; the Received field first, so that a block that
# is analysed passes and one that is refused does not.
pad_block() {	# pad_block TOTAL EOL: a block of TOTAL bytes, then EOL EOL
	awk -v total="$1" -v eol="$2" -v r="$R" 'BEGIN {
		if (eol == "crlf") e = "\r\n"; else e = "\n"
		line = r e; n = length(line); printf "%s", line
		s = sprintf("%1000s", ""); gsub(/ /, "y", s)
		while (n + 1010 + length(e) <= total) {
			l = "X-Pad: " s e; printf "%s", l; n += length(l)
		}
		rest = total - n - 7 - length(e)
		l = sprintf("X-Pad: %" rest "s", ""); gsub(/ /, "z", l)
		printf "%s%s%sbody%s", l, e, e, e
	}'
}
M=8388608
for e in lf crlf; do
	pad_block $((M - 1)) $e >"$H/block-short-$e"
	pad_block $M $e >"$H/block-exact-$e"
	pad_block $((M + 1)) $e >"$H/block-over-$e"
done
[ "$(head -c $((M + 2)) "$H/block-exact-crlf" | tail -c 4 | od -An -c | tr -d ' ')" = '\r\n\r\n' ]
ok $? "the exact-limit CRLF block ends its 8 MiB with CRLF, then the empty line"

compare "$H" "hostile inputs: one verdict both ways"
compare "$H" "hostile inputs, one byte per read(): one verdict both ways" trickle

cp "$TOP_SRCDIR"/samples/*.eml "$T/in" 2>/dev/null
if [ -d "$CORPUS_DIR" ]; then
	mkdir "$T/corpus"
	cp "$CORPUS_DIR"/*.eml "$T/corpus/"
	compare "$T/corpus" "every corpus message: one verdict both ways"
else
	skip "every corpus message: one verdict both ways" "no corpus at $CORPUS_DIR"
fi
rm -f "$H"/block-*
compare "$H" "every sample: one verdict both ways"

done_testing
