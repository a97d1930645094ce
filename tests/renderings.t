#!/bin/sh
# renderings.t: the four renderings of a verdict agree.  verdict_compute
# decides the verdict, its reason and its first offender once; the JSON
# report, the text report's verdict line, the TLS-Trace field and the
# summary only say them.  For every sample, golden-case input and corpus
# message, under four policies, this checks that
#   - the text verdict line names the verdict, reason and first offender
#     that the JSON report gives ("verdict", "reason", "first_offender");
#   - the field gives the same verdict and, for an unknown one, the same
#     reason, in the words of the hops the policy judges; for a plaintext
#     failure its plaintext-hop is the offender; for a failure below
#     --min-tls it lists below-min-tls;
#   - the summary counts the verdicts the JSON reports gave.
# Filter mode reads one message a run: the field is checked on every file
# under the default policy, on the samples and golden cases under the
# others.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

cd "$TOP_SRCDIR"
list=$TMPDIR_T/files
ls samples/*.eml tests/cases/*/input.eml >"$list"
cp "$list" "$TMPDIR_T/own"
if [ -d "$CORPUS_DIR" ]; then
	ls "$CORPUS_DIR"/*.eml >>"$list"
else
	skip "corpus messages" "no corpus at $CORPUS_DIR"
fi
nfiles=$(wc -l <"$list")

# The text verdict line as "VERDICT REASON OFFENDER".
text_record='
/^verdict: / {
	v = $2; sub(/:$/, "", v); o = "null"; r = "?"
	if (match($0, /^verdict: [a-z]+: hop [0-9]+ \(/)) {
		o = substr($0, 1, RLENGTH); sub(/^verdict: [a-z]+: hop /, "", o)
		sub(/ \($/, "", o)
	}
	tail = "; (attested|claimed|unknown)\\) "
	if ($0 ~ /^verdict: pass: every .* \([0-9]+\) used TLS$/) r = "all-tls"
	else if ($0 ~ "^verdict: unknown: the message has no Received fields$")
		r = "no-received"
	else if ($0 ~ "^verdict: unknown: no hop to judge: ") r = "none-judged"
	else if ($0 ~ tail "gives no evidence of TLS either way$")
		r = "no-evidence"
	else if ($0 ~ tail "does not state its TLS version, so --min-tls " \
	    "cannot be checked$") r = "version-unstated"
	else if ($0 ~ tail "used TLS below ") r = "below-min-tls"
	else if ($0 ~ tail "(went between public addresses|crossed a [a-z]+ " \
	    "network) without TLS") r = "plaintext"
	print v, r, o
}'

# The field as "VERDICT REASON PLAINTEXT-HOP BELOW-MIN-TLS".
field_record='
function emit(v, r, p, b) {
	sub(/^TLS-Trace: /, "", f); gsub(/[ \t]+/, " ", f)
	v = f; sub(/;.*/, "", v); r = "-"; p = "null"; b = 0
	if (match(f, /plaintext-hop=[0-9]+/))
		p = substr(f, RSTART + 14, RLENGTH - 14)
	if (f ~ /findings=[^;]*below-min-tls/) b = 1
	if (v == "pass") r = "all-tls"
	if (f ~ /reason="no Received fields"/) r = "no-received"
	if (f ~ "reason=\"no " hops "\"") r = "none-judged"
	if (f ~ "reason=\"a " hops " gives no evidence of TLS\"")
		r = "no-evidence"
	if (f ~ "reason=\"a " hops " does not state its TLS version\"")
		r = "version-unstated"
	print v, r, p, b
	done = 1
	exit
}
{ sub(/\r$/, "") }
/^TLS-Trace:/ && f == "" { f = $0; next }
f != "" && /^[ \t]/ { f = f $0; next }
f != "" { emit() }
END { if (!done) { if (f == "") print "none - null 0"; else emit() } }'

for policy in "" "--all-hops" "--attested-only" "--min-tls 1.2"; do
	name=${policy:-default}
	# The hops the policy judges, as the field's reason names them.
	case $policy in
	--all-hops) hops="hop between hosts" ;;
	--attested-only) hops="public hop written by our side" ;;
	*) hops="public hop" ;;
	esac
	# shellcheck disable=SC2046,SC2086
	$HANG_GUARD "$TLSTRACE" --format=ndjson $policy $(cat "$list") \
	    >"$TMPDIR_T/ndjson" 2>/dev/null
	"$JSONCHECK" -n verdict reason first_offender <"$TMPDIR_T/ndjson" |
	    awk 'NR % 3 == 1 { v = $0 } NR % 3 == 2 { r = $0 }
		NR % 3 == 0 { print v, r, $0 }' >"$TMPDIR_T/json"
	n=$(wc -l <"$TMPDIR_T/json")
	ok $((n != nfiles)) "$name: one JSON report per file ($n of $nfiles)"

	# shellcheck disable=SC2046,SC2086
	$HANG_GUARD "$TLSTRACE" $policy $(cat "$list") 2>/dev/null |
	    awk "$text_record" >"$TMPDIR_T/text"
	check_same "$TMPDIR_T/text" "$TMPDIR_T/json" \
	    "$name: the text verdict line says what the JSON report says"

	fields=$list
	[ -z "$policy" ] || fields=$TMPDIR_T/own
	: >"$TMPDIR_T/field"
	while read -r file; do
		# shellcheck disable=SC2086
		$HANG_GUARD "$TLSTRACE" --filter $policy <"$file" 2>/dev/null |
		    awk -v hops="$hops" "$field_record" >>"$TMPDIR_T/field"
	done <"$fields"
	n=$(wc -l <"$fields")
	head -n "$n" "$TMPDIR_T/json" |
	    paste -d ' ' - "$TMPDIR_T/field" "$fields" | awk '
	    { v = $1; r = $2; o = $3; fv = $4; fr = $5; fp = $6; fb = $7
	      bad = fv != v
	      if (v == "unknown" || v == "pass") bad = bad || fr != r
	      if (r == "plaintext") bad = bad || fp != o
	      if (r == "below-min-tls") bad = bad || fb != 1
	      if (v == "pass") bad = bad || fp != "null"
	      if (bad) { print "# disagree: " $0; n++ } }
	    END { exit n > 0 }' >"$TMPDIR_T/disagree"
	st=$?
	ok $st "$name: the field says what the JSON report says"
	[ $st -eq 0 ] || head -5 "$TMPDIR_T/disagree"

	# shellcheck disable=SC2046,SC2086
	$HANG_GUARD "$TLSTRACE" --summary-only --format=json $policy \
	    $(cat "$list") 2>/dev/null | "$JSONCHECK" summary.verdicts.pass \
	    summary.verdicts.fail summary.verdicts.unknown | tr '\n' ' ' \
	    >"$TMPDIR_T/sum"
	awk '{ n[$1]++ } END { printf "%d %d %d \n", n["pass"], n["fail"],
	    n["unknown"] }' "$TMPDIR_T/json" >"$TMPDIR_T/count"
	echo >>"$TMPDIR_T/sum"
	check_same "$TMPDIR_T/sum" "$TMPDIR_T/count" \
	    "$name: the summary counts the verdicts the reports gave"
done
done_testing
