#!/bin/sh
# fuzz.sh: `make fuzz`.  Runs each libFuzzer target for its share of the
# time, one after the other, each from a fresh corpus of seeds made now from
# files of the tree (and of the last run, when there is one):
#
#   harness/sh/fuzz.sh FUZZ_DIR TIME RUNS RUN_DIR TARGET...
#
# FUZZ_DIR holds the binaries fuzz-<target>; each target works in
# FUZZ_DIR/<target>/ (corpus/, log, crash-* or timeout-* or leak-*).  TIME is
# the seconds for all targets together (at least 1 each), RUNS the most
# runs of each.  RUN_DIR is a `make check` output directory and may not
# exist: its plan, run/stream and obj/ seed the plan, stream and annot
# targets (with the fixture objects of `make unit`, FUZZ_DIR/../unit/obj,
# and the fixtures and goldens of the tree).  Prints
# "fuzz: <target>: N runs in S s, no crash" per target, the log's tail and
# the crashing input's path for a target that failed, and last
# "N passed, N failed" (one per target).
set -u
dir=$1 time=$2 runs=$3 rundir=$4
shift 4
top=$(cd "$(dirname "$0")/../.." && pwd)
fix=$top/harness/judge/tests/fixtures
uobj=$(dirname "$dir")/unit/obj
passed=0 failed=0

# A one-byte prefix (a target's first input byte), from its decimal value.
byte() { printf "\\$(printf %03o "$1")"; }

seeds_btfcase() { cp "$top"/btf/*.case "$top"/btf/maps/*.case "$1"/; }

# The fixture streams (plan of 19), and the first 64 cases of the last run
# in slices of four after its header (the records before the first BEGIN),
# for a plan of 63.
seeds_stream() {
	for s in "$fix"/streams/*.stream; do
		{ byte 19; cat "$s"; } >"$1/$(basename "$s")"
	done
	st=$rundir/run/stream
	[ -s "$st" ] || return 0
	offs=$(grep -a -b '^BEGIN [0-9]*$' "$st" | tr : ' ' |
		awk '$3 <= 64 && $3 % 4 == 0 { print $1 }')
	[ -n "$offs" ] || return 0
	head=$(echo "$offs" | head -n 1)
	[ "$(echo "$offs" | wc -l)" -eq 17 ] || offs="$offs $(wc -c <"$st")"
	prev=
	for off in $offs; do
		[ -z "$prev" ] || { byte 63; head -c "$head" "$st";
			tail -c +"$((prev + 1))" "$st" | head -c "$((off - prev))"; } >"$1/run-$prev"
		prev=$off
	done
}

seeds_plan() {
	cp "$fix/plan" "$1/fixture.plan"
	[ ! -s "$rundir/plan" ] || head -n 40 "$rundir/plan" >"$1/run.plan"
}

# The tags of every compiled case, one a line, an empty line, and the body
# of its golden (the first, for a file of several programs) as the log.
# One strings(1) and one awk for all objects: there are hundreds.
seeds_annot() {
	objs=$(find "$rundir/obj" "$uobj" -name '*.bpf.o' 2>/dev/null | sort)
	[ -n "$objs" ] || return 0
	# shellcheck disable=SC2086
	strings -f -a -n 9 $objs | awk -v out="$1" -v run="$rundir/obj/" -v uobj="$uobj/" -v cexp="$top/expected" \
		-v fexp="$fix/expected" -F ': ' '
	function flush(	g, line) {
		if (id == "") return
		print "" >f
		g = exp_dir "/" id ".log"
		if ((getline line <g) < 0) {	# a file of several programs: its first
			cmd = "ls " exp_dir "/" id "/*.log 2>/dev/null"
			g = ""; cmd | getline g; close(cmd)
		} else close(g)
		while (g != "" && (getline line <g) > 0)
			if (body || line !~ /^# /) { body = 1; print line >f }
		if (g != "") close(g)
		close(f); body = 0
	}
	$2 ~ /^comment:/ {
		if ($1 != obj) {
			flush(); obj = $1; delete seen
			unit = index(obj, uobj) == 1
			exp_dir = unit ? fexp : cexp
			id = substr(obj, length(unit ? uobj : run) + 1); sub(/\.bpf\.o$/, "", id)
			f = (unit ? "fixture/" : "") id; gsub("/", "-", f); f = out "/" f
		}
		tag = substr($0, length($1) + 3)
		if (!seen[tag]++) print tag >f
	}
	END { flush() }'
}

# Pairs of neighbouring goldens (similar cases): the context (3), the first
# whole, a NUL, the second's body.  One awk for all: there are hundreds.
seeds_golden() {
	# shellcheck disable=SC2046
	awk -v out="$1" '
	function pair() {
		if (n++) { printf "%c%s%c%s", 3, prev, 0, body >(out "/pair-" n); close(out "/pair-" n) }
		prev = cur; cur = body = ""; inbody = 0
	}
	FNR == 1 && NR > 1 { pair() }
	{ cur = cur $0 "\n" }
	inbody || !/^# / { inbody = 1; body = body $0 "\n" }
	END { pair() }
	' $(find "$top/expected" "$fix/expected" -name '*.log' | sort)
}

# libFuzzer's options per target: input size, dictionary, limits.
opts() {
	case $1 in
	btfcase) echo "-max_len=8192 -dict=$top/harness/case/tests/btfcase.dict";;
	stream)	echo "-max_len=16384 -malloc_limit_mb=64 -dict=$top/harness/judge/tests/stream.dict";;
	plan)	echo "-max_len=4096 -dict=$top/harness/case/tests/plan.dict";;
	annot)	echo "-max_len=4096 -dict=$top/harness/case/tests/annot.dict";;
	golden)	echo "-max_len=8192";;
	esac
}

# Run one target for t seconds; 0 when it found nothing.
fuzz_one() {
	t=$1 secs=$2 w=$dir/$1
	rm -rf "$w" && mkdir -p "$w/corpus" && "seeds_$t" "$w/corpus" || return 1
	# shellcheck disable=SC2046
	"$dir/fuzz-$t" -max_total_time="$secs" -runs="$runs" -timeout=20 $(opts "$t") \
		-artifact_prefix="$w/" "$w/corpus" >"$w/log" 2>&1 || return 1
	done=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$w/log" | tail -n 1)
	[ -n "$done" ] || return 1
	echo "fuzz: $t: $(echo "$done" | awk '{ print $2 " runs in " $5 " s" }'), no crash"
}

n=$#
share=$((time / n)); [ "$share" -ge 1 ] || share=1
for t in "$@"; do
	if fuzz_one "$t" "$share"; then
		passed=$((passed + 1))
		continue
	fi
	failed=$((failed + 1))
	tail -n 40 "$dir/$t/log" 2>/dev/null
	input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$dir/$t/log" 2>/dev/null | tail -n 1)
	echo "fuzz: $t: FAILED; the input is in ${input:-(none written; see $dir/$t/log)}"
	[ -z "$input" ] || echo "fuzz: $t: to reproduce: $dir/fuzz-$t $input"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
