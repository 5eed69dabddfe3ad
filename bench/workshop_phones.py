"""40 phones join a workshop and submit within 10 s, on one server, while the projector watches.

Usage: ``.venv/bin/python bench/workshop_phones.py [--phones 40] [--window 10] [--concurrency 8]``

Starts the app (``streamlit run app.py``, one process) on a fresh SQLite store in a temporary
directory, opens one Debian Chromium (/usr/bin/chromium, the flags of tests/browser/conftest.py)
and in it:

- the **facilitator**: starts a workshop on the Workshop page, acknowledges the key, and leaves the
  projector view open in presentation mode (another browser context; its live view refreshes
  itself every 2.5 s);
- **N phones** (one browser context each, 390×844, touch). Phase 1, joining: each opens the real
  join page ``/join?code=…`` (so the server issues its participant token), chooses a council, types
  a name and moves one slider — ``--concurrency`` phones at a time, since loading Streamlit's page is
  the browser's CPU, which real phones bring themselves but here shares the server's two cores.
  Phase 2, submitting: with all N contexts open, the phones press *Submit my weights* evenly over
  ``--window`` seconds (10 s; 0 = all at once).

Measured, inside each page (``performance.now()`` / ``Date.now()``, not the Python side, which
shares the event loop with 40 pages): the **submit latency** from the click on Submit to the
confirmation "Your weights are in" being on the page, p50/p95; the join time (address opened →
form ready); when the last confirmation appeared, from the first click; and how long after the
last confirmation the projector showed all N (its count reads N). Then the store is checked: N
submissions, each phone's name, council and slider as entered. The server's CPU seconds (user +
system, /proc/<pid>/stat) and its peak resident memory (VmRSS sampled every 100 ms, and VmHWM) are
printed too. Everything runs on one machine: the browsers' CPU competes with the server's, so the
latencies are an upper bound for a server whose phones are real phones.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.store.repository import Store  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop  # noqa: E402

PHONE = {"width": 390, "height": 844}
COUNCILS = ("Breckland", "South Holland")
TIMEOUT_MS = 180_000

# In the phone's page: the time from the click on Submit to the confirmation, and its wall time.
WATCH_SUBMIT = """
() => {
  window.__submitted = new Promise((resolve) => {
    let t0 = null;
    window.addEventListener('click', (e) => {
      if (t0 === null && e.target.closest('.st-key-join_submit')) t0 = performance.now();
    }, {capture: true});
    const done = () => {
      if (t0 === null) return false;
      const ok = [...document.querySelectorAll('[data-testid="stAlert"]')].some((a) => a.textContent.includes('Your weights are in'));
      if (ok) resolve({latency: performance.now() - t0, at: Date.now()});
      return ok;
    };
    const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
    obs.observe(document.body, {childList: true, subtree: true, characterData: true});
  });
}
"""

# In the projector's page: the wall time at which its submission count first reads ``n``.
WATCH_PROJECTOR = """
(n) => {
  window.__all_in = new Promise((resolve) => {
    const seen = () => {
      const m = [...document.querySelectorAll('[data-testid="stMetric"]')].find((e) => e.textContent.includes('Submissions'));
      const v = m && m.querySelector('[data-testid="stMetricValue"]');
      if (v && v.textContent.trim() === String(n)) { resolve(Date.now()); return true; }
      return false;
    };
    if (seen()) return;
    const obs = new MutationObserver(() => { if (seen()) obs.disconnect(); });
    obs.observe(document.body, {childList: true, subtree: true, characterData: true});
  });
}
"""


# The server process, from /proc (psutil is not a dependency). ----------------------------------
def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak since start), in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


class RssSampler(threading.Thread):
    """The server's resident memory every 100 ms; ``peak`` is the largest seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._halt = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.peak = max(self.peak, memory_kb(self.pid)["VmRSS"])
            except (OSError, KeyError):
                return
            self._halt.wait(0.1)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# The browsers. -----------------------------------------------------------------------------------
async def settled(page) -> None:  # noqa: ANN001 - a Playwright page
    """Streamlit connected and not running the script (it publishes both on the stApp element)."""
    await page.wait_for_timeout(150)
    await page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached")
    await page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")


async def start_workshop(browser, app: str) -> tuple[str, str]:  # noqa: ANN001
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(f"{app}/workshop")
    await settled(page)
    await page.locator(".st-key-wsf_start button").click()
    await page.wait_for_url(lambda url: "code=" in url)
    await settled(page)
    await page.locator(".st-key-wsf_key_show").get_by_text("Reveal the facilitator key").click()
    await settled(page)
    shown = [t.strip() for t in await page.get_by_test_id("stCode").all_inner_texts()]
    key = next(t for t in shown if "/join?code=" not in t)
    await page.locator(".st-key-wsf_key_ack button").click()
    await settled(page)
    code = parse_qs(urlsplit(page.url).query)["code"][0]
    await context.close()
    return code, key


async def open_projector(browser, app: str, code: str, n: int):  # noqa: ANN001, ANN201
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(f"{app}/workshop?code={code}&present=1")
    await settled(page)
    await page.get_by_test_id("stMetric").filter(has_text="Submissions").wait_for()
    await page.evaluate(WATCH_PROJECTOR, n)
    return context, page


