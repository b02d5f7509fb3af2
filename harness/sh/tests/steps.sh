#!/bin/sh
# steps.sh (make test's accounting) on fake steps: totals added up, skips
# too; a step that failed named with its count; a step that died before its
# totals line (killed by SIGPIPE, as vm/tests/shell.sh was when make shell
# had gone) named and counted as one failure, not lost; a whole step by its
# exit status.
#   harness/sh/tests/steps.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "kept: $d"
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

# The steps in a shell of their own: steps.sh sets up, uf, us, failed_steps.
cat >"$d/run" <<EOS
log=$d/log
. "$top/harness/sh/steps.sh"
step good sh -c 'echo "ok - a"; echo "3 passed, 0 failed"'
step skips sh -c 'echo "2 passed, 0 failed, 4 skipped"'
step bad sh -c 'echo "5 passed, 2 failed"'
step died sh -c 'echo "ok - a"; kill -PIPE \$\$; echo "1 passed, 0 failed"'
whole fine true
whole broken false
echo "TOTALS \$up \$uf \$us"
echo "FAILED\$failed_steps"
echo "SECONDS\$step_seconds"
EOS
sh "$d/run" >"$d/out" 2>"$d/err"
t "passes, failures and skips of the steps add up (a dead step: one failure)" \
	"grep -qx 'TOTALS 11 4 4' $d/out"
t "each failed step is named with its count, a whole step by name" \
	"grep -qx 'FAILED bad(2) died(1) broken' $d/out"
t "a step that printed no totals line is said so" \
	"grep -qx 'test: died printed no totals line: counted as one failure' $d/err"
t "each step's wall time, in order" \
	"grep -Eqx 'SECONDS good=[0-9]+s skips=[0-9]+s bad=[0-9]+s died=[0-9]+s fine=[0-9]+s broken=[0-9]+s' $d/out"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
