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
