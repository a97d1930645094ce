#!/bin/sh
# tracked.t: git tracks no build product.  No file of "git ls-files" is
# a binary executable (ELF, Mach-O, PE/COFF) or has its executable bit
# set without starting with "#!".  The detector is first run on a scratch
# repository holding such files, so that this test is known to be able
# to fail.  Skipped outside a git work tree (a release tarball).
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

# executables DIR: prints "PATH: WHY" for each offending file in DIR's index.
executables() {
	_dir=$1
	git -C "$_dir" -c core.quotePath=false ls-files -s |
	while read -r mode _obj _stage path; do
		[ "$mode" = 160000 ] && continue	# a submodule
		f=$_dir/$path
		[ -f "$f" ] || continue
		# shellcheck disable=SC2046
		set -- $(od -An -tx1 -N4 "$f")
		magic=${1:-}${2:-}${3:-}${4:-}
		case $magic in
		7f454c46)	echo "$path: ELF" ;;
		feedface|feedfacf|cefaedfe|cffaedfe|cafebabe)
				echo "$path: Mach-O" ;;
		4d5a*)		echo "$path: PE/COFF (MZ)" ;;
		2321*)		;;	# "#!": a script
		*)	[ "$mode" = 100755 ] &&
			    echo "$path: executable bit without #!" ;;
		esac
	done
}

if ! command -v git >/dev/null 2>&1; then
	echo "1..0 # SKIP git not found"
	exit 0
fi
top=$(git -C "$TOP_SRCDIR" rev-parse --show-toplevel 2>/dev/null)
if [ "$top" != "$(cd "$TOP_SRCDIR" && pwd -P)" ]; then
	echo "1..0 # SKIP $TOP_SRCDIR is not the top of a git work tree"
	exit 0
fi
plan 2

# The detector on a scratch repository: a copy of the binary and a text
# file marked executable must both be named; a script must not.
S=$TMPDIR_T/scratch
mkdir "$S"
git -C "$S" init -q
cp "$TLSTRACE" "$S/built"
printf 'plain text\n' >"$S/text"
printf '#!/bin/sh\nexit 0\n' >"$S/script"
chmod 755 "$S/text" "$S/script"
git -C "$S" add built text script
executables "$S" | sort >"$TMPDIR_T/got"
printf 'built: ELF\ntext: executable bit without #!\n' >"$TMPDIR_T/want"
check_same "$TMPDIR_T/got" "$TMPDIR_T/want" \
    "the detector names a tracked binary and a tracked non-script +x file"

executables "$TOP_SRCDIR" >"$TMPDIR_T/found"
[ ! -s "$TMPDIR_T/found" ]
ok $? "git ls-files lists no binary executable"
[ -s "$TMPDIR_T/found" ] && diag "$(cat "$TMPDIR_T/found")"
done_testing
