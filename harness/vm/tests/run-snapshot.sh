#!/bin/sh
# run-snapshot.sh: `twc run --snapshot on` against a fake QEMU that speaks
# the control port and QMP (vm/snap.h): the first boot says READY and has
# its state saved, a crash is followed by a boot restored from it that
# takes its parameters from the control port; a restore that fails falls
# back to cold boots with a note; the records equal a run without
# snapshots; nothing is left in /dev/shm, and QEMU is gone, on every way out.
#   harness/vm/tests/run-snapshot.sh TWC
# Prints ok/not ok lines and "N passed, N failed".
set -u
twc=$1
. "$(dirname "$0")/lib.sh"
scratch_with_bg

# The fake QEMU.  Cold without snapshots: the parameters from -append.
# With them (twc.ctl=1): connect to the control and QMP sockets, say INIT
# and READY,
# answer QMP (migrate writes the state file, migrate-incoming reads it or,
# with FAKE_RESTORE=fail, fails as QEMU does), read the parameters from the
# control port.  Then the cases: 0 ends, 1 and 2 panic, 3 ends and DONE.
# FAKE_HANG=1: hang after the parameters (a run stopped by a signal).
cat > "$d/qemu" <<'FAKE'
#!/usr/bin/env python3
import json, os, socket, sys, time
a = sys.argv[1:]
arg = lambda flag: [a[i + 1] for i in range(len(a) - 1) if a[i] == flag]
kv = lambda text, key: next((w.split('=', 1)[1] for w in text.split() if w.startswith(key + '=')), '')
stream = [c for c in arg('-chardev') if c.startswith('file,id=twc,')][0].split('path=')[1]
console = arg('-serial')[0][len('file:'):]
params = arg('-append')[0]
sockets = {c.split(',')[1][3:]: c.split('path=')[1] for c in arg('-chardev') if c.startswith('socket,')}
incoming = '-incoming' in a
def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    return s.makefile('rwb', buffering=0)
def qmp(mon):
    mon.write(b'{"QMP": {"version": {}, "capabilities": []}}\r\n')
    while True:
        line = mon.readline()
        if not line:
            return
        c = json.loads(line)
        cmd, args = c['execute'], c.get('arguments', {})
        if cmd == 'migrate':
            open(args['uri'].split('> ')[1], 'w').write('fake state\n')
        if cmd == 'migrate-incoming':
            if os.environ.get('FAKE_RESTORE') == 'fail':
                sys.stderr.write('qemu-system-x86_64: load of migration failed: Invalid argument\n')
                sys.exit(1)
            assert open(args['uri'].split(' ')[1]).read() == 'fake state\n'
        if cmd == 'stop':
            mon.write(b'{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP"}\r\n')
        reply = {'status': 'completed'} if cmd == 'query-migrate' else {}
        mon.write(json.dumps({'return': reply}).encode() + b'\r\n')
        if cmd == 'cont':
            return
if 'twc.ctl=1' in params:
    ram = [o for o in arg('-object') if o.startswith('memory-backend-file')][0]
    if 'share=on' in ram:
        open(ram.split('mem-path=')[1].split(',')[0], 'wb').write(b'\0' * 4096 + b'ram' + b'\0' * 4096)
    ctl, mon = connect(sockets['twcctl']), connect(sockets['twcqmp'])
    if not incoming:
        ctl.write(b'INIT\n')
        time.sleep(0.2)
        ctl.write(b'READY\n')
    qmp(mon)
    params = ctl.readline().decode()
    open(stream + '.params', 'w').write(params)
start, alone = kv(params, 'twc.start'), kv(params, 'twc.alone')
if os.environ.get('FAKE_HANG'):
    time.sleep(300)
out = {'0': ('BEGIN 0\nLOAD 0 load 0 0 0 1 1\nEND 0\nBEGIN 1\n', 'twc: case 0 a\n[ 2] twc: case 1 b\n'),
       '2': ('BEGIN 2\n', 'twc: case 2 c\n'),
       '3': ('BEGIN 3\nLOAD 3 load 0 0 0 1 1\nEND 3\nDONE\n', 'twc: case 3 d\n')}[start]
open(stream, 'a').write('TWC-STREAM 1\nFACT release fake\n' + out[0])
panic = '' if start == '3' else '[ 3] Kernel panic - not syncing: fake\n'
open(console, 'w').write('[ 1] ' + out[1] + panic)
FAKE
chmod +x "$d/qemu"
printf 'TWC-PLAN 4\nCASE 0 a obj/a.o a 5 0 -\nCASE 1 b obj/b.o b 5 0 -\nCASE 2 c obj/c.o c 5 0 -\nCASE 3 d obj/d.o d 5 0 -\n' > "$d/plan"
head -c 514 /dev/zero > "$d/kernel" && printf 'HdrS' >> "$d/kernel"; : > "$d/initrd"
ls -d /dev/shm/twc-snap.* 2>/dev/null | sort > "$d/shm.before"

# run NAME SNAPSHOT: twc run into $d/NAME; its exit code in $d/NAME.rc.
run() {
	$twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" --plan "$d/plan" \
		--out-dir "$d/$1" --boot-timeout 10 --case-timeout 10 --snapshot "$2" \
		--quiet 2>"$d/$1.err"
	echo $? > "$d/$1.rc"
	grep -v '^BOOT ' "$d/$1/stream" > "$d/$1.records"
}
left_in_shm() { ls -d /dev/shm/twc-snap.* 2>/dev/null | sort | comm -13 "$d/shm.before" -; }

