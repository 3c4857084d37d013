"""The settings area (设置, SPEC sections 3, 4, 9 and 12) driven as an
administrator: a make-up workday typed into the calendar moves the intake
preview, and intake then stores what the preview said; an SLA target edited
and read back, with the stale-version answer; a routing rule added and the
preview following it before and after saving; an API token whose secret is
shown once and works; users edited in place; the audit log filtered; the
refusal other roles get; both languages."""

import re
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from browsing import ORG_TZ, log_in, menu, shown, snap
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
ADMIN = ("admin@rapport.local", "rapport-admin")
SERVICE = "service@rapport.local"
TECHNICIAN = "tech@rapport.local"
MANAGER = "manager@rapport.local"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def intake_preview(page, server, customer):
    """The implementation's resolution deadline intake previews for `customer`."""
    page.goto(server + "requests/new")
    page.locator("#customer-search").fill(customer["name"])
    page.locator("#customer-choices button").first.click()
    page.locator("#priority").select_option("routine")
    page.locator("#work_type").select_option("implementation")
    page.locator("#title").fill("调休后的期限")
    row = page.locator('#preview-deadlines tr[data-target="resolution_implementation"] .deadline')
    expect(row).to_have_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"))
    return row.inner_text()


def first_day_off(calendar, after):
    """The first day after `after` the calendar does not work, with no exception on it."""
    exceptions = {item["date"] for item in calendar["exceptions"]}
    day = after
    while True:
        day += timedelta(days=1)
        if WEEKDAYS[day.weekday()] not in calendar["work_week"] and day.isoformat() not in exceptions:
            return day


def restore_calendar(api, admin, before):
    now = api.get("/api/v1/calendar", admin)
    api.expect(200, "PUT", "/api/v1/calendar", admin, {**before, "version": now["version"]})


def test_a_make_up_workday_typed_into_the_calendar_moves_the_intake_preview(server, api, page):
    admin = api.login(*ADMIN)
    customer = api.customers(admin, "远景")[0]
    before = api.get("/api/v1/calendar", admin)
    today = datetime.now(ORG_TZ).date()
    sunday_or_so = first_day_off(before, today)
    log_in(page, server, *ADMIN)
    was = intake_preview(page, server, customer)
    # The day off falls inside the resolution's seven working days: any
    # seven span a weekend, whatever day the test runs.
    assert sunday_or_so.isoformat() < was[:10], (sunday_or_so, was)

    try:
        page.goto(server + "settings/calendar")
        list_box = page.locator("#exception-list")
        expect(list_box).to_be_visible()
        while page.locator("#shown-year").inner_text() != str(sunday_or_so.year):
            page.locator("#next-year").click()
        cell = page.locator(f'.day[data-date="{sunday_or_so.isoformat()}"]')
        expect(cell).to_have_class(re.compile(r"\boff\b"))
        lines = [list_box.input_value(), f"{sunday_or_so.isoformat()} 班 浏览器调休"]
        # Past holidays of the year, typed as a range, change no deadline from now on.
        year = sunday_or_so.year
        festival = date(year, 2, 15)
        if festival + timedelta(days=6) < today:
            lines += [f"{year}-02-14 班 春节调休", f"{festival.isoformat()}..{year}-02-21 休 春节"]
        list_box.fill("\n".join(line for line in lines if line))
        # The month view follows the list as it is typed.
        expect(cell).to_have_class(re.compile(r"\bmakeup\b"))
        snap(page, "calendar")
        page.locator("#save-calendar").click()
        expect(page.locator("#calendar-saved")).to_be_visible()

        stored = api.get("/api/v1/calendar", admin)
        assert {"date": sunday_or_so.isoformat(), "kind": "workday", "name": "浏览器调休"} in stored["exceptions"]
        if festival + timedelta(days=6) < today:
            assert len([item for item in stored["exceptions"] if item["name"] == "春节"]) == 7
        assert stored["version"] == before["version"] + 1

        now = intake_preview(page, server, customer)
        assert now < was, (now, was)
        page.locator("#take-in").click()
        expect(page.locator(".request-page")).to_be_visible()
        number = page.locator(".request-head .number").inner_text()
        found = api.get("/api/v1/requests?q=" + number, admin)["items"]
        detail = api.get(f"/api/v1/requests/{found[0]['id']}", admin)
        deadlines = {clock["target"]: shown(clock["deadline"]) for clock in detail["sla"]}
        assert deadlines["resolution_implementation"] == now, (deadlines, now)
    finally:
        restore_calendar(api, admin, {key: before[key] for key in
                                      ("time_zone", "work_week", "periods", "weekday_periods", "exceptions")})


