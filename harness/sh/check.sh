#!/bin/sh
# check.sh: the `make check` / `make bless` pipeline, one phase after another,
# timing each: plan, image, boot + load (twc run), judge.  The Makefile has
# already built the tools and compiled the cases (build phase).
#
#   harness/sh/check.sh check|bless|shell
#
# shell boots the same image with a shell on this terminal (busybox) instead
# of running it: /init in the guest runs the plan.
# Everything else comes from the environment, never through a shell command
# line (a case pattern or a path is data, not shell): TWC_O (the build
# directory), TWC_KERNEL (a name from harness/kernels/kernels.list, a kernel
# built by make kernel, or a path to a bzImage), TWC_CASES (case patterns,
# space separated), TWC_BUILD_S (the build phase's seconds), TWC_RESULTS
# (where the run goes; default TWC_O), JOBS (cases at once in the VM: its
# vCPUs and loader processes; default 1), SNAPSHOT (on: a boot after a crash
# restores the first boot's saved guest; off), ACCEL, CASE_TIMEOUT, FORCE, GDB (1 or a
# port: QEMU's gdb stub; 1 is port 1234), GDB_WAIT=1 (start stopped), V=1
# (QEMU's command line), GOLDENS=strict|report|auto (twc judge --goldens),
# QUIET=1 (no line per case while the VM runs: the
# judge prints what did not pass, and the summary), and
# TWC_REFERENCE_RELEASE (the reference kernel's release, else asked of
# fetch.sh), TWC_KERNELS (another manifest), TWC_UPSTREAM (make check
# UPSTREAM=...: the list of upstream files, case/upstream.h; the run then
# holds those instead of the corpus, judged by their annotations and their
# goldens once blessed), TWC_UPSTREAM_CORPUS (the list of the upstream files
# that run beside the corpus, make's CORPUS_UPSTREAM; ignored with
# TWC_UPSTREAM).  A bad manifest line stops the
# run first, with fetch.sh's sentence naming it.
#
# Exit status: the judge's (0 nothing failed, 1 something failed, 2 unusable
# input), 2 for a usage error, 3 when the VM did not run the cases (an
# infrastructure failure, never a verdict), 130 when interrupted.
set -u
set -f	# CASES globs (btf/*) are for the judge, not for the shell
mode=${1:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
O=${TWC_O:-build} kernel=${TWC_KERNEL-} build_s=${TWC_BUILD_S:-0}
twc=$O/twc
manifest=${TWC_KERNELS:-$top/harness/kernels/kernels.list}
R=${TWC_RESULTS:-$O}
# The status CI reads is this run's or none: an earlier run's 0 must not
# stand for a run that stopped on a bad KERNEL= (die writes its own).
rm -f "$R/status"

die() { echo "check: $*" >&2; [ -d "$R" ] && echo "${rc:-2}" >"$R/status"; exit "${rc:-2}"; }
"$top/harness/sh/fetch.sh" check || die "a line of $manifest is bad (above)"	# every line, before any is used
now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }

case $mode in
check|bless|shell) ;;
*) die "usage: harness/sh/check.sh check|bless|shell (the rest comes from TWC_* variables)" ;;
esac
case ${JOBS:-1} in
*[!0-9]*|0*) die "JOBS=$JOBS: want the number of cases to run at once, 1 or more" ;;
esac
vmopts="--jobs ${JOBS:-1} --snapshot ${SNAPSHOT:-on}"
[ "${V:-0}" = 1 ] && vmopts="$vmopts --verbose"
[ "${QUIET:-0}" = 1 ] && vmopts="$vmopts --quiet"
case ${GDB:-} in
"") ;;
1) vmopts="$vmopts --gdb 1234" ;;
*[!0-9]*) die "GDB=$GDB: want 1 or a TCP port" ;;
*) vmopts="$vmopts --gdb $GDB" ;;
esac
[ -n "${GDB:-}" ] && [ "${GDB_WAIT:-0}" = 1 ] && vmopts="$vmopts --gdb-wait"
[ -n "$kernel" ] || die "KERNEL is empty: give a name of harness/kernels/kernels.list" \
	"($("$top/harness/sh/fetch.sh" list | awk '$2 == "image" { printf "%s ", $1 }')), a kernel built by make kernel, or a bzImage path"

