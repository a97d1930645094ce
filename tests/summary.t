#!/bin/sh
# summary.t: the postmaster's summary.  Over the corpus, the first screen
# answers who reaches us over plaintext or a downgraded path, from the hop
# into our MX, by reverse name or address (never the HELO), with shares;
# registrable domains come from the Public Suffix List; upstream claims
# are counted apart; the figures add up; the JSON has its "type" and
# follows doc/tlstrace-summary.schema.json; README shows the real output.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
S=$TOP_SRCDIR/samples
ESC=$(printf '\033')

# sum_of FILE ARRAY FIELD: the sum of FIELD over the rows of a JSON array.
sum_of() {
	_n=$("$JSONCHECK" "summary.$2.#" <"$1")
	_i=0
	_paths=
	while [ "$_i" -lt "$_n" ]; do
		_paths="$_paths summary.$2.$_i.$3"
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086
	[ "$_n" -eq 0 ] && echo 0 || "$JSONCHECK" $_paths <"$1" |
	    awk '{ s += $1 } END { print s + 0 }'
}

# A message relayed over TLS upstream, then into our MX in plaintext by
# a client whose HELO is junk; and one straight to us over TLS 1.0.
two_hops() {
	printf 'Received: from relay.example.net (relay.example.net [192.0.2.7])\n'
	printf '\tby mx.example.org (Postfix) with ESMTP id 1;\n'
	printf '\tMon, 23 Nov 2026 10:00:05 +0000\n'
	printf 'Received: from user (out.sender.example [198.51.100.9])\n'
	printf '\tby relay.example.net (Postfix) with ESMTPS id 2;\n'
	printf '\tMon, 23 Nov 2026 10:00:00 +0000\n'
	printf 'Message-ID: <%s@example.net>\nSubject: x\n\nbody\n' "$1"
}
two_hops a >"$T/down.eml"
cp "$T/down.eml" "$T/down2.eml"
printf 'Received: from unknown (mail.old.example.com.au [203.0.113.5])\n\tby mx.example.org (8.15.2/8.15.2) with ESMTPS id 3\n\t(version=TLSv1 cipher=AES256-SHA bits=256 verify=NOT);\n\tMon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <old@example.net>\n\nbody\n' >"$T/old.eml"
# The relay's address is public: its hop is ours, the older one a claim.
sed -i 's/192\.0\.2\.7/8.8.8.8/; s/198\.51\.100\.9/8.8.4.4/' "$T/down.eml" "$T/down2.eml"
sed -i 's/203\.0\.113\.5/9.9.9.9/' "$T/old.eml"

run_tlstrace "$T/out" "$T/err" --summary-only "$T/down.eml" "$T/down2.eml" "$T/old.eml"
ok $((st != 1)) "--summary-only: a failing message among them exits 1"
grep -q '^into our MX (the oldest hop our side wrote): 3 messages, 2 plaintext (67%), 2 downgraded on the way (67%), 1 deprecated TLS (33%)$' "$T/out"
ok $? "the hop into our MX: messages and shares"
grep -q '^           2     2 100%      2 100%      0   0%  relay.example.net$' "$T/out"
ok $? "a sender by its reverse name, with its shares"
grep -q '^           1     0   0%      0   0%      1 100%  mail.old.example.com.au$' "$T/out"
ok $? "a sender over deprecated TLS"
! grep -Eq '  (user|unknown)$' "$T/out"; ok $? "the HELO name is never the sender"
grep -q '^           1     0   0%      0   0%      1 100%  example.com.au$' "$T/out"
ok $? "the registrable domain from the Public Suffix List"
! grep -q '  com\.au$' "$T/out"; ok $? "a public suffix is not a domain"
grep -q '^           2     2  relay.example.net -> mx.example.org$' "$T/out"
ok $? "the downgraded path: which relay dropped TLS, how often, ours"
grep -q '^hops upstream claims (forgeable): 2 judged hops, 0 plaintext (0%), 0 deprecated TLS (0%)$' "$T/out"
ok $? "upstream claims are counted apart"

# The corpus: the first screen answers the question.
if [ ! -d "$CORPUS_DIR" ]; then
	skip "the corpus summary" "corpus not found at $CORPUS_DIR"
