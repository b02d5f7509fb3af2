#!/bin/sh
# test.sh: `make test`.  The harness's own unit tests (no VM, no root, under
# ASan/UBSan), then `make check` on the reference kernel (and the same
# corpus with one loader and with two, judged alike), then `make
# kernel-check` on the kernel built from the pinned source with kernel-config
# (built only when the cached build is missing or kernel-config changed) and
# the selftests' test module loaded in its guest (vm/tests/testmod.sh); the
# last line adds them up as "N passed, N failed, N skipped".  Exit 0 only if
# all passed.  The line before it names every step that failed, and a step
# that printed no totals line (it died, or was killed) is named as such and
# counted as one failure, so the tail of a CI log says what went wrong.
set -u
O=${1:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
. "$(dirname "$0")/steps.sh"

mk() { make --no-print-directory O="$O" "$@"; }

step unit mk unit
# make test's own accounting of its steps (steps.sh), on fake steps.
step tests/steps.sh harness/sh/tests/steps.sh
# The tree's shape: parts, no circle between them, file and function sizes;
# and the check itself on trees of its own.
step layout-check mk layout-check
step tests/layout-check.sh harness/sh/tests/layout-check.sh
# check.sh with a fake twc: failed, interrupted, incomplete runs; names.
step tests/check.sh harness/sh/tests/check.sh
# make check UPSTREAM=...'s words: stems, globs, paths, sets; bad words named.
step tests/upstream.sh harness/sh/tests/upstream.sh
# make upstream's patch of the corpus applies to the pinned selftests and
# compiles there; the exporter's unit tests (no VM).
step upstream-check mk upstream-check
# The CI workflow, linted; separate runs' results merge into one report.
step workflow-check mk workflow-check
# The kernel cache keyed on manifest lines, and bad manifest lines, offline.
step tests/fetch-cache.sh harness/sh/tests/fetch-cache.sh
# The channel driver's modules for a kernel that has it as a module (6.1).
step tests/modules.sh harness/sh/tests/modules.sh
# The kernel's config for the guest (__kconfig), found for each kind of kernel.
step tests/kconfig.sh harness/sh/tests/kconfig.sh
# A kernel's corpus and upstream verdict tables read as one, split back.
step tests/tables.sh harness/sh/tests/tables.sh
# The objects a CASES= selection compiles: one case, its object alone.
step tests/select-objs.sh harness/sh/tests/select-objs.sh
# make diff's driver on recorded results: exit status, no host tool needed.
step tests/diff.sh harness/sh/tests/diff.sh
# twc run's crash and hang recovery, against a fake QEMU.
mk "$O/twc" >/dev/null
step vm/tests/run-crash.sh harness/vm/tests/run-crash.sh "$O/twc"
# Snapshots: the saved guest restored after a crash, a restore that fails
# falling back to cold boots, against a fake QEMU that speaks QMP.
step vm/tests/run-snapshot.sh harness/vm/tests/run-snapshot.sh "$O/twc"

# The readers under libFuzzer (a bounded run; one passed or failed per
# target), and every generated case against its generator.
step fuzz mk fuzz
whole gen-check mk gen-check
# Every golden and verdict-table row names a case (no orphans left behind by
# a case renamed or removed: they are never judged, so nothing else fails).
whole orphans mk orphans
# Every rule id a case names is in the rule list, every reachable rule covered.
whole coverage mk coverage

# The tabulators (Markdown matrix, HTML report in headless Chromium, kernel
# diff, the docs generator, the gcov report) on recorded results, and the
# timer-usage docs against the corpus: current, and every claim a case result.
step report-test mk report-test
whole docs-check mk docs-check
unit_p=$up unit_f=$uf unit_s=$us

step check mk check
check_p=$((up - unit_p)) check_f=$((uf - unit_f)) check_s=$((us - unit_s))

# The objects make check compiled with vmlinux.h precompiled, against the
# same compiled without it: same code, symbols and BTF types.
step pch-check mk pch-check
# Each program of make upstream's patch (compiled by upstream-check above)
# is its case's own code (the case objects are make check's).
step upstream-same mk upstream-same
# A fault of the loader on the reference kernel: the case's ERROR, the run
# goes on in the same boot (uses make check's objects).
step vm/tests/run-fault.sh harness/vm/tests/run-fault.sh "$O"
# Two loaders judge as one: the whole corpus with JOBS=1 and with JOBS=2,
# every case's result the same but its times (uses make check's objects).
step vm/tests/jobs-same.sh harness/vm/tests/jobs-same.sh "$O"
# Boots restored from the saved guest judge as cold boots: the kernel made to
# panic on a case, with snapshots and without (uses make check's objects).
step vm/tests/snapshot-same.sh harness/vm/tests/snapshot-same.sh "$O"
# A loader whose first case is unprivileged: later cases still load with BTF.
step vm/tests/unpriv-first.sh harness/vm/tests/unpriv-first.sh "$O"
# make check UPSTREAM= on upstream-style files of our own: SEC("?...")
# programs, a __kconfig extern, a PROG_ARRAY of the map's definition.
step vm/tests/upstream-fixtures.sh harness/vm/tests/upstream-fixtures.sh "$O"
# make check UPSTREAM= with __stderr/__stdout: what the kernel wrote in a
# program's BPF streams, matched (two PASS, two FAIL on purpose).
step vm/tests/upstream-stream.sh harness/vm/tests/upstream-stream.sh "$O"
# make shell: a shell on the terminal in the reference kernel's guest.
step vm/tests/shell.sh harness/vm/tests/shell.sh "$O"
unit_p=$((up - check_p)) unit_f=$((uf - check_f)) unit_s=$((us - check_s))

# The corpus on the kernel built from source (the build is cached by key).
step kernel-check mk kernel-check
# bpf_testmod.ko, built beside that kernel, loaded in its guest: upstream
# programs that call the test module's kfuncs run instead of SKIPping.
step vm/tests/testmod.sh harness/vm/tests/testmod.sh "$O"
k_p=$((up - unit_p - check_p)) k_f=$((uf - unit_f - check_f)) k_s=$((us - unit_s - check_s))

echo "test: unit $unit_p passed, $unit_f failed; check $check_p passed, $check_f failed," \
	"$check_s skipped; kernel-check $k_p passed, $k_f failed, $k_s skipped"
echo "test: seconds per step:$step_seconds"
[ -z "$failed_steps" ] || echo "test: failed:$failed_steps"
echo "$up passed, $uf failed, $us skipped"
[ "$uf" -eq 0 ]
