"""Load test: N concurrent browser sessions on the dashboard while the database is rebuilt underneath.

    .venv/bin/python benchmarks/load_dashboard.py --duration 120 --sessions 10

What it does (all traffic to 127.0.0.1; every loop is bounded by the deadline and a maximum count):
1. generates the demo city and builds its database in a work folder (`peta-stunting demo --dir W --db W/x`);
2. starts `peta-stunting dashboard --db W/x --port P` as a subprocess;
3. starts a rebuild loop: `peta-stunting build ...` (or `peta-stunting demo --rebuild`, `--rebuild-with demo`)
   on the same database file, back to back, until the duration ends;
4. drives `--sessions` browser pages (Python Playwright, Debian's /usr/bin/chromium; never `playwright
   install`), each loading the map page again and again; a load counts as good when the deck.gl canvas
   `[data-testid='stDeckGlJsonChart'] canvas` is wider than 100 px and no Streamlit exception box shows;
5. prints loads, errors (target 0) by kind, p50/p95/max seconds to a drawn map, rebuilds and machine load.
Requests to any host other than 127.0.0.1/localhost are aborted and counted.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the dashboard test harness (tests/dashboard_server.py)
from dashboard_server import cli_command, start_dashboard, stop_dashboard  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
EXCEPTION = "[data-testid='stException']"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_LOADS_PER_SESSION = 10_000
MAX_REBUILDS = 500


def build_command(work: Path, db: Path, mode: str) -> list[str]:
    if mode == "demo":
        return [*cli_command(), "demo", "--rebuild", "--dir", str(work / "demo"), "--db", str(db)]
    from pipelines.demo.city import demo_files

    files = demo_files(work / "demo")
    command = [*cli_command(), "build", "--db", str(db), "--boundaries", str(files.boundaries),
               "--posyandu", str(files.posyandu), "--sasaran", str(files.sasaran),
               "--measurements", *map(str, files.measurements)]
    if files.services:
        command += ["--services", *map(str, files.services)]
    return command


class Rebuilds(threading.Thread):
    """Back-to-back rebuilds of the served database until `deadline` (monotonic seconds)."""

    def __init__(self, command: list[str], deadline: float):
        super().__init__(daemon=True)
        self.command, self.deadline = command, deadline
        self.seconds: list[float] = []
        self.failures: list[str] = []
        self.process: subprocess.Popen | None = None

    def run(self) -> None:
        for _ in range(MAX_REBUILDS):
            if time.monotonic() >= self.deadline:
                return
            started = time.monotonic()
            self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                            start_new_session=True)
            _, err = self.process.communicate()
            if self.process.returncode != 0:
                self.failures.append(err.decode(errors="replace").strip().splitlines()[-1:][0] if err else "?")
            else:
                self.seconds.append(time.monotonic() - started)


async def session(browser, url: str, deadline: float, timeout_s: float, results: dict, delay: float) -> None:
    await asyncio.sleep(delay)  # sessions arrive spread over the ramp-up, not in the same millisecond
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    blocked = results["blocked"]

    async def only_local(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            await route.continue_()
        else:
            blocked[host] += 1
            await route.abort()

    await context.route("**/*", only_local)
    page = await context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)[:200]))
    try:
        for number in range(MAX_LOADS_PER_SESSION):
            if time.monotonic() >= deadline:
                break
            js_errors.clear()
            started = time.monotonic()
            try:
                await page.goto(url, wait_until="domcontentloaded", timeout=timeout_s * 1000)
                await page.wait_for_function(
                    f"() => {{ const c = document.querySelector(\"{CANVAS}\"); return c && c.getBoundingClientRect().width > 100; }}",
                    timeout=timeout_s * 1000, polling=100)
                elapsed = time.monotonic() - started
                if await page.locator(EXCEPTION).count():
                    text = (await page.locator(EXCEPTION).first.inner_text())[:200]
                    results["errors"][f"streamlit exception: {text.splitlines()[0] if text else '?'}"] += 1
                elif js_errors:
                    results["errors"][f"page error: {js_errors[0]}"] += 1
                else:
                    results["times"].append(elapsed)
                    results["first" if number == 0 else "later"].append(elapsed)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                results["errors"][f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"] += 1
            results["loads"] += 1
    finally:
        await context.close()


async def drive(url: str, sessions: int, browsers: int, duration: float, timeout_s: float, ramp: float,
                results: dict) -> None:
    """`sessions` pages spread round-robin over `browsers` chromium processes (each has its own GPU process)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        launched = [await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                    for _ in range(browsers)]
        try:
            deadline = time.monotonic() + duration

            async def sample_load() -> None:
                while time.monotonic() < deadline:
                    results["load"].append(os.getloadavg()[0])
                    await asyncio.sleep(5)

            sampler = asyncio.create_task(sample_load())
            await asyncio.gather(*[session(launched[n % browsers], url, deadline, timeout_s, results,
                                           ramp * n / sessions) for n in range(sessions)])
            sampler.cancel()
        finally:
            for browser in launched:
                await browser.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load (default 120)")
    parser.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (default 10)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds one page load may take (default 180)")
    parser.add_argument("--browsers", type=int, default=1,
                        help="chromium processes the sessions are spread over (default 1; = sessions: one per user)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which sessions start (default 5)")
    parser.add_argument("--rebuild-with", choices=["build", "demo"], default="build",
                        help="rebuild command: 'peta-stunting build' on the demo inputs (default) or 'demo --rebuild'")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary folder, removed afterwards)")
    parser.add_argument("--port", type=int, default=0, help="dashboard port (default: a free one)")
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 50 and 1 <= args.duration <= 3600 and 1 <= args.timeout <= 600
            and 0 <= args.ramp <= args.duration and 1 <= args.browsers <= args.sessions):
        parser.error("sessions 1..50, duration 1..3600 s, timeout 1..600 s, ramp 0..duration, browsers 1..sessions")
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} is absent (apt-get install chromium)", file=sys.stderr)
        return 2

    work = args.work or Path(tempfile.mkdtemp(prefix="peta-load-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "kota.duckdb"
    print(f"work folder {work}; preparing the demo database ...", flush=True)
    subprocess.run([*cli_command(), "demo", "--dir", str(work / "demo"), "--db", str(db)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    dashboard = None
    results = {"times": [], "first": [], "later": [], "errors": Counter(), "blocked": Counter(), "loads": 0,
               "load": []}
    rebuilds = None
    load_before = os.getloadavg()
    try:
        dashboard, url = start_dashboard(db, port=args.port or None)
        url = url.replace("localhost", "127.0.0.1") + "/"
        rebuilds = Rebuilds(build_command(work, db, args.rebuild_with), time.monotonic() + args.duration)
        print(f"dashboard on {url}; {args.sessions} sessions for {args.duration:.0f} s while rebuilding ...", flush=True)
        started = time.monotonic()
        rebuilds.start()
        asyncio.run(drive(url, args.sessions, args.browsers, args.duration, args.timeout, args.ramp, results))
        wall = time.monotonic() - started
        rebuilds.join(timeout=600)
    finally:
        if rebuilds is not None and rebuilds.process is not None and rebuilds.process.poll() is None:
            stop_dashboard(rebuilds.process)  # a rebuild runs in its own process group too
        if dashboard is not None:
            stop_dashboard(dashboard)
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    times = results["times"]
    errors = sum(results["errors"].values())
    print()
    print(f"sessions            {args.sessions} in {args.browsers} browser process(es)")
    print(f"duration            {args.duration:.0f} s (wall {wall:.0f} s)")
    print(f"page loads          {results['loads']} ({len(times)} drew the map)")
    print(f"errors              {errors}")
    for kind, n in results["errors"].most_common():
        print(f"  {n:5d}  {kind}")
    print(f"time to drawn map   p50 {percentile(times, 0.5):.2f} s, p95 {percentile(times, 0.95):.2f} s, "
          f"max {max(times) if times else float('nan'):.2f} s")
    for label, values in (("first load", results["first"]), ("later loads", results["later"])):
        if values:
            print(f"  {label:<17} n {len(values)}, p50 {percentile(values, 0.5):.2f} s, p95 {percentile(values, 0.95):.2f} s")
    print(f"rebuilds            {len(rebuilds.seconds)} completed"
          + (f" (median {statistics.median(rebuilds.seconds):.1f} s each)" if rebuilds.seconds else "")
          + f", {len(rebuilds.failures)} failed")
    for failure in rebuilds.failures[:5]:
        print(f"  failed: {failure}")
    print(f"blocked non-local   {sum(results['blocked'].values())} requests {dict(results['blocked'])}")
    during = results["load"] or [float("nan")]
    print(f"machine             {os.cpu_count()} cores; 1-min load average {load_before[0]:.2f} before, "
          f"{statistics.fmean(during):.2f} mean / {max(during):.2f} max during, {load_after[0]:.2f} after")
    return 0 if errors == 0 and not rebuilds.failures else 1


if __name__ == "__main__":
    sys.exit(main())
