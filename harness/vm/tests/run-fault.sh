#!/bin/sh
# run-fault.sh: a fault of the loader (twc-init, libbpf) on the reference
# kernel: the case in flight is an ERROR naming the signal, the kernel is not
# blamed, the run goes on in the same boot, and the other cases are judged.
# twc.fault=<idx> on the kernel command line makes the loader fault there.
# Once with one loader, once with two.
#   harness/vm/tests/run-fault.sh O     (after make check built O/obj)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: run-fault.sh O}
twc=$O/twc
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
. "$(dirname "$0")/lib.sh"

cases="--filter reject/wq-start-* --filter btf/timer-wq-task-work"
kernel=$("$top/harness/sh/fetch.sh" path "$("$top/harness/sh/fetch.sh" reference)") || exit 1
$twc plan --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --out "$d/plan" $cases 2>/dev/null &&
$twc image --out "$d/initramfs.cpio" --init "$O/twc-init" --plan "$d/plan" --obj-dir "$O/obj-image" \
	--btf-dir "$top/btf" || exit 1
victim=$(awk '$1 == "CASE" && $3 == "reject/wq-start-map-without-btf" { print $2 }' "$d/plan")
$twc run --kernel "$kernel" --initrd "$d/initramfs.cpio" --plan "$d/plan" --out-dir "$d/run" \
	--append "twc.fault=$victim" 2>"$d/run.err"
rc=$?
t "the run completes (exit 0)" "[ $rc -eq 0 ]"
t "in one boot: no panic, no reboot" "[ \$(guest_boots $d/run/stream) -eq 1 ]"
t "the loader's fault is recorded on its case" "grep -q '^FAULT $victim SIGSEGV' $d/run/stream"
$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$d/plan" \
	--stream "$d/run/stream" --expected "$top/expected" --out-dir "$d" $cases >"$d/judge.out" 2>&1
rc=$?
t "the case is an ERROR naming the signal, not a kernel CRASH" \
	"grep -A1 '^ERROR    reject/wq-start-map-without-btf' $d/judge.out | grep -q 'the loader died on this case (SIGSEGV)'"
t "every other case is judged as usual" "tail -n 1 $d/judge.out | grep -q '^8 passed, 1 failed, 0 skipped'"
t "twc judge exits 1 (a case failed)" "[ $rc -eq 1 ]"

# The same with two loaders: the other loader's cases go on meanwhile.
$twc run --jobs 2 --kernel "$kernel" --initrd "$d/initramfs.cpio" --plan "$d/plan" \
	--out-dir "$d/run2" --append "twc.fault=$victim" 2>"$d/run2.err"
rc=$?
t "two loaders: the run completes in one boot" "[ $rc -eq 0 ] && [ \$(guest_boots $d/run2/stream) -eq 1 ]"
t "two loaders: the fault is recorded on its case" "grep -q '^FAULT $victim SIGSEGV' $d/run2/stream"
$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$d/plan" \
	--stream "$d/run2/stream" --expected "$top/expected" --out-dir "$d/j2" $cases >"$d/judge2.out" 2>&1
t "two loaders: the case is an ERROR, every other case judged as usual" \
	"grep -A1 '^ERROR    reject/wq-start-map-without-btf' $d/judge2.out | grep -q 'the loader died on this case (SIGSEGV)' && tail -n 1 $d/judge2.out | grep -q '^8 passed, 1 failed, 0 skipped'"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
