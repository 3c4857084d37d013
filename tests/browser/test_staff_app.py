"""The staff app (SPEC section 12), driven as the service desk, a technician,
a manager and an administrator would: logging in, the menus each role sees,
intake with its live preview against what the server stored, the queue
through a copied link, a technician's call-back and remote fix, a stale
version from a second browser, both languages, and the SLA badge turning
amber then red as the browser's clock moves on."""

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import expect

from browsing import ORG_TZ, log_in, menu, shown, snap
CJK = re.compile(r"[\u4e00-\u9fff]")
SERVICE = "service@rapport.local"
TECHNICIAN = "tech@rapport.local"
MANAGER = "manager@rapport.local"
ACCOUNT_MANAGER = "am@rapport.local"
ADMIN = ("admin@rapport.local", "rapport-admin")


def covered_customer(api, token):
    found = api.customers(token, "远景")
    assert found, "the demo customer 远景 is missing"
    return found[0]


def test_each_role_sees_exactly_the_menu_it_may_use(server, page):
    log_in(page, server, SERVICE)
    assert menu(page) == ["工作台", "服务请求", "受理", "客户", "合同", "回访", "投诉", "关怀", "需求", "知识库", "报表"]
    page.locator("#log-out").click()
    expect(page.locator("#email")).to_be_visible()

    log_in(page, server, TECHNICIAN)
    assert menu(page) == ["工作台", "服务请求", "客户", "合同", "回访", "投诉", "需求", "知识库"]
    page.locator("#log-out").click()

    log_in(page, server, *ADMIN)
    assert menu(page) == ["工作台", "服务请求", "受理", "客户", "合同", "回访", "投诉", "关怀", "需求", "知识库", "报表", "审计", "设置"]


def test_a_technician_opening_an_admin_address_gets_a_clear_refusal(server, page):
    log_in(page, server, TECHNICIAN, path="/settings/users")

    expect(page.locator("#not-allowed")).to_contain_text("无权访问")
    assert "设置" not in menu(page)


def test_the_session_survives_a_reload_and_logging_out_ends_it(server, page):
    log_in(page, server, SERVICE, path="/requests?view=all")
    page.reload()
    expect(page.locator("#current-user")).to_contain_text("Chen")
    expect(page).to_have_url(re.compile(r"/requests\?view=all$"))

    page.locator("#log-out").click()
    page.goto(server + "requests")
    expect(page.locator("#email")).to_be_visible()


def test_intake_previews_the_routing_cover_and_deadlines_that_the_server_then_stores(server, api, page):
    service = api.login(SERVICE)
    customer = covered_customer(api, service)
    log_in(page, server, SERVICE, path="/requests/new")

    page.locator("#customer-search").fill("远景")
    page.locator("#customer-choices button").first.click()
    expect(page.locator("#chosen-customer")).to_contain_text(customer["name"])
    # Contacts are offered masked.
    expect(page.locator("#contact option").nth(1)).to_contain_text("****")
    page.locator("#contact").select_option(index=1)
    page.locator("#priority").select_option("routine")
    page.locator("#work_type").select_option("maintenance")
    page.locator("#title").fill("浏览器受理：打印机无法打印")
    expect(page.locator("#cover")).to_have_class(re.compile("covered"))
    expect(page.locator("#routes-to")).to_contain_text("软件技术部")
    preview = {}
    for row in page.locator("#preview-deadlines tr").all():
        preview[row.get_attribute("data-target")] = row.locator(".deadline").inner_text()
    assert set(preview) >= {"response_routine", "resolution_maintenance"}, preview
    snap(page, "intake")

    page.locator("#take-in").click()
    expect(page.locator(".request-page")).to_be_visible()
    number = page.locator(".request-head .number").inner_text()
    found = api.get("/api/v1/requests?q=" + number, service)["items"]
    assert [item["number"] for item in found] == [number]
    stored = api.get(f"/api/v1/requests/{found[0]['id']}", service)
    deadlines = {clock["target"]: shown(clock["deadline"]) for clock in stored["sla"]}
    # Working-day clocks fall at close of business: the preview equals them exactly.
    for target in ("response_routine", "resolution_maintenance"):
        assert preview[target] == deadlines[target], (target, preview, deadlines)
    assert stored["billable"] is False
    assert stored["contact_id"] is not None
    assert stored["department"] == "technical_software"


