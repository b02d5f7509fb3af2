#!/bin/sh
# upstream.sh (make check UPSTREAM=...) on a selftests tree of its own:
# stems, globs and paths resolve to files, the list holds them and the test
# module's kfuncs, and every bad word stops the run with a sentence naming it.
#   harness/sh/tests/upstream.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
passed=0 failed=0
t() { if eval "$2"; then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }

st=$d/selftests
mkdir -p "$st/progs" "$st/test_kmods" "$d/other"
for f in timer_failure verifier_a verifier_b wq; do : > "$st/progs/$f.c"; done
: > "$d/other/mine.c"
: > "$d/other/wq.c"
printf 'BTF_ID_FLAGS(func, bpf_kfunc_call_test1)\nBTF_ID_FLAGS(func, bpf_kfunc_call_test2, KF_TRUSTED_ARGS)\n' \
	> "$st/test_kmods/bpf_testmod.c"
run() { out=$("$top/harness/sh/upstream.sh" list "$st" "$d/list" "$@" 2>&1); rc=$?; }

run timer_failure 'verifier_*' "$d/other/mine.c"
t "a stem, a glob and a path resolve to files" "[ $rc -eq 0 ] && [ \$(echo \"\$out\" | wc -l) -eq 4 ]"
t "each as stem=source for make" "echo \"\$out\" | grep -qx 'verifier_b=$st/progs/verifier_b.c' && echo \"\$out\" | grep -qx 'mine=$d/other/mine.c'"
t "the list names each file once" "[ \$(grep -c '^file ' $d/list) -eq 4 ] && grep -qx 'file timer_failure $st/progs/timer_failure.c' $d/list"
t "and the test module's kfuncs" "grep -qx 'testmod bpf_kfunc_call_test1' $d/list && grep -qx 'testmod bpf_kfunc_call_test2' $d/list"
touch -d '2001-01-01' "$d/list"
run timer_failure 'verifier_*' "$d/other/mine.c"
t "an unchanged list is not rewritten (its objects do not rebuild)" "[ \$(date -r $d/list +%Y) = 2001 ]"
run timer_failure timer_failure
t "a file named twice is one file" "[ $rc -eq 0 ] && [ \$(echo \"\$out\" | wc -l) -eq 1 ]"
run nope
t "a stem with no file stops the run, naming it" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q \"'nope' names no file\""
run 'zzz_*'
t "so does a glob that matches nothing" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q \"'zzz_\\*' names no file\""
run "$d/other/none.c"
t "and a path that is no file" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q 'is no file'"
run wq "$d/other/wq.c"
t "two files with one stem are refused (one id each)" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q \"two files are named 'wq'\""
: > "$d/other/b a.c"
run "$d/other/b a.c"
t "a name twc cannot carry is refused" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q 'a name twc cannot carry'"

mkdir -p "$d/sets"
printf '# the timer files\ntimer_failure  # one\nverifier_*\n' >"$d/sets/timers.list"
printf '@timers\n' >"$d/sets/loop.list"
run() { out=$(TWC_UPSTREAM_SETS=$d/sets "$top/harness/sh/upstream.sh" list "$st" "$d/list" "$@" 2>&1); rc=$?; }
run @timers wq
t "a set (@NAME) is the words of its list, comments left out" \
	"[ $rc -eq 0 ] && [ \"\$(echo \"\$out\" | cut -d= -f1 | tr '\n' ' ')\" = 'timer_failure verifier_a verifier_b wq ' ]"
run @nope
t "a set with no list stops the run, naming it and the sets there are" \
	"[ $rc -eq 2 ] && echo \"\$out\" | grep -q \"'@nope' names no set\" && echo \"\$out\" | grep -q '@loop @timers'"
run @loop
t "a set in a set is refused" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q \"'@timers': a set in a set\""

run @timers
t "a sets' folder without map-values.tsv: the list names no table" "! grep -q '^mapvals ' $d/list"
printf 'verifier_a m 4 4\n' >"$d/sets/map-values.tsv"
run @timers
t "with one, the list names it (mapvals)" "grep -qx 'mapvals $d/sets/map-values.tsv' $d/list"

printf 'SEC("tc")\n__btf_path("btf__x.bpf.o")\nint a(void *c);\n__btf_path("btf__x.bpf.o")\n__btf_path("btf__none.bpf.o") __btf_path("y.btf")\n' \
	>"$st/progs/verifier_a.c"
: > "$st/progs/btf__x.c"
run verifier_a
t "an object a __btf_path names is built from progs/<stem>.c beside the file, once" \
	"[ $rc -eq 0 ] && [ \$(echo \"\$out\" | grep -c '^btf/') -eq 1 ] && echo \"\$out\" | grep -qx 'btf/btf__x=$st/progs/btf__x.c'"
t "a name without a source beside the file is left to twc (no rule)" \
	"! echo \"\$out\" | grep -q 'btf__none\\|y.btf'"
t "and the list holds files only" "! grep -q 'btf__x' $d/list"

# prog_tests.tsv: expectations of programs of the run's files only
printf '# comment\ntimer_failure\tprog_a\tfailure\tprog_tests/x.c: ASSERT_ERR\nwq\tprog_b\tfailure\tprog_tests/y.c\n' \
	> "$d/sets/prog_tests.tsv"
run timer_failure
t "prog_tests.tsv rows of the run's files become expect lines" \
	"[ $rc -eq 0 ] && grep -qx 'expect timer_failure prog_a failure' $d/list && ! grep -q 'expect wq' $d/list"
printf 'timer_failure\tprog_a\tmaybe\tx\n' > "$d/sets/prog_tests.tsv"
run timer_failure
t "a bad prog_tests.tsv row stops the run, naming the file and line" \
	"[ $rc -eq 2 ] && echo \"\$out\" | grep -q 'prog_tests.tsv:1: want stem, program, success|failure'"
rm -f "$d/sets/prog_tests.tsv"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