def test_the_calendar_names_a_mistyped_line_and_shows_the_servers_refusal_beside_its_field(server, api, page):
    log_in(page, server, *ADMIN, path="/settings/calendar")
    list_box = page.locator("#exception-list")
    expect(list_box).to_be_visible()
    year = page.locator("#shown-year").inner_text()
    list_box.fill(f"{year}-02-30 休\n{year}-05-01 放假")
    mistakes = page.locator(".list-mistake")
    expect(mistakes).to_have_count(2)
    expect(mistakes.nth(0)).to_contain_text("行 1")
    expect(mistakes.nth(1)).to_contain_text("行 2")
    list_box.fill("")
    page.locator("#time-zone").fill("Mars/Olympus")
    page.locator("#save-calendar").click()
    expect(page.locator('.field-error[data-field="time_zone"]')).to_contain_text("Mars/Olympus")


def test_a_named_7x24_calendar_is_created_and_listed(server, api, page):
    admin = api.login(*ADMIN)
    log_in(page, server, *ADMIN, path="/settings/calendar")
    page.locator("#new-calendar-name").fill("browser_7x24")
    page.locator("#create-calendar").click()
    expect(page).to_have_url(re.compile(r"/settings/calendars/browser_7x24$"))
    expect(page.locator('#work-week input[data-day="sunday"]')).to_be_checked()
    expect(page.locator("#calendar-tabs")).to_contain_text("browser_7x24")
    stored = api.get("/api/v1/calendars/browser_7x24", admin)
    assert len(stored["work_week"]) == 7
    assert stored["periods"] == [{"start": "00:00", "end": "24:00"}]
    # A lunch break: two periods on the named calendar.
    page.locator(".period .end").first.fill("12:00")
    page.locator("#add-period").click()
    page.locator(".period .start").nth(1).fill("13:30")
    page.locator(".period .end").nth(1).fill("18:00")
    # Sundays keep a shorter day of their own.
    sunday = page.locator('#weekday-periods input[data-day="sunday"]')
    sunday.fill("10:00-15:00x")
    expect(page.locator("#weekday-periods .field-error")).to_be_visible()
    sunday.fill("10:00-15:00")
    page.locator("#save-calendar").click()
    expect(page.locator("#calendar-saved")).to_be_visible()
    stored = api.get("/api/v1/calendars/browser_7x24", admin)
    assert stored["periods"] == [{"start": "00:00", "end": "12:00"}, {"start": "13:30", "end": "18:00"}]
    assert stored["weekday_periods"] == {"sunday": [{"start": "10:00", "end": "15:00"}]}


def test_an_sla_target_is_edited_read_back_and_a_stale_save_is_refused(server, api, page):
    admin = api.login(*ADMIN)
    before = api.get("/api/v1/sla/policy", admin)
    log_in(page, server, *ADMIN, path="/settings/sla")
    row = page.locator('table.sla-policy tr[data-target="response_important"]')
    expect(row.locator("input.amount")).to_have_value(str(before["policy"]["response_important"]["amount"]))
    try:
        row.locator("select.kind").select_option("business_hours")
        row.locator("input.amount").fill("20")
        page.locator("#save-sla").click()
        expect(page.locator("#sla-saved")).to_be_visible()
        after = api.get("/api/v1/sla/policy", admin)
        assert after["policy"]["response_important"] == {"kind": "business_hours", "amount": 20}
        assert after["version"] == before["version"] + 1
        assert after["policy"]["response_urgent"] == before["policy"]["response_urgent"]

        # A change made elsewhere meanwhile: this page's save is refused as stale.
        api.expect(200, "PUT", "/api/v1/sla/policy", admin,
                   {"version": after["version"], "policy": {"return_visit": {"kind": "days", "amount": 6}}})
        row.locator("input.amount").fill("21")
        page.locator("#save-sla").click()
        expect(page.locator("#stale")).to_contain_text("已被他人修改")
        page.locator("#stale button").click()
        expect(page.locator('tr[data-target="return_visit"] input.amount')).to_have_value("6")
        # A refused amount is shown beside its row.
        row.locator("input.amount").fill("4000")
        page.locator("#save-sla").click()
        expect(row.locator(".field-error")).to_be_visible()
    finally:
        now = api.get("/api/v1/sla/policy", admin)
        api.expect(200, "PUT", "/api/v1/sla/policy", admin, {"version": now["version"], "policy": before["policy"]})