# A unique prefix names a kernel of the manifest, as in make matrix:
# KERNEL=6.19 is 6.19-cloud.
if [ ! -f "$kernel" ] && ! awk -v n="$kernel" '!/^#/ && $1 == n { f = 1 } END { exit !f }' "$manifest"; then
	full=$(awk -v n="$kernel" '!/^#/ && $2 == "image" && index($1, n) == 1 { print $1 }' "$manifest")
	[ -n "$full" ] && [ "$(echo "$full" | wc -l)" -eq 1 ] && kernel=$full
fi

# Resolve KERNEL to a bzImage path.
built=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}/built/$kernel/bzImage
if [ -f "$kernel" ]; then
	kpath=$kernel
elif awk -v n="$kernel" '!/^#/ && $1 == n && $2 == "image" { f = 1 } END { exit !f }' "$manifest"; then
	kpath=$("$top/harness/sh/fetch.sh" path "$kernel") || exit 2
elif [ -f "$built" ]; then
	kpath=$built	# make kernel NAME=
else
	die "KERNEL=$kernel is neither a kernel in harness/kernels/kernels.list ($("$top/harness/sh/fetch.sh" list | awk '$2 == "image" { printf "%s ", $1 }')), nor one built by make kernel ($("$top/harness/sh/kernel.sh" list | awk '{ printf "%s ", $1 }')), nor a bzImage file"
fi
filters=
for f in ${TWC_CASES-}; do filters="$filters --filter $f"; done
# twc plan or judge on the corpus, or on the upstream files instead (their
# goldens: expected/upstream/<stem>/, once make bless UPSTREAM=... wrote them).
upstream=${TWC_UPSTREAM-}
# The upstream files of the corpus (cases/upstream/corpus.list) run beside
# it, unless the run is of upstream files alone.
beside=
[ -z "$upstream" ] && [ -n "${TWC_UPSTREAM_CORPUS-}" ] && beside=$TWC_UPSTREAM_CORPUS
[ -z "$beside" ] || [ -f "$beside" ] || die "TWC_UPSTREAM_CORPUS: no list '$beside'"
twc_on() {
	cmd=$1
	shift
	if [ -n "$upstream" ]; then $twc "$cmd" --upstream "$upstream" "$@"
	elif [ -n "$beside" ]; then $twc "$cmd" --cases "$top/cases" --btf "$top/btf" --upstream "$beside" "$@"
	else $twc "$cmd" --cases "$top/cases" --btf "$top/btf" "$@"; fi
}
mkdir -p "$R" || exit 2
# Nothing of an earlier run may be taken for this one's.
rm -rf "$R/run" "$R/plan" "$R/results.json" "$R/results.ktap" "$R/results.junit.xml" "$R/status"

t0=$(now)
twc_on plan --obj-dir "$O/obj" --out "$R/plan" --expected "$top/expected" $filters || exit 2
shell=
[ "$mode" = shell ] && shell="--shell /bin/busybox"
$twc image --out "$R/initramfs.cpio" --init "$O/twc-init" --plan "$R/plan" --obj-dir "$O/obj-image" \
	--btf-dir "$top/btf" $shell || exit 2
# Modules the guest loads first, as in make matrix (harness/sh/modules.sh):
# virtio_console where it is one (Debian's 6.1), bpf_testmod.ko beside a
# kernel make kernel built.
mods=$("$top/harness/sh/modules.sh" "$kpath" "$R"); mrc=$?
if [ $mrc = 0 ]; then
	cat "$R/modules.cpio" >>"$R/initramfs.cpio" || exit 2
	echo "  MODULES  packed into the guest, loaded before the first case: $mods"
elif [ $mrc != 1 ]; then
	exit 2
