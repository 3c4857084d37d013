#!/usr/bin/env python3
"""Browser test of the customer's survey page (`/survey/{token}`).

Run by smoke.sh against its server (started with the demo team and
customers): the service desk takes in a request for the demo's covered
customer, the technician calls back and resolves it, the service desk makes
a survey link; then headless Chromium, driven over the DevTools protocol,
opens the link as a customer would, rates 5 / 4 / 5 with a comment and
submits. The answers must reach the request's timeline through the API, the
used link must say so on reopening, and a made-up token must be refused.

usage: survey.py <server url> <chromium> <scratch folder>
Needs Debian's python3-websocket (.ci/run installs it).
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import websocket

DEMO_PASSWORD = "rapport-demo"


def api(base, method, path, token=None, body=None):
    """(status, parsed JSON or None) of one API call."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base.rstrip("/") + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    return status, (json.loads(text) if text else None)


def expect(status, body, wanted, what):
    if status != wanted:
        sys.exit(f"survey: FAILED {what}: {status} {body}")
    return body


def login(base, email):
    status, body = api(base, "POST", "/api/v1/auth/login", body={"email": email, "password": DEMO_PASSWORD})
    return expect(status, body, 200, f"logging in as {email}")["access_token"]


def resolved_request(base, service, technician):
    """A request of the demo's covered customer, called back and resolved."""
    status, found = api(base, "GET", "/api/v1/customers?q=%E8%BF%9C%E6%99%AF", service)  # 远景
    customers = expect(status, found, 200, "finding the demo customer")["items"]
    if not customers:
        sys.exit("survey: FAILED, the demo customer 远景 is missing")
    status, request = api(base, "POST", "/api/v1/requests", service, {
        "customer_id": customers[0]["id"], "channel": "phone", "category": "fault",
        "product_kind": "software", "work_type": "maintenance", "priority": "routine",
        "title": "系统无法登录", "description": "早上开始报错"})
    request = expect(status, request, 201, "taking in a request")
    for action in ({"action": "call_back"},
                   {"action": "resolve", "method": "phone", "fault_description": "参数错误",
                    "solution": "电话指导修改"}):
        action["version"] = request["version"]
        status, request = api(base, "POST", f"/api/v1/requests/{request['id']}/actions", technician, action)
        expect(status, request, 200, f"the technician's {action['action']}")
    return request


class Page:
    """One tab of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, chromium, folder):
        profile = os.path.join(folder, "survey-profile")
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "survey-chromium.err"), "w"))
        port = self._port(os.path.join(profile, "DevToolsActivePort"))
        self.socket = websocket.create_connection(self._tab(port), timeout=30, suppress_origin=True)
        self.calls = 0

    @staticmethod
    def _port(path):
        for _ in range(300):
            if os.path.exists(path):
                with open(path) as file:
                    first = file.readline().strip()
                if first:
                    return int(first)
            time.sleep(0.1)
        sys.exit("survey: FAILED, Chromium did not open its DevTools port in 30 s")

    @staticmethod
    def _tab(port):
        """The DevTools socket of the browser's first tab, once it has one."""
        for _ in range(100):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
                tabs = [tab for tab in json.load(response) if tab["type"] == "page"]
            if tabs:
                return tabs[0]["webSocketDebuggerUrl"]
            time.sleep(0.1)
        sys.exit("survey: FAILED, Chromium opened no tab in 10 s")

    def call(self, method, **params):
        self.calls += 1
        self.socket.send(json.dumps({"id": self.calls, "method": method, "params": params}))
        while True:  # events arrive in between; the answer carries our id
            message = json.loads(self.socket.recv())
            if message.get("id") == self.calls:
                if "error" in message:
                    sys.exit(f"survey: FAILED, {method}: {message['error']}")
                return message["result"]

    def open(self, url):
        self.call("Page.navigate", url=url)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            sys.exit(f"survey: FAILED, script error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def text_of(self, selector, containing="", seconds=20):
        """The text of `selector` once the app has rendered it with `containing`
        (which also tells the page just opened from the one before it)."""
        expression = f"document.querySelector({json.dumps(selector)})?.textContent ?? null"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.evaluate(expression)
            if text is not None and containing in text:
                return text
            time.sleep(0.1)
        html = self.evaluate("document.body.innerHTML")
        sys.exit(f"survey: FAILED, no {selector} with {containing!r} in {seconds} s; the page: {html[:2000]}")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)


FILL = """
for (const [name, score] of [["resolution", 5], ["speed", 4], ["attitude", 5]]) {
  document.querySelector(`input[name="${name}"][value="${score}"]`).click();
}
const comment = document.querySelector("#survey-comment");
comment.value = "工程师很耐心";
comment.dispatchEvent(new InputEvent("input", {bubbles: true}));
document.querySelector("#survey button[type=submit]").click();
"""


def main():
    base, chromium, folder = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    service = login(base, "service@rapport.local")
    technician = login(base, "tech@rapport.local")
    request = resolved_request(base, service, technician)
    status, link = api(base, "POST", f"/api/v1/requests/{request['id']}/survey", service)
    link = expect(status, link, 201, "making the survey link")

    page = Page(chromium, folder)
    try:
        if link["url"] != base + link["path"]:
            sys.exit(f"survey: FAILED, the link {link['url']} is not this server's {base}{link['path']}")
        page.open(link["url"])
        page.text_of("#survey-number", request["number"])
        # Submitting with nothing rated is refused on the page itself.
        page.evaluate('document.querySelector("#survey button[type=submit]").click()')
        page.text_of("#survey .error")
        page.evaluate(FILL)
        page.text_of("#survey-thanks")

        status, detail = api(base, "GET", f"/api/v1/requests/{request['id']}", service)
        timeline = expect(status, detail, 200, "reading the request")["timeline"]
        answered = [event["after"] for event in timeline if event["kind"] == "survey_answered"]
        wanted = {"survey_id": link["id"], "resolution": 5, "speed": 4, "attitude": 5, "comment": "工程师很耐心"}
        if answered != [wanted]:
            sys.exit(f"survey: FAILED, the timeline holds {answered}, not [{wanted}]")

        page.open(link["url"])
        page.text_of("#survey-closed", "已提交")  # the link is used
        page.open(base + "/survey/not-a-token")
        page.text_of("#survey-closed", "无效")
    finally:
        page.close()
    print(f"survey: ok, the customer answered {request['number']}'s survey in the browser "
          "and the answers are on its timeline")


if __name__ == "__main__":
    main()
