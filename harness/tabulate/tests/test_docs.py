"""Tests of the timer-usage docs: the generator (report/docs.py,
docindex.py, evidence.py), the plain-C and BTF-as-C renderers and the
claim checker (report/docverify.py), on fixtures/tree/: a small twc tree
whose verdict tables hold the shapes the docs must get right (a PREEMPT_RT
kernel refusing a prog-rt case, libbpf-only rows, a kernel that accepts a
reject/ case, a refusal with another cause, a crash, BTF cases), and on
the repository's own tree (every claim of the committed docs checked).
"""
import contextlib
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.join(HERE, "fixtures", "tree")
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(HERE, ".."))

import tabulate  # noqa: E402
from report import corpus, docs, docverify, evidence  # noqa: E402

ANNOTATIONS = ("__rule(", "__msg(", "__errno(", "__success", "__failure", "__description(",
               "__requires(", "__caps_unpriv(", "__xfail(", '#include "twc.h"')


def run_main(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = tabulate.main(argv)
    return rc, out.getvalue()


def section(files, rule_id):
    """One rule's section, from whichever page has it."""
    for path, text in files.items():
        head = f'<a id="{rule_id.lower()}"></a>\n### {rule_id}\n'
        if head in text:
            start = text.index(head)
            end = text.find('\n<a id="', start + 1)
            return text[start:end if end > 0 else None]
    raise AssertionError(f"no section {rule_id}")


def kernel_row(text, kernel):
    """The cells of a kernel's row in a section's per-kernel table."""
    line = next(l for l in text.split("\n") if l.startswith(f"| {kernel} "))
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def summary(text):
    return next(l for l in text.split("\n") if l.startswith("Kernels: "))


def copy_tree(tmp):
    dst = os.path.join(tmp, "tree")
    shutil.copytree(TREE, dst)
    return dst


def set_row(tree, kernel, cid, row):
    """Replace a case's row in a fixture copy's verdict table."""
    path = os.path.join(tree, "expected", "verdicts", kernel + ".tsv")
    with open(path, encoding="utf-8") as f:
        lines = [l if not l.startswith(cid + "\t") else "\t".join((cid,) + row) + "\n"
                 for l in f]
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)


class FixtureDocs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = docs.render_all(TREE)
        cls.corpus = corpus.Corpus(TREE)


class IndexTest(FixtureDocs):
    def test_questions_link_into_pages(self):
        index = self.files[docs.INDEX]
        for q in ("## Which program types may use a timer or a wq, and from which kernel?",
                  "## What may a timer, wq or task_work callback do?",
                  "## Which map types and value layouts may hold a timer or a wq?"):
            self.assertIn(q, index)
        links = re.findall(r"\]\((timer-usage/[a-z-]+\.md)#([a-z0-9-]+)\)", index)
        self.assertTrue(links)
        for page, anchor in links:
            self.assertIn(page, self.files)
            self.assertIn(f'<a id="{anchor}"></a>', self.files[page])

    def test_program_types(self):
        """kprobe may use a timer from 7.0 on (6.19 refuses it); a wq from
        7.0 on, unknown before (libbpf failed there)."""
        index = self.files[docs.INDEX]
        timer = next(l for l in index.split("\n") if l.startswith("| `kprobe` | `bpf_timer` |"))
        wq = next(l for l in index.split("\n") if l.startswith("| `kprobe` | `bpf_wq` |"))
        self.assertIn("| 7.0-cloud | `accept/prog-kprobe-timer`", timer)
        self.assertIn("| 7.0-cloud; not known before | `accept/prog-kprobe-wq`", wq)
        self.assertTrue(wq.endswith("| ⛔ libbpf | ⛔ libbpf | ⛔ libbpf | ✅ | ✅ | ✅ |"))
        n = re.search(r"❌ -EINVAL \[(\d)\]", timer).group(1)
        self.assertIn(f"[{n}] `tracing progs cannot use bpf_timer yet`", index)

    def test_map_types(self):
        index = self.files[docs.INDEX]
        self.assertIn("| `BPF_MAP_TYPE_PERCPU_HASH` | — | `map -EOPNOTSUPP` | — |", index)
        self.assertIn("| `BPF_MAP_TYPE_HASH` | — | `ok` on 6.1-cloud, 6.12-cloud, 6.19-cloud, "
                      "7.0-cloud, 7.3-cloud; `probe -EOPNOTSUPP` on 7.3-rt | — |", index)


