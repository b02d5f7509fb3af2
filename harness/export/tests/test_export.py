#!/usr/bin/env python3
"""Unit tests of make upstream's exporter (harness/export/), on the fixture
trees beside this file: fixtures/good (cases that export, or are skipped
with a reason) and fixtures/bad (input the exporter must refuse, naming
the file).  Prints "ok - ..." per test and "N passed, N failed"."""
import contextlib
import io
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import upstream  # noqa: E402

GOOD, BAD = os.path.join(HERE, 'fixtures/good'), os.path.join(HERE, 'fixtures/bad')
PROGS = 'tools/testing/selftests/bpf/progs/'


def run(root, *patterns):
    """(exit status, stdout, stderr, patch text) of one exporter run."""
    with tempfile.TemporaryDirectory() as tmp:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = upstream.main(['--root', root, '--out', f'{tmp}/p.patch', *patterns])
        patch = open(f'{tmp}/p.patch').read() if os.path.exists(f'{tmp}/p.patch') else ''
        return rc, out.getvalue(), err.getvalue(), patch


def progs_file(name):
    files, _, _ = upstream.build(GOOD, [])
    return files[PROGS + name]


def program(text, name):
    """The comment and code of one case's program in a progs file."""
    start = text.index(f'twc case {name}:')
    end = text.find('twc case ', start + 1)
    return text[start:end if end > 0 else None]


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def same_definitions_are_shared():
    text = progs_file('twc_timer.c')
    assert text.count('struct elem {') == 1, 'struct elem is defined once'
    assert len(re.findall(r'\} timer_map SEC', text)) == 1, 'timer_map is defined once'
    assert 'bpf_map_lookup_elem(&timer_map, &key);\n\n\tif (val)' in program(text, 'accept/timer-b')


@test
def other_definitions_are_renamed_everywhere():
    c = program(progs_file('twc_timer.c'), 'reject/timer-c')
    assert 'struct elem_2 {' in c and '__type(value, struct elem_2);' in c
    assert '} timer_map_2 SEC(".maps")' in c, 'its map uses another elem: renamed too'
    assert '"r1 = %[timer_map_2] ll;"' in c and '__imm_addr(timer_map_2)' in c
    assert "__msg(\"map 'timer_map_2' is not the one\")" in c, 'the name the kernel prints'
    assert '__msg("off 0 in timer_map_x")' in c, 'another word is no name'
    assert 'elem -> elem_2' in c and 'timer_map -> timer_map_2' in c, 'the comment says so'


@test
def functions_are_renamed_in_asm_words_messages_and_macro_calls():
    text = progs_file('twc_timer.c')
    e, f = program(text, 'reject/timer-e'), program(text, 'reject/timer-f')
    assert 'static int timer_cb_2(void *map' in e and '[cb]"i"(timer_cb_2)' in e
    assert '__msg("recursive call from timer_cb_2() to f2()")' in e, 'f2 is the first f2'
    assert 'asm volatile ("call f2; r1 = %[cb] ll;' in e
    assert 'LINK(f2_2, f3) LINK(f1, f2_2)' in f, 'a macro call defines f2 otherwise'
    assert '"call f1; exit;"' in f


@test
def members_keep_their_names():
    d = program(progs_file('twc_timer.c'), 'reject/timer-d')
    assert 'struct bpf_timer timer_map;' in d and '&h->timer_map' in d
    assert re.search(r'\} timer_map_\d SEC', d) and 'bpf_map_lookup_elem(&timer_map_' in d


@test
def twc_keys_become_comments():
    c = program(progs_file('twc_timer.c'), 'reject/timer-c')
    code = c[c.index('*/'):]
    assert '__errno' not in code and '__rule' not in code, 'no twc key in code'
    assert 'twc annotations: __errno(EINVAL) __rule("FIX-03")' in c
    b = program(progs_file('twc_timer.c'), 'accept/timer-b')
    assert '__requires' not in b[b.index('*/'):] and '__success\nint timer_b' in b


@test
def messages_of_a_load_that_succeeds_get_log_level_5():
    a = program(progs_file('twc_timer.c'), 'accept/timer-a')
    assert 'SEC("tc")\n__log_level(5)\n__success __msg(' in a
    assert '__log_level' not in program(progs_file('twc_timer.c'), 'reject/timer-c')


@test
def one_file_per_area_and_per_license():
    files, groups, _ = upstream.build(GOOD, [])
    assert sorted(groups) == ['twc_license_proprietary', 'twc_timer', 'twc_wq']
    assert 'char _license[] SEC("license") = "Proprietary";' in \
        files[PROGS + 'twc_license_proprietary.c']
    stub = files['tools/testing/selftests/bpf/prog_tests/twc.c']
    assert '#include "twc_wq.skel.h"' in stub and 'RUN_TESTS(twc_timer);' in stub


@test
def skipped_cases_are_listed_with_the_reason():
    rc, out, err, _ = run(GOOD)
    assert rc == 0, err
    assert 'skipped 1: needs a PREEMPT_RT kernel' in out and 'reject/timer-rt' in out
    assert "known failure in twc (__xfail(\"the kernel says y\"))" in out
    assert 'a BTF case (btf/)' in out and 'btf/fix' in out
    assert 'progs/twc_timer.c: 8 programs (4 from accept/, 4 from reject/)' in out


@test
def the_patch_creates_files_and_is_deterministic():
    rc, _, _, patch = run(GOOD, 'accept/*')
    assert rc == 0
    assert patch.startswith('diff --git a/tools/testing/selftests/bpf/prog_tests/twc.c ')
    assert 'new file mode 100644\nindex 0000000..' in patch and '--- /dev/null\n' in patch
    assert patch == run(GOOD, 'accept/*')[3]
    assert 'timer-c' not in patch, 'only the selection'


@test
def global_data_is_shared_or_the_case_left_out():
    text = progs_file('twc_timer.c')
    assert len(re.findall(r'\} gtimer;', text)) == 1 and 'gtimer_' not in text, \
        'one gtimer, though its comments differ'
    assert 'twc case accept/timer-g2:' in text and 'twc case accept/timer-g3:' not in text
    rc, out, _, _ = run(GOOD)
    assert 'its global variable (gtimer) is defined otherwise by another case of its file' in out
    assert 'accept/timer-g3' in out


@test
def a_pattern_that_matches_nothing_is_an_error():
    rc, _, err, patch = run(GOOD, 'accept/nope-*')
    assert rc == 2 and "CASES pattern 'accept/nope-*' matches no case" in err and not patch


@test
def only_skipped_cases_is_an_error():
    rc, _, err, _ = run(GOOD, 'reject/timer-rt')
    assert rc == 2 and 'no case of the selection can be exported' in err


@test
def a_case_without_its_program_is_named():
    rc, _, err, _ = run(BAD, 'accept/timer-noentry')
    assert rc == 2
    assert 'cases/accept/timer-noentry.bpf.c: no entry program named timer_noentry' in err, err


@test
def unreadable_c_is_named():
    rc, _, err, _ = run(BAD, 'reject/timer-unterminated')
    assert rc == 2 and 'cases/reject/timer-unterminated.bpf.c: ' in err, err


def main():
    passed = failed = 0
    for fn in TESTS:
        try:
            fn()
        except AssertionError as e:
            failed += 1
            print(f'not ok - export: {fn.__name__}: {e}')
            continue
        passed += 1
        print(f'ok - export: {fn.__name__}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