fi
# The kernel's config, where libbpf reads __kconfig externs' values.
"$top/harness/sh/kconfig.sh" "$kpath" "$R" "$kernel"; krc=$?
if [ $krc = 0 ]; then
	cat "$R/kconfig.cpio" >>"$R/initramfs.cpio" || exit 2
elif [ $krc = 1 ]; then
	echo "  KCONFIG  no config found for $kernel: programs with __kconfig externs SKIP"
else
	exit 2
fi
t1=$(now)
if [ "$mode" = shell ]; then
	exec $twc run --shell --kernel "$kpath" --initrd "$R/initramfs.cpio" --plan "$R/plan" \
		--out-dir "$R/run" --accel "${ACCEL:-tcg}" $vmopts
fi
echo "  BOOT     $kernel ($kpath)"
# A kernel with a table: twc run runs the cases it records as crashes one
# at a time (twc plan puts them first), as in make matrix.
table=$top/expected/verdicts${upstream:+/upstream}/$kernel.tsv
# Beside the corpus, the upstream files' rows are in their own table: the
# run takes both, as one (harness/sh/tables.sh).
if [ -n "$beside" ]; then
	"$top/harness/sh/tables.sh" combine "$table" "$top/expected/verdicts/upstream/$kernel.tsv" \
		"$R/plan" "$R/verdicts.tsv"
	case $? in
	0) table=$R/verdicts.tsv ;;
	1) ;;
	*) exit 2 ;;
	esac
fi
[ -f "$table" ] && vmopts="$vmopts --verdicts=$table"
$twc run --kernel "$kpath" --initrd "$R/initramfs.cpio" --plan "$R/plan" --out-dir "$R/run" \
	--accel "${ACCEL:-tcg}" --case-timeout "${CASE_TIMEOUT:-60}" $vmopts
run_rc=$?
t2=$(now)
case $run_rc in
0|3) ;;
130) echo 130 >"$R/status"; rc=130 die "interrupted; nothing judged (what the guest reported is in $R/run/stream)" ;;
*) echo "$run_rc" >"$R/status"; rc=$run_rc die "twc run failed (exit $run_rc); nothing judged" ;;
esac

# The release the reference kernel reports (its modules directory name);
# TWC_REFERENCE_RELEASE gives it without the cache (the harness's tests).
ref_name=$("$top/harness/sh/fetch.sh" reference) || exit 2
ref_release=${TWC_REFERENCE_RELEASE:-$("$top/harness/sh/fetch.sh" release "$ref_name")} || exit 2
# A kernel of the manifest with a verdict table is judged by its table, as
# in make matrix; another kernel (a patched one) by annotations, with the
# logs' moves against the reference's goldens reported, not failed
# (GOLDENS=strict makes them failures: make kernel-check).
judging="--goldens ${GOLDENS:-auto}"
[ "$kernel" != "$ref_name" ] && [ -f "$table" ] && [ "$mode" = check ] && [ -z "$upstream" ] &&
	judging="--verdicts $table"
bless=
[ "$mode" = bless ] && bless="--bless"
[ "$mode" = bless ] && [ "${FORCE:-0}" = 1 ] && bless="--bless --force"
twc_on judge --obj-dir "$O/obj" --plan "$R/plan" --stream "$R/run/stream" \
	--expected "$top/expected" --out-dir "$R" --reference "$ref_release" $bless $filters \
	--kernel-name "$kernel" --quiet $judging \
	--times "build=$build_s,image=$(secs "$t0" "$t1"),run=$(secs "$t1" "$t2")"
judge_rc=$?
if [ $run_rc -eq 3 ] && [ $judge_rc -ne 2 ]; then
	echo "check: the VM did not run every case (see twc run's messages above): an" \
		"infrastructure failure, not a verdict of the kernel; exit 3" >&2
	judge_rc=3
fi
# make turns every failed recipe into its own status 2: the status that
# tells a regression from a broken run is kept in a file, for CI.
echo "$judge_rc" >"$R/status"
exit $judge_rc
