"""Selling in the browser (SPEC 2 and 5), what was left to Swagger: the
service desk prices a customer's first contract in the quote calculator,
drafts it from there, and the draft the API returns covers and charges
what the calculator showed, to the fen, before it is walked to paid; sales
records an order of two lines, and the API stores the fen and the date
typed, with a refusal shown beside its line's field; an administrator adds
a product to the catalogue, edits it with the version read, and finds it in
the order form; a role that may not gets no button and a clear refusal at
the address; and these pages in English without a Chinese word of their own."""

import re
import uuid
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from browsing import ORG_TZ, log_in, log_out, snap
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
ADMIN = ("admin@rapport.local", "rapport-admin")
SERVICE = "service@rapport.local"
SALES = "sales@rapport.local"
TECHNICIAN = "tech@rapport.local"
MANAGER = "manager@rapport.local"


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def money(cents):
    return f"¥{cents // 100:,}.{cents % 100:02d}"


def today():
    return datetime.now(ORG_TZ).date()


def verified_customer(api, name):
    """A customer the service desk registered and a manager verified."""
    service, manager = api.login(SERVICE), api.login(MANAGER)
    customer = api.post("/api/v1/customers", service, {
        "name": name, "industry": "Manufacturing", "address": "1 Test Road",
        "stage": "new", "tier": "core", "preferred_channel": "phone"}, status=201)
    return api.post(f"/api/v1/customers/{customer['id']}/review", manager,
                    {"version": customer["version"], "decision": "verified"})


def product(api, name, kind="software", price=100_000):
    return api.post("/api/v1/products", api.login(SALES), {
        "sku": unique("SKU-"), "name": name, "kind": kind, "list_price_cents": price}, status=201)


def ordered(api, customer, order_date, lines):
    """An order of `customer` on `order_date` of (product, quantity, unit price) lines."""
    return api.post("/api/v1/orders", api.login(SALES), {
        "customer_id": customer["id"], "order_date": order_date.isoformat(),
        "lines": [{"product_id": p["id"], "quantity": q, "unit_price_cents": c} for p, q, c in lines]},
        status=201)


def test_the_desk_drafts_the_contract_it_priced_and_the_draft_charges_what_the_calculator_showed(server, api, page):
    customer = verified_customer(api, unique("宁波报价客户"))
    # Bought within the last year: a first contract covers it.
    ordered(api, customer, today() - timedelta(days=40), [
        (product(api, "监控主机", "hardware"), 3, 1_234_567), (product(api, "监控软件"), 1, 45_45)])
    log_in(page, server, SERVICE, path=f"/customers/{customer['id']}/quote")
    row = page.locator('table.quotes tr[data-package="STANDARD"]')
    expect(row.locator("td.fee")).to_have_text(re.compile(r"^¥[\d,]+\.\d\d$"))
    shown_fee = row.locator("td.fee").inner_text()
    shown_covered = row.locator("td").nth(2).inner_text()
    assert shown_covered == money(3 * 1_234_567 + 45_45)

    row.locator("a.draft-contract").click()
    start = today()
    expect(page).to_have_url(re.compile(rf"/customers/{customer['id']}/contracts/new\?package=STANDARD&start={start}$"))
    expect(page.locator("#contract-package")).to_have_value("STANDARD")
    expect(page.locator("#contract-start")).to_have_value(start.isoformat())
    end = start.replace(year=start.year + 1) - timedelta(days=1) if (start.month, start.day) != (2, 29) \
        else date(start.year + 1, 2, 28)
    expect(page.locator("#contract-end")).to_have_value(end.isoformat())
    expect(page.locator("#draft-kind")).to_have_text("首份付费合同")
    expect(page.locator("#draft-fee")).to_have_text(shown_fee)
    expect(page.locator("#draft-covered")).to_have_text(shown_covered)
    page.locator("#create-contract").click()

    expect(page).to_have_url(re.compile(r"/contracts/[0-9a-f-]{36}$"))
    status = page.locator("#contract-status")
    expect(status).to_have_text("草稿")
    contract_id = page.url.rsplit("/", 1)[1]
    service = api.login(SERVICE)
    draft = api.get(f"/api/v1/contracts/{contract_id}", service)
    assert draft["customer_id"] == customer["id"] and draft["package_code"] == "STANDARD"
    assert (draft["kind"], draft["status"]) == ("paid", "draft")
    assert money(draft["fee_cents"]) == shown_fee
    assert money(draft["covered_value_cents"]) == shown_covered
    assert (draft["period_start"], draft["period_end"]) == (start.isoformat(), end.isoformat())
    assert len(api.get(f"/api/v1/contracts?customer_id={customer['id']}&kind=paid", service)["items"]) == 1

    page.locator('button[data-step="agree"]').click()
    expect(status).to_have_text("已口头同意")
    page.locator('button[data-step="sign"]').click()
    expect(status).to_have_text("已签订")
    page.locator('button[data-step="invoice"]').click()
    page.locator("#invoice-method").select_option("courier")
    page.locator("#step-day").fill(start.isoformat())
    page.locator("#confirm-step").click()
    expect(status).to_have_text("已开票")
    page.locator('button[data-step="pay"]').click()
    page.locator("#confirm-step").click()
    expect(status).to_have_text("已付款")
    paid = api.get(f"/api/v1/contracts/{contract_id}", service)
    assert paid["status"] == "paid" and paid["fee_cents"] == draft["fee_cents"]


