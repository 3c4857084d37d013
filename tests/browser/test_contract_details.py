"""A contract's maintenance details (issue 19, SPEC section 5), driven in
the browser by the service desk: the maintenance contact picked from the
customer's contacts (masked), the technician from those the API offers, the
sites, the installed versions and the calendar of the SLA clocks, each read
back through the API; a refusal named beside its field and a stale edit
refused with the reload offer; the audit log naming who did what; typed
values that survive the page redrawing before they are sent; and these
screens in English without a Chinese word of the app's own."""

import re
import uuid
from datetime import datetime, timedelta

from playwright.sync_api import expect

from browsing import ORG_TZ, log_in, log_out, snap
CJK = re.compile(r"[\u4e00-\u9fff]")
SERVICE = "service@rapport.local"
MANAGER = "manager@rapport.local"
ADMIN = ("admin@rapport.local", "rapport-admin")
CALENDAR = "premium_7x24"


def unique(prefix):
    return f"{prefix}{uuid.uuid4().hex[:6]}"


def customer_with_contact(api, executive=False):
    """A verified customer of the service desk's with one contact; (customer, contact)."""
    service, manager = api.login(SERVICE), api.login(MANAGER)
    customer = api.post("/api/v1/customers", service, {
        "name": unique("杭州维护客户"), "industry": "Manufacturing", "address": "1 Test Road",
        "stage": "new", "tier": "core", "preferred_channel": "phone"}, status=201)
    customer = api.post(f"/api/v1/customers/{customer['id']}/review", manager,
                        {"version": customer["version"], "decision": "verified"})
    contact = api.post(f"/api/v1/customers/{customer['id']}/contacts", service, {
        "name": "周工", "position": "IT 主管", "phone": "13812345678",
        "email": "zhou@example.com", "preferred_channel": "phone",
        "is_executive": executive}, status=201)
    return customer, contact


def draft(api, customer):
    service = api.login(SERVICE)
    return api.post("/api/v1/contracts", service, {
        "customer_id": customer["id"], "package_code": "STANDARD",
        "period_start": "2027-01-01", "period_end": "2027-12-31"}, status=201)


def named_calendar(api):
    """The name of a calendar other than the organisation's, made if missing."""
    admin = api.login(*ADMIN)
    if CALENDAR not in api.get("/api/v1/calendars", admin):
        api.expect(201, "PUT", f"/api/v1/calendars/{CALENDAR}", admin, {
            "time_zone": "Asia/Shanghai",
            "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
            "periods": [{"start": "00:00", "end": "24:00"}]})
    return CALENDAR


def test_the_desk_sets_the_contact_technician_sites_versions_and_calendar_of_a_contract(server, api, page):
    service = api.login(SERVICE)
    customer, contact = customer_with_contact(api)
    contract = draft(api, customer)
    calendar = named_calendar(api)
    technician = next(person for person in api.get("/api/v1/contracts/technicians", service)
                      if person["display_name"].startswith("张工"))
    log_in(page, server, SERVICE, path=f"/contracts/{contract['id']}")
    expect(page.locator("#maintenance-contact")).to_have_text("未指定")
    expect(page.locator("#technician")).to_have_text("未指定")
    expect(page.locator("#calendar-name")).to_have_text("组织日历（默认）")

    page.locator("#edit-details").click()
    form = page.locator("#details-form")
    # The contact is offered masked, as every list shows contacts.
    expect(form.locator(f'#contact-input option[value="{contact["id"]}"]')).to_have_text("周工 · IT 主管 · 138****5678")
    form.locator("#contact-input").select_option(contact["id"])
    expect(form.locator(f'#technician-input option[value="{technician["id"]}"]')).to_contain_text("软件技术部")
    form.locator("#technician-input").select_option(technician["id"])
    form.locator("#sites-input").fill("3")
    form.locator("#versions-input").fill("ERP 9.2\n报表 3.1")
    form.locator("#calendar-input").select_option(calendar)
    snap(page, "contract-details")
    form.locator("#save-details").click()

    expect(page.locator("#details-saved")).to_be_visible()
    expect(page.locator("#maintenance-contact")).to_have_text("周工 · IT 主管 · 138****5678")
    expect(page.locator("#technician")).to_have_text(technician["display_name"])
    expect(page.locator("#sites")).to_have_text("3")
    expect(page.locator("#calendar-name")).to_have_text(calendar)
    assert "13812345678" not in page.locator("#maintenance").inner_text()
    stored = api.get(f"/api/v1/contracts/{contract['id']}", service)
    assert (stored["maintenance_contact_id"], stored["technician_id"], stored["sites"],
            stored["installed_versions"], stored["calendar_name"], stored["version"]) == (
        contact["id"], technician["id"], 3, "ERP 9.2\n报表 3.1", calendar, contract["version"] + 1)

    # Back to the organisation's calendar: only that is sent.
    page.locator("#edit-details").click()
    page.locator("#calendar-input").select_option("")
    page.locator("#save-details").click()
    expect(page.locator("#calendar-name")).to_have_text("组织日历（默认）")
    after = api.get(f"/api/v1/contracts/{contract['id']}", service)
    assert after["calendar_name"] is None
    assert (after["technician_id"], after["sites"]) == (technician["id"], 3)


