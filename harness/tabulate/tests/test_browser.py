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
import copy
import os
import struct
import sys
import tempfile
import unittest
import zlib

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
class ScreenshotTest(unittest.TestCase):
    def test_scrolled_screenshot_is_not_blank(self):
        """make matrix's report.png, of a long report opened at a row far
        down: the title and controls show at the top (Chromium's
        --screenshot captured such a page blank above the fold)."""
        with tempfile.TemporaryDirectory() as tmp:
            page = write_page(os.path.join(tmp, "long.html"), many_cases(fixture_kernels(), 60))
            png = os.path.join(tmp, "long.png")
            self.assertTrue(browser.screenshot(page, f"{STACK}-59", "7.0-cloud", png))
            dark = sum(1 for row in png_top_rows(png, 40) for px in row if max(px) < 100)
            self.assertGreater(dark, 200, "the top 40 rows of the screenshot have no text")


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


def png_top_rows(path, n):
    """The first n rows of an 8-bit RGB or RGBA PNG, as lists of (r, g, b)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat, width, bpp = 8, b"", 0, 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + size
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(n):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            pred = {0: 0, 1: a, 2: b, 3: (a + b) // 2,
                    4: min((a, b, c), key=lambda v: (abs(a + b - c - v), (a, b, c).index(v)))}[ftype]
            line[x] = (line[x] + pred) & 0xff
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return rows


def many_cases(kernels, copies):
    """The fixture's eight cases, `copies` times under new ids: a report as
    long as the real one, to scroll in."""
    out = []
    for k in kernels:
        k = copy.copy(k)
        k.cases = {f"{cid}-{i:02d}": dict(c, id=f"{cid}-{i:02d}")
                   for i in range(copies) for cid, c in k.cases.items()}
        out.append(k)
    return out


@unittest.skipUnless(browser.chromium(), "chromium is not installed")
class ReaderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.environ.get("TWC_REPORT_TEST_OUT") or cls.tmp.name
        os.makedirs(cls.out, exist_ok=True)
        kernels = fixture_kernels()
        contra = next(k for k in kernels if k.name == "7.0-cloud")
        contra.cases[INIT_STACK] = dict(contra.cases[INIT_STACK], outcome="accept",
                                        outcome_errno="0", message="-", errno="0")
        cls.page = write_page(os.path.join(cls.out, "reader-report.html"), kernels)
        cls.data = html.read_data(cls.page)
        cls.long = write_page(os.path.join(cls.out, "long-report.html"),
                              many_cases(fixture_kernels(), 60))
        cls.browser = browser.Page("about:blank")

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.tmp.cleanup()

    def open(self, page, fragment=""):
        """The class's tab, at the page loaded afresh."""
        self.browser.goto(url(page, fragment))
        return self.browser

    def cell_js(self, case, kernel):
        return (f"document.querySelector('td.cell[data-case=\"{case}\"]"
                f"[data-kernel=\"{kernel}\"]')")

    def test_btf_cells_coloured_by_outcome(self):
        """A BTF cell is green when no step was refused, red with the first
        refusal's errno otherwise: not one colour for every BTF case."""
        p = self.open(self.page)
        refused = p.eval(f"[{self.cell_js('btf/kernel', '6.19-cloud')}].map(td => "
                         "[td.className, td.textContent, getComputedStyle(td)"
                         ".backgroundColor])[0]")
        ok = p.eval(f"[{self.cell_js('btf/kernel', '7.3-cloud')}].map(td => "
                    "[td.className, td.textContent, getComputedStyle(td)"
                    ".backgroundColor])[0]")
        self.assertEqual(p.errors, [])
        self.assertIn("o-btf-refused", refused[0].split())
        self.assertEqual(refused[1], "ENOENT")
        self.assertIn("o-btf-ok", ok[0].split())
        self.assertEqual(ok[1], "ok")
        self.assertEqual(refused[2], "rgb(229, 115, 115)")
        self.assertEqual(ok[2], "rgb(102, 187, 106)")

    def expected_differing(self, a, b):
        ka = [k["name"] for k in self.data["kernels"]]
        ia, ib = ka.index(a), ka.index(b)
        key = (lambda x: (x["o"], x["e"], x["m"]) if x else None)
        return [c["id"] for c in self.data["cases"]
                if key(c["cells"][ia]) != key(c["cells"][ib])]

    def test_compare_two_kernels(self):
        """#a=&b=: two kernel columns, a change column, only the cases whose
        outcome, errno or message differs between the two."""
        p = self.open(self.page, "#a=6.19-cloud&b=7.0-cloud&differ=1")
        heads = p.eval("[...document.querySelectorAll('#matrix thead th[data-kernel]')]"
                       ".filter(th => th.offsetParent !== null).map(th => th.textContent)")
        rows = p.eval("[...document.querySelectorAll('tr.row')].filter(r => !r.hidden)"
                      ".map(r => r.dataset.case)")
        change = p.eval("document.querySelector('tr.row[data-case=\"" + PERF +
                        "\"] td.change').textContent")
        btf = p.eval("document.querySelector('tr.row[data-case=\"btf/kernel\"] td.change')"
                     ".textContent")
        head = p.eval("document.querySelector('th.change').textContent")
        shown = p.eval("document.getElementById('shown').textContent")
        p.screenshot(os.path.join(self.out, "compare.png"))
        self.assertEqual(p.errors, [])
        self.assertEqual(heads, ["6.19-cloud", "7.0-cloud"])
        self.assertEqual(sorted(rows), sorted(self.expected_differing("6.19-cloud", "7.0-cloud")))
        self.assertEqual(change, "reject -EINVAL → accept")
        self.assertEqual(btf, "btf refused ENOENT → btf ok")
        self.assertEqual(head, "6.19-cloud → 7.0-cloud")
        self.assertIn("(6.19-cloud compared with 7.0-cloud)", shown)

    def test_compare_picked_by_hand(self):
        """Picking the two kernels in the selects turns on 'only cases that
        differ' and puts the view in the URL."""
        p = self.open(self.page)
        for sel, value in (("cmp-a", "7.3-cloud"), ("cmp-b", "7.3-rt")):
            p.eval(f"(() => {{ const s = document.getElementById('{sel}'); "
                   f"s.value = '{value}'; s.dispatchEvent(new Event('change')); }})()")
        self.assertEqual(p.eval("location.hash"), "#a=7.3-cloud&b=7.3-rt&differ=1")
        self.assertTrue(p.eval("document.getElementById('differ').checked"))
        n = p.eval("[...document.querySelectorAll('tr.row')].filter(r => !r.hidden).length")
        self.assertEqual(n, len(self.expected_differing("7.3-cloud", "7.3-rt")))

    def test_open_scrolls_to_the_row(self):
        """#open= on a case far down a long report: the page scrolls so that
        the cell is on the screen, below the sticky header."""
        case = "reject/timer-init-stack-timer-57"
        p = self.open(self.long, f"#open={case}@7.0-cloud")
        y = p.eval("window.scrollY")
        box = p.eval(f"(() => {{ const r = {self.cell_js(case, '7.0-cloud')}"
                     ".getBoundingClientRect(); return [r.top, r.bottom]; })()")
        header = p.eval("document.querySelector('header').getBoundingClientRect().bottom")
        kernels = p.eval("document.querySelector('#matrix thead th').getBoundingClientRect().top")
        height = p.eval("window.innerHeight")
        p.screenshot(os.path.join(self.out, "open-scrolled.png"))
        self.assertEqual(p.errors, [])
        self.assertGreater(y, 1000)
        self.assertGreater(box[0], header)
        self.assertLess(box[1], height)
        self.assertGreaterEqual(kernels, header - 1)    # the kernel names stay visible

    def test_filters_in_the_url(self):
        """Typing a filter and ticking a box write the URL; the URL restores
        them in a new page."""
        p = self.open(self.page)
        p.eval("(() => { const f = document.getElementById('filter'); f.value = 'stack'; "
               "f.dispatchEvent(new Event('input')); })()")
        p.eval("document.getElementById('differ').click()")
        p.eval("document.getElementById('area').value = 'TMR-ARG'")
        p.eval("document.getElementById('area').dispatchEvent(new Event('change'))")
        hash_ = p.eval("location.hash")
        link = p.eval("document.getElementById('permalink').getAttribute('href')")
        rows = p.eval("[...document.querySelectorAll('tr.row')].filter(r => !r.hidden)"
                      ".map(r => r.dataset.case)")
        self.assertEqual(hash_, "#filter=stack&area=TMR-ARG&differ=1")
        self.assertEqual(link, hash_)
        self.assertEqual(rows, [INIT_STACK])
        p = self.open(self.page, hash_)
        state = p.eval("['filter', 'area'].map(id => document.getElementById(id).value)"
                       ".concat([document.getElementById('differ').checked])")
        again = p.eval("[...document.querySelectorAll('tr.row')].filter(r => !r.hidden)"
                       ".map(r => r.dataset.case)")
        self.assertEqual(state, ["stack", "TMR-ARG", True])
        self.assertEqual(again, rows)

    def test_expected_reject_accepted(self):
        """A reject/ case accepted on a kernel reads 'expected reject,
        accepted', and the judgement names the verdict table, not a bare
        PASS."""
        p = self.open(self.page, f"#open={INIT_STACK}@7.0-cloud")
        contra = p.eval("(() => { const e = document.getElementById('detail-contra'); "
                        "return [e.hidden, e.textContent]; })()")
        facts = p.eval("[...document.querySelectorAll('#detail-facts dt')].map(dt => "
                       "dt.textContent + ': ' + dt.nextElementSibling.textContent)")
        cls = p.eval(self.cell_js(INIT_STACK, "7.0-cloud") + ".className")
        p.screenshot(os.path.join(self.out, "expected-reject-accepted.png"))
        self.assertEqual(p.errors, [])
        self.assertEqual(contra, [False, "expected reject, accepted"])
        self.assertIn("expected: reject (the case is in reject/: what the reference kernel "
                      "must do)", facts)
        self.assertIn("outcome: accept (accepted)", facts)
        self.assertIn("against: as 7.0-cloud's verdict table records (PASS)", facts)
        self.assertFalse(any(f.startswith("judged") for f in facts))
        self.assertIn("contra", cls.split())


if __name__ == "__main__":
    unittest.main()
