"""What several browser tests do on the app's pages: log in as someone
through the login a stranger is sent to, log out, read the menu, say an
instant as the app shows it, and save a picture of the page for the
README."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

# The organisation's time zone: the one the app shows instants and days in.
ORG_TZ = ZoneInfo("Asia/Shanghai")


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


def menu(page):
    return [text.strip() for text in page.locator("nav.menu a").all_inner_texts()]


def shown(instant):
    """An RFC 3339 instant as the app shows it: minutes in the organisation's zone."""
    at = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    return at.astimezone(ORG_TZ).strftime("%Y-%m-%d %H:%M")


def snap(page, name):
    """Saves the page for the README when RAPPORT_SCREENSHOTS names a folder
    (`make screenshots`), so the pictures there always show the app as it is."""
    folder = os.environ.get("RAPPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