else
	run_tlstrace "$T/corpus.txt" "$T/err" --summary-only "$CORPUS_DIR"
	ok $((st != 1)) "--summary-only over the corpus: fails among them, exit 1"
	head -n 24 "$T/corpus.txt" >"$T/screen"
	grep -q '^who reaches us over plaintext, a downgraded path or deprecated TLS:$' "$T/screen"
	ok $? "corpus: the question on the first screen"
	[ "$(grep -cE '^ +[0-9]+ +[0-9]+ +[0-9<]+% +[0-9]+ +[0-9<]+% +[0-9]+ +[0-9<]+%  [^ ]' "$T/screen")" -ge 10 ]
	ok $? "corpus: with ten senders or more answering it"
	grep -q '^downgraded paths' "$T/corpus.txt"; ok $? "corpus: the downgraded paths"
	sed -n '/^who reaches us/,/^downgraded paths/p' "$T/corpus.txt" >"$T/senders"
	! grep -Eq '  (user|unknown|localhost)$' "$T/senders"
	ok $? "corpus: no HELO junk among the senders"
	! grep -Eq '  (com|net|org)\.au$' "$T/senders"
	ok $? "corpus: no public suffix among the domains"
	# README shows this output: the same lines, figures aside.
	sed -n '/^\$ tlstrace --summary-only corpus\/$/,/^```$/p' \
	    "$TOP_SRCDIR/README.md" | sed '1d;$d' | grep -v '^\.\.\.$' |
	    sed 's/[<>]*[0-9][0-9]*/N/g' >"$T/readme"
	sed 's/[<>]*[0-9][0-9]*/N/g' "$T/corpus.txt" >"$T/shapes"
	[ -s "$T/readme" ] && while IFS= read -r line; do
		grep -qxF -- "$line" "$T/shapes" || { diag "$line"; exit 1; }
	done <"$T/readme"
	ok $? "README's corpus summary is the real output's"
	run_tlstrace "$T/corpus.json" "$T/err" --summary-only --format=json "$CORPUS_DIR"
	[ "$("$JSONCHECK" summary.inbound.messages <"$T/corpus.json")" = \
	    "$(sum_of "$T/corpus.json" senders messages)" ]
	ok $? "corpus: the senders add up to the messages into our MX"
	[ "$("$JSONCHECK" summary.findings.downgrade <"$T/corpus.json")" = \
	    "$(sum_of "$T/corpus.json" downgrades paths)" ]
	ok $? "corpus: one downgraded path per downgrade finding"
	a=$("$JSONCHECK" summary.attested_hops.plaintext <"$T/corpus.json")
	c=$("$JSONCHECK" summary.claimed_hops.plaintext <"$T/corpus.json")
	[ $((a + c)) -eq "$("$JSONCHECK" summary.plaintext_public_hops <"$T/corpus.json")" ]
	ok $? "corpus: attested and claimed plaintext hops add up"
fi

# JSON: "type" tells the summary from the messages, line by line.
run_tlstrace "$T/out" "$T/err" --format=ndjson --summary "$T/down.eml" "$T/old.eml"
ok $((st != 1)) "--format=ndjson --summary: exit 1"
"$JSONCHECK" -n type <"$T/out" >"$T/vals"
printf 'message\nmessage\nsummary\n' >"$T/want"
check_same "$T/vals" "$T/want" "NDJSON: each line has its type"
tail -n 1 "$T/out" >"$T/sum.json"
"$JSONCHECK" summary.senders.0.host summary.senders.0.plaintext_share \
    summary.sender_domains.0.domain summary.downgrades.0.relay \
    summary.downgrades.0.receiver summary.downgrades.0.attested \
    summary.claimed_hops.hops <"$T/sum.json" >"$T/vals"
printf 'relay.example.net\n1.0\nexample.net\nrelay.example.net\nmx.example.org\n1\n1\n' >"$T/want"
check_same "$T/vals" "$T/want" "JSON summary figures"
if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import jsonschema' 2>/dev/null; then
	validate() {
		python3 -c 'import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
for line in open(sys.argv[2]):
    jsonschema.validate(json.loads(line), schema)' "$@" 2>&1
	}
	validate "$TOP_SRCDIR/doc/tlstrace-summary.schema.json" "$T/sum.json" >"$T/v"
	ok $? "the summary follows doc/tlstrace-summary.schema.json"
	[ -s "$T/v" ] && diag "$(tail -n 3 "$T/v")"
	head -n 2 "$T/out" >"$T/msgs.json"
	validate "$TOP_SRCDIR/doc/tlstrace.schema.json" "$T/msgs.json" >"$T/v"
	ok $? "the messages follow doc/tlstrace.schema.json"
	[ -s "$T/v" ] && diag "$(tail -n 3 "$T/v")"