async def join(browser, app: str, code: str, i: int, gate: asyncio.Semaphore):  # noqa: ANN001, ANN201
    """Phase 1: the phone opens the join page (its place is issued), chooses a council, types a name
    and moves a slider. Returns its context, its page and the join time (address opened → form ready)."""
    async with gate:
        context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        opened = time.time()
        await page.goto(f"{app}/join?code={code}")
        await settled(page)
        await page.locator(".st-key-join_submit button").wait_for()
        ready = time.time() - opened
        await page.locator(".st-key-join_council").get_by_text(COUNCILS[i % 2], exact=True).click()
        await settled(page)
        name = page.locator(".st-key-join_name input")
        await name.fill(f"Phone {i + 1:02d}")
        await name.press("Enter")
        await settled(page)
        slider = page.locator(".st-key-join_s_finance input[type=range]")
        await slider.focus()
        for _ in range(1 + i % 4):
            await page.keyboard.press("ArrowRight")
        await settled(page)
        await page.evaluate(WATCH_SUBMIT)
        return context, page, ready


async def submit(page, delay: float) -> dict:  # noqa: ANN001
    """Phase 2: press Submit ``delay`` seconds after the start; the page times click → confirmation."""
    await asyncio.sleep(delay)
    await page.locator(".st-key-join_submit button").click()
    result = await page.evaluate("window.__submitted")
    return {"submit_ms": result["latency"], "confirmed_at": result["at"] / 1000}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(args: argparse.Namespace, app: str, pid: int, store_url: str) -> int:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        code, key = await start_workshop(browser, app)
        projector_context, projector = await open_projector(browser, app, code, args.phones)
        print(f"workshop {code}; {args.phones} phones", flush=True)

        sampler = RssSampler(pid)
        sampler.start()
        cpu_a, t_a = cpu_seconds(pid), time.time()
        gate = asyncio.Semaphore(args.concurrency)
        phones = await asyncio.gather(*(join(browser, app, code, i, gate) for i in range(args.phones)))
        cpu_b, t_b = cpu_seconds(pid), time.time()
        join_times = [ready for _, _, ready in phones]
        print(f"phase 1, joining ({args.concurrency} contexts at a time): {t_b - t_a:.1f} s for {args.phones} phones; "
              f"address opened → form ready p50 {percentile(join_times, 0.5):.1f} s, p95 {percentile(join_times, 0.95):.1f} s; "
              f"server {cpu_b - cpu_a:.1f} CPU s", flush=True)

        step = args.window / args.phones
        t0 = time.time()
        results = await asyncio.gather(*(submit(page, i * step) for i, (_, page, _) in enumerate(phones)))
        last = max(r["confirmed_at"] for r in results)
        all_in = await projector.evaluate("window.__all_in") / 1000
        cpu1 = cpu_seconds(pid)
        sampler.stop()
        memory = memory_kb(pid)
        for context, _, _ in phones:
            await context.close()
        await projector_context.close()
        await browser.close()

    stored = Store(store_url).submissions(code, key)
    expected = {f"Phone {i + 1:02d}": (["breckland", "south_holland"][i % 2], 6 + i % 4) for i in range(args.phones)}
    found = {s.display_name: (s.council, s.inputs.get("sliders", {}).get("finance")) for s in stored}
    latency = [r["submit_ms"] for r in results]
    print(f"phase 2, submitting: {args.phones} phones press Submit {step:.2f} s apart ({args.window:g} s window), "
          f"all {args.phones} browser contexts open")
    print(f"submit latency (click → 'Your weights are in' on the phone): p50 {percentile(latency, 0.5):.0f} ms, "
          f"p95 {percentile(latency, 0.95):.0f} ms, max {max(latency):.0f} ms (n={len(latency)})")
    print(f"last confirmation {last - t0:.1f} s after the first click")
    print(f"projector showed {args.phones}: {all_in - last:+.2f} s after the last confirmation "
          f"(its live view refreshes every 2.5 s)")
    print(f"stored: {len(stored)} submissions in {len({s.ballot for s in stored})} ballots; every phone's name, council "
          f"and slider as entered: {found == expected}" + ("" if found == expected else
          f" — differ: {sorted((k, found.get(k), v) for k, v in expected.items() if found.get(k) != v)}"))
    print(f"server, phase 2: {cpu1 - cpu_b:.1f} CPU s (user + system) over {time.time() - t0:.1f} s wall; whole run "
          f"{cpu1 - cpu_a:.1f} CPU s; peak RSS during the run {sampler.peak / 1024:.0f} MB (VmHWM {memory.get('VmHWM', 0) / 1024:.0f} "
          f"MB, now {memory.get('VmRSS', 0) / 1024:.0f} MB); {os.cpu_count()} CPU cores shared with the browsers")
    ok = len(stored) == args.phones and found == expected and all_in - last <= 3.0
    print("OK" if ok else "NOT MET: see above")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=40)
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which the phones press Submit (0: all at once)")
    parser.add_argument("--concurrency", type=int, default=8,
                        help="phones joining at once in phase 1 (page loads are the browsers' CPU, on the same 2 cores)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store_url = f"sqlite:///{tmp}/appraisal.sqlite3"
        port = free_port()
        proc = start_streamlit("app.py", port, env={"APPRAISAL_STORE_URL": store_url}, log=Path(tmp) / "streamlit.log")
        try:
            return asyncio.run(run(args, f"http://127.0.0.1:{port}", proc.pid, store_url))
        finally:
            stop(proc)


if __name__ == "__main__":
    sys.exit(main())
