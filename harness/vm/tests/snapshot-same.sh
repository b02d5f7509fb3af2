#!/bin/sh
# snapshot-same.sh: boots restored from the saved guest judge exactly as
# cold boots.  The reference kernel, two loaders, the kernel made to panic
# on one case (twc.panic=): the panic with two cases in flight, both run
# again alone, the one that panics alone is charged, the order goes on.
# Once with --snapshot off (every boot cold), once on (the boots after a
# crash restored): the same boots, every case's result the same but its
# times (tabulate.py same), and the restored boots faster to their first
# record than the cold one.
#   harness/vm/tests/snapshot-same.sh O     (after make check built O/obj)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: snapshot-same.sh O}
twc=$O/twc
d=$(mktemp -d)
pid=
# The VM stops with twc run; twc run stops when this script does.
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait; rm -rf "$d"' EXIT
trap 'exit 130' INT TERM HUP
. "$(dirname "$0")/lib.sh"

cases="--filter reject/wq-start-* --filter accept/prog-tc-*"
ref=$("$top/harness/sh/fetch.sh" reference) &&
kernel=$("$top/harness/sh/fetch.sh" path "$ref") &&
release=${TWC_REFERENCE_RELEASE:-$("$top/harness/sh/fetch.sh" release "$ref")} || exit 1
$twc plan --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --out "$d/plan" $cases \
	2>/dev/null &&
$twc image --out "$d/initramfs.cpio" --init "$O/twc-init" --plan "$d/plan" \
	--obj-dir "$O/obj-image" --btf-dir "$top/btf" || exit 1
ls -d /dev/shm/twc-snap.* 2>/dev/null | sort >"$d/shm.before"
victim=$(awk '$1 == "CASE" && $3 == "reject/wq-start-map-without-btf" { print $2 }' "$d/plan")

# run SNAPSHOT: boot and judge into $d/SNAPSHOT; the exit codes in $d/SNAPSHOT.rc.
run() {
	mkdir -p "$d/$1"
	echo "  BOOT     $ref, --snapshot $1, the kernel panics on case $victim"
	$twc run --quiet --jobs 2 --snapshot "$1" --kernel "$kernel" --initrd "$d/initramfs.cpio" \
		--plan "$d/plan" --out-dir "$d/$1/run" --append "twc.panic=$victim" \
		2>"$d/$1/run.err" &
	pid=$!
	wait "$pid"
	echo "$?" >"$d/$1.rc"
	pid=
	$twc judge --cases "$top/cases" --btf "$top/btf" --obj-dir "$O/obj" --plan "$d/plan" \
		--stream "$d/$1/run/stream" --expected "$top/expected" --out-dir "$d/$1" \
		--reference "$release" --quiet $cases >"$d/$1/judge.out" 2>&1
	echo "$?" >>"$d/$1.rc"
	echo "  --snapshot $1: $(tail -n 1 "$d/$1/judge.out"); boots:" \
		"$(grep -a '^BOOT ' "$d/$1/run/stream" | awk '{ printf "%s%.1fs%s", sep, $3 / 1e9, $4 ? "(" $4 ")" : ""; sep = " " }')"
}
run off
run on
t "both runs complete (twc run exits 0)" "[ \$(head -n 1 $d/off.rc) = 0 ] && [ \$(head -n 1 $d/on.rc) = 0 ]"
t "both are judged (twc judge exits 0 or 1)" "[ \$(tail -n 1 $d/off.rc) -le 1 ] && [ \$(tail -n 1 $d/on.rc) -le 1 ]"
t "the panic is charged to its case in both" \
	"grep -q '^CRASH $victim panic' $d/off/run/stream && grep -q '^CRASH $victim panic' $d/on/run/stream"
t "without snapshots every boot is cold" \
	"! grep -q 'restored' $d/off/run/stream && ! grep -q 'twc.ctl' $d/off/run/boot-*.qemu"
# A boot the kernel died in before /init (BOOT <ns> 0, retried by twc run
# in either run) is none of these boots (lib.sh, guest_boots).
t "with them the first boot saves the guest, and every later boot restores it" \
	"grep -q 'saved the guest ready' $d/on/run.err &&
	 [ \$(grep -a -c '^BOOT .* restored\$' $d/on/run/stream) -eq \$((\$(guest_boots $d/on/run/stream) - 1)) ] &&
	 [ \$(grep -a -c '^BOOT .* restored\$' $d/on/run/stream) -ge 1 ]"
t "as many boots either way" "[ \$(guest_boots $d/off/run/stream) -eq \$(guest_boots $d/on/run/stream) ]"
t "a restored boot reaches its first record sooner than the cold one" \
	"grep -a '^BOOT ' $d/on/run/stream | awk '!cold && \$3 > 0 && \$4 != \"restored\" { cold = \$3 } \$4 == \"restored\" && \$3 >= cold { slow = 1 } END { exit slow }'"
python3 "$top/harness/tabulate/tabulate.py" same "$d/off" "$d/on" >"$d/same.out" 2>&1
rc=$?
sed 's/^/# /' "$d/same.out"
t "every case judged the same with and without snapshots, but its times" "[ $rc -eq 0 ]"
t "nothing left in /dev/shm" \
	"[ -z \"\$(ls -d /dev/shm/twc-snap.* 2>/dev/null | sort | comm -13 $d/shm.before -)\" ]"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