def test_a_refused_detail_is_named_beside_it_and_a_stale_edit_offers_a_reload(server, api, page):
    service = api.login(SERVICE)
    customer, _ = customer_with_contact(api)
    contract = draft(api, customer)
    path = f"/api/v1/contracts/{contract['id']}"
    log_in(page, server, SERVICE, path=f"/contracts/{contract['id']}")
    page.locator("#edit-details").click()
    page.locator("#sites-input").fill("0")
    page.locator("#save-details").click()
    expect(page.locator('#details-form .field-error[data-field="sites"]')).to_be_visible()
    assert api.get(path, service)["sites"] == 1

    # Someone else changes the contract; this edit, read before, is refused.
    api.expect(200, "PATCH", path, service, {"version": contract["version"], "sites": 5})
    page.locator("#sites-input").fill("7")
    page.locator("#save-details").click()
    expect(page.locator("#stale")).to_contain_text("已被他人修改")
    assert api.get(path, service)["sites"] == 5
    page.locator("#stale button").click()
    expect(page.locator("#sites")).to_have_text("5")
    expect(page.locator("#details-form")).to_have_count(0)


def test_the_invoice_day_typed_survives_the_page_redrawing_before_it_is_confirmed(server, api, page):
    service = api.login(SERVICE)
    customer, _ = customer_with_contact(api)
    contract = draft(api, customer)
    path = f"/api/v1/contracts/{contract['id']}"
    for step in ("agree", "sign"):
        contract = api.post(f"{path}/actions", service, {"action": step, "version": contract["version"]})
    log_in(page, server, SERVICE, path=f"/contracts/{contract['id']}")
    page.locator('button[data-step="invoice"]').click()
    page.locator("#invoice-method").select_option("courier")
    page.locator("#step-day").fill("2027-02-03")
    # The page redraws with the contract a save answers, while the day waits.
    page.locator("#edit-details").click()
    page.locator("#sites-input").fill("2")
    page.locator("#save-details").click()
    expect(page.locator("#sites")).to_have_text("2")
    expect(page.locator("#step-day")).to_have_value("2027-02-03")
    page.locator("#confirm-step").click()
    expect(page.locator("#contract-status")).to_have_text("已开票")
    stored = api.get(path, service)
    assert (stored["invoice_method"], stored["invoice_sent_on"], stored["sites"]) == ("courier", "2027-02-03", 2)


