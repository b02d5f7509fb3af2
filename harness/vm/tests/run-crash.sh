#!/bin/sh
# run-crash.sh: `twc run` against fake QEMUs that panic in one case and
# hang in another, never reach a case, fail to start, die with two cases
# in flight, print while two are, die before their first case again and
# again, or are interrupted or killed with twc, so the VM driver's handling
# of each is tested without a VM.
#   harness/vm/tests/run-crash.sh TWC
# Prints ok/not ok lines and "N passed, N failed".
set -u
twc=$1
. "$(dirname "$0")/lib.sh"
scratch_with_bg

# The fake QEMU: reads the stream file and console file from its arguments
# and behaves by the twc.start it is given.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do
	case $a in
	file,id=twc,path=*) stream=${a#file,id=twc,path=} ;;
	file:*) console=${a#file:} ;;
	*twc.start=*) start=${a##*twc.start=}; start=${start%% *} ;;
	esac
done
printf 'TWC-STREAM 1\nFACT release fake\n' > "$stream"
case $start in
0)	printf 'BEGIN 0\nLOAD 0 load 0 0 0 1 1\nLOG 0 3\nok\n\nEND 0\nBEGIN 1\nLOG 1 100\npartial' >> "$stream"
	printf '[ 1.0] twc: case 0 a\n[ 1.05] x\000y\n[ 1.1] twc: case 1 b\n[ 1.2] Kernel panic - not syncing: fake\n' > "$console"
	exit 0 ;;
2)	printf 'BEGIN 2\n' >> "$stream"
	printf '[ 1.0] twc: case 2 c\n[ 1.1] WARNING: fake hang\n' > "$console"
	sleep 30 ;;
esac
FAKE
chmod +x "$d/qemu"
printf 'TWC-PLAN 5\nCASE 0 a obj/a.o a 5 0 -\nCASE 1 b obj/b.o b 5 0 -\nCASE 2 c obj/c.o c 5 0 -\n' > "$d/plan"
# A "bzImage": twc run checks the boot protocol's magic at 0x202.
head -c 514 /dev/zero > "$d/kernel" && printf 'HdrS' >> "$d/kernel"; : > "$d/initrd"
mkdir -p "$d/out" && : > "$d/out/boot-7.console"	# an earlier run's

$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan" \
	--out-dir "$d/out" --case-timeout 2 --boot-timeout 5 --append 'twc.extra=1' \
	>"$d/progress" 2>"$d/err"
rc=$?
s=$d/out/stream
t "run exits 0 after crashes it recovered from" "[ $rc -eq 0 ]"
t "finished case 0 kept" "grep -q '^END 0' $s"
t "partial record of the panicked case dropped" "! grep -q '^LOG 1' $s"
t "panic recorded for case 1" "grep -q '^CRASH 1 panic' $s"
t "a NUL byte on the console is a '?' in case 0's span, and the stream has none" \
	"grep -q '^\\[ 1.05\\] x?y\$' $s && tr -d '\\000' <$s | cmp -s - $s"
t "console tail attached to the panic" "grep -q 'Kernel panic - not syncing' $s"
t "booted again from case 2" "grep -q 'twc.start=2' $d/out/console.log"
t "hang recorded for case 2" "grep -q '^CRASH 2 hang' $s"
t "console span of case 2 kept" "grep -q 'WARNING: fake hang' $s"
t "two boots timed" "[ \$(grep -c '^BOOT ' $s) -eq 2 ]"
t "each case shown as the guest reports it, while the VM runs" \
	"grep -q '^  \\[1/3\\] a  0  1 insns\$' $d/progress && grep -q '^  \\[2/3\\] b  kernel panic\$' $d/progress && grep -q '^  \\[3/3\\] c  kernel hang\$' $d/progress"
t "fake QEMU killed after the hang" "! pgrep -f '$d/qemu' >/dev/null"
t "QEMU's command line is in boot-0.qemu" "grep -q -- '-append .*no_timer_check.* twc.extra=1' $d/out/boot-0.qemu"
t "an earlier run's boot files are gone" "[ ! -e $d/out/boot-7.console ]"

