#!/bin/sh
# check.sh: the `make check` / `make bless` pipeline, one phase after another,
# timing each: plan, image, boot + load (twc run), judge.  The Makefile has
# already built the tools and compiled the cases (build phase).
#
#   harness/sh/check.sh check|bless O KERNEL BUILD_SECONDS [filters...]
#
# KERNEL is a name from harness/kernels/kernels.list (or $TWC_KERNELS), a kernel
# built by make kernel, or a path to a bzImage; a bad manifest line stops the
# run first, with fetch.sh's sentence naming it.  The run (plan, initramfs, run/, results.json,
# results.ktap) goes to $TWC_RESULTS when set (make kernel-check keeps its
# own there), else to O.
# Exit status: the judge's (0 nothing failed, 1 something failed, 2 unusable).
set -u
set -f	# CASES globs (btf/*) are for the judge, not for the shell
mode=$1 O=$2 kernel=$3 build_s=$4
shift 4
top=$(cd "$(dirname "$0")/../.." && pwd)
twc=$O/twc
manifest=${TWC_KERNELS:-$top/harness/kernels/kernels.list}
"$top/harness/sh/fetch.sh" check || exit 2	# every manifest line, before any is used

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }

# Resolve KERNEL to a bzImage path.
if [ -f "$kernel" ]; then
	kpath=$kernel
elif awk -v n="$kernel" '!/^#/ && $1 == n && $2 == "image" { f = 1 } END { exit !f }' "$manifest"; then
	kpath=$("$top/harness/sh/fetch.sh" path "$kernel") || exit 2
elif [ -f "${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}/built/$kernel/bzImage" ]; then
	kpath=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}/built/$kernel/bzImage	# make kernel NAME=
else
	echo "check: KERNEL=$kernel is neither a kernel in harness/kernels/kernels.list ($("$top/harness/sh/fetch.sh" list | awk '$2 == "image" { printf "%s ", $1 }')), nor one built by make kernel ($("$top/harness/sh/kernel.sh" list | awk '{ printf "%s ", $1 }')), nor a bzImage file" >&2
	exit 2
fi
# The release the reference kernel reports (its modules directory name).
ref_release=$("$top/harness/sh/fetch.sh" release "$("$top/harness/sh/fetch.sh" reference)") || exit 2

filters=
for f in "$@"; do filters="$filters --filter $f"; done
R=${TWC_RESULTS:-$O}
mkdir -p "$R" || exit 2

t0=$(now)
$twc plan --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --out "$R/plan" $filters || exit 2
$twc image --out "$R/initramfs.cpio" --init "$O/twc-init" --plan "$R/plan" --obj-dir "$O/obj" \
	--btf-dir "$top/btf" || exit 2
t1=$(now)
echo "  BOOT     $kernel ($kpath)"
$twc run --kernel "$kpath" --initrd "$R/initramfs.cpio" --plan "$R/plan" --out-dir "$R/run" \
	--accel "${ACCEL:-tcg}"
t2=$(now)

bless=
[ "$mode" = bless ] && bless="--bless"
[ "$mode" = bless ] && [ "${FORCE:-0}" = 1 ] && bless="--bless --force"
$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$R/plan" --stream "$R/run/stream" \
	--expected "$top/expected" --out-dir "$R" --reference "$ref_release" $bless $filters \
	--times "build=$build_s,image=$(secs "$t0" "$t1"),run=$(secs "$t1" "$t2")"
