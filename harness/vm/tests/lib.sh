# lib.sh: what the VM tests share (sourced): t NAME CONDITION, one ok/not
# ok line, counted in pass and fail; guest_boots STREAM, the boots of a
# stream that reached the guest (BOOT <ns> <init_ns>, init_ns not 0): a boot
# the kernel died in before /init (under TCG with two vCPUs about one in
# nineteen: an 'Oops: int3' in sched_clock_cpu, retried by twc run) is no
# reboot of the run's.
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
guest_boots() { grep -a -c -E '^BOOT [0-9]+ [1-9][0-9]*( restored)?$' "$1" 2>/dev/null; }
# scratch_with_bg: d, a scratch directory, and bg, the processes a test
# starts in the background (twc run, a fake QEMU): on any way out each still
# running is killed, found by $d in its command line, and $d goes.
scratch_with_bg() {
	d=$(mktemp -d) bg=
	trap 'for p in $bg; do
		tr "\000" " " 2>/dev/null </proc/"$p"/cmdline | grep -qF "$d" && kill -KILL "$p"
	done; rm -rf "$d"' EXIT
	trap 'exit 130' INT TERM HUP
}