run cold off
run snap on
s=$d/snap/stream
t "without snapshots: three cold boots, no control port" \
	"[ \$(cat $d/cold.rc) = 0 ] && [ \$(grep -c '^BOOT ' $d/cold/stream) -eq 3 ] && ! grep -q 'twc.ctl\\|restored' $d/cold/boot-*.qemu $d/cold/stream"
t "with them the run completes (exit 0) in three boots" "[ \$(cat $d/snap.rc) = 0 ] && [ \$(grep -c '^BOOT ' $s) -eq 3 ]"
t "the first boot is cold and saves the guest at READY" \
	"grep -q '^BOOT [0-9]* [1-9][0-9]*\$' $s && grep -q 'saved the guest ready for its cases' $d/snap.err && ! grep -q -- '-incoming' $d/snap/boot-0.qemu"
t "its parameters come on the control port" "[ \"\$(cat $d/snap/boot-0.stream.params)\" = 'twc.start=0' ]"
t "after each crash a restored boot, started with -incoming, its RAM the saved one, not shared" \
	"[ \$(grep -c '^BOOT [0-9]* [0-9]* restored\$' $s) -eq 2 ] && grep -q -- '-incoming defer' $d/snap/boot-1.qemu && grep -q 'mem-path=[^ ]*ram.saved,share=off' $d/snap/boot-2.qemu"
t "each restored boot gets its own parameters" \
	"[ \"\$(cat $d/snap/boot-1.stream.params)\" = 'twc.start=2' ] && [ \"\$(cat $d/snap/boot-2.stream.params)\" = 'twc.start=3' ]"
t "each crash charged to its case" "grep -q '^CRASH 1 panic' $s && grep -q '^CRASH 2 panic' $s"
t "the records are those of the run without snapshots" "cmp -s $d/cold.records $d/snap.records"
t "the console log says which boots were restored" "grep -q '^=== twc boot 1 (twc.start=2, restored) ===' $d/snap/console.log"
t "nothing left in /dev/shm" "[ -z \"\$(left_in_shm)\" ]"

# A state that does not restore: a note with QEMU's words, then cold boots
# (no control port), the crash still charged; the records the same.
FAKE_RESTORE=fail run fail on
s=$d/fail/stream
t "a failing restore: the run completes (exit 0)" "[ \$(cat $d/fail.rc) = 0 ]"
t "and says so, with QEMU's message" \
	"grep -q 'boot 1 did not restore the saved guest; booting cold' $d/fail.err && grep -q 'load of migration failed' $d/fail.err"
t "the boot after it is a cold one from the same place" \
	"grep -q 'twc.start=2' $d/fail/boot-2.qemu && ! grep -q 'twc.ctl\\|-incoming' $d/fail/boot-2.qemu $d/fail/boot-3.qemu"
t "the records are those of the run without snapshots" "cmp -s $d/cold.records $d/fail.records"
t "four boots, one of them the failed restore, not counted as a retry" \
	"[ \$(grep -c '^BOOT ' $s) -eq 4 ] && ! grep -q 'booting again (' $d/fail.err"
t "nothing left in /dev/shm after the fallback" "[ -z \"\$(left_in_shm)\" ]"

# Stopped by a signal while the guest runs after the save: QEMU stops,
# the files go.
FAKE_HANG=1 $twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" \
	--plan "$d/plan" --out-dir "$d/stop" --case-timeout 100 --quiet 2>"$d/stop.err" &
pid=$! bg="$bg $pid"
i=0; while [ $i -lt 100 ] && ! [ -s "$d/stop/boot-0.stream.params" ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $pid; wait $pid; rc=$?
t "SIGTERM after the save stops the run (130)" "[ $rc -eq 130 ] && grep -q 'saved the guest' $d/stop.err"
t "QEMU is gone and nothing is left in /dev/shm" \
	"! pgrep -f '$d/qemu' >/dev/null && [ -z \"\$(left_in_shm)\" ]"
# Killed (SIGKILL: no handler runs): the directory stays, named by the
# run's pid, and the next run removes it.
FAKE_HANG=1 $twc run --qemu "$d/qemu" --kernel "$d/kernel" --initrd "$d/initrd" \
	--plan "$d/plan" --out-dir "$d/kill" --case-timeout 100 --quiet 2>"$d/kill.err" &
pid=$! bg="$bg $pid"
i=0; while [ $i -lt 100 ] && ! [ -s "$d/kill/boot-0.stream.params" ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL $pid; wait $pid 2>/dev/null
i=0; while [ $i -lt 30 ] && pgrep -f "$d/qemu" >/dev/null; do sleep 0.1; i=$((i + 1)); done
t "SIGKILL leaves the run's directory, named by its pid" "left_in_shm | grep -q 'twc-snap\\.$pid\\.'"
run after on
t "the next run removes it" "[ \$(cat $d/after.rc) = 0 ] && [ -z \"\$(left_in_shm)\" ]"
# what twc run said, when something failed
[ $fail -eq 0 ] || for f in "$d"/*.err; do sed "s|^|# ${f##*/}: |" "$f"; done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