def test_a_double_click_on_take_in_makes_one_request(server, api, page):
    service = api.login(SERVICE)
    before = api.get("/api/v1/requests?limit=1", service)["total"]
    log_in(page, server, SERVICE, path="/requests/new")
    page.locator("#customer-search").fill("远景")
    page.locator("#customer-choices button").first.click()
    page.locator("#title").fill("双击只受理一次")
    page.locator("#take-in").dblclick()
    expect(page.locator(".request-page")).to_be_visible()

    assert api.get("/api/v1/requests?limit=1", service)["total"] == before + 1


def test_a_copied_queue_link_reproduces_the_view_after_logging_in(server, api, browser):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="复制链接")
    link = f"{server}requests?view=all&q={request['number']}"

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(link)
        page.locator("#email").fill(MANAGER)
        page.locator("#password").fill("rapport-demo")
        page.locator("form button[type=submit]").click()
        expect(page.locator("table.queue tbody tr")).to_have_count(1)
        expect(page.locator(f'tr[data-number="{request["number"]}"]')).to_be_visible()
        expect(page.locator("#search")).to_have_value(request["number"])
        expect(page.locator('.tab[data-view="all"]')).to_have_class(re.compile("current"))
        # Every tab's count is its view's total.
        manager = api.login(MANAGER)
        me = api.get("/api/v1/auth/me", manager)
        totals = {
            "all": api.get("/api/v1/requests?limit=1", manager)["total"],
            "unassigned": api.get("/api/v1/requests?limit=1&open=true&unassigned=true", manager)["total"],
            "mine": api.get(f"/api/v1/requests?limit=1&open=true&assignee_id={me['id']}", manager)["total"],
            "waiting": api.get("/api/v1/requests?limit=1&status=waiting_customer", manager)["total"],
        }
        for view, total in totals.items():
            expect(page.locator(f'.tab[data-view="{view}"] .count')).to_have_text(str(total))
        page.locator("#search").fill("")
        page.locator("#search").press("Enter")
        expect(page.locator("table.queue tbody tr").nth(1)).to_be_visible()
        snap(page, "queue")
        page.go_back()
        expect(page.locator("#search")).to_have_value(request["number"])

        # Back and forward move between views.
        page.locator('.tab[data-view="unassigned"]').click()
        expect(page).to_have_url(re.compile("view=unassigned"))
        page.go_back()
        expect(page.locator(f'tr[data-number="{request["number"]}"]')).to_be_visible()

        # The keyboard: j/k move, Enter opens, ? lists the keys (keys typed
        # into a field stay the field's, so nothing may hold the focus).
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press("?")
        expect(page.locator("#key-help")).to_be_visible()
        page.keyboard.press("Escape")
        page.keyboard.press("Enter")
        expect(page.locator(".request-head .number")).to_have_text(request["number"])
    finally:
        context.close()


def test_the_technician_calls_back_and_resolves_remotely_in_the_browser(server, api, page):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="远程解决")
    technician = api.login(TECHNICIAN)
    me = api.get("/api/v1/auth/me", technician)
    assert request["assignee_id"] == me["id"], "the demo's software technician should get it"

    log_in(page, server, TECHNICIAN, path=f"/requests/{request['id']}")
    page.locator('button.action[data-action="call_back"]').click()
    page.locator('.action-form textarea, .action-form input[name="note"]').first.fill("已电话联系客户")
    page.locator(".action-form button[type=submit]").click()
    expect(page.locator(".request-page")).to_have_attribute("data-status", "in_progress")

    page.locator('button.action[data-action="resolve"]').click()
    page.locator('select[name="method"]').select_option("remote")
    page.locator('textarea[name="fault_description"]').fill("打印服务停止")
    page.locator('textarea[name="solution"]').fill("远程重启打印服务")
    page.locator(".action-form button[type=submit]").click()
    expect(page.locator(".request-page")).to_have_attribute("data-status", "resolved")
    expect(page.locator(".request-head .tag.remote")).to_be_visible()
    snap(page, "request")

    stored = api.get(f"/api/v1/requests/{request['id']}", service)
    assert stored["status"] == "resolved" and stored["remote"] is True
    assert stored["solution"] == "远程重启打印服务"


