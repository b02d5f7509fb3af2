#!/bin/sh
# workflow.sh: the CI workflow (.github/workflows/*.yml) is valid for GitHub
# Actions, as a workflow linter from npm says (@action-validator/cli, pinned,
# installed into the cache); the linter fails a broken copy; and results of
# separate one-kernel runs, laid out as the workflow's download step leaves
# them, merge into one report.
#   harness/sh/tests/workflow.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
lint=$cache/npm/action-validator-0.6.0
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

if [ ! -x "$lint/node_modules/.bin/action-validator" ]; then
	mkdir -p "$lint" && npm install --prefix "$lint" --no-audit --no-fund --silent \
		@action-validator/cli@0.6.0 >"$d/npm.log" 2>&1 || cat "$d/npm.log" >&2
fi
v=$lint/node_modules/.bin/action-validator
for w in "$top"/.github/workflows/*.yml; do
	t "$(basename "$w") is a valid workflow" "'$v' '$w' >'$d/lint.out' 2>&1 || { cat '$d/lint.out'; false; }"
done
sed 's/^    runs-on:/    run-on:/' "$top/.github/workflows/matrix.yml" >"$d/broken.yml"
t "the linter fails a broken workflow" "! '$v' '$d/broken.yml' >/dev/null 2>&1"

# The kernels' jobs' artifacts, merged and rendered as the report job does.
for k in 6.19-cloud 7.0-cloud 7.3-cloud 7.3-rt; do
	mkdir -p "$d/artifacts/results-$k"
	cp "$top/harness/tabulate/tests/fixtures/$k/"* "$d/artifacts/results-$k/"
done
mkdir -p "$d/artifacts/results-6.1-cloud"	# a job that failed before judging
"$top/harness/sh/merge-results.sh" "$d/artifacts" "$d/o" >"$d/merge.out" 2>&1
t "separate runs merge into one build directory" "[ \$(ls $d/o/matrix | wc -l) -eq 4 ]"
t "a job without results is named, not fatal" "grep -q 'results-6.1-cloud: no results.json' $d/merge.out"
python3 "$top/harness/tabulate/tabulate.py" matrix --reference 7.3-cloud --markdown "$d/m.md" \
	--html "$d/r.html" "$d/o/matrix/6.19-cloud" "$d/o/matrix/7.0-cloud" "$d/o/matrix/7.3-cloud" \
	"$d/o/matrix/7.3-rt" >/dev/null 2>&1
t "one report holds every kernel" "grep -q '6.19-cloud' $d/m.md && grep -q '7.3-rt' $d/m.md && grep -q '7.0-cloud' $d/r.html"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
