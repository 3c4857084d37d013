"""The account manager's and the service desk's remaining screens (issue 19),
driven in the browser: a customer registered by an account manager and
verified by a manager (never by the one who registered it), a follow-up
logged and a routine visit scheduled from the customer's page; the orders
tab with each line's warranty dates, an installation and an acceptance
recorded there and read back through the API; the monthly free batch run
once, and a second run told that the month already ran; a survey link made
from a resolved request, which opens the customer's survey; a bar of the
monthly report opening the queue on exactly the requests the API lists for
that filter; and these screens in English without a Chinese word of the
app's own."""

import re
import uuid
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from browsing import ORG_TZ, log_in, log_out, snap
CJK = re.compile(r"[\u4e00-\u9fff]")
SERVICE = "service@rapport.local"
SALES = "sales@rapport.local"
TECHNICIAN = "tech@rapport.local"
MANAGER = "manager@rapport.local"
ACCOUNT_MANAGER = "am@rapport.local"


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def verified_customer(api, name, tier="core"):
    """A customer the service desk registered and a manager verified."""
    service, manager = api.login(SERVICE), api.login(MANAGER)
    customer = api.post("/api/v1/customers", service, {
        "name": name, "industry": "Manufacturing", "address": "1 Test Road",
        "stage": "new", "tier": tier, "preferred_channel": "phone"}, status=201)
    return api.post(f"/api/v1/customers/{customer['id']}/review", manager,
                    {"version": customer["version"], "decision": "verified"})


def ordered(api, customer, order_date):
    """An order of `customer` dated `order_date` with one hardware and one
    software line, of products made for it; the order."""
    sales = api.login(SALES)
    lines = []
    for kind, price in (("hardware", 1_200_000), ("software", 800_000)):
        product = api.post("/api/v1/products", sales, {
            "sku": unique(kind[:2].upper() + "-"), "name": f"Test {kind}",
            "kind": kind, "list_price_cents": price}, status=201)
        lines.append({"product_id": product["id"], "quantity": 1, "unit_price_cents": price})
    return api.post("/api/v1/orders", sales, {
        "customer_id": customer["id"], "order_date": order_date, "lines": lines}, status=201)


def open_tab(page, tab):
    page.locator(f'.customer-page .tabs button[data-view="{tab}"]').click()
    expect(page.locator(".customer-page")).to_have_attribute("data-tab", tab)


