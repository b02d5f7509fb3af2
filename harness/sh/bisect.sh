#!/bin/sh
# bisect.sh: one step of `git bisect run` in a kernel tree.  Build the
# checked-out tree with twc's kernel-config (harness/sh/kernel.sh, incremental
# in one cache build directory), boot it, run the chosen cases, and compare
# each case's result with the stated expectation.
#
#   cd linux && git bisect start BAD GOOD &&
#   git bisect run /path/to/twc/harness/sh/bisect.sh --case reject/timer-init-map-mismatch \
#           --expect reject --expect-msg "doesn't match map pointer"
#
# Cases: --case ID (repeatable; a glob as in CASES=).  Expectations (all must
# hold for every case; at least one is needed):
#   --expect accept|reject   the verifier's verdict
#   --expect-errno ESYM      the errno of a rejection (EINVAL, EACCES, ...)
#   --expect-msg ERE         a line of the normalized log matches this POSIX
#                            extended regex (repeatable)
#   --expect-no-msg ERE      no line matches it (repeatable)
#   --expect-pass            the judge says PASS (annotations and golden)
# Options: --ksrc DIR (default: the git tree of the current directory),
# --name NAME (the registered kernel, default "bisect"), --out DIR (twc's
# build directory, default $TWC_CACHE/bisect/twc).
#
# Exit codes, as git bisect run wants them: 0 good, 1 bad, 125 skip (the
# tree does not build, misses kernel-config options, does not boot, or a
# case never reached the verifier, e.g. a kfunc this tree lacks), 128 abort
# (usage, or the harness itself failed).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
export TWC_CACHE=$cache

say() { echo "bisect: $*" >&2; }
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit "${1:-128}"; }

cases='' expects='' ksrc='' name=bisect out=$cache/bisect/twc
set -f	# --case globs and --expect-msg regexes stay as given
while [ $# -gt 0 ]; do
	case $1 in
	--case) cases="$cases $2"; shift ;;
	--expect|--expect-errno|--expect-msg|--expect-no-msg)
		[ $# -ge 2 ] || { say "$1 needs a value"; usage; }
		# quoted for the eval below: regexes may hold spaces and quotes
		q=$(printf '%s' "$2" | sed "s/'/'\\\\''/g")
		expects="$expects $1 '$q'"; shift ;;
	--expect-pass) expects="$expects --expect-pass" ;;
	--ksrc) ksrc=$2; shift ;;
	--name) name=$2; shift ;;
	--out) out=$2; shift ;;
	-h|--help) usage 0 ;;
	*) say "unknown argument '$1'"; usage ;;
	esac
	shift
done
[ -n "$cases" ] || { say "no --case given"; usage; }
[ -n "$expects" ] || { say "no expectation given"; usage; }
[ -n "$ksrc" ] || ksrc=$(git rev-parse --show-toplevel 2>/dev/null) || { say "not in a git tree; give --ksrc"; exit 128; }
rev=$(git -C "$ksrc" rev-parse --short HEAD 2>/dev/null || echo "?")

# Build (incrementally: the build directory belongs to this tree's path).
t0=$(date +%s)
bz=$(TESTMOD=0 "$top/harness/sh/kernel.sh" build "$ksrc" "$name")
rc=$?
case $rc in
0) say "$rev: built in $(( $(date +%s) - t0 )) s" ;;
1|3) say "$rev: skip: the kernel did not build (kernel.sh exit $rc)"; exit 125 ;;
*) say "$rev: abort: kernel.sh failed (exit $rc)"; exit 128 ;;
esac

# Boot and run the cases; make check's own verdict (goldens) is not the
# question here.
mkdir -p "$out"
rm -f "$out/results.json"
make -C "$top" --no-print-directory check O="$out" KERNEL="$bz" CASES="${cases# }" \
	>"$out/check.log" 2>&1
grep -q "reached no case" "$out/check.log" && { say "$rev: skip: the kernel did not boot to the loader"; exit 125; }
[ -f "$out/results.json" ] || { tail -n 20 "$out/check.log" >&2; say "$rev: abort: make check wrote no results"; exit 128; }

# The saved run judged again against the stated expectation (twc judge
# --expect-*, harness/judge/expect.c): 0 good, 1 bad, 125 nothing could be told.
filters=
for c in $cases; do filters="$filters --filter $c"; done
eval "\"\$out/twc\" judge --cases \"\$top/cases\" --btf \"\$top/btf\" --obj-dir \"\$out/obj\" \
	--plan \"\$out/plan\" --stream \"\$out/run/stream\" --expected \"\$top/expected\" \
	--out-dir \"\$out/expect\" $filters $expects" >"$out/expect.log" 2>&1
rc=$?
grep '^expect: ' "$out/expect.log" | sed "s/^expect: /bisect: $rev: /" >&2
case $rc in
0|1|125) exit $rc ;;
*) tail -n 5 "$out/expect.log" >&2; say "$rev: abort: twc judge failed (exit $rc)"; exit 128 ;;
esac
