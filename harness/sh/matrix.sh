#!/bin/bash
# matrix.sh: the kernel matrix (make matrix, make matrix-bless), the diff
# between two kernels (make diff) and the report (make report).  The
# Makefile has built the tools and compiled the cases already.
#
#   harness/sh/matrix.sh run   O [KERNEL...]  boot every kernel (default: every
#                          image of harness/kernels/kernels.list), load every case,
#                          judge it against expected/verdicts/<kernel>.tsv
#   harness/sh/matrix.sh bless O [KERNEL...]  the same, then write those tables
#   harness/sh/matrix.sh diff  O A B          A, B: kernel names, bzImage paths or
#                          results directories (kept, so a diff can be rendered
#                          again without booting)
#   harness/sh/matrix.sh report O             Markdown and HTML from O/matrix/*/
#
# KERNEL: a name of harness/kernels/kernels.list (kinds image, file, build) or an
# unambiguous prefix of one (6.19), a kernel built by `make kernel NAME=`,
# or a bzImage path.
# Environment: TWC_KERNELS (the manifest; default harness/kernels/kernels.list),
# VMS (VMs at once; default: the CPUs divided by JOBS), JOBS (each VM's
# vCPUs and loader processes; default 1), SNAPSHOT (twc run --snapshot;
# default on), ACCEL, CASES (case
# filters, as for make check), CASE_TIMEOUT (seconds a case may stay
# silent; default 180), THRESHOLD (percent, make diff), SECTIONS (make diff:
# some of verdicts,messages,logs,stats), QUIET=1 (no line per case).
# TWC_UPSTREAM (make matrix UPSTREAM=...): the upstream list of
# harness/sh/upstream.sh: those progs files instead of the corpus, each
# kernel judged against expected/verdicts/upstream/<kernel>.tsv and also by
# upstream's annotations (O/matrix-upstream/<kernel>/upstream/); results in
# O/matrix-upstream/, whose matrix.md ends with where each kernel differs
# from upstream's expectations.
# TWC_UPSTREAM_CORPUS (make's CORPUS_UPSTREAM, without UPSTREAM=): the
# upstream files that run beside the corpus, their rows in
# expected/verdicts/upstream/<kernel>.tsv beside the corpus's table; each
# kernel is judged against both as one (harness/sh/tables.sh), and a bless
# writes both.
# Results: O/matrix/<kernel>/ holds stream, console.log, plan, kernel,
# results.json, results.ktap, run.log, judge.log; O/matrix/matrix.md (with
# O/matrix/areas/<area>.md) and O/matrix/report.html are the tables of the
# last run; O/matrix/seconds its wall time, O/matrix/<kernel>/seconds each
# kernel's.
# Exit: 0 every kernel as its table says (diff: nothing changed), 1 not
# (diff: something changed), 2 unusable.
set -u
set -f	# CASES globs are for the judge, not for the shell
mode=${1:-} O=${2:-}
[ -n "$mode" ] && [ -n "$O" ] || { sed -n '2,42p' "$0" >&2; exit 2; }
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
manifest=${TWC_KERNELS:-$top/harness/kernels/kernels.list}
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
twc=$O/twc M=$O/matrix tables=$top/expected/verdicts
upstream=${TWC_UPSTREAM:-}
[ -n "$upstream" ] && M=$O/matrix-upstream tables=$top/expected/verdicts/upstream
# The upstream files that run beside the corpus (make's CORPUS_UPSTREAM),
# their rows in expected/verdicts/upstream/<kernel>.tsv (harness/sh/tables.sh).
beside=
[ -z "$upstream" ] && beside=${TWC_UPSTREAM_CORPUS:-}
loaders=${JOBS:-1}
vms=${VMS:-$(( $(nproc) / loaders ))}
[ "$vms" -ge 1 ] 2>/dev/null || vms=1
# fetch.sh checks every manifest line first: a bad one stops the matrix here.
ref_name=$(TWC_KERNELS=$manifest "$top/harness/sh/fetch.sh" reference) || exit 2

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }
die() { echo "matrix: $*" >&2; exit 2; }