def test_an_account_manager_registers_a_customer_a_manager_verifies_then_logs_a_follow_up_and_a_visit(server, api, page):
    name = unique("杭州三六零科技")
    log_in(page, server, ACCOUNT_MANAGER, path="/customers")
    page.locator("#register-customer").click()
    page.locator('#register-form input[name="name"]').fill(name)
    page.locator('#register-form select[name="tier"]').select_option("core")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator(".customer-page h2")).to_have_text(name)
    expect(page.locator(".customer-page .verification")).to_have_text("待审核")
    # The account manager may review registrations, but not their own.
    expect(page.locator("#review-by-another")).to_be_visible()
    expect(page.locator("#verify-customer")).to_have_count(0)
    address = page.url.replace(server, "")

    log_out(page)
    log_in(page, server, MANAGER, path=address)
    page.locator("#verify-customer").click()
    expect(page.locator(".customer-page .verification")).to_have_text("已审核")
    manager = api.login(MANAGER)
    customer = api.customers(manager, name)[0]
    assert customer["verification"] == "verified"
    assert customer["reviewed_by"] != customer["registered_by"]

    log_out(page)
    log_in(page, server, ACCOUNT_MANAGER, path=address)
    # A core customer never visited is due on the day of registration (monthly cadence).
    expect(page.locator("#cadence")).to_contain_text("每月一次")
    due = customer["next_routine_visit_on"]
    expect(page.locator("#next-routine-visit")).to_have_text(due)
    # Said as the day it has been due since, never as a "next" visit in the past.
    expect(page.locator("#routine-due")).to_have_text(f"自 {due} 起应例行回访")
    page.locator("#switch-language").click()
    expect(page.locator("#routine-due")).to_have_text(f"Routine visit due since {due}")
    page.locator("#switch-language").click()

    open_tab(page, "follow_ups")
    form = page.locator("#follow-up-form")
    form.locator('select[name="method"]').select_option("visit")
    form.locator('textarea[name="summary"]').fill("上门了解新系统上线安排")
    form.locator('textarea[name="next_step"]').fill("下月安排培训")
    form.locator("button[type=submit]").click()
    row = page.locator("tr.follow-up").first
    expect(row.locator(".summary")).to_have_text("上门了解新系统上线安排")
    expect(row).to_have_attribute("data-method", "visit")
    am = api.login(ACCOUNT_MANAGER)
    logged = api.get(f"/api/v1/customers/{customer['id']}/follow-ups", am)["items"]
    assert [(f["method"], f["summary"], f["next_step"]) for f in logged] == [
        ("visit", "上门了解新系统上线安排", "下月安排培训")]

    open_tab(page, "visits")
    expect(page.locator("#schedule-visit select[name=kind]")).to_have_value("routine")
    due = (datetime.now(ORG_TZ) + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    page.locator('#schedule-visit input[name="due_at"]').fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#schedule-visit button[type=submit]").click()
    expect(page.locator('tr.visit[data-kind="routine"] .due-at')).to_have_text(due.strftime("%Y-%m-%d %H:%M"))
    visits = api.get(f"/api/v1/visits?customer_id={customer['id']}", am)["items"]
    assert [(v["kind"], v["status"]) for v in visits] == [("routine", "due")]
    assert datetime.fromisoformat(visits[0]["due_at"].replace("Z", "+00:00")) == due

    # An executive visit needs an executive contact; this customer has none.
    page.locator("#schedule-visit select[name=kind]").select_option("executive")
    page.locator("#schedule-visit button[type=submit]").click()
    expect(page.locator('#schedule-visit .field-error[data-field="contact_id"]')).to_be_visible()


def test_the_orders_tab_shows_warranty_dates_and_records_an_installation_and_an_acceptance(server, api, page):
    customer = verified_customer(api, unique("苏州订单客户"))
    order = ordered(api, customer, "2019-07-10")
    hardware, software = order["lines"]
    log_in(page, server, SALES, path=f"/customers/{customer['id']}?tab=orders")
    hardware_row = page.locator(f'tr.order-line[data-line="{hardware["id"]}"]')
    software_row = page.locator(f'tr.order-line[data-line="{software["id"]}"]')
    expect(hardware_row.locator(".warranty-start")).to_have_text("尚无")
    expect(hardware_row).to_contain_text("¥12,000.00")

    hardware_row.locator(".record-delivery").click()
    page.locator('.delivery-form input[name="installation_completed_on"]').fill("2019-07-20")
    page.locator(".delivery-form button[type=submit]").click()
    expect(hardware_row.locator(".warranty-start")).to_have_text("2019-07-20")
    expect(hardware_row.locator(".free-until")).to_have_text("2020-07-19")

    # Software's warranty starts on the signed acceptance, not the invoice.
    software_row.locator(".record-delivery").click()
    page.locator('.delivery-form input[name="invoiced_on"]').fill("2019-07-15")
    page.locator('.delivery-form input[name="acceptance_signed_on"]').fill("2019-08-01")
    page.locator(".delivery-form button[type=submit]").click()
    expect(software_row.locator(".warranty-start")).to_have_text("2019-08-01")
    expect(software_row.locator(".invoiced")).to_have_text("2019-07-15")
    snap(page, "customer-orders")

    stored = {line["id"]: line for line in api.get(f"/api/v1/orders/{order['id']}", api.login(SALES))["lines"]}
    assert stored[hardware["id"]]["installation_completed_on"] == "2019-07-20"
    assert stored[hardware["id"]]["warranty_start"] == "2019-07-20"
    assert stored[software["id"]]["acceptance_signed_on"] == "2019-08-01"
    assert stored[software["id"]]["invoiced_on"] == "2019-07-15"
    assert stored[software["id"]]["warranty_start"] == "2019-08-01"

    # A date before the order's is refused beside its field.
    hardware_row.locator(".record-delivery").click()
    page.locator('.delivery-form input[name="invoiced_on"]').fill("2019-07-01")
    page.locator(".delivery-form button[type=submit]").click()
    expect(page.locator('.delivery-form .field-error[data-field="invoiced_on"]')).to_be_visible()


def test_the_free_batch_runs_a_month_once_and_a_second_run_says_it_already_ran(server, api, page):
    customer = verified_customer(api, unique("无锡免费客户"))
    ordered(api, customer, "2018-03-10")
    log_in(page, server, SERVICE, path="/contracts?view=free_batch&month=2018-03")
    expect(page.locator("#free-batch-window")).to_contain_text("2018-02-25 – 2018-03-24")
    page.locator("#run-free-batch").click()
    outcome = page.locator("#free-batch-outcome")
    expect(outcome).to_have_attribute("data-already-run", "false")
    expect(outcome.locator(".created")).to_have_text("1")
    expect(outcome.locator(".lines")).to_have_text("2")
    snap(page, "free-batch")

    page.locator("#run-free-batch").click()
    expect(outcome).to_have_attribute("data-already-run", "true")
    expect(outcome).to_contain_text("该月份已运行过")
    free = api.get(f"/api/v1/contracts?customer_id={customer['id']}&kind=free", api.login(SERVICE))["items"]
    assert len(free) == 1 and free[0]["fee_cents"] == 0

    # A month whose window has not closed is refused, with the reason.
    later = date.today() + timedelta(days=40)
    page.locator("#free-batch-month").fill(later.strftime("%Y-%m"))
    page.locator("#free-batch-month").dispatch_event("change")
    expect(page).to_have_url(re.compile("month=" + later.strftime("%Y-%m")))
    page.locator("#run-free-batch").click()
    expect(page.locator("#free-batch-refused")).to_be_visible()


def test_a_survey_link_made_from_a_resolved_request_opens_the_customers_survey(server, api, page):
    service, technician = api.login(SERVICE), api.login(TECHNICIAN)
    customer = api.customers(service, "远景")[0]
    request = api.take_in(service, customer_id=customer["id"], title="打印服务中断")
    request = api.act(technician, request, "call_back")
    request = api.act(technician, request, "resolve", method="phone",
                      fault_description="驱动损坏", solution="远程重装驱动")
    log_in(page, server, SERVICE, path=f"/requests/{request['id']}")
    page.locator("#make-survey-link").click()
    url = page.locator("#survey-url")
    expect(url).to_have_value(re.compile(re.escape(server.rstrip("/")) + r"/survey/\S+"))
    link = url.input_value()
    timeline = api.get(f"/api/v1/requests/{request['id']}", service)["timeline"]
    assert any(event["kind"] == "survey_sent" for event in timeline), timeline

    page.goto(link)
    expect(page.locator("#survey-number")).to_have_text(request["number"])


def month_range(month):
    """The first instant of `month` (`YYYY-MM`) in the organisation's zone
    and of the month after, as the API takes them."""
    year, number = map(int, month.split("-"))
    first = datetime(year, number, 1, tzinfo=ORG_TZ)
    after = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=ORG_TZ)
    return first.isoformat(), after.isoformat()


