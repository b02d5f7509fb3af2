#!/bin/sh
# unpriv-first.sh: a loader process whose first case is unprivileged (its
# capabilities dropped) must not leave libbpf believing the kernel lacks
# BTF: libbpf probes kernel features once per process and keeps the answer,
# so a probe made without CAP_BPF made every later case of that process
# load without BTF ("map 'timer_map' has to have BTF in order to use
# bpf_timer" for a case the kernel accepts).  That happened after every
# crash whose next boot began with such a case (6.12 in make matrix).
# The plan's ORDER puts the unprivileged case first; the reference kernel.
#   harness/vm/tests/unpriv-first.sh O     (after make check built O/obj)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: unpriv-first.sh O}
twc=$O/twc
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "kept: $d"
. "$(dirname "$0")/lib.sh"

unpriv=reject/cb-ref-without-cap-bpf
cases="--filter $unpriv --filter accept/timer-init-map-value --filter reject/timer-start-null"
kernel=$("$top/harness/sh/fetch.sh" path "$("$top/harness/sh/fetch.sh" reference)") || exit 1
$twc plan --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --out "$d/plan" $cases \
	2>/dev/null || exit 1
first=$(awk -v c="$unpriv" '$1 == "CASE" && $3 == c { print $2 }' "$d/plan")
grep -v '^ORDER ' "$d/plan" >"$d/plan.new"
{ echo "ORDER $first"
  awk -v f="$first" '$1 == "CASE" && $2 != f { print "ORDER " $2 }' "$d/plan"; } >>"$d/plan.new"
mv "$d/plan.new" "$d/plan"
$twc image --out "$d/initramfs.cpio" --init "$O/twc-init" --plan "$d/plan" --obj-dir "$O/obj-image" \
	--btf-dir "$top/btf" >/dev/null || exit 1
$twc run --jobs 1 --quiet --kernel "$kernel" --initrd "$d/initramfs.cpio" --plan "$d/plan" \
	--out-dir "$d/run" 2>"$d/run.err"
t "the run completes in one boot" "[ $? -eq 0 ] && [ \$(guest_boots $d/run/stream) -eq 1 ]"
t "the unprivileged case ran first (the console's case markers)" \
	"grep -m1 'twc: case ' $d/run/console.log | grep -q 'twc: case $first $unpriv'"
$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$d/plan" \
	--stream "$d/run/stream" --expected "$top/expected" --out-dir "$d" $cases >"$d/judge.out" 2>&1
t "every case after it is judged as its golden says (BTF loaded)" \
	"tail -n 1 $d/judge.out | grep -q '^3 passed, 0 failed, 0 skipped'"
grep -q '^3 passed' "$d/judge.out" || sed 's/^/#   /' "$d/judge.out" | head -30
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
