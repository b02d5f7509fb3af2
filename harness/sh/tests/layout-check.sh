#!/bin/sh
# The layout check on small trees of its own: a clean one passes, and each
# kind of fault it exists for fails it with a sentence that names the fault.
#   harness/sh/tests/layout-check.sh     ends "N passed, N failed"
set -u
check=$(cd "$(dirname "$0")/.." && pwd)/layout-check.sh
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
passed=0 failed=0

# A tree of two parts: a includes b, and nothing else.
tree() {
	rm -rf "$t/h" && mkdir -p "$t/h/a" "$t/h/b"
	printf '# a/: the upper part\nDepends on b/.\n' >"$t/h/a/README.md"
	printf '# b/: the lower part\nDepends on no other part.\n' >"$t/h/b/README.md"
	printf '#include "b/y.h"\nint x(void)\n{\n\treturn y();\n}\n' >"$t/h/a/x.c"
	printf 'int y(void);\n' >"$t/h/b/y.h"
	printf '#include "b/y.h"\nint y(void)\n{\n\treturn 0;\n}\n' >"$t/h/b/y.c"
}

# expect <pass|fail> <what> [output that must appear]
expect() {
	out=$(TWC_HARNESS=$t/h "$check" 2>&1); rc=$?
	want=$1 what=$2 text=${3:-}
	if { [ "$want" = pass ] && [ $rc -eq 0 ]; } || { [ "$want" = fail ] && [ $rc -ne 0 ]; } &&
	   { [ -z "$text" ] || printf '%s\n' "$out" | grep -qF -- "$text"; }; then
		passed=$((passed + 1)); echo "ok - $what"
	else
		failed=$((failed + 1)); echo "not ok - $what"; printf '%s\n' "$out" | sed 's/^/#   /'
	fi
}

tree
expect pass "a tree whose parts depend one way passes" "# includes: a -> b"

tree
printf '#include "a/x.h"\n' >>"$t/h/b/y.c"
expect fail "an include circle between two parts fails and is named" "includes form a circle"

tree
rm "$t/h/b/README.md"
expect fail "a part without a README fails" "harness/b has no README.md"

tree
printf '# a/: the upper part\nDepends on nothing.\n' >"$t/h/a/README.md"
expect fail "a README that leaves out a dependency fails" \
	"harness/a/README.md says it depends on '', its includes on 'b'"

tree
printf '# b/: the lower part\nDepends on a/ and\nc/; more.\n' >"$t/h/b/README.md"
expect fail "a README that names a dependency the includes lack fails" \
	"harness/b/README.md says it depends on 'a c', its includes on ''"

tree
printf '# b/: the lower part\n' >"$t/h/b/README.md"
expect fail "a README without its dependencies fails" "harness/b/README.md does not say"

tree
awk 'BEGIN { for (i = 0; i < 1001; i++) print "/* line */" }' >"$t/h/b/big.c"
expect fail "a C file over 1,000 lines fails" "b/big.c (1001 lines)"

tree
{ echo "int f(void)"; echo "{"; awk 'BEGIN { for (i = 0; i < 50; i++) print "\t;" }'; echo "}"; } >"$t/h/b/long.c"
expect fail "a function over 50 lines fails" "b/long.c:1 (52 lines)"

tree
mkdir -p "$t/h/b/tests" && printf '#include "a/x.h"\n' >"$t/h/b/tests/test_y.c"
expect pass "tests may include any part (nothing includes them)"

# The call check reads an object directory given relative to where it runs
# (make layout-check passes $(O)/host): b calls a function of a, though
# its includes are clean.
tree
printf 'int x(void);\nint z(void)\n{\n\treturn x();\n}\n' >"$t/h/b/z.c"
mkdir -p "$t/o/a" "$t/o/b"
for f in a/x b/y b/z; do cc -c -I"$t/h" "$t/h/$f.c" -o "$t/o/$f.o"; done
out=$(cd "$t" && TWC_HARNESS=$t/h "$check" o 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -qF "calls form a circle"; then
	passed=$((passed + 1)); echo "ok - a call circle is found in a relative object directory"
else
	failed=$((failed + 1)); echo "not ok - a call circle is found in a relative object directory"
	printf '%s\n' "$out" | sed 's/^/#   /'
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
