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
# - up_btfpath.c: __btf_path("btf__up_btfpath.bpf.o"): the object built
#   from btf__up_btfpath.c beside it is packed into the guest and the
#   loader opens the file with it as btf_custom_path, so a CO-RE relocation
#   against a type only that BTF has resolves (__retval(1)); before, the
#   key was an ERROR (not implemented), and against the kernel's BTF the
#   field does not exist (0).
# - up_linear.c: __linear_size(20): the test run passes a struct
#   __sk_buff whose data_end is 20, so the skb's linear area is 20 bytes
#   (__retval(20)); before, an ERROR (not implemented); without the ctx, 64.
# - up_mapval.c: a row of map-values.tsv beside it (TWC_UPSTREAM_SETS
#   points there) is written into its map before the test run
#   (__retval(0x12345678)); before, the map held 0 and the run FAILed.
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
(cd "$top" && TWC_RESULTS=$d TWC_UPSTREAM_SETS=$top/harness/vm/tests/fixtures \
	make --no-print-directory O="$O" KERNEL="$kernel" JOBS=1 QUIET=1 CASES= \
	UPSTREAM="$(printf 'harness/vm/tests/fixtures/up_%s.c ' qmark kconfig tailcall btfpath linear \
		mapval)" check) >"$d/check.out" 2>&1
rc=$?
t "make check UPSTREAM='up_qmark.c ... up_mapval.c' completes (status 0)" "[ $rc -eq 0 ] && [ \"\$(cat $d/status 2>/dev/null)\" = 0 ]"
t "in one boot" "[ \"\$(guest_boots $d/run/stream)\" = 1 ]"
t "the ?fentry program under test loads and PASSes" "grep -qxE 'ok [0-9]+ upstream/up_qmark/qmark_fentry' $d/results.ktap 2>/dev/null"
t "the ?tc program with a map reference loads and PASSes" "grep -qxE 'ok [0-9]+ upstream/up_qmark/qmark_tc' $d/results.ktap 2>/dev/null"
t "the guest has the kernel's config (FACT kconfig 1)" "grep -qx 'FACT kconfig 1' $d/run/stream 2>/dev/null"
t "the __kconfig program loads and returns the config's value (PASS)" \
	"grep -qxE 'ok [0-9]+ upstream/up_kconfig/kconfig_bpf_syscall' $d/results.ktap 2>/dev/null"
t "a tail call through a slot of the map's definition reaches its program (PASS)" \
	"grep -qxE 'ok [0-9]+ upstream/up_tailcall/tail_call_slot_2' $d/results.ktap 2>/dev/null"
t "the plan opens up_btfpath with the BTF object of its __btf_path (BTFPATH)" \
	"grep -qx 'BTFPATH [0-9]* obj/upstream/btf/btf__up_btfpath.bpf.o' $d/plan 2>/dev/null"
t "a CO-RE relocation against a type only __btf_path's BTF has resolves (PASS)" \
	"grep -qxE 'ok [0-9]+ upstream/up_btfpath/btf_path_custom' $d/results.ktap 2>/dev/null"
t "the test run's skb has __linear_size's linear area (PASS)" \
	"grep -qxE 'ok [0-9]+ upstream/up_linear/linear_area' $d/results.ktap 2>/dev/null"
t "the table's map value is written before the test run (MAPVAL, PASS)" \
	"grep -qx 'MAPVAL [0-9]* twc_vals 00000000 7856341200000000' $d/plan 2>/dev/null && grep -qxE 'ok [0-9]+ upstream/up_mapval/map_value_set' $d/results.ktap 2>/dev/null"
t "no CRASH, ERROR or loader fault" \
	"[ -f $d/run/stream ] && ! grep -qE '^(CRASH|FAULT) ' $d/run/stream && ! grep -qE '^(CRASH|ERROR) ' $d/check.out && tail -n 1 $d/check.out | grep -q '^7 passed, 0 failed, 0 skipped'"
[ $fail -eq 0 ] || sed 's/^/#   /' "$d/check.out" | tail -n 30
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
