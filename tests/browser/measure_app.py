#!/usr/bin/env python3
"""Measures the staff app as a user meets it and prints the figures
(`make bench-app`; not a test: nothing here passes or fails).

- the app's size on the wire: each built file raw, gzip-compressed, and
  as sent to Chromium (its Brotli copy);
- the queue's first paint: from opening `/requests?view=all` (logged in,
  so the session is restored from the kept refresh token, as after a
  reload) to 50 rows on screen, several times, median and worst;
- the countdown's cost: Chromium's own task time (CDP Performance
  metrics) over ten seconds with the 50 badges ticking, as a share of one
  core.

usage: measure_app.py <server binary> <sqlite database file> <email> <password>
The database is one `rapport-bench --keep` seeded (see the Makefile).
"""

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from conftest import CHROMIUM_ARGS, ROOT, wait_for_url

OPENINGS = 7
TICK_SECONDS = 10


def sizes(dist):
    """Each file raw, gzip -9, and as Chromium gets it: the Brotli copy
    `make frontend` leaves beside it when there is one (the server sends
    that to browsers accepting br), else the gzip the server makes."""
    print("app file sizes (raw / gzip -9 / on the wire):")
    totals = [0, 0, 0]
    for path in sorted(dist.iterdir()):
        if path.suffix in (".br", ".gz"):
            continue
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, 9))
        brotli = path.with_name(path.name + ".br")
        wire = brotli.stat().st_size if brotli.exists() else packed
        for index, size in enumerate((len(raw), packed, wire)):
            totals[index] += size
        print(f"  {path.name:40} {len(raw):>10,} {packed:>10,} {wire:>10,}")
    print(f"  {'all':40} {totals[0]:>10,} {totals[1]:>10,} {totals[2]:>10,}")


def start(binary, database, folder):
    env = dict(os.environ,
               RAPPORT_BIND="127.0.0.1:0",
               RAPPORT_DATABASE_URL=f"sqlite://{database}",
               RAPPORT_FRONTEND_DIR=str(ROOT / "frontend/dist"),
               RAPPORT_JWT_SECRET="measure-app-secret-measure-app-secret",
               RUST_LOG="warn")
    out, err = folder / "server.out", folder / "server.err"
    process = subprocess.Popen([binary], env=env, stdout=open(out, "w"), stderr=open(err, "w"), cwd=folder)
    return process, wait_for_url(process, out, err, seconds=120)


def main():
    binary, database, email, password = sys.argv[1:5]
    sizes(ROOT / "frontend/dist")
    folder = Path(tempfile.mkdtemp(prefix="rapport-measure-"))
    process, url = start(binary, database, folder)
    try:
        with sync_playwright() as playwright:
            chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(url + "login")
            page.locator("#email").fill(email)
            page.locator("#password").fill(password)
            page.locator("form button[type=submit]").click()
            page.locator("#current-user").wait_for(timeout=60_000)

            rows = page.locator("table.queue tbody tr")
            timings = []
            for _ in range(OPENINGS):
                started = time.monotonic()
                page.goto(url + "requests?view=all")
                rows.nth(49).wait_for(timeout=60_000)
                timings.append(time.monotonic() - started)
            total = page.locator('.tab[data-view="all"] .count').inner_text()
            print(f"queue, 50 rows of {total or '?'} requests, opening to rows shown "
                  f"({OPENINGS} times): median {statistics.median(timings) * 1000:.0f} ms, "
                  f"worst {max(timings) * 1000:.0f} ms")

            session = page.context.new_cdp_session(page)
            session.send("Performance.enable")

            def task_seconds():
                metrics = session.send("Performance.getMetrics")["metrics"]
                return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

            ticking = page.locator(".sla.running, .sla.at-risk, .sla.breached").count()
            before, started = task_seconds(), time.monotonic()
            time.sleep(TICK_SECONDS)
            busy, elapsed = task_seconds() - before, time.monotonic() - started
            print(f"countdown, {ticking} badges ticking for {elapsed:.0f} s: "
                  f"{busy * 1000:.0f} ms of the renderer's main thread, {100 * busy / elapsed:.2f}% of one core")
            browser.close()
    finally:
        process.terminate()
        try:
            # Graceful shutdown waits for requests in flight, such as a
            # notification long poll (up to 30 s); the figures are printed.
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
