#!/bin/sh
# pch-check.sh: the case objects compiled with vmlinux.h precompiled (make's
# PCH=1, the default) against the same cases compiled without it (PCH=0,
# into O/pch-ref/): every object must have the same instructions, relocations
# and symbols (the binding of each kfunc extern too), and the same BTF types,
# in any order (clang emits them in the order it meets them, which the PCH
# changes).  An object that differs otherwise is named: PCH=0 is then the
# way to build, until the cause is known.
#
#   harness/sh/pch-check.sh O      (after make objs or make check built O/obj)
# Prints one line per differing object and "N passed, N failed" (one per
# object).  Environment: BUILD_JOBS (default: the CPUs), BPFTOOL.
set -u
O=${1:?usage: harness/sh/pch-check.sh O}
top=$(cd "$(dirname "$0")/../.." && pwd)
ref=$O/pch-ref
bpftool=${BPFTOOL:?BPFTOOL: the bpftool to dump BTF with}
objdump=$(command -v llvm-objdump-19 || command -v llvm-objdump) || { echo "pch-check: no llvm-objdump" >&2; exit 2; }
readelf=$(command -v llvm-readelf-19 || command -v llvm-readelf) || { echo "pch-check: no llvm-readelf" >&2; exit 2; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

[ -d "$O/obj" ] || { echo "pch-check: no objects in $O/obj: make objs first" >&2; exit 2; }
objs=$(cd "$O/obj" && find . -name '*.bpf.o' -not -path './upstream/*' | sort)
[ -n "$objs" ] || { echo "pch-check: no case objects in $O/obj" >&2; exit 2; }
# The same objects without the PCH.
make -C "$top" --no-print-directory -s -j"${BUILD_JOBS:-$(nproc)}" O="$ref" PCH=0 \
	$(echo "$objs" | sed "s|^\./|$ref/obj/|") >"$d/make.log" 2>&1 ||
	{ cat "$d/make.log" >&2; echo "pch-check: the PCH=0 build failed" >&2; exit 2; }

# code FILE: instructions with relocations, and the symbol table.
code() {
	"$objdump" -dr "$1" | tail -n +3
	"$readelf" -s "$1" | tail -n +2
}
# types FILE: each BTF type with its members on one line, ids left out, sorted.
types() {
	"$bpftool" btf dump file "$1" | awk '/^\[/ { if (b != "") print b; b = $0; next }
		{ b = b " |" $0 } END { if (b != "") print b }' |
		sed 's/^\[[0-9]*\] //; s/type_id=[0-9]*//g' | LC_ALL=C sort
}

pass=0 fail=0 same=0 reordered=0
for o in $objs; do
	a=$O/obj/$o b=$ref/obj/$o
	if cmp -s "$a" "$b"; then
		same=$((same + 1))
	elif [ -f "$a" ] && [ -f "$b" ] && code "$a" >"$d/a" && code "$b" >"$d/b" && cmp -s "$d/a" "$d/b" &&
	     types "$a" >"$d/a" && types "$b" >"$d/b" && cmp -s "$d/a" "$d/b"; then
		reordered=$((reordered + 1))
	else
		echo "not ok - ${o#./}: differs with the PCH beyond the order of BTF types"
		fail=$((fail + 1))
		continue
	fi
	pass=$((pass + 1))
done
echo "pch-check: $((pass + fail)) case objects: $same identical, $reordered with the same" \
	"code, symbols and BTF types in another order, $fail otherwise different"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
