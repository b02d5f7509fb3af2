#!/bin/sh
# make diff's driver (harness/sh/matrix.sh diff) on recorded results, no VM:
# its exit status says whether anything changed (it was always 0), and two
# results directories need no host tool and no objects.
#   harness/sh/tests/diff.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
fix=$top/harness/tabulate/tests/fixtures
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

# O is an empty directory: no twc, no objects
diff_of() { "$top/harness/sh/matrix.sh" diff "$d/o" "$@" >"$d/out" 2>&1; }

mkdir -p "$d/o" && cp -r "$fix/6.19-cloud" "$d/same"
diff_of "$fix/6.19-cloud" "$fix/7.0-cloud"; rc=$?
t "results that differ: exit 1" "[ $rc -eq 1 ]"
t "... and the changes are shown, with no host tool built" \
	"grep -q '^== verdict changes' $d/out && ! grep -q 'No such file' $d/out"
diff_of "$fix/6.19-cloud" "$d/same"; rc=$?
t "the same results in two places: exit 0" "[ $rc -eq 0 ]"
SECTIONS=bogus diff_of "$fix/6.19-cloud" "$fix/7.0-cloud"; rc=$?
t "an unknown section: exit 2, naming it" "[ $rc -eq 2 ] && grep -q \"unknown section 'bogus'\" $d/out"
diff_of "$fix/6.19-cloud" "$fix/6.19-cloud"; rc=$?
t "A and B the same: exit 2" "[ $rc -eq 2 ] && grep -q 'the same kernel' $d/out"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