class WrongClaimsTest(FixtureDocs):
    """The four claims issue 15 found wrong, each from the tables."""

    def test_pt02_wq_not_the_shared_timer_map(self):
        """PT-02 (wq in tracing programs) is shown by the wq-only case; where
        libbpf failed, nothing is known; the shared timer+wq map's refusal
        (the timer's, PT-01) is not PT-02's."""
        s = section(self.files, "PT-02")
        self.assertIn("#### Allowed: `accept/prog-kprobe-wq`", s)
        self.assertEqual(summary(s), "Kernels: shown on 7.0-cloud, 7.3-cloud, 7.3-rt; nothing "
                                     "known on 6.1-cloud, 6.12-cloud, 6.19-cloud.")
        self.assertTrue(kernel_row(s, "6.19-cloud")[1].startswith(
            "⛔ not known: libbpf failed first, -EINVAL"))
        self.assertNotIn("tracing progs cannot use bpf_timer yet", s)
        self.assertIn("Not counted, though they name PT-02: "
                      "`accept/prog-kprobe-timer-map-reference-only`", s)

    def test_pt05_shown_by_the_rt_kernel(self):
        """PT-05 cannot be shown on the reference, but the PREEMPT_RT kernel
        refuses the prog-rt case with the rule's message."""
        s = section(self.files, "PT-05")
        self.assertIn("Kernels: shown on 7.3-rt;", summary(s))
        self.assertIn("#### Refused: `reject/prog-rt-timer-init`", s)
        self.assertIn("7.3-rt refuses it with -EOPNOTSUPP:\n\n```text\nbpf_timer cannot be "
                      "used for PREEMPT_RT.\n```", s)
        self.assertEqual(kernel_row(s, "7.3-rt (PREEMPT_RT)")[2],
                         "❌ refused, -EOPNOTSUPP `bpf_timer cannot be used for PREEMPT_RT.`")
        self.assertNotIn("No case shows it", s)

    def test_pt05_before_the_rt_cases_ran(self):
        """With the prog-rt cases skipped on the rt kernel (the tables before
        PREEMPT_RT detection was fixed), the page still says what 7.3-rt
        did: other cases were refused there with the rule's message."""
        with tempfile.TemporaryDirectory() as tmp:
            tree = copy_tree(tmp)
            for cid in ("reject/prog-rt-timer-init", "accept/prog-rt-wq-allowed"):
                set_row(tree, "7.3-rt", cid, ("skip", "-", "requires a PREEMPT_RT kernel"))
            files = docs.render_all(tree)
            problems = docverify.verify(corpus.Corpus(tree), files)
        s = section(files, "PT-05")
        self.assertIn("its message seen in other cases' refusals on 7.3-rt", summary(s))
        self.assertRegex(s, r"- 7\.3-rt: \d+ cases that do not name PT-05 were refused there "
                            r"with its message, e\.g\. `accept/")
        self.assertEqual(problems, [])

    def test_tmr_arg_12_example_is_map_in_map(self):
        """TMR-ARG-12's allowed example is the map-in-map case about it, not
        the global-data case that needs bpf_timer_cancel_async."""
        s = section(self.files, "TMR-ARG-12")
        self.assertIn("#### Allowed: `accept/timer-init-inner-map-callback-map`", s)
        self.assertNotIn("#### Allowed: `accept/timer-start-global-data`", s)
        rule = self.corpus.rules["TMR-ARG-12"]
        glob_case = self.corpus.cases["accept/timer-start-global-data"]
        self.assertTrue(evidence.exercises(self.corpus, glob_case, rule, evidence.ALLOWED))
        self.assertEqual(evidence.requires_related(glob_case, rule),
                         ["kfunc:bpf_timer_cancel_async"])

    def test_cb_slp_01_contradiction_and_other_cause(self):
        """6.12 accepts the reject/ case: flagged as a contradiction; 6.1
        refuses it with another message: not the rule shown there."""
        s = section(self.files, "CB-SLP-01")
        self.assertEqual(kernel_row(s, "6.12-cloud")[2], "⚠ accepted, though in reject/")
        self.assertEqual(kernel_row(s, "6.1-cloud")[2], "❌ refused, -EINVAL "
                         "`bpf_fentry_test1 is not sleepable`: another message")
        line = summary(s)
        self.assertIn("⚠ contradicted on 6.12-cloud (`reject/timer-cb-copy-from-user-fentry-s`)",
                      line)
        self.assertTrue(line.startswith("Kernels: shown on 7.3-cloud;"))
        self.assertIn("allowed side shown and refused side refused with other messages only on "
                      "6.1-cloud, 6.19-cloud, 7.0-cloud", line)


