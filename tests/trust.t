#!/bin/sh
# trust.t: a trust list only adds trust.  For every sample, golden-case
# input and corpus message, listing hosts with --trusted (one that is in
# no message, a domain, a CIDR) never makes a hop claimed that is
# attested without the list: the attested hops with a list are a
# superset of those without (tlstrace(1), Trust).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

cd "$TOP_SRCDIR"
list=$TMPDIR_T/files
ls samples/*.eml tests/cases/*/input.eml >"$list"
if [ -d "$CORPUS_DIR" ]; then
	ls "$CORPUS_DIR"/*.eml >>"$list"
else
	skip "corpus messages" "no corpus at $CORPUS_DIR"
fi

# One line per message: the indexes of its attested hops, space-separated.
attested() {
	# shellcheck disable=SC2046
	$HANG_GUARD "$TLSTRACE" --format=ndjson "$@" $(cat "$list") \
	    2>/dev/null | "$JSONCHECK" -n hops | awk '{
		line = ""; s = $0
		while (match(s, /"index":[0-9]+/)) {
			i = substr(s, RSTART + 8, RLENGTH - 8)
			s = substr(s, RSTART + RLENGTH)
			match(s, /"trust":"[a-z]+"/)
			t = substr(s, RSTART + 9, RLENGTH - 10)
			if (t == "attested") line = line " " i
		}
		print line
	}'
}

attested >"$TMPDIR_T/base"
n=$(wc -l <"$TMPDIR_T/base")
ok $((n != $(wc -l <"$list"))) "one report per file without a list"
for spec in 192.0.2.25 .example.org 10.0.0.0/8 mx.google.com; do
	attested --trusted "$spec" >"$TMPDIR_T/with"
	paste -d '|' "$TMPDIR_T/base" "$TMPDIR_T/with" "$list" | awk -F '|' '
	    { nb = split($1, b, " "); nw = split($2, w, " "); delete have
	      for (k = 1; k <= nw; k++) have[w[k]] = 1
	      for (k = 1; k <= nb; k++)
		if (!(b[k] in have)) { print "# lost hop " b[k] ": " $3; n++ } }
	    END { exit n > 0 }' >"$TMPDIR_T/lost"
	st=$?
	ok $st "--trusted $spec keeps every hop attested without it"
	[ $st -eq 0 ] || head -5 "$TMPDIR_T/lost"
done
done_testing
