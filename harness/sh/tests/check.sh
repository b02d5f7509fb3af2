#!/bin/sh
# check.sh's handling of what it runs, with a fake `twc` that records its
# subcommands: a failed or interrupted run is never judged, an earlier run's
# files are never taken for this one's, KERNEL= must name a kernel or a file,
# UPSTREAM= runs the upstream list instead of the corpus, the corpus's
# upstream files (TWC_UPSTREAM_CORPUS) run beside it,
# and a case file whose name is shell is refused before any recipe runs.
#   harness/sh/tests/check.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
passed=0 failed=0
t() { if eval "$2"; then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }

# The fake twc: logs "<subcommand>" and exits with $RUN_RC for run.
mkdir -p "$d/o" && cat > "$d/o/twc" <<'FAKE'
#!/bin/sh
echo "$1" >> "$LOG"
echo "$*" >> "$LOG.args"
[ "$1" = run ] && exit "${RUN_RC:-0}"
[ "$1" = judge ] && exit 0
exit 0
FAKE
chmod +x "$d/o/twc"
head -c 514 /dev/zero > "$d/kernel" && printf HdrS >> "$d/kernel"

# check RUN_RC: runs check.sh with the fake twc; sets rc and out.
check() {
	: > "$d/log"
	out=$(LOG=$d/log RUN_RC=$1 TWC_O=$d/o TWC_KERNEL=$d/kernel TWC_REFERENCE_RELEASE=7.3 \
		"$top/harness/sh/check.sh" check 2>&1); rc=$?
}

mkdir -p "$d/o/run" && echo "stale" > "$d/o/run/stream"
check 2
t "a run that fails (twc run exit 2: a bad option) is not judged" "[ $rc -eq 2 ] && ! grep -q judge $d/log"
t "and says so" "echo \"\$out\" | grep -q 'twc run failed (exit 2); nothing judged'"
t "the status is kept for CI (make turns it into 2)" "[ \"\$(cat $d/o/status)\" = 2 ]"
t "an earlier run's stream is gone before the run" "[ ! -e $d/o/run/stream ]"
check 130
t "an interrupted run is not judged (130)" "[ $rc -eq 130 ] && ! grep -q judge $d/log && [ \"\$(cat $d/o/status)\" = 130 ]"
check 3
t "a run the VM could not complete is judged, and is an infrastructure failure (3)" \
	"[ $rc -eq 3 ] && grep -q judge $d/log && echo \"\$out\" | grep -q 'infrastructure failure' && [ \"\$(cat $d/o/status)\" = 3 ]"
check 0
t "a completed run is judged, with the judge's status" "[ $rc -eq 0 ] && grep -q judge $d/log"
# make check UPSTREAM=...: the upstream list instead of the corpus.
: > "$d/log.args"
out=$(LOG=$d/log TWC_O=$d/o TWC_KERNEL=$d/kernel TWC_REFERENCE_RELEASE=7.3 TWC_UPSTREAM=$d/list \
	"$top/harness/sh/check.sh" check 2>&1); rc=$?
t "UPSTREAM=: plan and judge read the upstream list, not cases/ or btf/" \
	"[ \$(grep -c -- '--upstream $d/list' $d/log.args) -eq 2 ] && ! grep -q -- '--cases' $d/log.args"
: > "$d/log.args"
out=$(LOG=$d/log TWC_O=$d/o TWC_KERNEL=$d/kernel TWC_REFERENCE_RELEASE=7.3 TWC_UPSTREAM=$d/list \
	"$top/harness/sh/check.sh" bless 2>&1); rc=$?
t "make bless UPSTREAM= blesses the upstream files' goldens" \
	"[ $rc -eq 0 ] && grep -q -- '--upstream $d/list.* --bless' $d/log.args"
# The corpus's upstream files (make's CORPUS_UPSTREAM) run beside it.
: > "$d/log.args"
: > "$d/corpus-list"
out=$(LOG=$d/log TWC_O=$d/o TWC_KERNEL=$d/kernel TWC_REFERENCE_RELEASE=7.3 \
	TWC_UPSTREAM_CORPUS=$d/corpus-list "$top/harness/sh/check.sh" check 2>&1); rc=$?