# QEMU cannot start the kernel: no retry, an infrastructure failure (3)
# that shows what QEMU said.
printf 'TWC-PLAN 5\nCASE 0 a obj/a.o a 5 0 -\n' > "$d/plan1"
printf '#!/bin/sh\necho qemu: could not load kernel >&2\nexit 1\n' > "$d/qemu"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out2" --boot-timeout 5 2>"$d/err2"
rc=$?
t "a boot that reaches no case fails the run as infrastructure (3)" "[ $rc -eq 3 ]"
t "and says so, with QEMU's own message" "grep -q 'reached no case' $d/err2 && grep -q 'qemu: could not load kernel' $d/err2"
t "not retried when the kernel never ran" "[ \$(grep -c '^BOOT ' $d/out2/stream) -eq 1 ]"

# The kernel runs but dies before its first case (the IO-APIC timer panic
# of a loaded host): booted again, at most --retries times.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do case $a in file:*) console=${a#file:} ;; esac; done
printf '[ 0.5] Kernel panic - not syncing: IO-APIC + timer doesn'"'"'t work!\n' > "$console"
FAKE
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out3" --boot-timeout 5 --retries 2 2>"$d/err3"
rc=$?
t "a kernel that dies before the first case is booted again, twice" "[ \$(grep -c '^BOOT ' $d/out3/stream) -eq 3 ]"
t "then the run fails as infrastructure (3)" "[ $rc -eq 3 ] && grep -q 'booting again (2 of 2)' $d/err3"

# Two loaders (--jobs 2): QEMU gets two vCPUs and the guest twc.jobs=2.
# Boot 0 dies with cases 0 and 2 in flight (1 ended between): neither can
# be charged, so boot 1 runs both alone (twc.alone=0,2) before the order
# from position 3; there case 2, alone, panics and is charged; boot 2 runs
# case 3.  Each case begins once in the run's stream, in plan order.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
alone=
for a; do
	case $a in
	file,id=twc,path=*) stream=${a#file,id=twc,path=} ;;
	file:*) console=${a#file:} ;;
	*twc.start=*) start=${a##*twc.start=}; start=${start%% *}
		case $a in *twc.alone=*) alone=${a##*twc.alone=}; alone=${alone%% *} ;; esac ;;
	esac
done
printf 'TWC-STREAM 1\nFACT release fake\n' > "$stream"
case $start/$alone in
0/)	printf 'BEGIN 0\nBEGIN 1\nLOAD 1 load 0 0 0 1 1\nEND 1\nBEGIN 2\nLOAD 0 lo' >> "$stream"
	printf '[ 1] twc: case 0 a\n[ 2] twc: case 1 b\n[ 3] twc: end 1\n[ 4] twc: case 2 c\n[ 5] Kernel panic - not syncing: two\n' > "$console" ;;
3/0,2)	printf 'BEGIN 0\nLOAD 0 load 0 0 0 1 1\nEND 0\nBEGIN 2\n' >> "$stream"
	printf '[ 1] twc: case 0 a\n[ 2] twc: end 0\n[ 3] twc: case 2 c\n[ 4] Kernel panic - not syncing: alone\n' > "$console" ;;
3/)	printf 'BEGIN 3\nLOAD 3 load 0 0 0 1 1\nEND 3\nDONE\n' >> "$stream"
	printf '[ 1] twc: case 3 d\n[ 2] twc: end 3\n' > "$console" ;;
esac
FAKE
printf 'TWC-PLAN 5\nCASE 0 a obj/a.o a 5 0 -\nCASE 1 b obj/b.o b 5 0 -\nCASE 2 c obj/c.o c 5 0 -\nCASE 3 d obj/d.o d 5 0 -\n' > "$d/plan4"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan4" \
	--out-dir "$d/out6" --jobs 2 --boot-timeout 5 >/dev/null 2>"$d/err6"
