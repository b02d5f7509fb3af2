#!/bin/sh
# shell.sh: `make shell` on the reference kernel gives a shell on the
# terminal, with the corpus and the result channel in the guest.
#   harness/vm/tests/shell.sh O      (after make check built O)
# Prints ok/not ok lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
O=${1:?usage: shell.sh O}
d=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$d"' EXIT
. "$(dirname "$0")/lib.sh"

# A write to the fifo after make shell is gone must fail the checks, not
# kill this script before its totals line (SIGPIPE).
trap '' PIPE
mkfifo "$d/in"
make -C "$top" --no-print-directory O="$O" TWC_RESULTS="$d/r" V=1 shell CASES='reject/wq-start-*' \
	<"$d/in" >"$d/out" 2>&1 &
pid=$!
exec 3>"$d/in"
i=0
while [ $i -lt 300 ] && ! grep -q 'built-in shell' "$d/out" && kill -0 $pid 2>/dev/null; do
	sleep 0.5; i=$((i + 1))
done
sleep 1
alive=0
kill -0 $pid 2>/dev/null && alive=1
printf 'echo TWC-SHELL-$((6 * 7)) $(ls /obj/reject | wc -l) objects\nls /dev/hvc0\npoweroff -f\n' >&3
i=0
while [ $i -lt 120 ] && kill -0 $pid 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
kill -0 $pid 2>/dev/null && kill $pid
wait $pid
exec 3>&-
pid=
t "make shell boots one vCPU when JOBS is not given" "grep -q -- '-smp 1 ' $d/out"
t "a shell prompt on the terminal, make shell still running" "[ $alive = 1 ] && grep -q 'built-in shell' $d/out"
t "commands run in the guest, which holds the objects" "grep -q 'TWC-SHELL-42 8 objects' $d/out"
t "the result channel is there for /init" "grep -q '^/dev/hvc0' $d/out"
t "poweroff ends QEMU" "grep -q 'reboot: Power down' $d/out"
[ $fail -eq 0 ] || tail -n 20 "$d/out" | sed 's/^/#   /'
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
