"""README's quoted goldens: every code block of README.md that shows a
golden's header ("# twc golden: ...") shows the header the committed
golden of that case has now, so a re-bless (a new normalizer, compiler
or kernel) cannot leave the README describing an older one.
"""
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def header(lines):
    """The leading '# ' lines of a golden: its header."""
    out = []
    for line in lines:
        if not line.startswith("# "):
            break
        out.append(line)
    return out


def quoted_headers(readme):
    """(case id, header lines) of each README block quoting a golden."""
    for block in re.findall(r"```\n(# twc golden:.*?)```", readme, re.S):
        lines = header(block.splitlines())
        case = [l[len("# case: "):] for l in lines if l.startswith("# case: ")]
        yield (case[0] if case else None), lines


class ReadmeGoldenTest(unittest.TestCase):
    def test_quoted_headers_are_the_committed_ones(self):
        with open(os.path.join(TOP, "README.md"), encoding="utf-8") as f:
            quoted = list(quoted_headers(f.read()))
        self.assertGreater(len(quoted), 0, "README quotes no golden header")
        for case, lines in quoted:
            self.assertIsNotNone(case, "a quoted golden header without '# case:'")
            path = os.path.join(TOP, "expected", case + ".log")
            with open(path, encoding="utf-8") as f:
                committed = header(f.read().splitlines())
            self.assertEqual(lines, committed, f"README's header of {path}")

    def test_quote_read(self):
        readme = "text\n```\n# twc golden: x\n# case: a/b\n# normalizer: 2\nlog\n```\n"
        self.assertEqual(list(quoted_headers(readme)),
                         [("a/b", ["# twc golden: x", "# case: a/b", "# normalizer: 2"])])


if __name__ == "__main__":
    unittest.main()