rc=$?
s=$d/out6/stream
t "two loaders: QEMU gets -smp 2 and the guest twc.jobs=2" \
	"grep -q -- '-smp 2 .*twc.jobs=2 twc.start=0' $d/out6/boot-0.qemu"
t "a crash with two cases in flight charges neither" "! grep -q '^CRASH 0' $s && [ \$(grep -c '^CRASH' $s) -eq 1 ]"
t "and says so" "grep -q 'died with 2 cases in flight (0, 2)' $d/err6"
t "both run again, alone, before the order goes on" "grep -q 'twc.start=3 twc.alone=0,2' $d/out6/boot-1.qemu"
t "the one that crashes alone is charged" "grep -q '^CRASH 2 panic' $s && grep -q 'not syncing: alone' $s && ! grep -q 'not syncing: two' $s"
t "then the order goes on, no one alone" "grep -q \"twc.start=3\\(\$\\|[' ]\\)\" $d/out6/boot-2.qemu && ! grep -q twc.alone $d/out6/boot-2.qemu"
t "each case begins once (each boot's records in plan order)" "[ \"\$(grep '^BEGIN' $s | tr '\\n' ' ')\" = 'BEGIN 1 BEGIN 0 BEGIN 2 BEGIN 3 ' ]"
t "three boots, exit 0" "[ $rc -eq 0 ] && [ \$(grep -c '^BOOT ' $s) -eq 3 ]"

# Two loaders, and the kernel prints while both are in flight: whose line
# it is cannot be told, so both run again alone; then it is case 1's.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do
	case $a in
	file,id=twc,path=*) stream=${a#file,id=twc,path=} ;;
	file:*) console=${a#file:} ;;
	*twc.alone=*) alone=1 ;;
	esac
done
printf 'TWC-STREAM 1\nFACT release fake\nBEGIN 0\nBEGIN 1\nLOAD 0 load 0 0 0 1 1\nEND 0\nLOAD 1 load 0 0 0 1 1\nEND 1\nDONE\n' > "$stream"
if [ -z "${alone:-}" ]; then
	printf '[ 1] twc: case 0 a\n[ 2] twc: case 1 b\n[ 3] WARNING: shared\n[ 4] twc: end 0\n[ 5] twc: end 1\n' > "$console"
else
	printf '[ 1] twc: case 0 a\n[ 2] twc: end 0\n[ 3] twc: case 1 b\n[ 4] WARNING: mine\n[ 5] twc: end 1\n' > "$console"
fi
FAKE
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out7" --jobs 2 >/dev/null 2>"$d/err7"
printf 'TWC-PLAN 5\nCASE 0 a obj/a.o a 5 0 -\nCASE 1 b obj/b.o b 5 0 -\n' > "$d/plan2"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan2" \
	--out-dir "$d/out7" --jobs 2 >/dev/null 2>"$d/err7"
rc=$?
s=$d/out7/stream
t "a console line of two cases in flight: both run again alone" \
	"[ $rc -eq 0 ] && grep -q 'twc.start=2 twc.alone=0,1' $d/out7/boot-1.qemu"
t "their first records are dropped, their second kept" \
	"[ \$(grep -c '^BEGIN' $s) -eq 2 ] && ! grep -q 'WARNING: shared' $s"
t "the line is then the one case's" "grep -A1 '^CONSOLE 1 ' $s | grep -q 'WARNING: mine' && ! grep -q '^CONSOLE 0 ' $s"