class ExamplesTest(FixtureDocs):
    def test_plain_c(self):
        """No twc annotation or include in any example; the load conditions
        they carried are comments."""
        for path, text in self.files.items():
            for block in re.findall(r"```c\n(.*?)```", text, re.S):
                for a in ANNOTATIONS:
                    self.assertNotIn(a, block, f"{path}")
                self.assertIn('#include "vmlinux.h"', block)

    def test_btf_as_c(self):
        s = section(self.files, "BTF-02")
        self.assertIn("#### Refused: `btf/timer-misaligned`", s)
        self.assertIn("\tstruct bpf_timer t;\t/* offset 4 in the BTF; C would put it at 8 */", s)
        self.assertIn("\treturn bpf_timer_init(value + 4, &m, CLOCK_MONOTONIC);", s)
        self.assertIn("} m SEC(\".maps\");\t/* reference kernel: ok */", s)
        code = s[s.index("```c"):]
        for word in ("expect ok", "probe p timer-init", "std u32"):
            self.assertNotIn(word, code)

    def test_every_example_exercises_its_rule(self):
        """Every example the generator shows passes evidence.exercises()."""
        shown = 0
        for path, text in self.files.items():
            for m in re.finditer(r"^#### (Allowed|Refused): `([^`]+)`$", text, re.M):
                rule_id = re.findall(r"^### (\S+)$", text[:m.start()], re.M)[-1]
                rule = self.corpus.rules.get(rule_id)
                if rule is None:
                    continue
                side = evidence.ALLOWED if m.group(1) == "Allowed" else evidence.REFUSED
                self.assertEqual(evidence.exercises(self.corpus, self.corpus.cases[m.group(2)],
                                                    rule, side), [], f"{path} {rule_id}")
                shown += 1
        self.assertGreater(shown, 10)


class VerifyTest(FixtureDocs):
    """docverify finds a claim no case result shows."""

    def problems(self, path, old, new):
        files = dict(self.files)
        self.assertIn(old, files[path])
        files[path] = files[path].replace(old, new, 1)
        return docverify.verify(self.corpus, files)

    def test_clean(self):
        self.assertEqual(docverify.verify(self.corpus, self.files), [])

    def test_a_cell_that_no_row_shows(self):
        page = "timer-usage/prog-type.md"
        s = section(self.files, "PT-02")
        row = next(l for l in s.split("\n") if l.startswith("| 6.19-cloud |"))
        got = self.problems(page, row, "| 6.19-cloud | ✅ accepted | 1 shown |")
        self.assertEqual(len(got), 1)
        self.assertIn("PT-02: 6.19-cloud `accept/prog-kprobe-wq`: says '✅ accepted'", got[0])

    def test_a_message_that_is_not_the_kernels(self):
        got = self.problems("timer-usage/cb-slp.md", "`bpf_fentry_test1 is not sleepable`",
                            "`sleepable helper bpf_copy_from_user#148 in non-sleepable prog`")
        self.assertTrue(any("6.1-cloud `reject/timer-cb-copy-from-user-fentry-s`" in p
                            for p in got))

    def test_a_kernel_behaviour_no_case_shows(self):
        got = self.problems("timer-usage/prog-type.md",
                            "Kernels: shown on 7.0-cloud, 7.3-cloud, 7.3-rt; nothing known on "
                            "6.1-cloud, 6.12-cloud, 6.19-cloud.",
                            "Kernels: shown on 6.19-cloud, 7.0-cloud, 7.3-cloud, 7.3-rt; nothing "
                            "known on 6.1-cloud, 6.12-cloud.")
        self.assertEqual(got, ["timer-usage/prog-type.md: PT-02: says 'shown' on 6.19-cloud, "
                               "which no case result shows"])

    def test_a_contradiction_that_is_not_one(self):
        got = self.problems("timer-usage/cb-slp.md",
                            "⚠ contradicted on 6.12-cloud (`reject/timer-cb-copy-from-user-fentry-s`)",
                            "⚠ contradicted on 6.19-cloud (`reject/timer-cb-copy-from-user-fentry-s`)")
        self.assertTrue(any("contradicts its directory on 6.19-cloud" in p for p in got))

    def test_an_example_that_does_not_exercise_its_rule(self):
        got = self.problems("timer-usage/timer-arg.md",
                            "#### Allowed: `accept/timer-init-inner-map-callback-map`",
                            "#### Allowed: `accept/timer-start-global-data`")
        self.assertEqual(got, ["timer-usage/timer-arg.md: TMR-ARG-12: allowed example "
                               "`accept/timer-start-global-data` is not about TMR-ARG-12 first, "
                               "while another case showing that side is"])
        got = self.problems("timer-usage/cb-slp.md",
                            "#### Refused: `reject/timer-cb-copy-from-user-fentry-s`",
                            "#### Refused: `reject/timer-init-stack-timer`")
        self.assertEqual(len(got), 1)
        self.assertIn("does not name CB-SLP-01", got[0])

    def test_index_cells(self):
        index = self.files[docs.INDEX]
        line = next(l for l in index.split("\n") if l.startswith("| `kprobe` | `bpf_wq` |"))
        got = self.problems(docs.INDEX, line, line.replace("| ⛔ libbpf | ✅ |", "| ✅ | ✅ |"))
        self.assertTrue(any("6.19-cloud `accept/prog-kprobe-wq`" in p for p in got), got)
        got = self.problems(docs.INDEX, "| 7.0-cloud; not known before | `accept/prog-kprobe-wq`",
                            "| 7.0-cloud | `accept/prog-kprobe-wq`")
        self.assertTrue(any("accepted since" in p for p in got), got)


