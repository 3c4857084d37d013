"""What several browser tests do on the app's pages: log in as someone
through the login a stranger is sent to, log out, and save a picture of
the page for the README."""

import os
from pathlib import Path

from playwright.sync_api import expect


def log_in(page, server, email, password="rapport-demo", path=""):
    """Opens `path` as `email`, through the login the app sends a stranger to."""
    page.goto(server + path.lstrip("/"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#current-user")).to_be_visible()


def log_out(page):
    page.locator("#log-out").click()
    expect(page.locator("#email")).to_be_visible()


def snap(page, name):
    """Saves the page for the README when RAPPORT_SCREENSHOTS names a folder
    (`make screenshots`), so the pictures there always show the app as it is."""
    folder = os.environ.get("RAPPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