else
	skip "the summary follows its schema" "python3-jsonschema is not installed"
	skip "the messages follow their schema" "python3-jsonschema is not installed"
fi

# Mergeable: shards' JSON summaries add up to exactly the whole's.
if [ ! -d "$CORPUS_DIR" ]; then
	skip "the corpus in three shards merges into its summary" "no corpus"
else
	i=0
	: >"$T/s0"; : >"$T/s1"; : >"$T/s2"
	for f in "$CORPUS_DIR"/*.eml; do
		printf '%s\n' "$f" >>"$T/s$((i % 3))"
		i=$((i + 1))
	done
	for k in 0 1 2; do
		# shellcheck disable=SC2046
		run_tlstrace "$T/shard$k.json" "$T/err" --summary-only \
		    --format=json $(cat "$T/s$k")
	done
	run_tlstrace "$T/merged.json" "$T/err" --merge-summaries \
	    --format=json "$T/shard0.json" "$T/shard1.json" "$T/shard2.json"
	ok $((st != 1)) "merge: the whole's exit status (a message fails)"
	run_tlstrace "$T/whole.json" "$T/err" --summary-only --format=json \
	    "$CORPUS_DIR"
	check_same "$T/merged.json" "$T/whole.json" \
	    "the corpus in three shards merges into exactly its JSON summary"
	run_tlstrace "$T/merged.txt" "$T/err" --merge-summaries \
	    "$T/shard2.json" "$T/shard0.json" "$T/shard1.json"
	check_same "$T/merged.txt" "$T/corpus.txt" \
	    "in any order, and into its text summary"
	cat "$T/shard0.json" "$T/shard1.json" >"$T/two.ndjson"
	run_tlstrace "$T/merged.json" "$T/err" --merge-summaries \
	    --format=json "$T/two.ndjson" "$T/shard2.json"
	check_same "$T/merged.json" "$T/whole.json" \
	    "several summaries in one file (NDJSON) are each added"
fi

# The reports before a summary are skipped; bad files are one line each.
run_tlstrace "$T/a.json" "$T/err" --format=ndjson --summary "$T/down.eml"
run_tlstrace "$T/b.json" "$T/err" --json --summary "$T/old.eml" "$T/down2.eml"
run_tlstrace "$T/out" "$T/err" --merge-summaries --format=json "$T/a.json" "$T/b.json"
run_tlstrace "$T/want" "$T/err" --summary-only --format=json "$T/down.eml" "$T/old.eml" "$T/down2.eml"
check_same "$T/out" "$T/want" "merge: NDJSON and indented reports before the summaries"
printf 'garbage\n' >"$T/bad.json"
: >"$T/empty.json"
"$TLSTRACE" --format=ndjson "$T/old.eml" >"$T/msgs.json"
printf '{"type":"summary","schema":1,"summary":{"messages":-1}}\n' >"$T/neg.json"
# A count past 2^53, a downgrade row with a relay and a null receiver.
"$TLSTRACE" --summary-only --format=json "$T/down.eml" >"$T/good.json"
sed 's/{"messages":1,/{"messages":9007199254740993,/' "$T/good.json" >"$T/huge.json"
sed 's/"receiver":"mx.example.org"/"receiver":null/' "$T/good.json" >"$T/halfnull.json"
for f in bad empty msgs neg huge halfnull missing; do
	run_tlstrace "$T/out" "$T/err" --merge-summaries "$T/$f.json"
	[ "$st" -eq 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	    grep -q "^tlstrace: $T/$f.json: " "$T/err"
	ok $? "merge: $f.json is one line naming the file, exit 2"
done

run_tlstrace "$T/out" "$T/err" --merge-summaries --format=html "$T/good.json"
[ "$st" -eq 2 ] && [ ! -s "$T/out" ] &&
    grep -q '^tlstrace: --merge-summaries prints text, json or ndjson, not html$' "$T/err"
ok $? "merge: no html"
run_tlstrace "$T/out" "$T/err" --merge-summaries --summary "$T/good.json"
[ "$st" -eq 2 ] && [ ! -s "$T/out" ]; ok $? "merge: not with --summary"

# Map-reduce with GNU parallel over a directory of mboxes, locally.
if ! command -v parallel >/dev/null 2>&1 ||
    ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	skip "GNU parallel map-reduce" "GNU parallel is not installed"
else
	mkdir "$T/mboxes"
	i=0
	for f in "$S"/*.eml "$T/down.eml" "$T/old.eml" "$T/down2.eml"; do
		{ printf 'From x@example.net Mon Nov 23 10:00:00 2026\n'
		  sed 's/^\(>*From \)/>\1/' "$f"; printf '\n'; } \
		    >>"$T/mboxes/$((i % 3)).mbox"
		i=$((i + 1))
	done
	# As README.md shows it.
	(cd "$T/mboxes" && parallel $HANG_GUARD "$TLSTRACE" -j1 \
	    --summary-only --format=json ::: *.mbox >"$T/shards.ndjson" \
	    2>"$T/err")
	[ "$(wc -l <"$T/shards.ndjson")" -eq 3 ]; ok $? "parallel: one summary per mbox"
	run_tlstrace "$T/out" "$T/err" --merge-summaries "$T/shards.ndjson"
	run_tlstrace "$T/want" "$T/err" --summary-only "$T/mboxes"/*.mbox
	check_same "$T/out" "$T/want" "parallel: the merge is the summary of every mbox"
fi

# Hostile names (a control, invalid UTF-8, a bidi control) are kept as
# valid UTF-8, shown safely, and merge back to the very same rows.
printf 'Received: from x (evil\033[2J\377\342\200\256.example [8.8.8.8]) by mx.example.org with ESMTP id 1; Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <h@example.net>\n\nx\n' >"$T/hostile.eml"
printf 'Received: from x (evil\033[2J\376\342\200\256.example [8.8.8.8]) by mx.example.org with ESMTP id 1; Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <h2@example.net>\n\nx\n' >"$T/hostile2.eml"
run_tlstrace "$T/out" "$T/err" --summary-only "$T/hostile.eml"
! grep -q "$ESC" "$T/out" && grep -q "evil?\\[2j$(printf '\357\277\275')\\\\u{202e}\\.example\$" "$T/out"
ok $? "a hostile sender is shown terminal-safe"
run_tlstrace "$T/h1.json" "$T/err" --summary-only --format=json "$T/hostile.eml"
run_tlstrace "$T/h2.json" "$T/err" --summary-only --format=json "$T/hostile2.eml"
"$JSONCHECK" summary.senders.# <"$T/h1.json" >/dev/null; ok $? "and valid JSON"
! grep -q "$ESC" "$T/h1.json"; ok $? "with no ESC in it"
run_tlstrace "$T/out" "$T/err" --merge-summaries --format=json "$T/h1.json" "$T/h2.json"
run_tlstrace "$T/want" "$T/err" --summary-only --format=json "$T/hostile.eml" "$T/hostile2.eml"
check_same "$T/out" "$T/want" "hostile names merge exactly"

# Shares are never rounded to 0% or 100%: 1 in 151 is <1%, 150 is >99%.
i=0
while [ $i -lt 151 ]; do
	printf 'From x@example.net Mon Nov 23 10:00:00 2026\n'
	if [ $i -eq 0 ]; then a=ESMTP; b=ESMTPS; else a=ESMTPS; b=ESMTP; fi
	one_hop $a mostly.tls.example 8.8.8.8; printf '\n'
	printf 'From x@example.net Mon Nov 23 10:00:00 2026\n'
	one_hop $b mostly.plain.example 8.8.4.4; printf '\n'
	i=$((i + 1))
done >"$T/shares.mbox"
run_tlstrace "$T/out" "$T/err" --summary-only "$T/shares.mbox"
grep -q '^         151   150 >99%      0   0%      0   0%  mostly.plain.example$' "$T/out" &&
    grep -q '^         151     1  <1%      0   0%      0   0%  mostly.tls.example$' "$T/out"
ok $? "shares near 0% and 100% are <1% and >99%"

done_testing
