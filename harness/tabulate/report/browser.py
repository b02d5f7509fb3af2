"""browser.py: the HTML report in a real browser (headless Chromium).

Chromium loads the page with a fragment #open=<case>@<kernel>, which makes
the page's own script open that cell's drill-down; --dump-dom gives the
DOM after the script ran, which is parsed here and checked: the heat map's
rows and cells, and the drill-down's case, kernel, log and diff.  A
screenshot of the same view is saved next to the report.
"""
import html.parser
import os
import shutil
import subprocess
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--hide-scrollbars", "--window-size=1600,1000"]
TRACKED = ("detail-title", "detail-log", "detail-diff", "shown")
VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr")


def chromium():
    """The Chromium binary, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(url, action, timeout=60):
    """Chromium with a fresh profile on url; action: ["--dump-dom"] or
    ["--screenshot=PATH"].  Returns stdout."""
    with tempfile.TemporaryDirectory(prefix="twc-chromium-") as profile:
        cmd = [chromium()] + FLAGS + [f"--user-data-dir={profile}"] + action + [url]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, check=False)
    if done.returncode:
        raise RuntimeError(f"chromium exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')[-500:]}")
    return done.stdout.decode("utf-8", "replace")


class DomReader(html.parser.HTMLParser):
    """What the checks need from a dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cells, self.kernels = [], [], []
        self.detail = None          # the attributes of <aside id="detail">
        self.text = {k: "" for k in TRACKED}
        self.stack = []             # ids of the tracked elements we are in
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "tr" and "row" in cls:
            self.rows.append(a)
        elif tag == "td" and "cell" in cls:
            self.cells.append(a)
        elif tag == "aside" and a.get("id") == "detail":
            self.detail = a
        elif tag == "thead":
            self.in_head = True
        elif tag == "th" and self.in_head:
            self.kernels.append("")
        if tag not in VOID:
            self.stack.append(a.get("id") if a.get("id") in TRACKED else None)

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        if self.stack and tag not in VOID:
            self.stack.pop()

    def handle_data(self, data):
        for tracked in self.stack:
            if tracked:
                self.text[tracked] += data
        if self.in_head and self.kernels:
            self.kernels[-1] += data


def read_dom(text):
    reader = DomReader()
    reader.feed(text)
    return reader


def fragment(case, kernel):
    return f"#open={case}@{kernel}"


def check(report, case, kernel, want_log=None, want_diff=None, n_cases=None, n_kernels=None,
          extra=""):
    """Open report at case@kernel (extra: more "&key=value" of the fragment)
    in Chromium; a list of problems (empty: fine) and the DomReader."""
    url = "file://" + os.path.abspath(report) + fragment(case, kernel) + extra
    dom = read_dom(run_chromium(url, ["--dump-dom"]))
    problems = []
    if n_cases is not None and len(dom.rows) != n_cases:
        problems.append(f"the heat map has {len(dom.rows)} case rows, want {n_cases}")
    if n_kernels is not None and len(dom.kernels) != n_kernels + 1:
        problems.append(f"the heat map has {len(dom.kernels) - 1} kernel columns, "
                        f"want {n_kernels}")
    if n_cases is not None and n_kernels is not None and len(dom.cells) != n_cases * n_kernels:
        problems.append(f"the heat map has {len(dom.cells)} cells, want {n_cases * n_kernels}")
    d = dom.detail
    if d is None or "hidden" in d:
        problems.append(f"the drill-down did not open for {fragment(case, kernel)}")
    elif (d.get("data-case"), d.get("data-kernel")) != (case, kernel):
        problems.append(f"the drill-down shows {d.get('data-case')}@{d.get('data-kernel')}, "
                        f"want {case}@{kernel}")
    if want_log is not None and want_log not in dom.text["detail-log"]:
        problems.append(f"the drill-down's log lacks {want_log!r}")
    if want_diff is not None and want_diff not in dom.text["detail-diff"]:
        problems.append(f"the drill-down's diff lacks {want_diff!r}")
    return problems, dom


def screenshot(report, case, kernel, png):
    """Save a screenshot of the report opened at case@kernel."""
    url = "file://" + os.path.abspath(report) + fragment(case, kernel)
    run_chromium(url, [f"--screenshot={os.path.abspath(png)}"])
    return os.path.isfile(png)