filters=
for f in ${CASES:-}; do filters="$filters --filter $f"; done
quiet=
[ "${QUIET:-0}" = 1 ] && quiet=--quiet	# QUIET=1: failures and summaries only

# resolve ARG: set name and image (a bzImage), or name and dir (results).
resolve() {
	local arg=$1 hit
	image= dir=
	if [ -d "$arg" ] && [ -f "$arg/results.json" ]; then
		dir=${arg%/}
		name=$(sed -n 's/^name=//p' "$dir/kernel" 2>/dev/null)
		name=${name:-$(basename "$dir")}
		return 0
	fi
	if [ -f "$arg" ]; then
		image=$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")
		name=bzImage-$(sha1sum "$arg" | cut -c1-10)
		return 0
	fi
	hit=$(awk -v n="$arg" '!/^#/ && NF && $2 != "source" && $1 == n { print $1 }' "$manifest")
	[ -n "$hit" ] || hit=$(awk -v n="$arg" '!/^#/ && NF && $2 != "source" &&
		index($1, n "-") == 1 { print $1 }' "$manifest")
	if [ "$(echo "$hit" | grep -c .)" = 1 ]; then
		name=$hit
		image=$(entry_image "$name") || exit 2
		return 0
	fi
	[ -n "$hit" ] && die "'$arg' is ambiguous: $(echo $hit)"
	if [ -f "$cache/built/$arg/bzImage" ]; then	# make kernel NAME=
		name=$arg image=$cache/built/$arg/bzImage
		return 0
	fi
	die "'$arg' is no kernel of harness/kernels/kernels.list ($(awk '!/^#/ && $2 == "image" \
		{ printf "%s ", $1 }' "$manifest")), no kernel built by make kernel, no bzImage \
and no results directory"
}

# entry_image NAME: the bzImage of a manifest entry: a Debian package's
# (fetched), a file's, or a `make kernel NAME=` build's.
entry_image() {
	local kind where
	set -- $(awk -v n="$1" '!/^#/ && $1 == n { print; exit }' "$manifest")
	kind=$2 where=$4
	case $kind in
	image)	"$top/harness/sh/fetch.sh" path "$1" || die "$1: cannot fetch its kernel" ;;
	file)	case $where in /*) ;; *) where=$top/$where ;; esac
		[ -f "$where" ] || die "$1: no bzImage at $where (harness/kernels/kernels.list)"
		echo "$where" ;;
	build)	[ -f "$cache/built/$where/bzImage" ] ||
			die "$1: no kernel built as '$where': make kernel KSRC=<tree> NAME=$where"
		echo "$cache/built/$where/bzImage" ;;
	*)	die "$1: kind '$kind' is not a kernel (harness/kernels/kernels.list)" ;;
	esac
}

in_manifest() { awk -v n="$1" '!/^#/ && $1 == n { f = 1 } END { exit !f }' "$manifest"; }

# twc_on CMD ARGS...: twc plan or judge on the corpus (with the upstream
# files beside it), or on the upstream files instead (make matrix UPSTREAM=...).
twc_on() {
	local cmd=$1
	shift
	if [ -n "$upstream" ]; then "$twc" "$cmd" --upstream "$upstream" "$@"
	else "$twc" "$cmd" --cases "$top/cases" --btf "$top/btf" ${beside:+--upstream "$beside"} "$@"; fi
}

# prepare: the plan and the initramfs, once for every kernel.
# current DIR: DIR's results answer the plan just made (every case of it,
# same objects, same loader): no newer object, no newer twc-init.
current() {
	local d=$1
	[ -f "$d/results.json" ] && [ -f "$d/plan" ] || return 1
	grep -E '^(CASE|BTF) ' "$M/plan" | sort >"$M/plan.want"
	grep -E '^(CASE|BTF) ' "$d/plan" | sort >"$M/plan.have"
	[ -z "$(comm -23 "$M/plan.want" "$M/plan.have")" ] || return 1
	[ -z "$(find "$O/obj" "$O/twc-init" -newer "$d/results.json" -print -quit 2>/dev/null)" ]
}

prepare() {
	[ -z "$beside" ] || [ -f "$beside" ] || die "TWC_UPSTREAM_CORPUS: no list '$beside'"
	mkdir -p "$M"
	twc_on plan --obj-dir "$O/obj" --out "$M/plan" \
		--expected "$top/expected" $filters >"$M/plan.log" 2>&1 || { cat "$M/plan.log" >&2; exit 2; }
	"$twc" image --out "$M/initramfs.cpio" --init "$O/twc-init" --plan "$M/plan" \
		--obj-dir "$O/obj-image" --btf-dir "$top/btf" >"$M/image.log" 2>&1 ||
		{ cat "$M/image.log" >&2; exit 2; }
	ncases=$(grep -c '^CASE ' "$M/plan")
}

# show NAME FILE: FILE's lines, each prefixed with the kernel's name, in one piece.
show() {
	(flock 8; awk -v k="$1" '{ printf "%-11s %s\n", k, $0 }' "$2") 8>"$M/.print.lock"
}

# judge NAME DIR TABLE BLESS: twc judge against the kernel's verdict table.
judge() {
	local bless=
	[ "$4" = bless ] && bless=--bless
	twc_on judge --obj-dir "$O/obj" --plan "$M/plan" \
		--stream "$2/stream" --expected "$top/expected" --out-dir "$2" --verdicts "$3" \
		$bless $filters --times "run=$(cat "$2/seconds")" --kernel-name "$1" --quiet \
		>"$2/judge.log" 2>&1
}

# golden DIR: the reference kernel is also judged against its goldens
# (upstream programs: by their annotations, as test_loader judges).
golden() {
	local rel
	rel=$("$top/harness/sh/fetch.sh" release "$ref_name")
	mkdir -p "$1/golden"
	twc_on judge --obj-dir "$O/obj" --plan "$M/plan" \
		--stream "$1/stream" --expected "$top/expected" --out-dir "$1/golden" \
		--reference "$rel" $filters >"$1/golden.log" 2>&1
}

# annotations DIR: an upstream run also judged by the programs' own
# annotations, as test_loader would judge it on this kernel (DIR/upstream/):
# where the kernel differs from upstream's expectations, which the verdict
# table records as what the kernel does.
annotations() {
	mkdir -p "$1/upstream"
	twc_on judge --obj-dir "$O/obj" --plan "$M/plan" --stream "$1/stream" \
		--expected "$top/expected" --out-dir "$1/upstream" $filters --quiet \
		>"$1/upstream.log" 2>&1
	echo "by upstream's annotations: $(tail -n 1 "$1/upstream.log")" >>"$1/show"
}

# one NAME IMAGE MODE: boot one kernel, judge it, print its lines; the
# status file says 0 (as its table says), 1 (failed) or 2 (no table).
one() {
	local name=$1 image=$2 mode=$3 d=$M/$1 t0 rc=0 table initrd mods=
	table=$tables/$name.tsv
	rm -rf "$d" && mkdir -p "$d" && cp "$M/plan" "$d/plan"
	if [ -n "$beside" ]; then	# both tables as one; a bless splits it again
		"$top/harness/sh/tables.sh" combine "$table" "$tables/upstream/$name.tsv" \
			"$d/plan" "$d/verdicts.tsv" 2>"$d/show"; rc=$?
		[ $rc -le 1 ] || { show "$name" "$d/show"; echo 2 >"$d/status"; return 2; }
		table=$d/verdicts.tsv rc=0
	fi
	printf 'name=%s\nimage=%s\ntable=%s\n' "$name" "$image" "$table" >"$d/kernel"
	initrd=$M/initramfs.cpio
	mods=$("$top/harness/sh/modules.sh" "$image" "$d"); rc=$?
	if [ $rc = 0 ]; then
		cat "$initrd" "$d/modules.cpio" >"$d/initramfs.cpio" && initrd=$d/initramfs.cpio
		echo "matrix: $name: the guest loads these modules first: $mods"
	elif [ $rc != 1 ]; then
		echo 2 >"$d/status"; return 2
	fi
	# The kernel's config, for __kconfig externs (harness/sh/kconfig.sh).
	"$top/harness/sh/kconfig.sh" "$image" "$d" "$name"; rc=$?
	if [ $rc = 0 ]; then
		cat "$initrd" "$d/kconfig.cpio" >"$d/initramfs.cpio.new" &&
			mv "$d/initramfs.cpio.new" "$d/initramfs.cpio" && initrd=$d/initramfs.cpio
	elif [ $rc = 1 ]; then
		echo "matrix: $name: no kernel config found: programs with __kconfig externs SKIP"
	else
		echo 2 >"$d/status"; return 2
	fi
	rc=0
	echo "matrix: $name: booting $image ($ncases cases)"
	t0=$(now)
	# One line per case as the guest reports it, the kernel named on each
	# (through cat: never a terminal's status line, two kernels share it).
	"$twc" run --kernel "$image" --initrd "$initrd" --plan "$M/plan" --out-dir "$d" \
		--accel "${ACCEL:-tcg}" --case-timeout "${CASE_TIMEOUT:-180}" --label "$name " \
		--jobs "$loaders" --snapshot "${SNAPSHOT:-on}" $([ -f "$table" ] && printf '%s' "--verdicts=$table") \
		$quiet 2>"$d/run.log" | cat
	secs "$t0" "$(now)" >"$d/seconds"
	judge "$name" "$d" "$table" "$mode" || rc=1
	if [ "$mode" = bless ] && [ -n "$beside" ] && [ -f "$table" ]; then
		"$top/harness/sh/tables.sh" split "$table" "$tables/$name.tsv" \
			"$tables/upstream/$name.tsv" "$d/plan" >>"$d/judge.log" 2>&1 || rc=1
	fi
	if ! grep -q '^TWC-STREAM' "$d/stream" 2>/dev/null; then
		rc=1
		echo "the guest reached no case on this kernel; twc run said:" >"$d/show"
		tail -n 8 "$d/run.log" >>"$d/show"
		[ -f "$d/modules.cpio" ] && echo "the guest was given modules to load first" \
			"($mods); its console (run.log) says whether finit_module took them" >>"$d/show"
	else
		cat "$d/run.log" "$d/judge.log" >"$d/show"
	fi
	[ -n "$upstream" ] && annotations "$d"
	if [ "$mode" != diff ] && [ -z "$upstream" ] && [ "$name" = "$ref_name" ] && ! golden "$d"; then
		rc=1
		grep -E '^(FAIL|XPASS|ERROR|CRASH) ' "$d/golden.log" | sed 's/^/goldens: /' >>"$d/show"
	fi
	if [ "$mode" = run ] && [ ! -f "$table" ] && in_manifest "$name"; then
		rc=2
		echo "no verdict table $tables/$name.tsv; write it: make matrix-bless KERNELS=$name" \
			"${upstream:+UPSTREAM=...}" >>"$d/show"
	fi
	show "$name" "$d/show"
	echo "$rc" >"$d/status"
	echo "matrix: $name: $(cat "$d/seconds")s wall; $(tail -n 1 "$d/judge.log")"
}

# run_all MODE NAME=IMAGE...: one() for each, VMS at a time, longest first
# (by the previous run's time).
run_all() {
	local mode=$1 running=0 ni
	shift
	for ni in $(for ni in "$@"; do
			echo "$(cat "$M/${ni%%=*}/seconds" 2>/dev/null || echo 999) $ni"
		done | sort -rn | cut -d' ' -f2-); do
		if [ "$running" -ge "$vms" ]; then
			wait -n
			running=$((running - 1))
		fi
		one "${ni%%=*}" "${ni#*=}" "$mode" &
		running=$((running + 1))
	done
	wait
}

# report NAME...: the Markdown matrix and the HTML report of these kernels.
report() {
	local dirs=() n
	for n in $(printf '%s\n' "$@" | sort -V); do dirs+=("$M/$n"); done
	python3 "$top/harness/tabulate/tabulate.py" matrix --reference "$ref_name" \
		--markdown "$M/matrix.md" --html "$M/report.html" --source "$M/*/results.json" \
		"${dirs[@]}" || return 2
	if [ -n "$upstream" ]; then
		python3 "$top/harness/tabulate/tabulate.py" upstream "${dirs[@]}" >"$M/upstream.md" &&
			{ echo; cat "$M/upstream.md"; } >>"$M/matrix.md" || return 2
	fi
	echo "matrix: the matrix: $M/matrix.md (areas in $M/areas/); the report: $M/report.html"
}