def pick(page, line, words, sku):
    """Finds a product by `words` on order line `line` and chooses the one with `sku`."""
    row = page.locator(f'tr.new-line[data-line="{line}"]')
    row.locator(".product-search").fill(words)
    row.locator(f'.product-option[data-sku="{sku}"]').click()
    expect(row.locator(".product-picker")).to_have_attribute("data-chosen", sku)
    return row


def test_sales_records_an_order_of_two_lines_and_the_api_stores_the_fen_and_the_date_typed(server, api, page):
    customer = verified_customer(api, unique("常州订单客户"))
    router = product(api, unique("核心交换机 "), "hardware", 2_000_000)
    licence = product(api, unique("运维平台授权 "), "software", 50_000)
    log_in(page, server, SALES, path=f"/customers/{customer['id']}?tab=orders")
    page.locator("a.new-order").click()
    expect(page).to_have_url(re.compile(rf"/customers/{customer['id']}/orders/new$"))
    expect(page.locator("#order-date")).to_have_value(today().isoformat())
    sold_on = today() - timedelta(days=3)
    page.locator("#order-date").fill(sold_on.isoformat())

    # Found by name; the list price comes with the product, then is changed.
    first = pick(page, 0, router["name"], router["sku"])
    expect(first.locator(".price")).to_have_value("20000.00")
    first.locator(".quantity").fill("3")
    first.locator(".price").fill("1,234.5")
    expect(first.locator(".line-total")).to_have_text("¥3,703.50")
    # A line added by mistake goes again.
    page.locator("#add-line").click()
    page.locator("#add-line").click()
    expect(page.locator("tr.new-line")).to_have_count(3)
    page.locator('tr.new-line[data-line="2"] .remove-line').click()
    expect(page.locator("tr.new-line")).to_have_count(2)
    # Found by code.
    second = pick(page, 1, licence["sku"], licence["sku"])
    second.locator(".quantity").fill("2")
    second.locator(".price").fill("99.99")
    expect(page.locator("#order-total")).to_have_text("¥3,903.48")
    page.evaluate("window.scrollTo(0, 0)")
    snap(page, "new-order")

    # A price beyond what the server takes is refused beside its line's field.
    second.locator(".price").fill("200000000000")
    page.locator("#save-order").click()
    expect(second.locator('.field-error[data-field="lines[1].unit_price_cents"]')).to_be_visible()
    assert api.get(f"/api/v1/orders?customer_id={customer['id']}", api.login(SALES))["items"] == []
    second.locator(".price").fill("99.99")
    expect(page.locator("#order-total")).to_have_text("¥3,903.48")
    page.locator("#save-order").click()
    expect(page.locator(".customer-page")).to_have_attribute("data-tab", "orders")
    expect(page.locator(".card.order")).to_have_count(1)
    expect(page.locator(".card.order")).to_contain_text("¥3,903.48")

    orders = api.get(f"/api/v1/orders?customer_id={customer['id']}", api.login(SALES))["items"]
    assert len(orders) == 1
    order = orders[0]
    assert order["order_date"] == sold_on.isoformat() and order["total_cents"] == 390_348
    # Compared without their order: lines saved in one instant come back
    # in no particular one.
    assert sorted((line["product_id"], line["quantity"], line["unit_price_cents"], line["line_total_cents"])
                  for line in order["lines"]) == sorted([
        (router["id"], 3, 123_450, 370_350), (licence["id"], 2, 9_999, 19_998)])


