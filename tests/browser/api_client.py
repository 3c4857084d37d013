"""Talking to the Rapport API from a browser test: the calls a test makes to
arrange data (as the service desk, a technician, …) and to check what the
browser did, without going through the pages."""

import json
import urllib.error
import urllib.parse
import urllib.request

# The password of every demo user (`RAPPORT_DEMO_DATA=true`).
DEMO_PASSWORD = "rapport-demo"


class ApiError(AssertionError):
    """An answer with another status than the test wanted."""


class Api:
    """The API of the server at `base` (`http://127.0.0.1:<port>`)."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, token=None, body=None):
        """(status, parsed JSON or None) of one call; never raises on a status."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        return status, (json.loads(text) if text else None)

    def expect(self, status, method, path, token=None, body=None):
        """The body of a call that must answer `status`."""
        got, answer = self.call(method, path, token, body)
        if got != status:
            raise ApiError(f"{method} {path}: wanted {status}, got {got}: {answer}")
        return answer

    def get(self, path, token=None):
        return self.expect(200, "GET", path, token)

    def post(self, path, token, body=None, status=200):
        return self.expect(status, "POST", path, token, body)

    def login(self, email, password=DEMO_PASSWORD):
        """An access token of `email` (a demo user unless a password is given)."""
        answer = self.post("/api/v1/auth/login", None, {"email": email, "password": password})
        return answer["access_token"]

    def customers(self, token, q):
        """The customers whose name (or other searched field) holds `q`."""
        return self.get("/api/v1/customers?q=" + urllib.parse.quote(q), token)["items"]

    def take_in(self, token, **fields):
        """A new service request (intake) with sensible defaults for what is not given."""
        body = {"channel": "phone", "category": "fault", "product_kind": "software",
                "work_type": "maintenance", "priority": "routine",
                "title": "系统无法登录", "description": "早上开始报错", **fields}
        return self.post("/api/v1/requests", token, body, status=201)

    def act(self, token, request, action, **fields):
        """`request` after one lifecycle action (at its current version)."""
        body = {"action": action, "version": request["version"], **fields}
        return self.post(f"/api/v1/requests/{request['id']}/actions", token, body)