def test_a_required_field_left_out_is_named_beside_it(server, api, page):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="缺少字段")
    technician = api.login(TECHNICIAN)
    api.act(technician, request, "call_back")

    log_in(page, server, TECHNICIAN, path=f"/requests/{request['id']}")
    page.locator('button.action[data-action="resolve"]').click()
    page.locator('select[name="method"]').select_option("phone")
    page.locator('textarea[name="fault_description"]').fill("   ")
    page.locator('textarea[name="solution"]').fill("电话指导")
    # The browser's own check would stop a blank field; a blank of spaces reaches the server.
    page.locator(".action-form button[type=submit]").click()
    expect(page.locator('.field-error[data-field="fault_description"]')).to_be_visible()


def test_a_second_browser_changing_the_request_gets_the_stale_version_message(server, api, browser):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="并发修改")
    path = f"/requests/{request['id']}"
    first = browser.new_context(locale="zh-CN").new_page()
    second = browser.new_context(locale="zh-CN").new_page()
    try:
        log_in(first, server, TECHNICIAN, path=path)
        log_in(second, server, TECHNICIAN, path=path)
        expect(second.locator('button.action[data-action="call_back"]')).to_be_visible()

        first.locator('button.action[data-action="call_back"]').click()
        first.locator(".action-form button[type=submit]").click()
        expect(first.locator(".request-page")).to_have_attribute("data-status", "in_progress")

        # The second still shows the old version: its save is refused as stale.
        second.locator('button.action[data-action="call_back"]').click()
        second.locator(".action-form button[type=submit]").click()
        expect(second.locator("#stale-version")).to_contain_text("已被他人修改")
        second.locator("#stale-version button").click()
        expect(second.locator(".request-page")).to_have_attribute("data-status", "in_progress")
    finally:
        first.context.close()
        second.context.close()


def chrome_texts(page):
    """The app's own words on a queue page: the frame, tabs, filters and headings (not data)."""
    parts = ["header.bar nav", "header.bar #switch-language", "header.bar #log-out",
             ".tabs", ".filters", "table.queue thead", ".pager"]
    return " ".join(" ".join(page.locator(part).all_inner_texts()) for part in parts)


def test_the_language_switch_changes_every_label_and_is_remembered(server, api, page):
    service = api.login(SERVICE)
    api.take_in(service, customer_id=covered_customer(api, service)["id"], title="语言切换")
    log_in(page, server, SERVICE, path="/requests?view=all")
    expect(page.locator("table.queue")).to_be_visible()
    chinese = chrome_texts(page)
    assert "服务请求" in chinese
    assert not re.search(r"\b(Requests|Mine|Priority|Due|Next)\b", chinese), chinese

    page.locator("#switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.menu")).to_contain_text("Requests")
    english = chrome_texts(page)
    assert not CJK.search(english.replace("中文", "")), english

    page.reload()
    expect(page.locator("nav.menu")).to_contain_text("Requests")


def test_the_countdown_turns_amber_then_red_as_time_passes(server, api, page):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"],
                          priority="urgent", title="倒计时")
    due = api.get(f"/api/v1/requests?q={request['number']}", service)["items"][0]["due"]
    at_risk = datetime.fromisoformat(due["at_risk_from"].replace("Z", "+00:00"))
    deadline = datetime.fromisoformat(due["deadline"].replace("Z", "+00:00"))
    assert datetime.now(timezone.utc) < at_risk < deadline

    badge = page.locator(f'tr[data-number="{request["number"]}"] .sla')
    page.clock.install(time=datetime.now(timezone.utc))
    log_in(page, server, SERVICE, path=f"/requests?view=all&q={request['number']}")
    expect(badge).to_have_class(re.compile("running"))

    page.clock.pause_at(at_risk + timedelta(seconds=5))
    page.clock.run_for(2000)
    expect(badge).to_have_class(re.compile("at-risk"))

    page.clock.pause_at(deadline + timedelta(minutes=5))
    page.clock.run_for(2000)
    expect(badge).to_have_class(re.compile("breached"))
    expect(badge).to_have_text(re.compile(r"^-00:0[45]:\d\d$"))