def test_an_administrator_adds_a_product_edits_it_and_finds_it_in_the_order_form(server, api, page):
    sku, name = unique("HW-"), unique("机柜 ")
    log_in(page, server, *ADMIN, path="/settings/products")
    expect(page.locator("#settings-menu")).to_contain_text("产品目录")
    page.locator("#product-sku").fill(sku)
    page.locator("#product-name").fill(name)
    page.locator("#product-kind").select_option("hardware")
    page.locator("#product-price").fill("8,800")
    page.locator("#create-product").click()
    page.locator("#product-search").fill(sku)
    row = page.locator(f'table.products tr[data-sku="{sku}"]')
    expect(row).to_have_count(1)
    expect(row.locator(".price")).to_have_value("8800.00")
    admin = api.login(*ADMIN)
    stored = api.get("/api/v1/products?q=" + sku, admin)["items"]
    assert [(p["sku"], p["name"], p["kind"], p["list_price_cents"], p["version"]) for p in stored] == [
        (sku, name, "hardware", 880_000, 1)]

    # The same SKU again is refused beside the field.
    page.locator("#product-sku").fill(sku)
    page.locator("#product-name").fill("duplicate")
    page.locator("#product-price").fill("1")
    page.locator("#create-product").click()
    expect(page.locator("#new-product .field-error")).to_have_text("已有此编码的产品")

    row.locator(".name").fill(name + " 42U")
    row.locator(".save").click()
    expect(page.locator(f'table.products tr[data-sku="{sku}"] .saved')).to_be_visible()
    changed = api.get(f"/api/v1/products/{stored[0]['id']}", admin)
    assert (changed["name"], changed["version"], changed["list_price_cents"]) == (name + " 42U", 2, 880_000)

    customer = verified_customer(api, unique("无锡机房客户"))
    page.goto(server + f"customers/{customer['id']}/orders/new")
    line = pick(page, 0, sku, sku)
    expect(line.locator(".price")).to_have_value("8800.00")
    expect(line.locator(".product-picker")).to_contain_text("硬件")


def test_a_role_that_may_not_gets_no_button_and_a_clear_refusal(server, api, page):
    customer = verified_customer(api, unique("扬州只读客户"))
    log_in(page, server, TECHNICIAN, path=f"/customers/{customer['id']}?tab=orders")
    expect(page.locator(".customer-page")).to_have_attribute("data-tab", "orders")
    expect(page.locator(".customer-tab .loading")).to_have_count(0)
    expect(page.locator("a.new-order")).to_have_count(0)
    page.goto(server + f"customers/{customer['id']}/quote")
    expect(page.locator("table.quotes td.fee").first).to_be_visible()
    expect(page.locator("a.draft-contract")).to_have_count(0)
    for path in (f"customers/{customer['id']}/orders/new", f"customers/{customer['id']}/contracts/new",
                 "settings/products"):
        page.goto(server + path)
        expect(page.locator("#not-allowed")).to_contain_text("无权访问")
    log_out(page)

    # Sales records orders but does not draft contracts; the desk the reverse.
    log_in(page, server, SALES, path=f"/customers/{customer['id']}/quote")
    expect(page.locator("table.quotes td.fee").first).to_be_visible()
    expect(page.locator("a.draft-contract")).to_have_count(0)
    page.goto(server + f"customers/{customer['id']}/contracts/new?package=BASIC")
    expect(page.locator("#not-allowed")).to_be_visible()
    log_out(page)
    log_in(page, server, SERVICE, path=f"/customers/{customer['id']}?tab=orders")
    expect(page.locator(".customer-page")).to_have_attribute("data-tab", "orders")
    expect(page.locator("a.new-order")).to_have_count(0)
    page.goto(server + "settings/products")
    expect(page.locator("#not-allowed")).to_be_visible()


def own_words(page, scope):
    """The app's own words inside `scope` (not the records' data)."""
    parts = ["h3", "thead", "label.field > span", "button", "a.draft-contract", "a.new-order", ".hint",
             ".empty", "dt", "#settings-menu", "#draft-kind", "#product-kind option"]
    return " ".join(" ".join(page.locator(f"{scope} {part}").all_inner_texts()) for part in parts)


def test_the_selling_pages_speak_english_without_a_chinese_word_of_their_own(server, api, page):
    customer = verified_customer(api, unique("Lakeside Foods "))
    ordered(api, customer, today() - timedelta(days=10), [(product(api, "Scale"), 1, 100_000)])
    log_in(page, server, MANAGER, path=f"/customers/{customer['id']}/quote")
    page.locator("#switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('table.quotes tr[data-package="BASIC"] a.draft-contract').click()
    expect(page.locator("#draft-fee")).to_be_visible()
    words = own_words(page, ".new-contract-page")
    assert "Create the draft" in words
    assert not CJK.search(words), words

    page.goto(server + f"customers/{customer['id']}?tab=orders")
    page.locator("a.new-order").click()
    page.locator("#save-order").click()
    expect(page.locator(".new-order-page .field-error").first).to_be_visible()
    words = own_words(page, ".new-order-page") + " ".join(
        page.locator(".new-order-page .field-error").all_inner_texts())
    assert "Add a line" in words
    assert not CJK.search(words), words

    page.goto(server + "settings/products")
    expect(page.locator("table.products")).to_be_visible()
    words = own_words(page, ".settings-area")
    assert "Product catalogue" in words
    assert not CJK.search(words), words
