"""The selftests files: progs/twc_<area>.c (one program per case, in
upstream's dialect) and prog_tests/twc.c (RUN_TESTS per progs file)."""
import re

from merge import plan_renames, render_item

PRELUDE = '''\
// SPDX-License-Identifier: GPL-2.0
/* {title}
 *
 * Written by twc's 'make upstream' from twc's case files (one program per
 * case, named after it); twc's own annotations are comments here: __rule
 * (the rule id), __errno (test_loader does not check it), __requires (a
 * kernel fact twc checks before loading; this tree's kernel has it).
 */

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpf_misc.h"

/* twc compiles its cases with -Wall but without -Werror: a case may keep a
 * variable it does not use. */
#pragma clang diagnostic ignored "-Wunused-variable"

#ifndef CLOCK_REALTIME
#define CLOCK_REALTIME	0
#endif
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC	1
#endif
#ifndef CLOCK_BOOTTIME
#define CLOCK_BOOTTIME	7
#endif

char _license[] SEC("license") = "{license}";
'''

STUB = '''\
// SPDX-License-Identifier: GPL-2.0
/* twc's timer, workqueue and async-callback cases, written by twc's
 * 'make upstream': each progs/twc_*.c file is one RUN_TESTS.
 */
#include <test_progs.h>
'''


def area_file(name, cases, title):
    """The text of progs/<name>.c holding cases (all of one license)."""
    renames = plan_renames(cases)
    out = [PRELUDE.format(title=title, license=cases[0].license)]
    emitted = set()
    for case in cases:
        out.append('\n' + case_comment(case, renames[case.id]))
        first = True
        for item in case.items:
            text = render_item(item, renames[case.id])
            if item is case.entry:
                text = entry_text(case, text)
            key = render_item(item, renames[case.id], canonical=True)
            if item is not case.entry and key in emitted:
                continue	# the same definition, from an earlier case
            emitted.add(key)
            out.append(text.lstrip('\n') if first else text)
            first = False
        out.append('\n')
    return ''.join(out).rstrip('\n') + '\n'


def case_comment(case, renames):
    """The case's header, its id first, then its twc-only annotations."""
    lines = [f'twc case {case.id}:'] + case.header
    keys = ' '.join(f'{k}({v})' for k, v in case.twc_keys)
    if keys:
        lines.append(f'twc annotations: {keys}')
    if case.needs_log_level():
        lines.append('__log_level(5): twc logs every load at level 5 (1 and statistics)')
    if renames:
        lines.append('renamed here (another case defines them otherwise): ' +
                     ', '.join(f'{n} -> {new}' for (_, n), new in sorted(renames.items())))
    body = '\n'.join(f' * {ln}'.rstrip() for ln in lines)
    return f'/*\n{body}\n */\n'


def entry_text(case, text):
    """The entry program, with __log_level(5) after its SEC() when the
    case needs it (Case.needs_log_level)."""
    m = re.search(r'SEC\("[^"]*"\)', text)
    head, rest = text[:m.end()], text[m.end():]
    tags, brace, body = rest.partition('\n{')
    tags = re.sub(r'\n[ \t]*(?=\n)', '', tags)	# lines left empty by a twc key
    if case.needs_log_level():
        tags = '\n__log_level(5)' + tags
    return head + tags + brace + body


def stub(names):
    """prog_tests/twc.c: one test_<name>() per progs file, each RUN_TESTS."""
    out = [STUB]
    out += [f'#include "{n}.skel.h"\n' for n in names]
    for n in names:
        out.append(f'\nvoid test_{n}(void)\n{{\n\tRUN_TESTS({n});\n}}\n')
    return ''.join(out)