def test_the_desk_finds_a_customer_reveals_a_contact_and_takes_in_a_request_for_them(server, api, page):
    service = api.login(SERVICE)
    customer = covered_customer(api, service)
    log_in(page, server, SERVICE, path="/customers")
    # The last digits of the caller's number find them too (the demo's 张伟, 138****5678).
    page.locator("#customer-q").fill("5678")
    page.locator("#customer-q").press("Enter")
    expect(page.locator(f'tr[data-customer="{customer["name"]}"]')).to_be_visible()
    page.locator("#customer-q").fill("远景")
    page.locator("#customer-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/customers\?q="))
    page.locator(f'tr[data-customer="{customer["name"]}"] a').click()

    contact = page.locator("#contacts li.contact").first
    expect(contact.locator(".phone")).to_contain_text("****")
    contact.locator("button.reveal").click()
    expect(contact.locator(".phone")).not_to_contain_text("*")
    snap(page, "customer")
    audit = api.get("/api/v1/audit?limit=5", api.login(*ADMIN))["items"]
    assert any("reveal" in (entry.get("action") or "") for entry in audit), audit

    page.locator("#take-in-for-customer").click()
    expect(page.locator("#chosen-customer")).to_contain_text(customer["name"])


def test_the_desk_registers_a_customer_that_waits_for_review(server, api, page):
    log_in(page, server, SERVICE, path="/customers")
    page.locator("#register-customer").click()
    page.locator('#register-form input[name="name"]').fill("杭州新客户科技有限公司")
    page.locator('#register-form select[name="tier"]').select_option("potential")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator(".customer-page h2")).to_have_text("杭州新客户科技有限公司")
    expect(page.locator(".customer-page .verification")).to_have_text("待审核")
    # The service desk does not review registrations; a manager does.
    expect(page.locator("#verify-customer")).to_have_count(0)
    address = page.url
    page.locator("#log-out").click()
    log_in(page, server, MANAGER, path=address.replace(server, ""))
    page.locator("#reject-customer").click()
    expect(page.locator(".review .error")).to_be_visible()
    page.locator("#rejection-input").fill("营业执照信息不符")
    page.locator("#reject-customer").click()
    expect(page.locator(".customer-page .verification")).to_have_text("已驳回")
    expect(page.locator("#rejection-reason")).to_contain_text("营业执照信息不符")
    expect(page.locator("#verify-customer")).to_have_count(0)


def test_home_counts_open_the_lists_behind_them(server, api, page):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="今日新请求")
    log_in(page, server, SERVICE)
    tile = page.locator("button.tile", has_text="今日新请求")
    expect(tile.locator(".figure")).not_to_have_text("—")
    today = int(tile.locator(".figure").inner_text())
    assert today >= 1
    tile.click()
    expect(page).to_have_url(re.compile("today=true"))
    expect(page.locator(f'tr[data-number="{request["number"]}"]')).to_be_visible()


def test_the_desk_assigns_a_named_person_with_routings_pick_suggested(server, api, page):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="指定处理人")
    log_in(page, server, SERVICE, path=f"/requests/{request['id']}")
    page.locator('button.action[data-action="assign"]').click()
    person = page.locator('select[name="assignee_id"] option').nth(1)
    expect(person).to_contain_text("推荐")
    chosen = person.get_attribute("value")
    page.locator('select[name="assignee_id"]').select_option(chosen)
    page.locator(".action-form button[type=submit]").click()
    expect(page.locator('.timeline li[data-kind="assign"]')).to_have_count(1)

    stored = api.get(f"/api/v1/requests/{request['id']}", service)
    assert stored["assignee_id"] == chosen
    # People read by name: in the header, on the timeline and in the queue.
    name = stored["assignee_name"]
    expect(page.locator(".request-head .assignee")).to_contain_text(name)
    desk = api.get("/api/v1/auth/me", service)["display_name"]
    expect(page.locator('.timeline li[data-kind="assign"] .actor')).to_have_text(desk)
    page.goto(server + "requests?view=all")
    row = page.locator(f'tr[data-number="{request["number"]}"]')
    expect(row.locator(".assignee")).to_have_text(name)
    expect(row.locator(".customer")).to_have_text(stored["customer_name"])


