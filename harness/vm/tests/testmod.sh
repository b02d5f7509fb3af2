#!/bin/sh
# testmod.sh: make check UPSTREAM=wq_failures on the kernel make
# kernel-check built from the pinned source (7.3-twc), whose programs call
# the selftests' test module's kfuncs: kernel.sh built bpf_testmod.ko beside
# that kernel, modules.sh packs it, the guest loads it before the first case
# and says so (FACT module:bpf_testmod 0, FACT bpf_testmod 1), and the
# programs are judged instead of SKIPping for want of bpf_testmod; nothing
# is an ERROR or a CRASH.
#   harness/vm/tests/testmod.sh O     (O: make check's build directory;
#                                      KERNEL: default 7.3-twc)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: testmod.sh O}
O=$(mkdir -p "$O" && cd "$O" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "kept: $d"
. "$(dirname "$0")/lib.sh"
kernel=${KERNEL:-7.3-twc}

t "$kernel has bpf_testmod.ko registered beside its bzImage" \
	"b=\$(\"$top/harness/sh/kernel.sh\" path $kernel) && [ -s \"\$(dirname \"\$b\")/modules/bpf_testmod.ko\" ]"
# The run's files go to $d (TWC_RESULTS), not over make check's in O.
(cd "$top" && TWC_RESULTS=$d make --no-print-directory O="$O" KERNEL="$kernel" QUIET=1 \
	CASES= UPSTREAM=wq_failures check) >"$d/check.out" 2>&1
t "make check packed bpf_testmod into the guest" \
	"grep -q 'MODULES  packed into the guest, loaded before the first case: bpf_testmod' $d/check.out"
t "the guest loaded it: FACT module:bpf_testmod 0" "grep -aqx 'FACT module:bpf_testmod 0' $d/run/stream"
t "... and the kernel shows its BTF: FACT bpf_testmod 1" "grep -aqx 'FACT bpf_testmod 1' $d/run/stream"
t "the programs ran: some judged, none SKIPs for want of bpf_testmod" \
	"grep -qE '^(not )?ok [0-9]+ upstream/wq_failures/' $d/results.ktap &&
	 ! grep -q 'requires bpf_testmod' $d/results.ktap $d/check.out"
t "no program SKIPs" "grep -qE '^[0-9]+ passed, [0-9]+ failed, 0 skipped' $d/check.out"
t "no CRASH, ERROR or loader fault" \
	"[ -f $d/run/stream ] && ! grep -qaE '^(CRASH|FAULT) ' $d/run/stream &&
	 ! grep -qE '^(CRASH|ERROR) ' $d/check.out && ! grep -q '# ERROR\\|# CRASH' $d/results.ktap"
[ $fail -eq 0 ] || sed 's/^/#   /' "$d/check.out" | tail -n 30
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
