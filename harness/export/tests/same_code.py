#!/usr/bin/env python3
"""Each program make upstream exported is its case's own code.

    same_code.py CASE_OBJ_DIR EXPORT_OBJ_DIR

CASE_OBJ_DIR holds the cases' objects as make check compiles them
(<id>.bpf.o), EXPORT_OBJ_DIR the exported files' objects as
upstream-check compiles them (twc_<area>.raw.o).  The main program of each
exported case is disassembled in both (llvm-objdump -d -r) and compared,
the immediates the linker fills in and the BTF ids of CO-RE relocations
set aside.  A case that calls a kfunc twc.h renames (bpf_wq_set_callback,
bpf_task_work_schedule_*) is not compared: its twc object has twc.h's
branch to the 6.x name, which the export leaves out.  Prints one ok/not ok
line per progs file and "N passed, N failed".
"""
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import upstream  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
# The objdump of the compiler's LLVM (make passes it): clang 19's prints the
# CO-RE relocations that Debian's default llvm-objdump (14) leaves out.
OBJDUMP = os.environ.get('LLVM_OBJDUMP') or 'llvm-objdump-19'
RENAMED_KFUNCS = re.compile(r'\b(bpf_wq_set_callback|bpf_task_work_schedule_\w+)\s*\(')


def disassemble(obj):
    """{symbol: its instructions} of an object, linker immediates and BTF
    ids masked, relocations' symbol names left out; {} when no object."""
    if not os.path.exists(obj):
        return {}
    out = subprocess.run([OBJDUMP, '-d', '-r', '--no-leading-addr', '--no-show-raw-insn', obj],
                         capture_output=True, text=True).stdout.split('\n')
    progs, insns = {}, None
    for line in out:
        m = re.match(r'^<([A-Za-z_0-9]+)>:$', line)
        if m:
            insns = progs.setdefault(m.group(1), [])
            continue
        line = re.sub(r'<[^>]*>', '', line).strip()
        if insns is None or not line or line.startswith('Disassembly of'):
            continue
        if line.startswith('R_BPF') or line.startswith('CO-RE'):
            insns[-1] = re.sub(r'-?0x[0-9a-f]+', 'IMM', insns[-1])
            if line.startswith('CO-RE'):
                insns.append(re.sub(r'\[\d+\]', '[id]', line))
            continue
        insns.append(line)
    return progs


def check_file(name, cases, case_dir, export_dir):
    """(compared, skipped, [case ids that differ or are missing])."""
    compared = skipped = 0
    bad = []
    exported = disassemble(os.path.join(export_dir, f'{name}.raw.o'))
    todo = []
    for case in cases:
        with open(os.path.join(TOP, case.path)) as f:
            if RENAMED_KFUNCS.search(f.read()):
                skipped += 1
            else:
                todo.append(case)
    with ThreadPoolExecutor(max_workers=2) as pool:
        objs = pool.map(lambda c: disassemble(os.path.join(case_dir, f'{c.id}.bpf.o')), todo)
    for case, obj in zip(todo, objs):
        mine, theirs = obj.get(case.prog), exported.get(case.prog)
        if mine is None or theirs is None or mine != theirs:
            bad.append(case.id)
        compared += 1
    return compared, skipped, bad


def main(argv):
    if len(argv) != 3:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    _, groups, _ = upstream.build(TOP, [])
    passed = failed = 0
    for name, cases in groups.items():
        compared, skipped, bad = check_file(name, cases, argv[1], argv[2])
        what = (f'progs/{name}.c: {compared - len(bad)} of {compared} programs are their '
                f"case's instructions ({skipped} with twc.h's renamed kfuncs not compared)")
        if bad:
            failed += 1
            print(f'not ok - {what}; differ or missing: {" ".join(bad[:10])}')
        else:
            passed += 1
            print(f'ok - {what}')
    # The control: a program with twc.h's branch must differ from its export.
    control = next(((n, c) for n, cases in groups.items() for c in cases
                    if RENAMED_KFUNCS.search(open(os.path.join(TOP, c.path)).read())), None)
    if control is not None:
        name, control = control
        mine = disassemble(os.path.join(argv[1], f'{control.id}.bpf.o')).get(control.prog)
        theirs = disassemble(os.path.join(argv[2], f'{name}.raw.o')).get(control.prog)
        ok = mine is not None and theirs is not None and mine != theirs
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'ok' if ok else 'not ok'} - {control.id}, with twc.h's branch, differs from "
              'its export (the comparison can fail)')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
