#!/bin/sh
# upstream-stream.sh: make check UPSTREAM= on a progs file with __stderr and
# __stdout (fixtures/up_bpf_stream.c), on the reference kernel, which has BPF
# streams: the guest reads a program's streams after its test run and the
# judge matches what the kernel wrote.  Two programs write what their lines
# expect (PASS), two do not (FAIL: a line missing, an empty stream), so the
# stage is seen to fail on a real kernel too.
#   harness/vm/tests/upstream-stream.sh O     (O: make check's build directory)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: upstream-stream.sh O}
O=$(mkdir -p "$O" && cd "$O" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "kept: $d"
. "$(dirname "$0")/lib.sh"

# The run's files go to $d (TWC_RESULTS), not over make check's in O.
kernel=$("$top/harness/sh/fetch.sh" reference) || exit 1
(cd "$top" && TWC_RESULTS=$d make --no-print-directory O="$O" KERNEL="$kernel" QUIET=1 \
	CASES= UPSTREAM=harness/vm/tests/fixtures/up_bpf_stream.c check) >"$d/check.out" 2>&1
t "make check UPSTREAM=up_bpf_stream.c judges two FAILs (status 1)" \
	"[ \"\$(cat $d/status 2>/dev/null)\" = 1 ] && grep -q '^2 passed, 2 failed, 0 skipped$' $d/check.out"
t "the guest probed BPF streams: -EBADF" "grep -aqx 'FACT bpf_stream_probe -EBADF' $d/run/stream"
t "a stack dump on stderr PASSes" "grep -qE '^ok [0-9]+ upstream/up_bpf_stream/stream_stack$' $d/results.ktap"
t "a line on stdout PASSes" "grep -qE '^ok [0-9]+ upstream/up_bpf_stream/stream_stdout$' $d/results.ktap"
t "a line the kernel did not write FAILs, naming it" \
	"grep -q \"__stderr: expected line not found after the previous __stderr: 'a line no stack dump has'\" $d/check.out"
t "an empty stdout FAILs" "grep -q 'the BPF stdout stream is empty, __stdout expects' $d/check.out"
t "no CRASH, ERROR or loader fault" \
	"[ -f $d/run/stream ] && ! grep -qaE '^(CRASH|FAULT) ' $d/run/stream && ! grep -qE '^(CRASH|ERROR) ' $d/check.out"
[ $fail -eq 0 ] || sed 's/^/#   /' "$d/check.out" | tail -n 30
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