def test_a_routing_rule_is_added_and_the_preview_follows_it_before_and_after_saving(server, api, page):
    admin = api.login(*ADMIN)
    before = api.get("/api/v1/routing/rules", admin)
    log_in(page, server, *ADMIN, path="/settings/routing")
    expect(page.locator("#sample-customer")).to_be_visible()
    page.locator("#sample-product-kind").select_option("software")
    page.locator("#sample-title").fill("打印机卡纸")
    expect(page.locator("#preview-department")).to_have_attribute("data-code", "technical_software")
    try:
        page.locator("#add-rule").click()
        page.locator("#rule-name").fill("打印机 → 硬件")
        page.locator("#rule-keywords").fill("打印机")
        page.locator("#rule-keywords").press("Tab")
        page.locator("#rule-department").select_option("technical_hardware")
        # The draft routes the sample before it is saved.
        expect(page.locator("#preview-department")).to_have_attribute("data-code", "technical_hardware")
        expect(page.locator("#preview-rule")).to_have_text("打印机 → 硬件")
        expect(page.locator('table.rules tr[data-rule="0"]')).to_have_class(re.compile("matched"))
        expect(page.locator("#rules-unsaved")).to_be_visible()
        assert api.get("/api/v1/routing/rules", admin)["version"] == before["version"]
        snap(page, "routing")

        page.locator("#save-rules").click()
        expect(page.locator("#rules-saved")).to_be_visible()
        saved = api.get("/api/v1/routing/rules", admin)
        assert saved["rules"][0]["name"] == "打印机 → 硬件"
        assert saved["rules"][0]["title_keywords"] == ["打印机"]
        assert saved["rules"][0]["department"] == "technical_hardware"
        # What intake would do now, as the server says.
        customer = page.locator("#sample-customer").inner_text().split(" · ")[0]
        customer_id = api.customers(admin, customer)[0]["id"]
        routed = api.post("/api/v1/routing/preview", admin, {
            "customer_id": customer_id, "category": "fault", "product_kind": "software",
            "priority": "routine", "title": "打印机卡纸"})
        assert routed["routing"]["department"] == "technical_hardware"

        # Moved below the software rule, it no longer wins.
        printers = page.locator("table.rules tr[data-rule]").filter(has_text="打印机 → 硬件")
        for _ in range(len(saved["rules"]) - 1):
            printers.locator("button.down").click()
        expect(page.locator("#preview-department")).to_have_attribute("data-code", "technical_software")
        last = page.locator(f'table.rules tr[data-rule="{len(saved["rules"]) - 1}"] td.name')
        expect(last).to_have_text("打印机 → 硬件")
        # A blank name is named beside the rule by the preview, before saving.
        page.locator(f'table.rules tr[data-rule="{len(saved["rules"]) - 1}"] button.edit').click()
        page.locator("#rule-name").fill(" ")
        expect(page.locator(f'.field-error[data-field="rules[{len(saved["rules"]) - 1}].name"]')).to_be_visible()
        expect(page.locator("#routing-preview-error")).to_contain_text("规则有误")
    finally:
        now = api.get("/api/v1/routing/rules", admin)
        api.expect(200, "PUT", "/api/v1/routing/rules", admin, {"version": now["version"], "rules": before["rules"]})


