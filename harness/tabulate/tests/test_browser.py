"""The HTML report in a real browser: headless Chromium loads the page built
from the recorded fixture results.  BrowserTest reads the DOM Chromium
dumps after the page opened a drill-down from its URL fragment (what
`tabulate.py browser` checks); ReaderTest drives the page like a reader
over the DevTools protocol (report/browser.py Page): it types in the
filter, picks two kernels, measures where the opened row is on the screen
and reads location.hash.  Screenshots are saved in $TWC_REPORT_TEST_OUT
(default: a temporary directory).  Skipped when Chromium is not installed
(harness/sh/setup.sh installs it).
"""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
sys.path.insert(0, os.path.join(HERE, ".."))

from report import browser, html  # noqa: E402
from report import results as R  # noqa: E402

KERNELS = ("6.19-cloud", "7.0-cloud", "7.3-cloud", "7.3-rt")
STACK = "reject/timer-cancel-async-stack-timer"
PERF = "accept/prog-perf-event-timer"
INIT_STACK = "reject/timer-init-stack-timer"


def fixture_kernels():
    return [R.load(os.path.join(FIX, k)) for k in KERNELS]


def write_page(path, kernels):
    with open(path, "w", encoding="utf-8") as f:
        f.write(html.render(kernels, "7.3-cloud"))
    return path


def url(page, fragment=""):
    return "file://" + os.path.abspath(page) + fragment


@unittest.skipUnless(browser.chromium(), "chromium is not installed")
class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.environ.get("TWC_REPORT_TEST_OUT") or cls.tmp.name
        os.makedirs(cls.out, exist_ok=True)
        cls.page = write_page(os.path.join(cls.out, "fixture-report.html"), fixture_kernels())

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_drill_down(self):
        """#open=<case>@<kernel>: the table, then the cell's log and its diff."""
        problems, dom = browser.check(
            self.page, STACK, "7.0-cloud",
            want_log="arg#0 doesn't point to a map value",
            want_diff="-R1 doesn't point to a map value", n_cases=8, n_kernels=4)
        self.assertEqual(problems, [])
        self.assertEqual(dom.text["detail-title"], f"{STACK} on 7.0-cloud")
        self.assertIn("+arg#0 doesn't point to a map value", dom.text["detail-diff"])
        cell = next(c for c in dom.cells
                    if c["data-case"] == STACK and c["data-kernel"] == "7.0-cloud")
        self.assertIn("open", cell["class"].split())
        self.assertIn("differs", cell["class"].split())
        self.assertEqual(cell["data-outcome"], "reject")
        self.assertEqual(dom.text["shown"], "8 of 8 cases shown")

    def test_filter_and_reference(self):
        """#filter= hides rows; the reference cell says it is the reference."""
        problems, dom = browser.check(self.page, STACK, "7.3-cloud", extra="&filter=stack-timer")
        self.assertEqual(problems, [])
        self.assertEqual(dom.text["shown"], "2 of 8 cases shown")
        self.assertEqual(dom.text["detail-diff"], "(this is the reference kernel)")
        shown = [r["data-case"] for r in dom.rows if "hidden" not in r]
        self.assertEqual(shown, ["reject/timer-cancel-async-stack-timer",
                                 "reject/timer-init-stack-timer"])

    def test_screenshot(self):
        png = os.path.join(self.out, "fixture-report.png")
        self.assertTrue(browser.screenshot(self.page, STACK, "7.0-cloud", png))
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


@unittest.skipUnless(browser.chromium(), "chromium is not installed")
class PageTest(unittest.TestCase):
    def test_drive_the_report(self):
        """The DevTools driver loads the report, evaluates in it, reports
        the page's JavaScript errors, and takes a screenshot."""
        with tempfile.TemporaryDirectory() as tmp:
            page = write_page(os.path.join(tmp, "r.html"), fixture_kernels())
            with browser.Page(url(page, f"#open={STACK}@7.0-cloud")) as p:
                self.assertEqual(p.eval("document.querySelectorAll('tr.row').length"), 8)
                self.assertEqual(p.eval("document.getElementById('detail').dataset.kernel"),
                                 "7.0-cloud")
                self.assertEqual(p.errors, [])
                # the error is reported when the timer's callback ends, before the
                # promise's reaction answers the evaluation
                p.eval("new Promise(r => setTimeout(() => { r(1); throw new Error('boom'); }))")
                self.assertTrue(any("boom" in e for e in p.errors), p.errors)
                png = p.screenshot(os.path.join(tmp, "r.png"))
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
