#!/bin/sh
# test.sh: `make test`.  The harness's own unit tests (no VM, no root, under
# ASan/UBSan), then `make check` on the reference kernel (and the same
# corpus with one loader and with two, judged alike), then `make
# kernel-check` on the kernel built from the pinned source with kernel-config
# (built only when the cached build is missing or kernel-config changed); the
# last line adds them up as "N passed, N failed, N skipped".  Exit 0 only if
# all passed.
set -u
O=${1:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

counts() {	# the last "N passed, N failed[, N skipped]" line of $log
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 |
		awk -F'[ ,]+' '{ print $1, $3, ($5 == "" ? 0 : $5) }'
}

make --no-print-directory O="$O" unit 2>&1 | tee "$log"
set -- $(counts) ; up=${1:-0} uf=${2:-1} us=${3:-0}
[ -n "$(counts)" ] || echo "test: the unit tests printed no totals line" >&2

# The tree's shape: parts, no circle between them, file and function sizes;
# and the check itself on trees of its own.
make --no-print-directory O="$O" layout-check 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
harness/sh/tests/layout-check.sh 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# check.sh with a fake twc: failed, interrupted, incomplete runs; names.
harness/sh/tests/check.sh 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# make check UPSTREAM=...'s words: stems, globs, paths; bad words named.
harness/sh/tests/upstream.sh 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# make upstream's patch of the corpus applies to the pinned selftests and
# compiles there; the exporter's unit tests (no VM).
make --no-print-directory O="$O" upstream-check 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# The CI workflow, linted; separate runs' results merge into one report.
make --no-print-directory O="$O" workflow-check 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# The kernel cache keyed on manifest lines, and bad manifest lines, offline.
harness/sh/tests/fetch-cache.sh 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))

# The channel driver's modules for a kernel that has it as a module (6.1).
harness/sh/tests/modules.sh 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))

# make diff's driver on recorded results: exit status, no host tool needed.
harness/sh/tests/diff.sh 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))

# twc run's crash and hang recovery, against a fake QEMU.
make --no-print-directory O="$O" "$O/twc" >/dev/null && harness/vm/tests/run-crash.sh "$O/twc" 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))

# The readers under libFuzzer (a bounded run; one passed or failed per
# target), and every generated case against its generator.
make --no-print-directory O="$O" fuzz 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
if make --no-print-directory O="$O" gen-check; then up=$((up + 1)); else uf=$((uf + 1)); fi
# Every golden and verdict-table row names a case (no orphans left behind by
# a case renamed or removed: they are never judged, so nothing else fails).
if make --no-print-directory O="$O" orphans; then up=$((up + 1)); else uf=$((uf + 1)); fi
# Every rule id a case names is in the rule list, every reachable rule covered.
if make --no-print-directory O="$O" coverage >"$log" 2>&1; then up=$((up + 1))
else cat "$log"; uf=$((uf + 1)); fi

# The tabulators (Markdown matrix, HTML report in headless Chromium, kernel
# diff, the docs generator, the gcov report) on recorded results, and the
# timer-usage docs against the corpus: current, and every claim a case result.
make --no-print-directory O="$O" report-test 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1})) us=$((us + ${3:-0}))
if make --no-print-directory O="$O" docs-check; then up=$((up + 1)); else uf=$((uf + 1)); fi

make --no-print-directory O="$O" check 2>&1 | tee "$log"
set -- $(counts) ; cp=${1:-0} cf=${2:-1} cs=${3:-0}
[ -n "$(counts)" ] || echo "test: make check printed no totals line" >&2

# Each program of make upstream's patch (compiled by upstream-check above)
# is its case's own code (the case objects are make check's).
make --no-print-directory O="$O" upstream-same 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# A fault of the loader on the reference kernel: the case's ERROR, the run
# goes on in the same boot (uses make check's objects).
harness/vm/tests/run-fault.sh "$O" 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# Two loaders judge as one: the whole corpus with JOBS=1 and with JOBS=2,
# every case's result the same but its times (uses make check's objects).
harness/vm/tests/jobs-same.sh "$O" 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# A loader whose first case is unprivileged: later cases still load with BTF.
harness/vm/tests/unpriv-first.sh "$O" 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# make check UPSTREAM= on SEC("?...") programs: set to autoload, relocated.
harness/vm/tests/upstream-qmark.sh "$O" 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))
# make shell: a shell on the terminal in the reference kernel's guest.
harness/vm/tests/shell.sh "$O" 2>&1 | tee "$log"
set -- $(counts) ; up=$((up + ${1:-0})) uf=$((uf + ${2:-1}))

# The corpus on the kernel built from source (the build is cached by key).
make --no-print-directory O="$O" kernel-check 2>&1 | tee "$log"
set -- $(counts) ; kp=${1:-0} kf=${2:-1} ks=${3:-0}
[ -n "$(counts)" ] || echo "test: make kernel-check printed no totals line" >&2

echo "test: unit $up passed, $uf failed; check $cp passed, $cf failed, $cs skipped;" \
	"kernel-check $kp passed, $kf failed, $ks skipped"
echo "$((up + cp + kp)) passed, $((uf + cf + kf)) failed, $((us + cs + ks)) skipped"
[ $((uf + cf + kf)) -eq 0 ]
