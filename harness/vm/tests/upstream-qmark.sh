#!/bin/sh
# upstream-qmark.sh: make check UPSTREAM= on a progs file whose programs are
# in SEC("?...") sections (autoload off until the loader sets it), on the
# reference kernel.  The loader sets autoload on the program under test and
# its auxiliaries, as test_loader does, so libbpf relocates them: a ?tc
# program's map reference used to reach the kernel unrelocated, and a
# ?fentry program made libbpf segfault in the loader (PID 1, read as a
# kernel panic).  The file is the project's own, upstream-style
# (fixtures/up_qmark.c); both programs are __success.
#   harness/vm/tests/upstream-qmark.sh O     (O: make check's build directory)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: upstream-qmark.sh O}
O=$(mkdir -p "$O" && cd "$O" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "kept: $d"
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
# The boots of a stream that reached the guest (BOOT <ns> <init_ns>, init_ns
# not 0): a boot the kernel died in before /init (under TCG with two vCPUs
# about one in nineteen: an 'Oops: int3' in sched_clock_cpu, retried by
# twc run) is no reboot of the run's.
guest_boots() { grep -a -c -E '^BOOT [0-9]+ [1-9][0-9]*$' "$1" 2>/dev/null; }

# The run's files go to $d (TWC_RESULTS), not over make check's in O.
kernel=$("$top/harness/sh/fetch.sh" reference) || exit 1
(cd "$top" && TWC_RESULTS=$d make --no-print-directory O="$O" KERNEL="$kernel" JOBS=1 QUIET=1 \
	CASES= UPSTREAM=harness/vm/tests/fixtures/up_qmark.c check) >"$d/check.out" 2>&1
rc=$?
t "make check UPSTREAM=up_qmark.c completes (status 0)" "[ $rc -eq 0 ] && [ \"\$(cat $d/status 2>/dev/null)\" = 0 ]"
t "in one boot" "[ \"\$(guest_boots $d/run/stream)\" = 1 ]"
t "the ?fentry program under test loads and PASSes" "grep -qx 'ok 1 upstream/up_qmark/qmark_fentry' $d/results.ktap 2>/dev/null"
t "the ?tc program with a map reference loads and PASSes" "grep -qx 'ok 2 upstream/up_qmark/qmark_tc' $d/results.ktap 2>/dev/null"
t "no CRASH, ERROR or loader fault" \
	"[ -f $d/run/stream ] && ! grep -qE '^(CRASH|FAULT) ' $d/run/stream && ! grep -qE '^(CRASH|ERROR) ' $d/check.out && tail -n 1 $d/check.out | grep -q '^2 passed, 0 failed, 0 skipped'"
[ $fail -eq 0 ] || sed 's/^/#   /' "$d/check.out" | tail -n 30
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