def test_a_visit_time_typed_survives_the_form_redrawing_before_it_is_scheduled(server, api, page):
    service = api.login(SERVICE)
    customer, contact = customer_with_contact(api, executive=True)
    log_in(page, server, SERVICE, path=f"/customers/{customer['id']}?tab=visits")
    form = page.locator("#schedule-visit")
    due = (datetime.now(ORG_TZ) + timedelta(days=9)).replace(hour=15, minute=30, second=0, microsecond=0)
    typed = due.strftime("%Y-%m-%dT%H:%M")
    form.locator('input[name="due_at"]').fill(typed)
    # Choosing the kind redraws the form (an executive visit offers executives only).
    form.locator("select[name=kind]").select_option("executive")
    expect(form.locator("select[name=contact_id]")).to_have_value(contact["id"])
    form.locator("select[name=kind]").select_option("routine")
    expect(form.locator('select[name=contact_id] option[value=""]')).to_have_count(1)
    expect(form.locator('input[name="due_at"]')).to_have_value(typed)
    form.locator("button[type=submit]").click()
    expect(page.locator('tr.visit[data-kind="routine"]')).to_be_visible()
    visits = api.get(f"/api/v1/visits?customer_id={customer['id']}", service)["items"]
    assert [v["kind"] for v in visits] == ["routine"]
    assert datetime.fromisoformat(visits[0]["due_at"].replace("Z", "+00:00")) == due


def test_the_audit_log_names_who_did_what(server, api, page):
    service, manager = api.login(SERVICE), api.login(MANAGER)
    me = api.get("/api/v1/auth/me", service)
    customer, _ = customer_with_contact(api)
    contract = draft(api, customer)
    entries = api.get(f"/api/v1/audit?entity_type=contract&entity_id={contract['id']}", manager)["items"]
    assert [(e["action"], e["actor_name"]) for e in entries] == [("contract.create", me["display_name"])]

    log_in(page, server, MANAGER, path=f"/audit?entity_type=contract&entity_id={contract['id']}")
    row = page.locator(f'table.audit tr[data-entry="{entries[0]["id"]}"]')
    expect(row.locator(".actor")).to_have_text(me["display_name"])
    # The first administrator was made by the system, which has no name.
    first = next(e for e in api.get("/api/v1/audit?entity_type=user&limit=200", manager)["items"]
                 if e["actor_id"] is None)
    assert first["actor_name"] is None
    page.goto(server + f"audit?entity_type=user&entity_id={first['entity_id']}")
    expect(page.locator(f'table.audit tr[data-entry="{first["id"]}"] .actor')).to_have_text("系统")


def test_the_contract_details_and_audit_names_speak_english(server, api, page):
    service = api.login(SERVICE)
    customer, _ = customer_with_contact(api)
    contract = draft(api, customer)
    log_in(page, server, SERVICE, path=f"/contracts/{contract['id']}")
    page.locator("#switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#maintenance h3")).to_have_text("Maintenance details")
    expect(page.locator("#technician")).to_have_text("Not set")
    page.locator("#edit-details").click()
    page.locator("#sites-input").fill("many")
    page.locator("#save-details").click()
    expect(page.locator('#details-form .field-error[data-field="sites"]')).to_have_text("A whole number from 1 to 10,000")
    # The app's own words: the labels, the offers that are not data, the buttons.
    own = [
        *page.locator("#maintenance dt").all_inner_texts(),
        *page.locator("#details-form label.field > span:first-child").all_inner_texts(),
        page.locator('#calendar-input option[value=""]').inner_text(),
        page.locator('#technician-input option[value=""]').inner_text(),
        *page.locator("#details-form button").all_inner_texts(),
        page.locator('#details-form .field-error[data-field="sites"]').inner_text(),
    ]
    assert not CJK.search(" ".join(own)), own
    assert api.get(f"/api/v1/contracts/{contract['id']}", service)["sites"] == 1

    manager = api.login(MANAGER)
    entries = api.get(f"/api/v1/audit?entity_type=contract&entity_id={contract['id']}", manager)["items"]
    log_out(page)
    log_in(page, server, MANAGER, path=f"/audit?entity_type=contract&entity_id={contract['id']}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(f'table.audit tr[data-entry="{entries[0]["id"]}"] .actor')).to_have_text(
        entries[0]["actor_name"])