def test_a_package_rate_is_changed_in_place_and_a_refused_rate_is_named_beside_it(server, api, page):
    admin = api.login(*ADMIN)
    before = next(item for item in api.get("/api/v1/packages", admin) if item["code"] == "STANDARD")
    log_in(page, server, *ADMIN, path="/settings/packages")
    row = page.locator('table.packages tr[data-package="STANDARD"]')
    expect(row.locator("input.rate")).to_have_value(f"{before['rate_bp'] // 100}.{before['rate_bp'] % 100:02d}")
    try:
        row.locator("input.rate").fill("12.5")
        row.locator("button.save").click()
        expect(row.locator(".saved")).to_be_visible()
        after = next(item for item in api.get("/api/v1/packages", admin) if item["code"] == "STANDARD")
        assert (after["rate_bp"], after["version"]) == (1250, before["version"] + 1)

        row.locator("input.rate").fill("abc")
        expect(row.locator("button.save")).to_be_disabled()
        row.locator("input.rate").fill("2000")
        row.locator("button.save").click()
        expect(row.locator('.field-error[data-field="rate_bp"]')).to_be_visible()
    finally:
        now = next(item for item in api.get("/api/v1/packages", admin) if item["code"] == "STANDARD")
        api.expect(200, "PUT", "/api/v1/packages/STANDARD", admin,
                   {"version": now["version"], "rate_bp": before["rate_bp"]})


