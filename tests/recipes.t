#!/bin/sh
# recipes.t: README.md ("The recipes") and tlstrace(1) (EXAMPLES) quote
# the recipes of contrib/ as they are.  A file quoted whole is its text
# without comment lines (blank lines squeezed): procmailrc, mailfilter,
# master.cf and tlstrace.sieve in both, 90-tlstrace.conf in README.md;
# every other quoted block is lines of one contrib/ file (Exim's two).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"
T=$TMPDIR_T
CONTRIB=$TOP_SRCDIR/contrib
README=$TOP_SRCDIR/README.md
MAN1=$TOP_SRCDIR/man/tlstrace.1

# recipe FILE: FILE without its comment lines, one blank line for each run
# of them, none at the start or the end.
recipe() {
	awk '/^[ \t]*#/ { next }
	    /^[ \t]*$/ { if (n) blank = 1; next }
	    { if (blank) print ""; blank = 0; n = 1; print }' "$1"
}

# The quoted blocks, one file each: README.md's fenced blocks under "###
# The recipes", tlstrace(1)'s literal displays from the recipes paragraph
# to DIAGNOSTICS, with \e as the backslash it prints.
mkdir -p "$T/readme" "$T/man"
awk -v dir="$T/readme" '
	/^### The recipes/ { on = 1; next }
	on && /^##/ { exit }
	on && /^```/ {
		if (inb) { inb = 0; close(f) }
		else { inb = 1; n++; f = dir "/" n; printf "" > f }
		next
	}
	inb { print > f }' "$README"
awk -v dir="$T/man" '
	/^The mail-filter recipes are installed/ { on = 1; next }
	on && /^\.Sh / { exit }
	on && /^\.Bd -literal/ { inb = 1; n++; f = dir "/" n; printf "" > f; next }
	on && /^\.Ed/ { if (inb) close(f); inb = 0; next }
	inb { gsub(/\\e/, "\\"); gsub(/\\&/, ""); print > f }' "$MAN1"
nr=$(ls "$T/readme" | wc -l | tr -d " ")
nm=$(ls "$T/man" | wc -l | tr -d " ")
[ "$nr" -ge 6 ]; ok $? "README.md: the recipe blocks found ($nr)"
[ "$nm" -ge 5 ]; ok $? "tlstrace(1): the recipe blocks found ($nm)"

# quoted FILE DIR DESC: some block of DIR is FILE's recipe text.
quoted() {
	recipe "$1" >"$T/want"
	for b in "$2"/*; do
		cmp -s "$b" "$T/want" && { ok 0 "$3"; return; }
	done
	ok 1 "$3"
	diag "no block is:" "$(cat "$T/want")"
}
for f in procmailrc mailfilter postfix/master.cf sieve/tlstrace.sieve \
    sieve/90-tlstrace.conf; do
	quoted "$CONTRIB/$f" "$T/readme" "README.md quotes contrib/$f as it is"
done
for f in procmailrc mailfilter postfix/master.cf sieve/tlstrace.sieve; do
	quoted "$CONTRIB/$f" "$T/man" "tlstrace(1) quotes contrib/$f as it is"
done

# Every block: its lines, leading and trailing white space aside, are
# lines of one contrib/ file.
find "$CONTRIB" -type f ! -path '*/bash-completion/*' | sort >"$T/files"
trim() {
	sed 's/^[ \t]*//; s/[ \t]*$//' "$1" | grep -v '^$' | sort -u
}
for b in "$T"/readme/* "$T"/man/*; do
	case $b in */readme/*) doc=README.md ;; *) doc="tlstrace(1)" ;; esac
	trim "$b" >"$T/block"
	from=""
	while read -r f; do
		trim "$f" >"$T/lines"
		if [ -z "$(comm -23 "$T/block" "$T/lines")" ]; then
			from=${f#"$CONTRIB"/}
			break
		fi
	done <"$T/files"
	[ -n "$from" ]
	ok $? "$doc: block ${b##*/} ($(head -n 1 "$b" | cut -c1-40)) is lines of contrib/${from:-?}"
	[ -n "$from" ] || diag "$(cat "$b")"
done
done_testing