# A boot that dies before its first case (the code-patching race of two
# vCPUs under TCG: 'Oops: int3') is retried, at most --retries times in a
# row: boots 0, 2 and 3 die so, boots 1 and 4 run cases; the run completes.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do
	case $a in
	file,id=twc,path=*) stream=${a#file,id=twc,path=} ;;
	file:*) console=${a#file:} ;;
	esac
done
boot=${stream##*/boot-}; boot=${boot%.stream}
case $boot in
0|2|3)	printf '[ 0.5] Oops: int3: 0000 [#1] SMP\n[ 0.6] RIP: 0010:sched_clock_cpu+0x1\n' > "$console"; exit 0 ;;
1)	printf 'TWC-STREAM 1\nBEGIN 0\nEND 0\nBEGIN 1\n' > "$stream"
	printf '[ 1] twc: case 0 a\n[ 2] twc: case 1 b\n[ 3] Kernel panic - not syncing: x\n' > "$console" ;;
4)	printf 'TWC-STREAM 1\nBEGIN 2\nEND 2\nBEGIN 3\nEND 3\nDONE\n' > "$stream"
	printf '[ 1] twc: case 2 c\n[ 2] twc: case 3 d\n' > "$console" ;;
esac
FAKE
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan4" \
	--out-dir "$d/out8" --boot-timeout 5 --retries 2 >/dev/null 2>"$d/err8"
rc=$?
t "boots that die before their first case are retried, counted in a row" \
	"[ $rc -eq 0 ] && [ \$(grep -c '^BOOT ' $d/out8/stream) -eq 5 ] && grep -q '^CRASH 1 panic' $d/out8/stream"
t "the retries say so (1 of 2, then 1 and 2 of 2 again)" \
	"[ \$(grep -c 'booting again (1 of 2)' $d/err8) -eq 2 ] && grep -q 'booting again (2 of 2)' $d/err8"

# Not a bzImage (KERNEL=/etc/passwd, or an empty file: no magic to read):
# refused before QEMU, naming the file.
$twc run --qemu "$d/qemu" --kernel /etc/passwd --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out4" 2>"$d/err4"
rc=$?
t "a kernel that is no bzImage is refused (2)" "[ $rc -eq 2 ] && grep -q \"'/etc/passwd' is not a bzImage\" $d/err4"
: > "$d/empty"
$twc run --qemu "$d/qemu" --kernel "$d/empty" --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out4" 2>"$d/err4"
rc=$?
t "an empty kernel file is refused too (2), naming it" \
	"[ $rc -eq 2 ] && grep -q \"'$d/empty' is not a bzImage\" $d/err4 && [ ! -e $d/out4/boot-0.qemu ]"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan1" \
	--out-dir "$d/out4" --accel bogus 2>"$d/err4"
rc=$?
t "a bad option is refused (2), naming it" "[ $rc -eq 2 ] && grep -q \"accel 'bogus'\" $d/err4"

# Interrupted (Ctrl-C, SIGTERM, SIGHUP): QEMU is stopped, not orphaned, and
# what the guest reported is kept.  The fake QEMU becomes a sleep named by
# its path under $d, so no other process of the machine (another test's,
# anyone's 'sleep 300') is taken for it.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do case $a in file,id=twc,path=*) stream=${a#file,id=twc,path=} ;; file:*) console=${a#file:} ;; esac; done
printf 'TWC-STREAM 1\nBEGIN 0\n' > "$stream"
printf '[ 1.0] twc: case 0 a\n' > "$console"
exec "${0%/*}/qemu-sleep" 300
FAKE
ln -s "$(command -v sleep)" "$d/qemu-sleep"
for sig in INT TERM HUP; do
	$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan1" \
		--out-dir "$d/out5" --case-timeout 100 2>"$d/err5" &
	pid=$! bg="$bg $pid"
	i=0; while [ $i -lt 50 ] && ! pgrep -f "$d/qemu-sleep" >/dev/null; do sleep 0.1; i=$((i + 1)); done
	kill -$sig $pid; wait $pid; rc=$?
	t "SIG$sig stops the run (130)" "[ $rc -eq 130 ]"
	t "SIG$sig: QEMU is gone" "! pgrep -f '$d/qemu-sleep' >/dev/null"
	t "SIG$sig: what the guest reported is kept" "grep -q '^BEGIN 0' $d/out5/stream"
