#!/bin/sh
# merge-results.sh: results of separate make matrix runs (one kernel each,
# e.g. the artifacts of the CI workflow's jobs) into one build directory,
# for make report.
#
#   harness/sh/merge-results.sh DIR O
#
# DIR holds one directory per kernel, named results-<kernel> (as
# actions/download-artifact writes them) or <kernel>, each with the
# kernel's results.json; they become O/matrix/<kernel>/.  Exit 0 when at
# least one kernel was merged, 2 otherwise (naming what was wrong).
set -u
src=${1:?usage: merge-results.sh DIR O} O=${2:?usage: merge-results.sh DIR O}
n=0
for d in "$src"/*/; do
	d=${d%/}
	name=$(basename "$d")
	name=${name#results-}
	if [ ! -f "$d/results.json" ]; then
		echo "merge-results: $d: no results.json (that kernel's job failed before judging)" >&2
		continue
	fi
	mkdir -p "$O/matrix" && rm -rf "$O/matrix/$name" && cp -R "$d" "$O/matrix/$name" || exit 2
	echo "merge-results: $name"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "merge-results: no kernel's results under $src" >&2; exit 2; }
