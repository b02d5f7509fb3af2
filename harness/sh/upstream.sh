#!/bin/sh
# upstream.sh: which upstream selftest progs files a run of make check
# UPSTREAM='...' holds.
#
#   harness/sh/upstream.sh list SELFTESTS OUT WORD...
#
# SELFTESTS is tools/testing/selftests/bpf of the pinned tree.  Each WORD
# is a stem of SELFTESTS/progs (timer_failure: progs/timer_failure.c), a
# glob of stems (verifier_*: every progs/verifier_*.c), or the path of a
# progs file of any tree (a word with a '/' or ending in .c), or a set:
# @NAME is the words of cases/upstream/NAME.list (one a line, # comments;
# TWC_UPSTREAM_SETS: another folder), e.g. @timers.  Writes OUT,
# the list case/upstream.h reads ("file <stem> <source>" per file, then
# "testmod <kfunc>" per kfunc of the pinned tree's test module,
# test_kmods/*.c's BTF_ID_FLAGS(func, ...), and "mapvals <table>" when the
# sets' folder has map-values.tsv: the map values test runs need,
# case/upstream.h), rewritten only when it changes, and prints
# "<stem>=<source>" per file for the Makefile's rules, then
# "btf/<stem>=<source>" per object a file's __btf_path("<stem>.bpf.o")
# names, whose source is progs/<stem>.c beside that file (test_progs
# builds every progs file into one folder; the Makefile compiles these
# into <obj-dir>/upstream/btf/, where twc looks for them).
# Exit 2 with one sentence naming the word that names no file, a stem
# twice, or a name twc cannot carry (letters, digits and _ . + - only).
set -u
set -f	# a glob is ours to expand, against progs/, not the shell's
die() { echo "upstream: $*" >&2; exit 2; }

[ "${1:-}" = list ] && [ $# -ge 4 ] ||
	die "usage: harness/sh/upstream.sh list SELFTESTS OUT WORD..."
selftests=$2 out=$3
shift 3
[ -d "$selftests/progs" ] || die "no progs directory in '$selftests' (is the pinned source unpacked?)"
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp" "$tmp.files"' EXIT

# One "stem source" line per file a word names.
sets=${TWC_UPSTREAM_SETS:-$(cd "$(dirname "$0")/../.." && pwd)/cases/upstream}
resolve() {
	case $1 in
	@*)
		[ -f "$sets/${1#@}.list" ] || die "UPSTREAM: '$1' names no set: no file $sets/${1#@}.list" \
			"(sets: $(cd "$sets" 2>/dev/null && set +f && ls *.list 2>/dev/null | sed 's/^/@/; s/\.list$//' | tr '\n' ' '))"
		for w in $(sed 's/#.*//' "$sets/${1#@}.list"); do
			case $w in @*) die "UPSTREAM: $sets/${1#@}.list: '$w': a set in a set" ;; esac
			resolve "$w" || exit 2
		done ;;
	*/*|*.c)
		[ -f "$1" ] || die "UPSTREAM: '$1' is no file"
		src=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
		echo "$(basename "$1" .c) $src" ;;
	*)
		found=
		for f in "$selftests"/progs/$1.c; do
			set +f
			for g in $f; do [ -f "$g" ] && found=1 && echo "$(basename "$g" .c) $g"; done
			set -f
		done
		[ -n "$found" ] || die "UPSTREAM: '$1' names no file of $selftests/progs (a stem such as timer_failure, a glob such as 'verifier_*', or a path to a progs file)" ;;
	esac
}

# "expect <stem> <prog> success|failure" per row of TSV (stem, program,
# expectation, where prog_tests/ asserts it) whose stem the run holds.
expects() {
	[ -f "$1" ] || return 0
	awk -F '\t' -v tsv="$1" '
		FNR == NR { run[$1] = 1; next }	# the run: "stem source" lines
		/^#/ || !NF { next }
		NF != 4 || ($3 != "success" && $3 != "failure") || $1 !~ /^[A-Za-z0-9_.+-]+$/ ||
		    $2 !~ /^[A-Za-z_][A-Za-z0-9_]*$/ {
			printf "upstream: %s:%d: want stem, program, success|failure and where " \
			       "prog_tests/ asserts it, tab-separated: '\''%s'\''\n", tsv, FNR, $0 >"/dev/stderr"
			bad = 1; exit 2
		}
		$1 in run { print "expect " $1 " " $2 " " $3 }
		END { exit bad ? 2 : 0 }' FS=' ' "$2" FS='\t' "$1"
}

for word in "$@"; do resolve "$word" || exit 2; done >"$tmp.files"
# The objects the files' __btf_path tags name, "<stem> <source>", each once;
# a name with no source beside its file is left to twc (an ERROR of the run).
btfs() {
	sort -u "$tmp.files" | while read -r stem src; do
		sed -n 's/.*__btf_path("\([A-Za-z0-9_+-]*\)\.bpf\.o").*/\1/p' "$src" | sort -u |
		while read -r b; do
			[ -f "$(dirname "$src")/$b.c" ] && echo "$b $(dirname "$src")/$b.c"
		done
	done | sort -u
}
bad=$(LC_ALL=C grep -v '^[A-Za-z0-9_.+-]* [A-Za-z0-9_./+-]*$' "$tmp.files" | head -n 1)
[ -z "$bad" ] || die "UPSTREAM: '${bad#* }': a name twc cannot carry (letters, digits and _ . / + - only)"
twice=$(sort -u "$tmp.files" | awk '{ print $1 }' | sort | uniq -d | head -n 1)
[ -z "$twice" ] || die "UPSTREAM: two files are named '$twice'; give one of them"
{
	echo "# twc upstream list: written by harness/sh/upstream.sh; read by case/upstream.h"
	sort -u "$tmp.files" | sed 's/^/file /'
	set +f
	sed -n 's/.*BTF_ID_FLAGS(func, *\([A-Za-z0-9_]*\).*/testmod \1/p' "$selftests"/test_kmods/*.c \
		2>/dev/null | sort -u
	set -f
	[ -f "$sets/map-values.tsv" ] && echo "mapvals $sets/map-values.tsv"
	expects "$sets/prog_tests.tsv" "$tmp.files" || exit 2
} >"$tmp"
mkdir -p "$(dirname "$out")" || exit 2
cmp -s "$tmp" "$out" 2>/dev/null || cp "$tmp" "$out" || exit 2
sort -u "$tmp.files" | sed 's/ /=/'
btfs | sed 's|^|btf/|; s/ /=/'