done
# Killed (SIGKILL: no handler of twc runs): QEMU dies with it, by
# PR_SET_PDEATHSIG, instead of running on.  The fake QEMU writes its pid,
# then becomes a sleep named by its path under $d.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do case $a in file,id=twc,path=*) stream=${a#file,id=twc,path=} ;; file:*) console=${a#file:} ;; esac; done
printf 'TWC-STREAM 1\nBEGIN 0\n' > "$stream"
printf '[ 1.0] twc: case 0 a\n' > "$console"
echo $$ > "$FAKE_QEMU_PID"
exec "${0%/*}/qemu-sleep" 300
FAKE
# alive PID: running, not a zombie left for its new parent to reap
alive() { [ -n "$1" ] && [ -e /proc/"$1" ] && ! grep -q '^[0-9]* (.*) Z ' /proc/"$1"/stat 2>/dev/null; }
FAKE_QEMU_PID=$d/qemu.pid $twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" \
	--plan "$d/plan1" --out-dir "$d/out9" --case-timeout 100 2>"$d/err9" &
pid=$! bg="$bg $pid"
i=0; while [ $i -lt 50 ] && ! [ -s "$d/qemu.pid" ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.2	# the fake QEMU's exec of its sleep
qpid=$(cat "$d/qemu.pid" 2>/dev/null) bg="$bg $(cat "$d/qemu.pid" 2>/dev/null)"
t "SIGKILL: the fake QEMU runs before twc is killed" "alive '$qpid'"
kill -KILL $pid; wait $pid 2>/dev/null
i=0; while [ $i -lt 30 ] && alive "$qpid"; do sleep 0.1; i=$((i + 1)); done
t "SIGKILL: QEMU is gone within 3 s (PR_SET_PDEATHSIG)" "[ -n '$qpid' ] && ! alive '$qpid'"

# A kernel's known crashes (--verdicts TABLE): the order's head up to the
# last case the table records as a crash runs one at a time (twc.serial=),
# every boot; no crash recorded, no twc.serial.
cat > "$d/qemu" <<'FAKE'
#!/bin/sh
for a; do case $a in file,id=twc,path=*) stream=${a#file,id=twc,path=} ;; esac; done
printf 'TWC-STREAM 1\nDONE\n' > "$stream"
FAKE
printf 'TWC-PLAN 5\nRUN r1\nCASE 0 a obj/a.o a 5 0 - priv -\nCASE 1 b obj/b.o b 5 0 - priv -\nCASE 2 c obj/c.o c 5 0 - priv -\nCASE 3 d obj/d.o d 5 0 - priv -\nORDER 1\nORDER 2\nORDER 0\nORDER 3\n' > "$d/plan4o"
printf '# t\nc\tcrash\t-\tkernel panic\nd\treject\t-EINVAL\tx\n' > "$d/crashes.tsv"
printf '# t\nc\treject\t-EINVAL\tx\n' > "$d/nocrash.tsv"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan4o" \
	--out-dir "$d/out7" --jobs 2 --verdicts "$d/crashes.tsv" >/dev/null 2>"$d/err7"
rc=$?
t "--verdicts: the order up to the known crash runs one at a time (twc.serial=2)" \
	"[ $rc -eq 0 ] && grep -q 'twc.jobs=2 twc.start=0 twc.serial=2' $d/out7/boot-0.qemu"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan4o" \
	--out-dir "$d/out7" --jobs 2 --verdicts "$d/nocrash.tsv" >/dev/null 2>"$d/err7"
t "--verdicts without a crash: no twc.serial" "! grep -q 'twc.serial' $d/out7/boot-0.qemu"
printf 'c\tcrash\n' > "$d/bad.tsv"
$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan4o" \
	--out-dir "$d/out7" --verdicts "$d/bad.tsv" >/dev/null 2>"$d/err7"
rc=$?
t "a malformed --verdicts table is refused (2), naming it" \
	"[ $rc -eq 2 ] && grep -q 'bad.tsv' $d/err7 && grep -q 'line 1' $d/err7"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
