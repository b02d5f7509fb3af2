"""browser.py: the HTML report in a real browser (headless Chromium).

Chromium loads the page with a fragment #open=<case>@<kernel>, which makes
the page's own script open that cell's drill-down; --dump-dom gives the
DOM after the script ran, which is parsed here and checked: the heat map's
rows and cells, and the drill-down's case, kernel, log and diff.  A
screenshot of the same view is saved next to the report.

Page drives Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), so
a test can act like a reader (type in the filter, pick two kernels, read
location.hash, measure where a row is on the screen) with the standard
library only.
"""
import base64
import html.parser
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

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
        self.in_change = False      # in the compare view's "change" header

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
            self.in_change = "change" in cls
            if not self.in_change:
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
        if self.in_head and self.kernels and not self.in_change:
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
    """Save a screenshot of the report opened at case@kernel, scrolled to
    the open row as a reader sees it.  Taken over DevTools: Chromium's
    --screenshot captured a scrolled page as blank above the fold."""
    url = "file://" + os.path.abspath(report) + fragment(case, kernel)
    with Page(url) as p:
        p.wait("document.getElementById('detail') && !document.getElementById('detail').hidden")
        p.screenshot(os.path.abspath(png))
    return os.path.isfile(png)


class BrowserError(Exception):
    """Chromium died, timed out or answered with an error."""


class Page:
    """One headless Chromium tab, driven over the DevTools protocol."""

    def __init__(self, url, width=1600, height=1000, timeout=60):
        self.timeout, self.next_id, self.buf = timeout, 0, b""
        self.errors = []    # the page's uncaught JavaScript exceptions
        self.profile = tempfile.TemporaryDirectory(prefix="twc-chromium-")
        to_child, self.out = os.pipe()
        self.inp, from_child = os.pipe()

        def fds():   # in the child: its ends of the pipes as fds 3 and 4, inheritable
            a, b = os.dup(to_child), os.dup(from_child)   # a < b, so b is not 3
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)     # dup2 of an fd onto itself keeps CLOEXEC
            os.set_inheritable(4, True)
        cmd = [chromium()] + [f for f in FLAGS if not f.startswith("--window-size")] + [
            f"--window-size={width},{height}", "--remote-debugging-pipe",
            f"--user-data-dir={self.profile.name}", "about:blank"]
        # close_fds would close 3 and 4 after fds() made them; the other
        # descriptors of this process are not inheritable anyway (PEP 446)
        self.proc = subprocess.Popen(cmd, preexec_fn=fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.call("Runtime.enable")
        self.goto(url)

    def send(self, method, params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if getattr(self, "session", None):
            msg["sessionId"] = self.session
        os.write(self.out, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def receive(self, want):
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self.buf:
                raw, _, self.buf = self.buf.partition(b"\0")
                msg = json.loads(raw)
                if msg.get("method") == "Runtime.exceptionThrown":
                    details = msg["params"]["exceptionDetails"]
                    self.errors.append(details.get("exception", {}).get("description")
                                       or details.get("text"))
                if msg.get("id") == want:
                    if "error" in msg:
                        raise BrowserError(f"{msg['error']}")
                    return msg.get("result", {})
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.inp], [], [], left)[0]:
                raise BrowserError("chromium did not answer in time")
            chunk = os.read(self.inp, 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self.buf += chunk

    def call(self, method, **params):
        """One DevTools command; its result."""
        return self.receive(self.send(method, params))

    def eval(self, expression):
        """The value of a JavaScript expression in the page."""
        got = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                        awaitPromise=True)
        if "exceptionDetails" in got:
            raise BrowserError(f"{expression}: {got['exceptionDetails'].get('text')}: "
                               f"{got['result'].get('description')}")
        return got["result"].get("value")

    def wait(self, expression, timeout=20):
        """Wait until the expression is true in the page."""
        deadline = time.monotonic() + timeout
        while not self.eval(f"!!({expression})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression}"
                                   + "".join(f"\n{e}" for e in self.errors))
            time.sleep(0.05)

    def goto(self, url):
        """Load url afresh (not a same-document jump to another fragment)
        and wait until the report's script has run."""
        self.call("Page.navigate", url="about:blank")
        self.wait("location.href === 'about:blank'")
        self.errors = []
        self.call("Page.navigate", url=url)
        self.wait("document.readyState === 'complete' && "
                  "(!document.getElementById('twc-data') || document.body.dataset.ready === '1')")

    def screenshot(self, png):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(png, "wb") as f:
            f.write(base64.b64decode(data))
        return png

    def close(self):
        try:
            self.session = None
            self.send("Browser.close", {})
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            for fd in (self.inp, self.out):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
