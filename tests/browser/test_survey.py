"""The customer's survey page (`/survey/{token}`): a request of the demo's
covered customer is taken in, called back and resolved through the API;
the customer opens the survey link, is refused when nothing is rated, rates
5 / 4 / 5 with a comment and submits. The answers must reach the request's
timeline, the used link must say so on reopening, and a made-up token must
be refused."""

from playwright.sync_api import expect

COMMENT = "工程师很耐心"


def resolved_request(api):
    """A request of the demo's covered customer (远景), called back and resolved,
    and the service desk's token."""
    service = api.login("service@rapport.local")
    technician = api.login("tech@rapport.local")
    customers = api.customers(service, "远景")
    assert customers, "the demo customer 远景 is missing"
    request = api.take_in(service, customer_id=customers[0]["id"])
    request = api.act(technician, request, "call_back")
    request = api.act(technician, request, "resolve", method="phone",
                      fault_description="参数错误", solution="电话指导修改")
    return request, service


def test_a_customer_answers_the_survey_and_the_answers_reach_the_timeline(server, api, page):
    request, service = resolved_request(api)
    link = api.post(f"/api/v1/requests/{request['id']}/survey", service, status=201)
    assert link["url"] == server.rstrip("/") + link["path"], "the link is not this server's"

    page.goto(link["url"])
    expect(page.locator("#survey-number")).to_have_text(request["number"])
    # Submitting with nothing rated is refused on the page itself.
    page.locator("#survey button[type=submit]").click()
    expect(page.locator("#survey .error")).to_be_attached()
    for name, score in (("resolution", 5), ("speed", 4), ("attitude", 5)):
        page.locator(f'input[name="{name}"][value="{score}"]').check()
    page.locator("#survey-comment").fill(COMMENT)
    page.locator("#survey button[type=submit]").click()
    expect(page.locator("#survey-thanks")).to_be_visible()

    timeline = api.get(f"/api/v1/requests/{request['id']}", service)["timeline"]
    answered = [event["after"] for event in timeline if event["kind"] == "survey_answered"]
    assert answered == [{"survey_id": link["id"], "resolution": 5, "speed": 4,
                         "attitude": 5, "comment": COMMENT}]

    page.goto(link["url"])
    expect(page.locator("#survey-closed")).to_contain_text("已提交")  # the link is used


def test_a_made_up_survey_token_is_refused(server, page):
    page.goto(server + "survey/not-a-token")

    expect(page.locator("#survey-closed")).to_contain_text("无效")