t "TWC_UPSTREAM_CORPUS: plan and judge read cases/, btf/ and the corpus's upstream list" \
	"[ \$(grep -c -- '--cases .* --upstream $d/corpus-list' $d/log.args) -eq 2 ]"
: > "$d/log.args"
out=$(LOG=$d/log TWC_O=$d/o TWC_KERNEL=$d/kernel TWC_REFERENCE_RELEASE=7.3 TWC_UPSTREAM=$d/list \
	TWC_UPSTREAM_CORPUS=$d/corpus-list "$top/harness/sh/check.sh" check 2>&1); rc=$?
t "but not with UPSTREAM=, which runs its files alone" \
	"! grep -q -- 'corpus-list' $d/log.args && ! grep -q -- '--cases' $d/log.args"
out=$(LOG=$d/log TWC_O=$d/o TWC_KERNEL=$d/kernel TWC_REFERENCE_RELEASE=7.3 \
	TWC_UPSTREAM_CORPUS=$d/none "$top/harness/sh/check.sh" check 2>&1); rc=$?
t "a corpus upstream list that is not there is a usage error naming it" \
	"[ $rc -eq 2 ] && echo \"\$out\" | grep -q \"no list '$d/none'\""
out=$(TWC_O=$d/o TWC_KERNEL= "$top/harness/sh/check.sh" check 2>&1); rc=$?
t "KERNEL= (empty) is a usage error naming KERNEL" "[ $rc -eq 2 ] && echo \"\$out\" | grep -q 'KERNEL is empty'"
# A name in no manifest line, of no make kernel build, and no file: refused
# before anything runs, with the names there are (an empty cache: none built).
: > "$d/log"
out=$(cd "$d" && LOG=$d/log TWC_O=$d/o TWC_KERNEL=8.1 TWC_CACHE=$d/cache \
	TWC_REFERENCE_RELEASE=7.3 "$top/harness/sh/check.sh" check 2>&1); rc=$?
t "KERNEL=8.1 (no kernel of that name, no file) is a usage error (2), nothing run" \
	"[ $rc -eq 2 ] && [ ! -s $d/log ]"
t "and leaves status 2 for CI, not the earlier run's 0" "[ \"\$(cat $d/o/status)\" = 2 ]"
t "and says what KERNEL= may name" "echo \"\$out\" | grep -q 'KERNEL=8.1 is neither a kernel in harness/kernels/kernels.list (7.3-cloud .*), nor one built by make kernel (), nor a bzImage file'"

# A case file named like shell: make refuses the tree before any recipe.
mkdir -p "$d/tree/cases/reject" && cp "$top/Makefile" "$d/tree/"
: > "$d/tree/cases/reject/zz-\$(touch PWNED).bpf.c"
: > "$d/tree/cases/reject/with space.bpf.c"
out=$(cd "$d/tree" && make help 2>&1); rc=$?
t "a case file named like shell is refused by make, naming it" "[ $rc -ne 0 ] && echo \"\$out\" | grep -qF 'zz-\$(touch PWNED).bpf.c'"
t "and its name never ran" "[ ! -e $d/tree/PWNED ] && [ ! -e PWNED ]"
t "a name with a space is refused too" "echo \"\$out\" | grep -qF 'with space.bpf.c'"

# Which make check runs build and run the corpus's upstream files (what
# make corpus-upstream-list says): not for CASES= that selects none of them.
up_on() { (cd "$top" && make --no-print-directory corpus-upstream-list O="$d/mk" "$@" 2>/dev/null |
	grep -c '/upstream/corpus-list$'); }
t "make check runs the corpus's upstream files beside it" "[ \"\$(up_on)\" = 1 ]"
t "so does CASES= of exclusions only (make kernel-check's)" "[ \"\$(up_on CASES='!reject/x')\" = 1 ]"
t "and CASES=upstream/..." "[ \"\$(up_on CASES='upstream/timer/*')\" = 1 ]"
t "not CASES= of twc's cases (only their objects are built)" "[ \"\$(up_on CASES=accept/x)\" = 0 ]"
t "nor UPSTREAM=, nor CORPUS_UPSTREAM= (empty)" \
	"[ \"\$(up_on UPSTREAM=timer_failure)\" = 0 ] && [ \"\$(up_on CORPUS_UPSTREAM=)\" = 0 ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