# summary NAME...: one line per kernel, the failures, the totals line.
summary() {
	local n st bad=0 failed=0 notable=0
	echo
	printf '%-11s %-30s %7s  %s\n' kernel release wall "against its verdict table"
	for n in $(printf '%s\n' "$@" | sort -V); do
		st=$(cat "$M/$n/status" 2>/dev/null || echo 2)
		[ "$st" = 0 ] || bad=$((bad + 1))
		printf '%-11s %-30s %6ss  %s%s\n' "$n" "$(sed -n 's/.*"release": "\([^"]*\)".*/\1/p' \
			"$M/$n/results.json" 2>/dev/null | head -n 1)" "$(cat "$M/$n/seconds")" \
			"$(tail -n 1 "$M/$n/judge.log")" "$([ "$st" = 0 ] || echo '  <-- FAILED')"
	done
	python3 "$top/harness/tabulate/tabulate.py" failures "${@/#/$M/}"
	secs "$t_start" "$(now)" >"$M/seconds"	# the whole matrix's wall (make bench-matrix)
	echo "matrix: $# kernels, $(($# - bad)) as their verdict tables say, $bad not; wall $(cat "$M/seconds")s"
	[ "$bad" = 0 ]
}

t_start=$(now)
case $mode in
run|bless)
	[ $# -gt 0 ] || set -- $(awk '!/^#/ && NF && $2 != "source" { print $1 }' "$manifest")
	pairs=() names=()
	for k in "$@"; do
		resolve "$k"
		[ -n "$image" ] || die "'$k' is a results directory; the matrix boots kernels"
		pairs+=("$name=$image") names+=("$name")
	done
	prepare
	[ "$mode" = bless ] && { mkdir -p "$tables" || die "cannot make $tables"; }
	rm -f "$M/matrix.md" "$M/report.html" "$M/report.png" "$M"/areas/*.md "$M/upstream.md"
	echo "matrix: ${#names[@]} kernels x $ncases cases, $vms VMs at once, $loaders vCPUs each"
	run_all "$mode" "${pairs[@]}"
	report "${names[@]}"
	summary "${names[@]}" ;;
diff)
	[ $# = 2 ] || die "usage: $0 diff O A B"
	sides=() pairs=() prepared=
	for k in "$1" "$2"; do
		resolve "$k"
		# a kernel (not a results directory) needs today's plan: to see
		# whether its results are current, or to boot it
		if [ -n "$image" ] && [ -z "$prepared" ]; then prepare; prepared=1; fi
		if [ -n "$image" ] && current "$M/$name"; then
			echo "diff: $name: its results in $M/$name are current for the corpus: no boot"
		elif [ -n "$image" ]; then
			pairs+=("$name=$image")
		fi
		[ -n "$image" ] && dir=$M/$name
		sides+=("$dir")
	done
	[ "${sides[0]}" != "${sides[1]}" ] || die "A and B are the same kernel: $1"
	if [ ${#pairs[@]} -gt 0 ]; then
		run_all diff "${pairs[@]}" >"$M/diff-run.log" 2>&1 ||:
		grep '^matrix: ' "$M/diff-run.log"
	fi
	set -f
	python3 "$top/harness/tabulate/tabulate.py" diff --threshold "${THRESHOLD:-10}" \
		${SECTIONS:+--sections "$SECTIONS"} ${CASES:+--cases $CASES} -- "${sides[@]}"
	rc=$?	# before set +f, whose status it was (make diff always exited 0)
	set +f
	echo "diff: results kept in ${sides[0]} and ${sides[1]}; to render again without" \
		"booting: make diff A=${sides[0]} B=${sides[1]}"
	exit $rc ;;
report)
	names=()
	for d in $(find "$M" -mindepth 2 -maxdepth 2 -name results.json | sort); do
		names+=("$(basename "$(dirname "$d")")")
	done
	[ ${#names[@]} -gt 0 ] || die "no results under $M: run make matrix first"
	report "${names[@]}" ;;
*)	die "unknown mode '$mode' (run, bless, diff, report)" ;;
esac
