#!/bin/sh
# run-crash.sh: `twc run` against a fake QEMU that panics in one case and
# hangs in another, so the crash handling is tested without a VM.
#   harness/vm/tests/run-crash.sh TWC
# Prints ok/not ok lines and "N passed, N failed".
set -u
twc=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

# The fake QEMU: reads the stream file and console file from its arguments
# and behaves by the twc.start it is given.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do
	case $a in
	file,id=twc,path=*) stream=${a#file,id=twc,path=} ;;
	file:*) console=${a#file:} ;;
	*twc.start=*) start=${a##*twc.start=} ;;
	esac
done
printf 'TWC-STREAM 1\nFACT release fake\n' > "$stream"
case $start in
0)	printf 'BEGIN 0\nLOAD 0 load 0 0 0 1 1\nLOG 0 3\nok\n\nEND 0\nBEGIN 1\nLOG 1 100\npartial' >> "$stream"
	printf '[ 1.0] twc: case 0 a\n[ 1.1] twc: case 1 b\n[ 1.2] Kernel panic - not syncing: fake\n' > "$console"
	exit 0 ;;
2)	printf 'BEGIN 2\n' >> "$stream"
	printf '[ 1.0] twc: case 2 c\n[ 1.1] WARNING: fake hang\n' > "$console"
	sleep 30 ;;
esac
FAKE
chmod +x "$d/qemu"
printf 'TWC-PLAN 1\nCASE 0 a obj/a.o a 5 0 -\nCASE 1 b obj/b.o b 5 0 -\nCASE 2 c obj/c.o c 5 0 -\n' > "$d/plan"
: > "$d/kernel"; : > "$d/initrd"

$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan" \
	--out-dir "$d/out" --case-timeout 2 --boot-timeout 5 2>"$d/err"
rc=$?
s=$d/out/stream
t "run exits 0 after crashes it recovered from" "[ $rc -eq 0 ]"
t "finished case 0 kept" "grep -q '^END 0' $s"
t "partial record of the panicked case dropped" "! grep -q '^LOG 1' $s"
t "panic recorded for case 1" "grep -q '^CRASH 1 panic' $s"
t "console tail attached to the panic" "grep -q 'Kernel panic - not syncing' $s"
t "booted again from case 2" "grep -q 'twc.start=2' $d/out/console.log"
t "hang recorded for case 2" "grep -q '^CRASH 2 hang' $s"
t "console span of case 2 kept" "grep -q 'WARNING: fake hang' $s"
t "two boots timed" "[ \$(grep -c '^BOOT ' $s) -eq 2 ]"
t "fake QEMU killed after the hang" "! pgrep -f '$d/qemu' >/dev/null"

printf 'TWC-PLAN 1\nCASE 0 a obj/a.o a 5 0 -\n' > "$d/plan1"
printf '#!/bin/sh\necho no kernel >&2\nexit 1\n' > "$d/qemu"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out2" --boot-timeout 5 2>"$d/err2"
rc=$?
t "a boot that reaches no case fails the run" "[ $rc -eq 1 ]"
t "and says so" "grep -q 'reached no case' $d/err2"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
