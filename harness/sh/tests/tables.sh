#!/bin/sh
# harness/sh/tables.sh: a kernel's corpus table and its upstream files'
# table read as one for a run with the upstream files beside the corpus,
# and a blessed table split back, keeping the rows of files the run left out.
#   harness/sh/tests/tables.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
tables=$top/harness/sh/tables.sh
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

hdr() { printf '# twc verdicts: written by make matrix-bless\n# kernel: %s\n' "$1"; }
row() { printf '%s\t%s\t%s\t%s\n' "$@"; }

hdr old >"$d/corpus.tsv"
row accept/a accept 0 - >>"$d/corpus.tsv"
row reject/b reject -EINVAL 'bad thing' >>"$d/corpus.tsv"
hdr old >"$d/up.tsv"
row upstream/ran/p1 accept 0 - >>"$d/up.tsv"
row upstream/ran/gone reject -EACCES 'was here' >>"$d/up.tsv"
row upstream/other/q reject -EINVAL 'not run' >>"$d/up.tsv"
cat >"$d/plan" <<EOF
TWC-PLAN 5
RUN abc
CASE 0 accept/a obj/accept/a.bpf.o a 0 0 - priv -
CASE 1 reject/b obj/reject/b.bpf.o b 0 0 - priv -
CASE 2 upstream/ran/p1 obj/upstream/ran.bpf.o p1 0 0 - priv -
CASE 3 upstream/ran/p2 obj/upstream/ran.bpf.o p2 0 0 - priv -
EOF

"$tables" combine "$d/corpus.tsv" "$d/up.tsv" "$d/plan" "$d/both.tsv"; rc=$?
t "combine: exit 0" "[ $rc = 0 ]"
t "... the corpus's rows, header and all" "head -n 4 $d/both.tsv | cmp -s - $d/corpus.tsv"
t "... the upstream rows of planned cases only" \
	"[ \"\$(tail -n +5 $d/both.tsv | cut -f1)\" = upstream/ran/p1 ]"

rm -f "$d/none.tsv"
"$tables" combine "$d/no-corpus.tsv" "$d/no-up.tsv" "$d/plan" "$d/none.tsv"; rc=$?
t "combine, neither table: exit 1, nothing written" "[ $rc = 1 ] && [ ! -e $d/none.tsv ]"
"$tables" combine "$d/no-corpus.tsv" "$d/no-up.tsv" "$d/no-plan" "$d/none.tsv"; rc=$?
t "combine, neither table, no plan (a kernel outside the manifest): exit 1" "[ $rc = 1 ]"
"$tables" combine "$d/corpus.tsv" "$d/no-up.tsv" "$d/plan" "$d/none.tsv" 2>"$d/err"; rc=$?
t "combine, no upstream table: exit 2, naming it and what writes it" \
	"[ $rc = 2 ] && grep -q 'no-up.tsv' $d/err && grep -q 'make matrix-bless' $d/err"
"$tables" combine "$d/no-corpus.tsv" "$d/up.tsv" "$d/plan" "$d/none.tsv" 2>"$d/err"; rc=$?
t "combine, no corpus table: exit 2, naming it" "[ $rc = 2 ] && grep -q 'no-corpus.tsv' $d/err"

# What twc judge --bless writes for the combined table: one header, rows
# sorted by id (a new case upstream/ran/p2, reject/b now accepted).
{
	hdr new
	row accept/a accept 0 -
	row reject/b accept 0 -
	row upstream/ran/p1 reject -EACCES 'now refused'
	row upstream/ran/p2 accept 0 -
} >"$d/blessed.tsv"
"$tables" split "$d/blessed.tsv" "$d/corpus.tsv" "$d/up.tsv" "$d/plan"; rc=$?
t "split: exit 0" "[ $rc = 0 ]"
t "... the corpus table: the new header and the corpus rows" \
	"[ \"\$(cat $d/corpus.tsv)\" = \"\$(hdr new; row accept/a accept 0 -; row reject/b accept 0 -)\" ]"
t "... the upstream table: the run's rows, a file it left out kept, a program gone dropped" \
	"[ \"\$(cat $d/up.tsv)\" = \"\$(hdr new; row upstream/other/q reject -EINVAL 'not run';
		row upstream/ran/p1 reject -EACCES 'now refused'; row upstream/ran/p2 accept 0 -)\" ]"
t "... sorted by id in byte order, as twc judge reads them" \
	"grep -v '^#' $d/up.tsv | cut -f1 | LC_ALL=C sort -c"

# The split tables combine again into what was blessed (the left-out file
# is not planned).
"$tables" combine "$d/corpus.tsv" "$d/up.tsv" "$d/plan" "$d/again.tsv"
t "split then combine: the blessed table again" "cmp -s $d/again.tsv $d/blessed.tsv"

# A corpus without upstream files in the plan: the upstream table is kept whole.
grep -v upstream "$d/plan" >"$d/plan-corpus"
cp "$d/up.tsv" "$d/up-before.tsv"
{ hdr new; row accept/a accept 0 -; row reject/b accept 0 -; } >"$d/blessed2.tsv"
"$tables" split "$d/blessed2.tsv" "$d/corpus.tsv" "$d/up.tsv" "$d/plan-corpus"
t "split, no upstream case ran: every upstream row kept" \
	"[ \"\$(grep -v '^#' $d/up.tsv)\" = \"\$(grep -v '^#' $d/up-before.tsv)\" ]"

"$tables" split "$d/missing.tsv" "$d/corpus.tsv" "$d/up.tsv" "$d/plan" 2>"$d/err"; rc=$?
t "split of no table: exit 2, naming it, the tables untouched" \
	"[ $rc = 2 ] && grep -q missing.tsv $d/err && cmp -s $d/up.tsv $d/up-before.tsv"
"$tables" frob 2>"$d/err"; rc=$?
t "an unknown command: exit 2 with the usage" "[ $rc = 2 ] && grep -q usage $d/err"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
