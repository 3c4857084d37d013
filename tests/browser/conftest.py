"""Fixtures of the browser tests: the real server on a fresh SQLite file
with the demo team and customers, and Debian's Chromium driven by
Playwright. `make test-browser` builds the server and the app first.

A test takes `server` (its URL), `api` (an api_client.Api on it) and `page`
(a fresh Playwright page in its own browser context, so no cookies or
storage leak between tests). The server is one per session, as a user's
would be; a test makes the data it needs through `api` rather than relying
on what another test left behind.
"""

import os
import re
import shutil
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from api_client import Api
from browsing import ORG_TZ

ROOT = Path(__file__).resolve().parents[2]

# Debian's Chromium; `playwright install` (its own browser download) is
# never run and would not work here. The network flags keep Chromium from
# calling home through this machine's closed network at every start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
]

# How long an expect() waits: a cold start of the wasm app on a loaded
# two-core machine takes seconds.
expect.set_options(timeout=20_000)


def chromium_path():
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.exit("Chromium not found; install Debian's chromium (scripts/setup browser does)", returncode=2)
    return found


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The URL (`http://127.0.0.1:<port>/`) of a server started for this session."""
    binary = Path(os.environ.get("RAPPORT_BIN", ROOT / "target/debug/rapport"))
    if not os.access(binary, os.X_OK):
        pytest.exit(f"{binary} is missing; build it first (make test-browser does)", returncode=2)
    frontend = ROOT / "frontend/dist"
    if not (frontend / "index.html").is_file():
        pytest.exit("the app is not built; run make frontend", returncode=2)
    folder = tmp_path_factory.mktemp("server")
    env = dict(os.environ,
               RAPPORT_BIND="127.0.0.1:0",
               RAPPORT_DATABASE_URL=f"sqlite://{folder}/rapport.db",
               RAPPORT_DEMO_DATA="true",
               RAPPORT_ADMIN_EMAIL="admin@rapport.local",
               RAPPORT_ADMIN_PASSWORD="rapport-admin",
               RAPPORT_FRONTEND_DIR=str(frontend),
               RAPPORT_JWT_SECRET="browser-tests-secret-browser-tests-secret")
    out, err = folder / "server.out", folder / "server.err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        process = subprocess.Popen([str(binary)], env=env, stdout=stdout, stderr=stderr, cwd=folder)
    try:
        yield wait_for_url(process, out, err)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_url(process, out, err, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(r"^Rapport is running at (http\S+)$", out.read_text(), re.MULTILINE)
        if found:
            return found.group(1)
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{err.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"the server did not start in {seconds} s:\n{err.read_text()}")


# The longest a test takes, with room to spare.
LONGEST_TEST = timedelta(minutes=3)


@pytest.fixture(autouse=True)
def clear_of_midnight():
    """Starts a test no closer to midnight in the organisation's zone than
    LONGEST_TEST, waiting it out if need be. Tests read "today" there and
    compare what they count from it with what the server and the app count
    from theirs moments later: begun just before midnight, the two days
    differed."""
    now = datetime.now(ORG_TZ)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    if midnight - now < LONGEST_TEST:
        time.sleep((midnight - now).total_seconds() + 1)


@pytest.fixture(scope="session")
def api(server):
    return Api(server)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()
