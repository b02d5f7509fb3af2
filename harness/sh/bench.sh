#!/bin/sh
# bench.sh: make bench.  The whole corpus on one kernel in one boot, as make
# check runs it, then veristat on the same objects at the same log level in
# the same boot (twc.bench=1), and the figures: boot to /init, the sum of
# the kernel's verification time, the floor (their sum), the wall time and
# its ratio to the floor, where the rest of the guest's time went per case,
# and twc's loop against veristat's.  A benchmark, not a test: it prints
# figures, it judges nothing; the machine and its load are printed with
# them.  Environment: TWC_O, TWC_KERNEL, VERISTAT (the tool's path), JOBS
# (the guest's vCPUs and loader processes; default 1), SNAPSHOT (twc run
# --snapshot; default on).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
O=${TWC_O:-build} kernel=${TWC_KERNEL:-7.3-cloud}
B=$O/bench
twc=$O/twc
if [ -f "$kernel" ]; then kpath=$kernel; else kpath=$("$top/harness/sh/fetch.sh" path "$kernel") || exit 2; fi
rm -rf "$B" && mkdir -p "$B" || exit 2
$twc plan --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --out "$B/plan" \
	--expected "$top/expected" 2>/dev/null || exit 2
$twc image --out "$B/initramfs.cpio" --init "$O/twc-init" --plan "$B/plan" --obj-dir "$O/obj-image" \
	--btf-dir "$top/btf" --add "veristat=$VERISTAT" || exit 2
echo "  BENCH    $kernel: the corpus with JOBS=${JOBS:-1}, then veristat on the same objects, in one boot"
load=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s.%N)
$twc run --quiet --kernel "$kpath" --initrd "$B/initramfs.cpio" --plan "$B/plan" \
	--out-dir "$B/run" --append twc.bench=1 --case-timeout 900 --jobs "${JOBS:-1}" \
	--snapshot "${SNAPSHOT:-on}" || exit 3
t1=$(date +%s.%N)
$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$B/plan" \
	--stream "$B/run/stream" --expected "$top/expected" --out-dir "$B" --goldens report \
	--quiet >"$B/judge.log" 2>&1
python3 "$top/harness/tabulate/bench.py" --stream "$B/run/stream" --results "$B/results.json" \
	--run-seconds "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" --kernel "$kernel" --jobs "${JOBS:-1}" \
	--machine "$(nproc) cores, load average $load before the run, $(cut -d' ' -f1 /proc/loadavg) after"
