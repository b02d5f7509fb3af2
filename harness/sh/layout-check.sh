#!/bin/sh
# layout-check.sh: the tree keeps the shape harness/README.md describes.
#
#   harness/sh/layout-check.sh [OBJ_DIR]
#
# - every part (a folder of harness/) has a README.md that says what it is;
# - the parts' includes form no circle: a C file of part A that includes
#   "B/x.h" makes A depend on B, and no two parts may depend on each other,
#   directly or through others (tests/ folders are leaves and do not count);
# - with OBJ_DIR (the host tool's objects, $(O)/host), the same for what
#   the objects call: a function of part B called from part A is A -> B,
#   so a callback into a higher part shows even with the right includes;
# - a part with C files says in its README what it depends on ("Depends
#   on b/ and c/." or "Depends on no other part"), and that is what its
#   includes say;
# - no C file is over 1,000 lines and no function over 50.
# Prints the graph of parts, one "A -> B C" line each, and a last line
# "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
objdir=${1:-}
# OBJ_DIR as given (make passes O=build's build/host): before the cd below,
# or a relative one is not found and the call check passes on no objects.
if [ -n "$objdir" ]; then objdir=$(cd "$objdir" && pwd) || exit 2; fi
cd "${TWC_HARNESS:-$top/harness}" || exit 2	# TWC_HARNESS: another tree (its tests)
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# The C sources and headers of the parts, tests and fixtures aside.
c_files() {
	find . -path ./include -prune -o -path '*/tests' -prune -o \
		\( -name '*.c' -o -name '*.h' \) -print | sed 's#^\./##' | sort
}

# One "A B" line per include of part B from part A (A != B).
include_edges() {
	for f in $(c_files); do
		part=${f%%/*}
		sed -n 's/^#include "\([a-z_]*\)\/[^"]*"$/\1/p' "$f" |
			awk -v a="$part" '$1 != a { print a, $1 }'
	done | sort -u
}

# One "A B" line per function of part B that an object of part A calls.
link_edges() {
	for o in $(cd "$objdir" && find . -name '*.o' | sed 's#^\./##'); do
		nm --defined-only -g "$objdir/$o" | awk -v p="${o%%/*}" 'NF == 3 { print $3, p }'
	done | sort >"$tmp/defs"
	for o in $(cd "$objdir" && find . -name '*.o' | sed 's#^\./##'); do
		nm -u "$objdir/$o" | awk -v p="${o%%/*}" '{ print $2, p }'
	done | sort | join - "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' | sort -u
}

# A circle in "A B" edges, as tsort(1) names it; nothing when there is none.
circle() {
	tsort "$1" 2>&1 >/dev/null | sed -n 's/^tsort: //p'
}

# "A -> B C" per part.
graph() {
	awk '{ d[$1] = d[$1] " " $2 } END { for (a in d) print a " ->" d[a] }' "$1" | sort
}

for d in $(find . -mindepth 1 -maxdepth 1 -type d | sed 's#^\./##' | sort); do
	if [ -s "$d/README.md" ]; then :; else
		fail "harness/$d has no README.md saying what the part is"
		continue
	fi
done
[ "$failed" -eq 0 ] && ok "every part of harness/ has a README.md"

include_edges >"$tmp/inc"
graph "$tmp/inc" | sed 's/^/# includes: /'

# The parts a README's "Depends on ..." sentence names, sorted, one line.
readme_deps() {
	tr '\n' ' ' <"$1/README.md" | sed -n 's/.*Depends on \([^.;]*\)[.;].*/\1/p' |
		grep -o '[a-z_]*/' | tr -d / | sort -u | tr '\n' ' '
}
wrong=""
for d in $(c_files | sed 's#/.*##' | sort -u); do
	[ -s "$d/README.md" ] || continue
	if ! tr '\n' ' ' <"$d/README.md" | grep -q 'Depends on'; then
		wrong="$wrong; harness/$d/README.md does not say what $d/ depends on"
		continue
	fi
	said=$(readme_deps "$d")
	real=$(awk -v a="$d" '$1 == a { print $2 }' "$tmp/inc" | sort -u | tr '\n' ' ')
	[ "$said" = "$real" ] ||
		wrong="$wrong; harness/$d/README.md says it depends on '${said% }', its includes on '${real% }'"
done
if [ -z "$wrong" ]; then ok "every part's README says what its includes depend on"
else fail "${wrong#; }"; fi
c=$(circle "$tmp/inc")
if [ -z "$c" ]; then ok "the parts' includes form no circle"
else fail "the parts' includes form a circle: $c"; fi

if [ -n "$objdir" ]; then
	link_edges >"$tmp/link"
	graph "$tmp/link" | sed 's/^/# calls: /'
	c=$(circle "$tmp/link")
	if [ -z "$c" ]; then ok "the parts' calls form no circle"
	else fail "the parts' calls form a circle: $c"; fi
fi

big=$(for f in $(c_files); do
	n=$(wc -l <"$f"); [ "$n" -le 1000 ] || echo "$f ($n lines)"
done)
if [ -z "$big" ]; then ok "no C file is over 1,000 lines"
else fail "C files over 1,000 lines: $(echo $big)"; fi

# A function: its header at column 0, its body from "{" to "}" at column 0.
long=$(awk '
	/^[a-zA-Z_].*\(/ && !/;[ \t]*$/ { head = $0; at = FNR }
	/^\{/ { if (head != "") start = FNR }
	/^\}/ { if (start && FNR - start + 1 > 50) printf "%s:%d (%d lines)\n", FILENAME, at, FNR - start + 1
		start = 0; head = "" }' $(c_files | grep '\.c$'))
if [ -z "$long" ]; then ok "no function is over 50 lines"
else fail "functions over 50 lines: $(echo $long)"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