def test_the_visit_and_complaint_tiles_open_their_lists_with_customer_names(server, api, page):
    log_in(page, server, SERVICE)
    tile = page.locator("button.tile", has_text="待回访")
    expect(tile).to_be_enabled()
    due = int(tile.locator(".figure").inner_text())
    assert due >= 1, "the demo has visits to make"
    tile.click()
    expect(page).to_have_url(re.compile("/visits"))
    rows = page.locator("table.visits tbody tr")
    expect(rows).to_have_count(min(due, 50))
    # Each row names its customer.
    expect(rows.first.locator("td").nth(1)).not_to_have_text("")
    snap(page, "visits")
    page.locator('button.tab[data-view="done"]').click()
    expect(page).to_have_url(re.compile("view=done"))
    expect(page.locator("table.visits tbody tr").first.locator("td").nth(5)).to_contain_text("/ 5")

    page.locator("nav.menu a", has_text="工作台").click()
    tile = page.locator("button.tile", has_text="逾期投诉")
    expect(tile.locator(".figure")).not_to_have_text("—")
    tile.click()
    expect(page).to_have_url(re.compile("/complaints"))
    overdue = page.locator("table.complaints tbody tr.overdue")
    expect(overdue.first).to_contain_text("仓库系统卡顿")
    expect(overdue.first.locator("td").nth(1)).not_to_have_text("")


def test_notifications_say_what_happened_and_are_all_marked_read_at_once(server, page):
    log_in(page, server, TECHNICIAN, path="/notifications")
    unread = page.locator("ul.notifications li.unread")
    # Besides what the demo's assignments told them, the scheduler's first
    # run at start tells of the demo's late requests.
    expect(unread.filter(has_text="已分派给您").first).to_be_visible()
    page.locator("#read-all").click()
    expect(unread).to_have_count(0)
    expect(page.locator("#read-all")).to_have_count(0)


def test_an_account_manager_greets_a_customer_for_a_holiday_in_one_click(server, api, page):
    admin = api.login(*ADMIN)
    today = datetime.now(ORG_TZ).date().isoformat()
    holidays = api.get("/api/v1/care/holidays", admin)
    api.expect(200, "PUT", "/api/v1/care/holidays", admin, {
        "version": holidays["version"],
        "holidays": holidays["holidays"] + [{"name": "客户日", "on": today}],
    })
    log_in(page, server, ACCOUNT_MANAGER, path="/care?due=today")
    rows = page.locator("table.care tbody tr", has_text="客户日")
    expect(rows.first).to_be_visible()
    count = rows.count()
    rows.first.locator("button.greet").click()
    expect(rows.locator("button.greet")).to_have_count(count - 1)
    expect(rows.locator(".tag.done")).to_have_count(1)
    snap(page, "care")


def test_an_administrator_sees_what_the_scheduler_did_and_runs_a_job(server, page):
    log_in(page, server, *ADMIN, path="/settings/jobs")
    purge = page.locator("table.jobs tr[data-job=purge]")
    expect(purge).to_be_visible()
    runs = purge.locator("td").nth(4)
    before = int(runs.inner_text().split("/")[0])
    purge.locator("button").click()
    expect(runs).to_have_text(re.compile(rf"^{before + 1} / "))


def test_the_desk_walks_a_contract_from_draft_to_paid_with_the_steps_its_state_allows(server, api, page):
    service = api.login(SERVICE)
    customer = covered_customer(api, service)
    draft = api.post("/api/v1/contracts", service, {
        "customer_id": customer["id"], "package_code": "BASIC",
        "period_start": "2027-01-01", "period_end": "2027-12-31"}, status=201)
    log_in(page, server, SERVICE, path="/contracts")
    row = page.locator(f'table.contracts tr[data-contract="{draft["id"]}"]')
    expect(row).to_contain_text(customer["name"])
    row.click()
    status = page.locator("#contract-status")
    expect(status).to_have_text("草稿")
    # Only what a draft may take: no invoice or payment yet.
    expect(page.locator("button.step")).to_have_count(2)
    page.locator('button[data-step="agree"]').click()
    expect(status).to_have_text("已口头同意")
    page.locator('button[data-step="sign"]').click()
    expect(status).to_have_text("已签订")
    page.locator('button[data-step="invoice"]').click()
    page.locator("#invoice-method").select_option("courier")
    page.locator("#step-day").fill("2027-01-05")
    page.locator("#confirm-step").click()
    expect(status).to_have_text("已开票")
    page.locator('button[data-step="pay"]').click()
    page.locator("#confirm-step").click()
    expect(status).to_have_text("已付款")
    snap(page, "contract")
    stored = api.get(f"/api/v1/contracts/{draft['id']}", service)
    assert stored["status"] == "paid"
    assert stored["invoice_method"] == "courier" and stored["invoice_sent_on"] == "2027-01-05"


