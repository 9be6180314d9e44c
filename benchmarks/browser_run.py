#!/usr/bin/env python3
"""How fast is Run in the reader's browser? Times the site's own Pyodide in Debian's Chromium.

Targets (issue 14), on the project's 2-core machines:

* **first output ≤ 10 s** after the first click on Run, on a fresh visit (nothing cached);
* **a later block ≤ 0.5 s** from its click to its output, once Python has started;
* the heaviest page's **first load ≤ 1.5 MB** (nothing of the runtime is fetched on load).

For each round a fresh browser context opens the page (empty HTTP cache, as a first visit),
clicks Run on the first block and waits for its output; then runs each later block of the page
that needs no earlier one to run again, one click at a time. It reports the median and the
worst over the rounds, and the bytes the first Run fetched. The site is built first with
``mkdocs build --strict`` (or pass ``--site DIR`` for a build you made), and served on
127.0.0.1; every request that would leave the site is aborted and counted.

Usage::

    .venv/bin/python benchmarks/browser_run.py               # forward/, 5 rounds
    .venv/bin/python benchmarks/browser_run.py --page one-node/ --rounds 3 --site /tmp/site
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_OUTPUT_TARGET_S = 10.0
LATER_BLOCK_TARGET_S = 0.5
FIRST_LOAD_TARGET_BYTES = 1_500_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
DONE = "(i) => ['done', 'error', 'blocked'].includes(document.querySelectorAll('.sn-run')[i].dataset.state)"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build(site: Path) -> None:
    print(f"building the site into {site} ...", flush=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, check=True)


def bytes_of(requests) -> int:
    total = 0
    for request in requests:
        try:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:
            pass
    return total


def one_round(browser, origin: str, page_path: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    requests, outside = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else (outside.append(route.request.url), route.abort())[1])
    context.on("requestfinished", lambda request: requests.append(request))
    page = context.new_page()
    page.goto(f"{origin}/{page_path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    load_bytes = bytes_of(requests)
    loaded_runtime = [r.url for r in requests if "/pyodide/" in r.url]
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    bars = page.locator(".sn-run")
    count = bars.count()
    started = time.perf_counter()
    bars.nth(0).get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function(DONE, arg=0, timeout=300_000, polling=20)
    first = time.perf_counter() - started
    runtime_bytes = bytes_of([r for r in requests if "/pyodide/" in r.url])
    later = []
    for index in range(1, count):
        started = time.perf_counter()
        bars.nth(index).get_by_role("button", name="Run", exact=True).click()
        page.wait_for_function(DONE, arg=index, timeout=300_000, polling=20)
        later.append(time.perf_counter() - started)
    context.close()
    return {"first": first, "later": later, "load_bytes": load_bytes, "runtime_bytes": runtime_bytes,
            "runtime_on_load": loaded_runtime, "outside": outside, "blocks": count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="forward/", help="page to time (default: forward/)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site)
        server, origin = serve(site)
        pages = [p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.rglob("index.html"))]
        pages = ["" if p == "./" else p for p in pages]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            rounds = []
            for n in range(args.rounds):
                rounds.append(one_round(browser, origin, args.page))
                r = rounds[-1]
                print(f"round {n + 1}: first output {r['first']:.2f} s; later blocks median "
                      f"{statistics.median(r['later']):.3f} s, worst {max(r['later']):.3f} s", flush=True)
            weights = {}
            for path in pages:  # first-load weight of every page (one fresh context each)
                context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
                finished: list = []
                context.on("requestfinished", functools.partial(list.append, finished))
                page = context.new_page()
                page.goto(f"{origin}/{path}", wait_until="load")
                page.wait_for_load_state("networkidle")
                weights[path or "/"] = bytes_of(finished)
                context.close()
            browser.close()
        server.shutdown()

    load_after = os.getloadavg()[0]
    firsts = [r["first"] for r in rounds]
    laters = [t for r in rounds for t in r["later"]]
    heaviest = max(weights, key=weights.get)
    print()
    print(f"page {args.page}: {rounds[0]['blocks']} blocks, {args.rounds} rounds, fresh browser context each; "
          f"load average {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores "
          "(the targets are for a quiet machine: rerun when the load is below the core count)")
    print(f"first output after the first click: median {statistics.median(firsts):.2f} s, "
          f"worst {max(firsts):.2f} s (target ≤ {FIRST_OUTPUT_TARGET_S:.0f} s)")
    print(f"a later block, click to output:     median {statistics.median(laters):.3f} s, "
          f"worst {max(laters):.3f} s over {len(laters)} runs (target ≤ {LATER_BLOCK_TARGET_S} s)")
    print(f"bytes the first Run fetched:        {rounds[0]['runtime_bytes'] / 1e6:.2f} MB")
    print(f"heaviest first load:                {weights[heaviest] / 1e6:.3f} MB ({heaviest}) "
          f"(target ≤ {FIRST_LOAD_TARGET_BYTES / 1e6:.1f} MB); runtime requests on load: "
          f"{sum(len(r['runtime_on_load']) for r in rounds)}; requests leaving the site: "
          f"{sum(len(r['outside']) for r in rounds)}")
    met = (max(firsts) <= FIRST_OUTPUT_TARGET_S and statistics.median(laters) <= LATER_BLOCK_TARGET_S
           and weights[heaviest] <= FIRST_LOAD_TARGET_BYTES)
    print("targets:", "met" if met else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
