"""The app and the API's documentation render in a real browser."""

from playwright.sync_api import expect


def test_the_app_shell_shows_the_server_version_it_fetched(server, api, page):
    # The HTML the server sends has no version: only a working wasm app
    # that fetched /healthz puts it on the page.
    version = api.get("/healthz")["version"]

    page.goto(server)

    expect(page.locator("#server-version")).to_have_text(f"Rapport v{version}")


def test_swagger_ui_renders_the_operations_and_the_authorize_button(server, page):
    page.goto(server + "swagger-ui/")

    expect(page.locator("button.btn.authorize")).to_be_visible()
    expect(page.locator('[data-path="/api/v1/customers"]').first).to_be_attached()


def test_the_app_is_kept_by_browsers_by_content_and_its_entry_points_are_revalidated(server):
    import re
    import urllib.request

    def fetch(path):
        with urllib.request.urlopen(server.rstrip("/") + path, timeout=30) as response:
            return response.headers, response.read().decode(errors="replace")

    headers, index = fetch("/")
    assert headers["cache-control"] == "no-cache"
    headers, boot = fetch("/boot.js")
    assert headers["cache-control"] == "no-cache"
    app = re.search(r'"(/app-[0-9a-f]{16}\.js)"', boot).group(1)
    style = re.search(r'href="(/style-[0-9a-f]{16}\.css)"', index).group(1)
    for path in (app, style, app.replace(".js", "_bg.wasm")):
        headers, _ = fetch(path)
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