def test_the_quote_calculator_prices_every_package_as_figures_are_typed_to_the_servers_fen(server, api, page):
    service = api.login(SERVICE)
    customer = covered_customer(api, service)
    log_in(page, server, SERVICE, path=f"/customers/{customer['id']}")
    page.locator("a.quote-link").click()
    fees = page.locator("table.quotes tbody td.fee")
    expect(fees.first).to_be_visible()
    quote = api.get(f"/api/v1/customers/{customer['id']}/quote", service)
    kind = quote["kind"]
    page.locator("#quote-first").fill("123456.78")
    page.locator("#quote-second").fill("9,876.5")
    if kind == "renewal":
        body = {"kind": "renewal", "previous_covered_cents": 12345678, "new_purchases_cents": 987650}
    else:
        body = {"kind": "first", "purchases_cents": 12345678, "leaving_free_cents": 987650}
    server_quotes = api.post("/api/v1/contracts/quote", service, body)["quotes"]
    expected = [f"¥{q['fee_cents'] // 100:,}.{q['fee_cents'] % 100:02d}" for q in server_quotes]
    expect(fees).to_have_text(expected)
    expect(page.locator(".last-year")).to_contain_text("上年服务情况")
    snap(page, "quote")
    # Not an amount: said beside the field, and no fee shown.
    page.locator("#quote-second").fill("12,3x")
    expect(page.locator(".quote-page .field-error")).to_have_count(1)
    expect(fees).to_have_count(0)


def test_the_desk_records_a_return_visit_and_sees_what_the_score_will_do_before_saving(server, api, page):
    service = api.login(SERVICE)
    technician = api.login(TECHNICIAN)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="回访表单")
    request = api.act(technician, request, "call_back")
    request = api.act(technician, request, "resolve", method="remote",
                      fault_description="服务停止", solution="远程重启服务")
    visits = api.get(f"/api/v1/visits?request_id={request['id']}", service)["items"]
    assert len(visits) == 1 and visits[0]["status"] == "due"
    log_in(page, server, SERVICE, path=f"/visits/{visits[0]['id']}")
    expect(page.locator(".visit-page h2")).to_contain_text(covered_customer(api, service)["name"])
    page.locator("#point-0").check()
    page.locator("#point-1").check()
    page.locator(".record-visit").press("2")
    expect(page.locator("#visit-outcome")).to_contain_text("重新打开")
    page.locator('button.score[data-score="5"]').click()
    expect(page.locator("#visit-outcome")).to_contain_text("请求将关闭")
    page.locator("#visit-suggestions").fill("工程师很专业")
    snap(page, "visit")
    page.locator("#record-visit").click()
    expect(page.locator("#visit-status")).to_have_text("已回访")
    expect(page.locator("#visit-score")).to_have_text("5 / 5")
    stored = api.get(f"/api/v1/requests/{request['id']}", service)
    assert stored["status"] == "closed"
    recorded = api.get(f"/api/v1/visits/{visits[0]['id']}", service)
    assert recorded["checklist"]["appointment_made"] and recorded["checklist"]["fault_explained"]
    assert not recorded["checklist"]["fees_explained"]


