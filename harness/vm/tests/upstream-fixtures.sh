#!/bin/sh
# upstream-fixtures.sh: make check UPSTREAM= on the reference kernel, on
# upstream-style progs files of the project's own (fixtures/), one boot:
# - up_qmark.c: programs in SEC("?...") sections (autoload off until the
#   loader sets it).  The loader sets autoload on the program under test and
#   its auxiliaries, as test_loader does, so libbpf relocates them: a ?tc
#   program's map reference used to reach the kernel unrelocated, and a
#   ?fentry program made libbpf segfault in the loader (PID 1, read as a
#   kernel panic).  Both programs are __success.
# - up_kconfig.c: a __kconfig extern; the guest has the kernel's config
#   (harness/sh/kconfig.sh), so libbpf resolves it and the program returns
#   CONFIG_BPF_SYSCALL's value (__retval(1)); without a config it SKIPped.
# - up_tailcall.c: a PROG_ARRAY slot named in the map's definition
#   (.values), filled by the loader before the test run as libbpf's
#   bpf_object__load() would (guest/progarray.c): the tail call returns 42;
#   left empty it fell through to 1.
#   harness/vm/tests/upstream-fixtures.sh O     (O: make check's build directory)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: upstream-fixtures.sh O}
O=$(mkdir -p "$O" && cd "$O" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "kept: $d"
. "$(dirname "$0")/lib.sh"

# The run's files go to $d (TWC_RESULTS), not over make check's in O.
kernel=$("$top/harness/sh/fetch.sh" reference) || exit 1
(cd "$top" && TWC_RESULTS=$d make --no-print-directory O="$O" KERNEL="$kernel" JOBS=1 QUIET=1 \
	CASES= UPSTREAM="$(printf 'harness/vm/tests/fixtures/up_%s.c ' qmark kconfig tailcall)" \
	check) >"$d/check.out" 2>&1
rc=$?
t "make check UPSTREAM='up_qmark.c up_kconfig.c up_tailcall.c' completes (status 0)" "[ $rc -eq 0 ] && [ \"\$(cat $d/status 2>/dev/null)\" = 0 ]"
t "in one boot" "[ \"\$(guest_boots $d/run/stream)\" = 1 ]"
t "the ?fentry program under test loads and PASSes" "grep -qxE 'ok [0-9]+ upstream/up_qmark/qmark_fentry' $d/results.ktap 2>/dev/null"
t "the ?tc program with a map reference loads and PASSes" "grep -qxE 'ok [0-9]+ upstream/up_qmark/qmark_tc' $d/results.ktap 2>/dev/null"
t "the guest has the kernel's config (FACT kconfig 1)" "grep -qx 'FACT kconfig 1' $d/run/stream 2>/dev/null"
t "the __kconfig program loads and returns the config's value (PASS)" \
	"grep -qxE 'ok [0-9]+ upstream/up_kconfig/kconfig_bpf_syscall' $d/results.ktap 2>/dev/null"
t "a tail call through a slot of the map's definition reaches its program (PASS)" \
	"grep -qxE 'ok [0-9]+ upstream/up_tailcall/tail_call_slot_2' $d/results.ktap 2>/dev/null"
t "no CRASH, ERROR or loader fault" \
	"[ -f $d/run/stream ] && ! grep -qE '^(CRASH|FAULT) ' $d/run/stream && ! grep -qE '^(CRASH|ERROR) ' $d/check.out && tail -n 1 $d/check.out | grep -q '^4 passed, 0 failed, 0 skipped'"
[ $fail -eq 0 ] || sed 's/^/#   /' "$d/check.out" | tail -n 30
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
