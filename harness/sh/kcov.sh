#!/bin/sh
# kcov.sh: `make kcov`.  Build (or reuse) the coverage kernel from the pinned
# source (or KSRC), boot it on the whole corpus with harness/guest/gcov-init.c
# as /init around the unchanged loader, take the .gcda files out of the
# result stream, judge the run as `make check` would, and report line and
# branch coverage of the verifier code in harness/kernels/kcov.targets.
#
#   harness/sh/kcov.sh O [KSRC] [filters...]
#
# O is twc's build directory (objects, twc, twc-init are already built by
# the Makefile; gcov-init is $O/kcov/gcov-init).  The summary file
# docs/verifier-coverage.md is rewritten only for the pinned source and the
# whole corpus; otherwise it goes to $O/kcov/verifier-coverage.md.
# TWC_UPSTREAM_CORPUS (make's CORPUS_UPSTREAM): the upstream selftest
# files that run beside the corpus, as in make check; their programs'
# coverage counts with the corpus's.
# Exit status: 0 coverage reported, 1 the run or the report failed, 2 usage.
set -u
O=${1:?usage: harness/sh/kcov.sh O [KSRC] [filters...]}
ksrc=${2:-}
shift $(( $# < 2 ? $# : 2 ))
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
twc=$O/twc
k=$O/kcov
summary=$top/docs/verifier-coverage.md

pinned=$("$top/harness/sh/fetch.sh" path src-7.3) || exit 2
if [ -z "$ksrc" ]; then
	ksrc=$pinned name=7.3-twc-kcov
	from=$("$top/harness/sh/fetch.sh" line src-7.3 | awk '{ print $4 "=" $5 }')
else
	name=$(basename "$(cd "$ksrc" && pwd -P)")-kcov from=$ksrc
	summary=$k/verifier-coverage.md
fi
[ $# -gt 0 ] && summary=$k/verifier-coverage.md
filters=
for f in "$@"; do filters="$filters --filter $f"; done
beside=${TWC_UPSTREAM_CORPUS:-}
[ -z "$beside" ] || [ -f "$beside" ] || { echo "kcov: TWC_UPSTREAM_CORPUS: no list '$beside'" >&2; exit 2; }
# twc_on CMD ARGS...: twc plan or judge on the corpus and the upstream files beside it.
twc_on() {
	cmd=$1
	shift
	$twc "$cmd" --cases "$top/cases" --btf "$top/btf" ${beside:+--upstream "$beside"} "$@"
}

bz=$("$top/harness/sh/kernel.sh" build "$ksrc" "$name" kcov) || exit 1
info=$cache/built/$name/info
release=$(awk '$1 == "release" { print $2 }' "$info")
src=$(awk '$1 == "tree" { print $2 }' "$info")
ref_release=$("$top/harness/sh/fetch.sh" release "$("$top/harness/sh/fetch.sh" reference)") || exit 1

# The initramfs: twc image with gcov-init as /init, then the loader appended
# as /twc-init (the kernel unpacks concatenated cpio archives in order).
rm -rf "$k/run" "$k/gcda" "$k/gcov" "$k/stage" && mkdir -p "$k/stage"
twc_on plan --obj-dir "$O/obj" --out "$k/plan" $filters || exit 1
$twc image --out "$k/initramfs.cpio" --init "$k/gcov-init" --plan "$k/plan" --obj-dir "$O/obj-image" \
	--btf-dir "$top/btf" || exit 1
cp "$O/twc-init" "$k/stage/twc-init"
(cd "$k/stage" && echo twc-init | cpio -o -H newc -R 0:0 --quiet) >>"$k/initramfs.cpio" || exit 1
# The kernel's config, for __kconfig externs, as make check packs it.
"$top/harness/sh/kconfig.sh" "$bz" "$k"; krc=$?
[ $krc -le 1 ] || exit 1
[ $krc = 1 ] || cat "$k/kconfig.cpio" >>"$k/initramfs.cpio" || exit 1

echo "  BOOT     $name ($bz)"
t0=$(date +%s)
# --snapshot off: a restored boot would count the first boot's coverage again
$twc run --kernel "$bz" --initrd "$k/initramfs.cpio" --plan "$k/plan" --out-dir "$k/run" \
	--accel "${ACCEL:-tcg}" --snapshot off || exit 1
echo "  RUN      $(( $(date +%s) - t0 )) s"
python3 "$top/harness/tabulate/kcov_report.py" split --stream "$k/run/stream" \
	--out "$k/run/stream.judge" --gcda-dir "$k/gcda" || exit 1

# The corpus on the coverage kernel: judged like make check (quietly),
# without the cases whose goldens cannot match on kernel-config (they ran,
# so their coverage counts; harness/kernels/kernel-check.exclude says why).
excl=$(awk '!/^#/ && NF { printf " --filter !%s", $1 }' "$top/harness/kernels/kernel-check.exclude")
nexcl=$(awk '!/^#/ && NF { n++ } END { print n + 0 }' "$top/harness/kernels/kernel-check.exclude")
set -f
twc_on judge --obj-dir "$O/obj" --plan "$k/plan" --stream "$k/run/stream.judge" \
	--expected "$top/expected" --out-dir "$k" --reference "$ref_release" $filters $excl >"$k/judge.log" 2>&1
set +f
judged="$(tail -n 1 "$k/judge.log") ($nexcl cases of harness/kernels/kernel-check.exclude ran but were not judged)"
grep -E '^(FAIL|ERROR|CRASH|XPASS) ' "$k/judge.log" | sed 's/^/  judge: /'
echo "  JUDGE    $judged (details: $k/judge.log)"

python3 "$top/harness/tabulate/kcov_report.py" report --gcda-dir "$k/gcda" --work "$k/gcov" \
	--src "$src" --targets "$top/harness/kernels/kcov.targets" --summary "$summary" \
	--kernel "$release, built by make kernel from $from with kernel-config + harness/kernels/kcov.config, $(gcc --version | head -n 1)" \
	--corpus "$(grep -cE '^(CASE|BTF) ' "$k/plan") cases planned (cases/ and btf/, and $(grep -c '^CASE [0-9]* upstream/' "$k/plan") runs of upstream selftest programs); on this kernel: $judged"
