#!/bin/sh
# upstream-check.sh (make upstream-check, part of make test): the exporter's
# unit tests, then make upstream's patch of the whole corpus against the
# pinned tree: it applies to a scratch copy of tools/testing/selftests/bpf
# (git apply --check, then git apply), every progs/twc_*.c compiles with
# TWC_UPSTREAM_CFLAGS (make check UPSTREAM='s clang line), bpftool makes each a
# skeleton, and prog_tests/twc.c compiles against test_progs.h and those
# skeletons (-fsyntax-only: no test_progs is linked); a stub naming a
# skeleton that is not there must not compile.  Two runs write the same
# patch.
#
#   SELFTESTS=<pinned selftests/bpf> CLANG=clang-19 TWC_UPSTREAM_CFLAGS='...' \
#   BPFTOOL=<bpftool> LIBBPF_INC=<dir> harness/export/tests/upstream-check.sh DIR
#
# DIR is emptied and used as scratch.  Ends "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=${1:?usage: upstream-check.sh DIR}
# Absolute: the checks below run in the scratch tree (make test's O=build
# is relative to the top, where make runs).
d=$(mkdir -p "$d" && cd "$d" && pwd) || exit 2
: "${SELFTESTS:?}" "${CLANG:?}" "${TWC_UPSTREAM_CFLAGS:?}" "${BPFTOOL:?}" "${LIBBPF_INC:?}"
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
t() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

# The exporter's unit tests (Python, fixtures in harness/export/tests/).
python3 "$top/harness/export/tests/test_export.py" >"$d.unit" 2>&1 || :
cat "$d.unit"
set -- $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$d.unit" | tail -n 1 | tr -d ,)
passed=$((passed + ${1:-0})) failed=$((failed + ${3:-1}))
rm -f "$d.unit"

rm -rf "$d" && mkdir -p "$d/tree/tools/testing/selftests" "$d/obj" || exit 2
patch=$d/twc-selftests.patch
s0=$(date +%s)
(cd "$top" && python3 harness/export/upstream.py --out "$patch") >"$d/summary" 2>&1
t "make upstream writes the whole corpus as a patch" "[ -s '$patch' ]"
sed -n '1,/^programs:/p' "$d/summary"
(cd "$top" && python3 harness/export/upstream.py --out "$d/again.patch") >/dev/null 2>&1
t "a second run writes the same patch" "cmp -s '$patch' '$d/again.patch'"

cp -r "$SELFTESTS" "$d/tree/tools/testing/selftests/" || exit 2
st=$d/tree/tools/testing/selftests/bpf
# The scratch tree is no repository: git must not find one around it (make
# test's O=build is inside this checkout, where git apply would take the
# paths relative to the checkout's top and skip them all).
export GIT_CEILING_DIRECTORIES=$d
t "the patch applies to the pinned tree (git apply --check)" \
	"(cd '$d/tree' && git apply --check '$patch')"
t "and is applied" "(cd '$d/tree' && git apply '$patch')"

# Every progs file: compiled as make check UPSTREAM= compiles upstream's,
# then linked and made a skeleton as test_progs's Makefile does.
for src in "$st"/progs/twc_*.c; do
	[ -f "$src" ] || { fail "the patch adds progs/twc_*.c files"; break; }
	n=$(basename "$src" .c)
	if $CLANG $TWC_UPSTREAM_CFLAGS -c "$src" -o "$d/obj/$n.raw.o" 2>"$d/obj/$n.err" &&
		"$BPFTOOL" gen object "$d/obj/$n.bpf.o" "$d/obj/$n.raw.o" 2>>"$d/obj/$n.err" &&
		"$BPFTOOL" gen skeleton "$d/obj/$n.bpf.o" name "$n" >"$d/obj/$n.skel.h" 2>>"$d/obj/$n.err"
	then ok "progs/$n.c compiles in the pinned tree, and bpftool makes its skeleton"
	else fail "progs/$n.c compiles in the pinned tree, and bpftool makes its skeleton"; head -n 20 "$d/obj/$n.err"
	fi
	# Each case is one program of the object: the summary's count is the
	# skeleton's.
	want=$(sed -n "s|^  progs/$n\.c: \([0-9]*\) program.*|\1|p" "$d/summary")
	have=$(awk '/^\tstruct \{$/ { n = 0 } /^\t\tstruct bpf_program \*/ { n++ }
		/^\t\} progs;$/ { print n }' "$d/obj/$n.skel.h" 2>/dev/null)
	t "progs/$n.c has a program per case ($want)" "[ '$have' = '$want' ]"
done

# The RUN_TESTS stub, against test_progs.h and the skeletons.
src_root=$(cd "$SELFTESTS/../../../.." && pwd)
stub() {
	${CC:-gcc} -fsyntax-only -Wall -Werror -I"$st" -I"$d/obj" -I"$LIBBPF_INC" \
		-I"$src_root/tools/include" -I"$src_root/tools/include/uapi" "$1" 2>"$d/stub.err"
}
t "prog_tests/twc.c compiles against test_progs.h and the skeletons" "stub '$st/prog_tests/twc.c'"
[ -s "$d/stub.err" ] && head -n 20 "$d/stub.err"
sed 's/RUN_TESTS(twc_timer)/RUN_TESTS(twc_nope)/' "$st/prog_tests/twc.c" >"$d/bad-stub.c"
t "a stub with a RUN_TESTS of no skeleton does not (the check can fail)" "! stub '$d/bad-stub.c'"
echo "# upstream-check: $(($(date +%s) - s0)) s"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