def test_an_api_token_shows_its_secret_once_works_and_is_revoked(server, api, page):
    admin = api.login(*ADMIN)
    users = api.get("/api/v1/users?limit=200", admin)["items"]
    desk = next(user for user in users if user["email"] == SERVICE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, server, *ADMIN, path="/settings/tokens")
    page.locator("#token-name").fill("ERP 同步")
    page.locator("#token-user").select_option(desk["id"])
    # Only what the desk's role allows is offered.
    expect(page.locator('#token-scopes input[data-scope="read_requests"]')).to_be_visible()
    expect(page.locator('#token-scopes input[data-scope="manage_users"]')).to_have_count(0)
    page.locator('#token-scopes input[data-scope="read_requests"]').check()
    page.locator("#issue").click()
    secret = page.locator("#token-value")
    expect(secret).to_have_text(re.compile(r"\S{20,}"))
    token = secret.inner_text()
    page.locator("#copy-token").click()
    expect(page.locator("#copy-token")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == token

    assert api.call("GET", "/api/v1/requests?limit=1", token)[0] == 200
    assert api.call("GET", "/api/v1/customers?limit=1", token)[0] == 403
    listed = api.get("/api/v1/api-tokens", admin)
    issued = next(item for item in listed if item["name"] == "ERP 同步")
    assert issued["user_id"] == desk["id"] and issued["scopes"] == ["read_requests"]

    page.reload()
    expect(page.locator("#token-secret")).to_have_count(0)
    row = page.locator(f'table.tokens tr[data-token="{issued["id"]}"]')
    expect(row).to_contain_text("ERP 同步")
    assert token not in page.content()
    row.locator("button.revoke").click()
    row.locator("button.confirm-revoke").click()
    expect(row.locator(".revoked")).to_be_visible()
    assert api.call("GET", "/api/v1/requests?limit=1", token)[0] == 401


def test_an_administrator_changes_a_users_role_department_skills_and_deactivates_them(server, api, page):
    admin = api.login(*ADMIN)
    email = f"browser-{datetime.now().timestamp():.0f}@rapport.local"
    log_in(page, server, *ADMIN, path="/settings/users")
    page.locator("#new-user-email").fill(email)
    page.locator("#new-user-name").fill("Browser Hu")
    page.locator("#new-user-password").fill("a long password")
    page.locator("#new-user-role").select_option("technician")
    page.locator("#new-user-department").select_option("technical_software")
    page.locator("#create-user").click()
    row = page.locator(f'table.users tr[data-user="{email}"]')
    expect(row).to_contain_text("Browser Hu")

    row.locator("button.edit").click()
    row.locator("select.role").select_option("assistant")
    row.locator("select.department").select_option("service")
    row.locator("input.skills").fill("erp, 网络")
    row.locator("input.active").uncheck()
    row.locator("button.save").click()
    expect(row).to_have_class(re.compile("inactive"))
    stored = next(user for user in api.get("/api/v1/users?limit=200", admin)["items"] if user["email"] == email)
    assert (stored["role"], stored["department"], stored["skills"], stored["active"]) == \
        ("assistant", "service", ["erp", "网络"], False)
    assert api.call("POST", "/api/v1/auth/login", None, {"email": email, "password": "a long password"})[0] == 401


def test_the_audit_log_filters_by_actor_and_days(server, api, page):
    admin = api.login(*ADMIN)
    policy = api.get("/api/v1/sla/policy", admin)
    api.expect(200, "PUT", "/api/v1/sla/policy", admin,
               {"version": policy["version"], "policy": {"dissatisfied_review": policy["policy"]["dissatisfied_review"]}})
    today = datetime.now(ORG_TZ).date()
    log_in(page, server, *ADMIN, path="/audit")
    expect(page.locator("#audit-actor option").nth(1)).to_be_attached()
    me = page.locator("#audit-actor option").filter(has_text="admin@rapport.local").get_attribute("value")
    page.locator("#audit-actor").select_option(me)
    page.locator("#audit-from").fill(today.isoformat())
    page.locator("#audit-to").fill(today.isoformat())
    page.locator(".audit-page form.search button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"actor_id=.*from=" + today.isoformat()))
    entries = page.locator("table.audit tr[data-entry]")
    expect(entries.first).to_be_visible()
    expect(page.locator("table.audit")).to_contain_text("sla_policy.update")
    assert "System" not in page.locator("table.audit").inner_text()

    page.locator("#audit-from").fill((today + timedelta(days=1)).isoformat())
    page.locator("#audit-to").fill((today + timedelta(days=1)).isoformat())
    page.locator(".audit-page form.search button[type=submit]").click()
    expect(page.locator(".audit-page .empty")).to_be_visible()


def test_other_roles_get_only_the_settings_pages_they_may_use_and_a_clear_refusal(server, page):
    log_in(page, server, TECHNICIAN, path="/settings/calendar")
    expect(page.locator("#not-allowed")).to_contain_text("无权访问")
    assert "设置" not in menu(page)
    expect(page.locator("#settings-menu")).to_have_count(0)
    page.locator("#log-out").click()

    # A manager enters orders, so keeps the product catalogue: the one
    # settings page theirs, where /settings leads.
    log_in(page, server, MANAGER, path="/settings")
    expect(page).to_have_url(re.compile(r"/settings/products$"))
    expect(page.locator("#settings-menu a")).to_have_text(["产品目录"])
    assert "审计" in menu(page) and "设置" in menu(page)
    page.goto(server + "settings/routing")
    expect(page.locator("#not-allowed")).to_be_visible()


def own_words(page):
    """The settings page's own words: menus, headings, labels, buttons, hints (not data)."""
    parts = ["header.bar nav", "#settings-menu"] + [
        f".settings-page {part}" for part in (
            "h2", "h3", "h4", "thead th", "tr.group th", "legend", "label > span:first-child", "label.scope",
            "label.day-choice", ".hint", "button:not(.day)", "dt", ".legend")]
    return " ".join(" ".join(page.locator(part).all_inner_texts()) for part in parts)


def test_every_settings_page_speaks_both_languages(server, api, page):
    log_in(page, server, *ADMIN, path="/settings/calendar")
    expect(page.locator("#settings-menu")).to_contain_text("工作日历")
    expect(page.locator(".day").first).to_be_visible()
    assert "工作周" in own_words(page)
    page.locator("#switch-language").click()
    expect(page.locator("#settings-menu")).to_contain_text("Business calendars")
    for path, ready in [("settings/calendar", ".day"), ("settings/sla", "table.sla-policy"),
                        ("settings/routing", "#routing-preview"), ("settings/packages", "table.packages"),
                        ("settings/tokens", "#issue-token"), ("settings/users", "table.users"),
                        ("settings/webhooks", "#webhook-url"), ("settings/jobs", "table.jobs")]:
        page.goto(server + path)
        expect(page.locator(ready).first).to_be_visible()
        words = own_words(page).replace("中文", "")
        assert not CJK.search(words), (path, CJK.findall(words))


def test_a_refusal_beside_its_field_is_worded_in_the_pages_language(server, page):
    log_in(page, server, *ADMIN, path="/settings/calendar")
    refusal = page.locator('.field-error[data-field="time_zone"]')
    page.locator("#time-zone").fill("Mars/Olympus")
    page.locator("#save-calendar").click()
    expect(refusal).to_have_text("“Mars/Olympus”不是已知的时区（应为 IANA 时区名，例如 Asia/Shanghai）")
    page.locator("#switch-language").click()
    page.locator("#time-zone").fill("Mars/Olympus")
    page.locator("#save-calendar").click()
    expect(refusal).to_have_text(
        "“Mars/Olympus” is not a known time zone (expected an IANA name such as Asia/Shanghai)")