class CliTest(unittest.TestCase):
    def test_out_and_check(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "docs")
            self.assertEqual(run_main(["docs", "--top", TREE, "--out", out])[0], 0)
            self.assertTrue(os.path.isfile(os.path.join(out, "timer-usage", "cb-slp.md")))
            self.assertEqual(run_main(["docs", "--top", TREE, "--check", out])[0], 0)
            with open(os.path.join(out, "timer-usage", "stale.md"), "w") as f:
                f.write("old page\n")
            rc, text = run_main(["docs", "--top", TREE, "--check", out])
            self.assertEqual(rc, 1)
            self.assertIn("timer-usage/stale.md is not generated", text)
            self.assertEqual(run_main(["docs", "--top", TREE, "--out", out])[0], 0)
            self.assertFalse(os.path.exists(os.path.join(out, "timer-usage", "stale.md")))
            page = os.path.join(out, "timer-usage", "cb-slp.md")
            with open(page, encoding="utf-8") as f:
                text = f.read()
            with open(page, "w", encoding="utf-8") as f:
                f.write(text.replace("⚠ accepted, though in reject/", "✅ accepted", 1))
            rc, text = run_main(["docs", "--top", TREE, "--check", out])
            self.assertEqual(rc, 1)
            self.assertIn("cb-slp.md is stale", text)
            self.assertIn("claim not shown by a case result: timer-usage/cb-slp.md: CB-SLP-01: "
                          "6.12-cloud", text)


def bpf_headers():
    """(vmlinux.h dir, libbpf include dir) from the tools cache, or None."""
    cache = os.environ.get("TWC_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "twc")
    for vmlinux in sorted(glob.glob(os.path.join(cache, "tools", "*", "include", "vmlinux.h"))):
        tools = os.path.dirname(os.path.dirname(vmlinux))
        if os.path.isfile(os.path.join(tools, "libbpf", "include", "bpf", "bpf_helpers.h")):
            return os.path.dirname(vmlinux), os.path.join(tools, "libbpf", "include")
    return None


# The BPF compiler of the Makefile (CLANG, default clang-19).
BPF_CLANG = os.environ.get("CLANG") or "clang-19"


@unittest.skipUnless(shutil.which(BPF_CLANG) and bpf_headers(),
                     f"{BPF_CLANG} or the tools cache (vmlinux.h, libbpf headers) is missing")
class CompileTest(FixtureDocs):
    def test_examples_compile(self):
        """Every example of the fixture's docs is C that clang's BPF target
        takes, with vmlinux.h and libbpf's headers (as an author has them)."""
        vmlinux, libbpf = bpf_headers()
        blocks = {}
        for text in self.files.values():
            for m in re.finditer(r"^#### (?:Allowed|Refused): `([^`]+)`\n.*?```c\n(.*?)```",
                                 text, re.S | re.M):
                blocks.setdefault(m.group(1), m.group(2))
        failed, running = [], []
        with tempfile.TemporaryDirectory() as tmp:
            for n, (cid, code) in enumerate(sorted(blocks.items())):
                path = os.path.join(tmp, f"{n}.c")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(code)
                cmd = [BPF_CLANG, "-target", "bpf", "-O2", "-mcpu=v3", "-D__TARGET_ARCH_x86",
                       "-fms-extensions", "-Wno-microsoft-anon-tag", "-fsyntax-only",
                       "-I" + vmlinux, "-I" + os.path.join(TOP, "harness", "include"),
                       "-I" + libbpf, path]
                running.append((cid, subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                                      stderr=subprocess.STDOUT)))
                while len(running) >= 2 or (running and n == len(blocks) - 1):
                    cid_done, proc = running.pop(0)
                    out = proc.communicate()[0].decode()
                    if proc.returncode:
                        failed.append((cid_done, out[-800:]))
        self.assertGreater(len(blocks), 10)
        self.assertEqual(failed, [])


class CorpusDocsTest(unittest.TestCase):
    """The committed docs of this repository: every claim a case result."""

    def test_committed_docs(self):
        files = tabulate.read_docs(os.path.join(TOP, "docs"))
        self.assertIn(docs.INDEX, files)
        self.assertEqual(docverify.verify(corpus.Corpus(TOP), files), [])
        for path, text in files.items():
            for block in re.findall(r"```c\n(.*?)```", text, re.S):
                for a in ANNOTATIONS:
                    self.assertNotIn(a, block, path)


if __name__ == "__main__":
    unittest.main()
