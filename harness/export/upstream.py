#!/usr/bin/env python3
"""make upstream: twc cases as a patch that adds them to the kernel's BPF
selftests (tools/testing/selftests/bpf of the pinned tree).

    harness/export/upstream.py --out build/upstream/twc-selftests.patch [PATTERN...]

PATTERNs select case ids as make check CASES= does (shell globs, '!'
excludes, none: every case).  Writes the patch (one progs/twc_<area>.c
per area, prog_tests/twc.c with their RUN_TESTS) and prints what it holds:
files, programs, and every selected case it left out with the reason.
Exit 0; 2 on bad input (a pattern that matches no case, a case file it
cannot read), with a message naming it.
"""
import argparse
import fnmatch
import hashlib
import os
import re
import sys
import textwrap

sys.dont_write_bytecode = True	# no __pycache__ in the tree
from csource import CaseError
from merge import plan_renames
from render import area_file, stub
from twccase import Case, read_btf_ids, read_case_ids

TREE = 'tools/testing/selftests/bpf'
BTF_SKIP = ('a BTF case (btf/): raw BTF and map steps, not a BPF C program; '
            'test_loader has no form for it')


def select(ids, patterns):
    """The ids the patterns select; a pattern selecting none is an error."""
    want = [p for p in patterns if not p.startswith('!')]
    drop = [p[1:] for p in patterns if p.startswith('!')]
    for p in want + drop:
        if not any(fnmatch.fnmatchcase(i, p) for i in ids):
            raise CaseError(f"CASES pattern '{p}' matches no case")
    out = [i for i in ids if (not want or any(fnmatch.fnmatchcase(i, p) for p in want))]
    return [i for i in out if not any(fnmatch.fnmatchcase(i, p) for p in drop)]


def group(cases):
    """{progs file stem: [cases]}: one per area (the id's first word), a
    file of its own per license other than GPL (a license is per object)."""
    files = {}
    for case in cases:
        if case.license == 'GPL':
            name = f'twc_{case.area}'
        else:
            name = 'twc_license_' + re.sub(r'[^a-z0-9]+', '_', case.license.lower()).strip('_')
        files.setdefault(name, []).append(case)
    return dict(sorted(files.items()))


def shared_data_apart(cases, skipped):
    """The cases of one file less those whose global variable (.bss, .data,
    .rodata) another case of the file defines otherwise: one object has one
    .bss, and two timers in it are two fields the kernel refuses in one map
    value.  Each one left out goes to skipped with the reason."""
    while True:
        renames = plan_renames(cases)
        bad = next((c for c in cases for it in c.items if it.is_global_data()
                    and any(k in renames[c.id] for k in it.defines)), None)
        if bad is None:
            return cases
        names = ', '.join(sorted(n for it in bad.items if it.is_global_data()
                                 for k, n in it.defines if (k, n) in renames[bad.id]))
        skipped.append((bad.id, f'its global variable ({names}) is defined otherwise by another '
                                'case of its file, and an object has one .bss'))
        cases = [c for c in cases if c is not bad]


def new_file_diff(path, text):
    """A git diff that creates path with text."""
    data = text.encode()
    blob = hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()
    lines = text.split('\n')[:-1]
    head = (f'diff --git a/{path} b/{path}\nnew file mode 100644\n'
            f'index 0000000..{blob[:7]}\n--- /dev/null\n+++ b/{path}\n'
            f'@@ -0,0 +1{"," + str(len(lines)) if len(lines) != 1 else ""} @@\n')
    return head + ''.join(f'+{ln}\n' for ln in lines)


def build(root, patterns):
    """(files {path: text}, exported cases, skipped [(id, why)])."""
    c_ids, btf_ids = read_case_ids(root), read_btf_ids(root)
    chosen = select(c_ids + btf_ids, patterns)
    skipped = [(i, BTF_SKIP) for i in chosen if i.startswith('btf/')]
    cases = []
    for cid in (i for i in chosen if not i.startswith('btf/')):
        case = Case(root, cid)
        if case.skip:
            skipped.append((cid, case.skip))
        else:
            cases.append(case)
    files = {}
    groups = group(cases)
    for name in list(groups):
        groups[name] = shared_data_apart(groups[name], skipped)
        if not groups[name]:
            del groups[name]
    for name, members in groups.items():
        title = f"twc's cases of area '{members[0].area}'" if name.startswith('twc_') and \
            'license' not in name else f"twc's cases under the license \"{members[0].license}\""
        files[f'{TREE}/progs/{name}.c'] = area_file(name, members, title)
    if groups:
        files[f'{TREE}/prog_tests/twc.c'] = stub(list(groups))
    return files, groups, skipped


def summary(out, files, groups, skipped):
    lines = [f'upstream: {out}: {len(files)} files against the pinned tree\'s {TREE}']
    for name, members in groups.items():
        acc = sum(c.verdict == 'accept' for c in members)
        lines.append(f'  progs/{name}.c: {len(members)} program{"s" * (len(members) > 1)} '
                     f'({acc} from accept/, {len(members) - acc} from reject/)')
    if groups:
        lines.append(f'  prog_tests/twc.c: RUN_TESTS of {len(groups)} file{"s" * (len(groups) > 1)} '
                     f'(test_progs -t {",".join(groups)})')
    lines.append(f'programs: {sum(len(m) for m in groups.values())}; skipped: {len(skipped)}')
    reasons = {}
    for cid, why in skipped:
        reasons.setdefault(why, []).append(cid)
    for why, ids in reasons.items():
        lines.append(f'  skipped {len(ids)}: {why}:')
        lines += textwrap.wrap(' '.join(ids), 100, initial_indent='    ', subsequent_indent='    ',
                               break_on_hyphens=False)
    return '\n'.join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--root', default='.', help='the twc checkout (cases/, btf/)')
    ap.add_argument('--out', required=True, help='the patch to write')
    ap.add_argument('patterns', nargs='*', help='case id patterns (CASES=)')
    args = ap.parse_args(argv)
    patterns = args.patterns or os.environ.get('TWC_CASES', '').split()
    try:
        files, groups, skipped = build(args.root, patterns)
    except (CaseError, OSError) as e:
        print(f'upstream: {e}', file=sys.stderr)
        return 2
    if not groups:
        print('upstream: no case of the selection can be exported:', file=sys.stderr)
        for cid, why in skipped:
            print(f'  {cid}: {why}', file=sys.stderr)
        return 2
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out + '.tmp', 'w') as f:
        f.write(''.join(new_file_diff(p, t) for p, t in sorted(files.items())))
    os.replace(args.out + '.tmp', args.out)
    print(summary(args.out, files, groups, skipped))
    return 0


if __name__ == '__main__':
    sys.exit(main())
