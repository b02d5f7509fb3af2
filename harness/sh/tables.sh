#!/bin/sh
# tables.sh: a kernel's two verdict tables as one, for a run of the corpus
# with the upstream files beside it (make check, make matrix), and back.
# expected/verdicts/<kernel>.tsv holds the corpus's rows and
# expected/verdicts/upstream/<kernel>.tsv the upstream files' (written by
# make matrix-bless UPSTREAM=... too, so it may hold files this run left
# out); twc judge reads and blesses one table.
#
#   harness/sh/tables.sh combine CORPUS UPSTREAM PLAN OUT
#	OUT: CORPUS's header and rows, then the rows of UPSTREAM that name a
#	case of PLAN.  Neither table: nothing written, exit 1 (a recording
#	run).  Only one of them: exit 2, naming the other and what writes it.
#   harness/sh/tables.sh split COMBINED CORPUS UPSTREAM PLAN
#	after twc judge --bless wrote COMBINED: its rows not under upstream/
#	become CORPUS, its upstream/ rows replace those of UPSTREAM for the
#	files PLAN ran (rows of other files stay), both under COMBINED's header.
#
# Exit: 0 done, 1 (combine) no table, 2 a missing table or unusable input.
set -u
die() { echo "tables: $*" >&2; exit 2; }

# planned PLAN: the case ids of a plan, one per line.
planned() { awk '$1 == "CASE" { print $3 }' "$1"; }

# stems PLAN: the upstream files a plan runs, one per line.
stems() { planned "$1" | awk -F/ '$1 == "upstream" { print $2 }' | sort -u; }

combine() {
	corpus=$1 up=$2 plan=$3 out=$4
	[ -f "$corpus" ] || [ -f "$up" ] || return 1
	[ -f "$plan" ] || die "no plan '$plan'"
	[ -f "$corpus" ] || die "'$up' exists but '$corpus' does not: a run with the" \
		"upstream files beside the corpus needs both (make matrix-bless KERNELS=<kernel> writes them)"
	[ -f "$up" ] || die "'$corpus' exists but '$up' does not: a run with the" \
		"upstream files beside the corpus needs both (make matrix-bless KERNELS=<kernel> writes them)"
	{
		cat "$corpus"
		planned "$plan" | awk -F'\t' 'FILENAME == "-" { want[$1] = 1; next }
			!/^#/ && NF && ($1 in want)' - "$up"
	} >"$out.new" && mv "$out.new" "$out" || die "cannot write '$out'"
}

split_table() {
	combined=$1 corpus=$2 up=$3 plan=$4 hdr=
	[ -f "$combined" ] || die "no table '$combined' to split"
	[ -f "$plan" ] || die "no plan '$plan'"
	hdr=$(awk '/^#/' "$combined")
	{ echo "$hdr"; awk '!/^#/ && NF && !/^upstream\//' "$combined"; } >"$corpus.new" ||
		die "cannot write '$corpus'"
	mkdir -p "$(dirname "$up")" || die "cannot make the directory of '$up'"
	{
		echo "$hdr"
		{
			awk '/^upstream\//' "$combined"
			[ -f "$up" ] && stems "$plan" | awk -F'\t' 'FILENAME == "-" { ran[$1] = 1; next }
				!/^#/ && NF { split($1, p, "/"); if (!(p[2] in ran)) print }' - "$up"
		} | LC_ALL=C sort -t "$(printf '\t')" -k1,1
	} >"$up.new" || die "cannot write '$up'"
	mv "$corpus.new" "$corpus" && mv "$up.new" "$up" || die "cannot replace '$corpus' and '$up'"
}

case ${1:-} in
combine) [ $# = 5 ] || die "usage: $0 combine CORPUS UPSTREAM PLAN OUT"
	shift; combine "$@" ;;
split)	[ $# = 5 ] || die "usage: $0 split COMBINED CORPUS UPSTREAM PLAN"
	shift; split_table "$@" ;;
*)	die "usage: $0 combine|split ..." ;;
esac
