#!/bin/sh
# jobs-same.sh: two loaders judge exactly as one, and objects without DWARF
# as with it.  The whole corpus on the reference kernel, from one plan,
# once with JOBS=1 (one vCPU, one case at a time) on the objects as
# compiled ($O/obj) and once with JOBS=2 (two vCPUs, two cases at once) on
# the copies make check packs, DWARF stripped ($O/obj-image), each judged
# against the goldens; every case's result (code, outcome, errno,
# statistics, normalized log, ...) must be the same in both but the times
# (tabulate.py same).  The whole corpus, not a subset: what
# two loaders could change is what one case leaves for the next or does
# while the other runs, and only the whole run has every neighbour.
#   harness/vm/tests/jobs-same.sh O     (after make check built O/obj)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: jobs-same.sh O}
twc=$O/twc
d=$(mktemp -d)
pid=
# The VM stops with twc run; twc run stops when this script does.
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait; rm -rf "$d"' EXIT
trap 'exit 130' INT TERM HUP
. "$(dirname "$0")/lib.sh"

ref=$("$top/harness/sh/fetch.sh" reference) &&
kernel=$("$top/harness/sh/fetch.sh" path "$ref") &&
release=${TWC_REFERENCE_RELEASE:-$("$top/harness/sh/fetch.sh" release "$ref")} || exit 1
$twc plan --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --out "$d/plan" \
	--expected "$top/expected" 2>/dev/null &&
$twc image --out "$d/full.cpio" --init "$O/twc-init" --plan "$d/plan" --obj-dir "$O/obj" \
	--btf-dir "$top/btf" &&
$twc image --out "$d/stripped.cpio" --init "$O/twc-init" --plan "$d/plan" --obj-dir "$O/obj-image" \
	--btf-dir "$top/btf" || exit 1

# run JOBS IMAGE: boot and judge into $d/jJOBS; the exit codes in $d/jJOBS.rc.
run() {
	mkdir -p "$d/j$1"
	echo "  BOOT     $ref with JOBS=$1, objects $2"
	$twc run --quiet --jobs "$1" --kernel "$kernel" --initrd "$d/$2.cpio" \
		--plan "$d/plan" --out-dir "$d/j$1/run" 2>"$d/j$1/run.err" &
	pid=$!
	wait "$pid"
	echo "$?" >"$d/j$1.rc"
	pid=
	$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$d/plan" \
		--stream "$d/j$1/run/stream" --expected "$top/expected" --out-dir "$d/j$1" \
		--reference "$release" --quiet >"$d/j$1/judge.out" 2>&1
	echo "$?" >>"$d/j$1.rc"
	echo "  JOBS=$1: $(tail -n 1 "$d/j$1/judge.out"); $(grep '^times:' "$d/j$1/judge.out")"
}
run 1 full
run 2 stripped
t "the image packs objects without DWARF, the other with" \
	"[ \$(wc -c <$d/stripped.cpio) -lt \$(wc -c <$d/full.cpio) ] &&
	 ! llvm-readelf -S $O/obj-image/accept/prog-tc-timer.bpf.o | grep -q ' .debug_info ' &&
	 llvm-readelf -S $O/obj-image/accept/prog-tc-timer.bpf.o | grep -q ' .BTF.ext ' &&
	 llvm-readelf -S $O/obj/accept/prog-tc-timer.bpf.o | grep -q ' .debug_info '"
t "both runs complete (twc run exits 0)" "[ \$(head -n 1 $d/j1.rc) = 0 ] && [ \$(head -n 1 $d/j2.rc) = 0 ]"
t "both are judged (twc judge exits 0 or 1)" "[ \$(tail -n 1 $d/j1.rc) -le 1 ] && [ \$(tail -n 1 $d/j2.rc) -le 1 ]"
t "JOBS=1 has one vCPU, JOBS=2 two" \
	"grep -q -- '-smp 1 .*twc.jobs=1 ' $d/j1/run/boot-0.qemu && grep -q -- '-smp 2 .*twc.jobs=2 ' $d/j2/run/boot-0.qemu"
# Two cases at once: a BEGIN before the END of the case begun before it.
t "JOBS=2 verified two cases at once" \
	"cat $d/j2/run/boot-*.stream | grep -a -E '^(BEGIN|END) ' | awk '/^BEGIN/ && open { two = 1 } /^BEGIN/ { open++ } /^END/ { open-- } END { exit !two }'"
python3 "$top/harness/tabulate/tabulate.py" same "$d/j1" "$d/j2" >"$d/same.out" 2>&1
rc=$?
sed 's/^/# /' "$d/same.out"
t "every case judged the same with JOBS=1 on full objects and JOBS=2 on stripped ones, but its times" "[ $rc -eq 0 ]"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