def test_a_complaint_goes_to_a_manager_for_approval_and_back_to_the_desk(server, api, page, browser):
    service = api.login(SERVICE)
    customer = covered_customer(api, service)
    promised = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    taken = api.post("/api/v1/complaints", service, {
        "customer_id": customer["id"], "summary": "工程师态度差", "details": "电话里不耐烦",
        "promised_by": promised}, status=201)
    log_in(page, server, SERVICE, path=f"/complaints/{taken['id']}")
    status = page.locator("#complaint-status")
    expect(status).to_contain_text("已受理")
    # The desk may not approve: only what it may do shows.
    expect(page.locator('button[data-step="approve"]')).to_have_count(0)
    page.locator('button[data-step="investigate"]').click()
    page.locator("#complaint-department").select_option("technical_software")
    page.locator("#confirm-step").click()
    expect(status).to_contain_text("调查中")
    page.locator('button[data-step="propose_solution"]').click()
    page.locator("#complaint-text").fill("更换工程师并致歉")
    page.locator("#confirm-step").click()
    expect(status).to_contain_text("待审批方案")
    expect(page.locator(".complaint-page button.step")).to_have_count(0)

    context = browser.new_context(locale="zh-CN")
    manager = context.new_page()
    try:
        log_in(manager, server, MANAGER, path=f"/complaints/{taken['id']}")
        expect(manager.locator("#complaint-solution")).to_have_text("更换工程师并致歉")
        manager.locator('button[data-step="approve"]').click()
        expect(manager.locator("#complaint-status")).to_contain_text("方案已批准")
        snap(manager, "complaint")
    finally:
        context.close()

    page.reload()
    page.locator('button[data-step="resolve"]').click()
    expect(status).to_contain_text("已解决")
    page.locator('button[data-step="revisit"]').click()
    page.locator("#complaint-score").select_option("4")
    page.locator("#confirm-step").click()
    expect(status).to_contain_text("已回访")
    stored = api.get(f"/api/v1/complaints/{taken['id']}", service)
    assert stored["satisfaction"] == 4 and stored["responsible_department"] == "technical_software"


def test_a_manager_reads_the_monthly_report_whose_charts_say_the_apis_numbers(server, api, page):
    manager = api.login(MANAGER)
    month = datetime.now(ORG_TZ).strftime("%Y-%m")
    report = api.get(f"/api/v1/reports/monthly?month={month}", manager)
    log_in(page, server, MANAGER, path=f"/reports?month={month}")
    expect(page.locator("#report-opened .figure")).to_have_text(str(report["current"]["requests"]["opened"]["total"]))
    bars = page.locator("#by-priority g.bar")
    expected = {code: count for code, count in report["current"]["requests"]["opened"]["by_priority"].items()}
    expect(bars).to_have_count(len(set(expected) | set(report["previous"]["requests"]["opened"]["by_priority"])))
    shown = {bar.get_attribute("data-name"): int(bar.get_attribute("data-value")) for bar in bars.all()}
    names = {"urgent": "紧急", "important": "重要", "routine": "一般"}
    for code, count in expected.items():
        assert shown[names[code]] == count
    snap(page, "report")
    with page.expect_download() as download:
        page.locator("#report-csv").click()
    csv = Path(download.value.path()).read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark"
    page.locator("#earlier-month").click()
    expect(page).to_have_url(re.compile("month="))
    assert month not in page.url


def test_a_solution_becomes_an_article_a_manager_publishes_and_the_next_request_is_offered(server, api, page, browser):
    service = api.login(SERVICE)
    technician = api.login(TECHNICIAN)
    customer = covered_customer(api, service)
    first = api.take_in(service, customer_id=customer["id"], title="打印机驱动报错 0x709")
    first = api.act(technician, first, "call_back")
    first = api.act(technician, first, "resolve", method="remote",
                    fault_description="打印机驱动损坏", solution="重装打印机驱动并清空打印队列")
    log_in(page, server, TECHNICIAN, path=f"/requests/{first['id']}")
    page.locator("#promote-solution").click()
    expect(page.locator("#article-status")).to_have_text("草稿")
    article_url = page.url

    context = browser.new_context(locale="zh-CN")
    manager = context.new_page()
    try:
        log_in(manager, server, MANAGER, path=article_url.replace(server, ""))
        manager.locator('button[data-step="publish"]').click()
        expect(manager.locator("#article-status")).to_have_text("已发布")
        manager.goto(server + "knowledge")
        manager.locator("#knowledge-search").fill("打印")
        manager.locator("#knowledge-search").press("Enter")
        expect(manager.locator("ul.articles li").first).to_contain_text("打印机驱动报错")
    finally:
        context.close()

    second = api.take_in(service, customer_id=customer["id"], title="打印机驱动又报错")
    page.goto(server + f"requests/{second['id']}")
    suggestion = page.locator(".request-knowledge ul.suggestions li").first
    expect(suggestion).to_contain_text("打印机驱动报错")
    suggestion.locator("button.helped").click()
    expect(suggestion.locator(".tag.done")).to_be_visible()
    snap(page, "knowledge")