def test_a_report_bar_opens_the_queue_on_the_requests_the_api_lists_for_it(server, api, page):
    service = api.login(SERVICE)
    customer = api.customers(service, "远景")[0]
    api.take_in(service, customer_id=customer["id"], category="consultation", title="报表咨询")
    month = datetime.now(ORG_TZ).strftime("%Y-%m")
    log_in(page, server, MANAGER, path=f"/reports?month={month}")
    bar = page.locator('#by-category g.bar[data-code="consultation"]')
    counted = int(bar.get_attribute("data-value"))
    bar.locator("text.label").click()

    expect(page).to_have_url(re.compile(r"/requests\?.*category=consultation"))
    expect(page.locator('#queue-chips .chip[data-filter="category"]')).to_be_visible()
    expect(page.locator('#queue-chips .chip[data-filter="created"]')).to_be_visible()
    start, end = month_range(month)
    query = (f"category=consultation&created_from={start}&created_before={end}&limit=50"
             .replace("+", "%2B"))
    listed = api.get(f"/api/v1/requests?{query}", api.login(MANAGER))
    assert listed["total"] == counted
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(min(counted, 50))
    assert [row.get_attribute("data-number") for row in rows.all()] == [
        item["number"] for item in listed["items"]]

    # The chip removes its filter: the whole month, every category.
    page.locator('#queue-chips .chip[data-filter="category"] button.remove').click()
    expect(page).not_to_have_url(re.compile("category="))
    expect(page.locator('#queue-chips .chip[data-filter="created"]')).to_be_visible()


def own_words(page, scope):
    """The app's own words inside `scope`: tabs, headings, labels, buttons,
    hints and empty-list notes (not the records' data)."""
    parts = [".tabs", "thead", "label.field > span", "button", ".hint", ".empty", "#cadence",
             ".facts .tier", ".facts .stage", ".facts .verification", "#queue-chips", "figcaption",
             "#free-batch-outcome", "#free-batch-window"]
    return " ".join(" ".join(page.locator(f"{scope} {part}").all_inner_texts()) for part in parts)


def test_the_new_screens_speak_english_without_a_chinese_word_of_their_own(server, api, page):
    customer = verified_customer(api, unique("Harbour Systems "))
    ordered(api, customer, "2017-05-10")
    log_in(page, server, MANAGER, path="/customers")
    page.locator("#switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#stage-filter")).to_contain_text("Stage")
    filters = " ".join(page.locator(".customers-page .filters").all_inner_texts())
    assert not CJK.search(filters), filters

    page.goto(server + f"customers/{customer['id']}")
    expect(page.locator("#cadence")).to_contain_text("Once a month")
    for tab in ("contacts", "follow_ups", "orders", "contracts", "requests", "visits",
                "complaints", "needs", "care"):
        open_tab(page, tab)
        expect(page.locator(".customer-tab .loading")).to_have_count(0)
        words = own_words(page, ".customer-page")
        assert not CJK.search(words), f"{tab}: {words}"
    open_tab(page, "complaints")
    page.locator("#register-complaint").click()
    words = own_words(page, ".customer-page")
    assert not CJK.search(words), words

    page.goto(server + "contracts?view=free_batch&month=2017-05")
    page.locator("#run-free-batch").click()
    expect(page.locator("#free-batch-outcome")).to_be_visible()
    words = own_words(page, ".contracts-page")
    assert "Monthly free batch" in words
    assert not CJK.search(words), words

    month = datetime.now(ORG_TZ).strftime("%Y-%m")
    page.goto(server + f"reports?month={month}")
    page.locator("#by-priority g.bar text.label").first.click()
    expect(page.locator("#queue-chips")).to_contain_text("Taken in")
    words = own_words(page, ".queue-page")
    assert not CJK.search(words.replace("中文", "")), words