def test_a_need_is_evaluated_planned_delivered_and_confirmed_in_the_browser(server, api, page):
    service = api.login(SERVICE)
    customer = covered_customer(api, service)
    need = api.post("/api/v1/needs", service, {
        "customer_id": customer["id"], "type": "feature", "priority": "important",
        "title": "报表导出为 Excel", "description": "财务希望月末报表能导出"}, status=201)
    need = need.get("need", need)
    log_in(page, server, SERVICE, path="/needs")
    page.locator("#needs-search").fill("Excel")
    page.locator("#needs-search").press("Enter")
    page.locator(f'tr[data-need="{need["id"]}"] a').click()
    status = page.locator("#need-status")
    expect(status).to_have_text("新建")
    page.locator('button[data-step="evaluate"]').click()
    page.locator("#need-value").select_option("5")
    page.locator("#need-fit").select_option("4")
    page.locator("#need-cost").select_option("2")
    page.locator("#need-text").fill("在现有报表中增加导出")
    page.locator("#confirm-step").click()
    expect(status).to_have_text("已评估")
    expect(page.locator("#need-evaluation")).to_contain_text("5")
    page.locator('button[data-step="plan"]').click()
    page.locator("#need-milestones").fill("2027-01-10 导出功能开发\n2027-01-20 客户验收")
    page.locator("#confirm-step").click()
    expect(status).to_have_text("已计划")
    expect(page.locator("ol.milestones li")).to_have_count(2)
    page.locator('button[data-step="start"]').click()
    expect(status).to_have_text("进行中")
    for _ in range(2):
        page.locator('button[data-step="complete_milestone"]').click()
        page.locator("#confirm-step").click()
        expect(page.locator("ol.milestones li.done")).to_have_count(_ + 1)
    page.locator('button[data-step="deliver"]').click()
    expect(status).to_have_text("已交付")
    page.locator('button[data-step="confirm"]').click()
    page.locator("#need-text").fill("财务部 刘经理")
    page.locator("#confirm-step").click()
    expect(status).to_have_text("客户已确认")
    snap(page, "need")


def test_an_administrator_registers_a_webhook_sees_its_secret_once_and_its_deliveries(server, api, page):
    log_in(page, server, *ADMIN, path="/settings/webhooks")
    page.locator("#webhook-url").fill("http://127.0.0.1:9/erp")
    page.locator('input[data-event="request.created"]').check()
    page.locator("#register-webhook").click()
    expect(page.locator("#webhook-secret code")).to_have_text(re.compile(r"\S{16,}"))
    row = page.locator('table.webhooks tr[data-endpoint]', has_text="127.0.0.1:9/erp")
    expect(row).to_contain_text("request.created")
    service = api.login(SERVICE)
    api.take_in(service, customer_id=covered_customer(api, service)["id"], title="触发 webhook")
    row.locator("button.deliveries").click()
    expect(page.locator("table.deliveries tr").first).to_contain_text("request.created")
    # Its state in the page's language: the receiver refuses, so it waits to be tried again.
    expect(page.locator("table.deliveries td.delivery-status").first).to_have_text("待投递")
    snap(page, "webhooks")
    page.reload()
    expect(page.locator("#webhook-secret")).to_have_count(0)


def test_a_manager_reads_the_audit_log_and_opens_what_an_entry_changed(server, api, page):
    service = api.login(SERVICE)
    request = api.take_in(service, customer_id=covered_customer(api, service)["id"], title="审计可查")
    log_in(page, server, MANAGER, path=f"/audit?entity_type=request&entity_id={request['id']}")
    entries = page.locator("table.audit tr[data-entry]")
    expect(entries.first).to_be_visible()
    entries.first.click()
    expect(page.locator("table.audit tr.change pre").nth(1)).to_contain_text("审计可查")
    snap(page, "audit")
