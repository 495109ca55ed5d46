"""Fixtures for the web UI tests: signed-in sessions with CSRF tokens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories import PASSWORD, Factory

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebSession:
    """One browser's cookies: a signed-in user of the web UI.

    ``headers`` are bearer headers of the same user, to prepare data through
    the API when a test is about a page rather than about creating the data.
    """

    def __init__(self, app: Flask, email: str, headers: dict[str, str]) -> None:
        self.client: FlaskClient = app.test_client()
        # Tests read English unless they choose another language (the hub's default is ro).
        self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.email = email
        self.headers = headers
        self._csrf: str | None = None

    @property
    def csrf(self) -> str:
        if self._csrf is None:
            # Every page carries the token (the language switch); /account or, signed out, /login.
            page = self.client.get("/account", follow_redirects=True).get_data(as_text=True)
            self._csrf = _CSRF.search(page).group(1)
        return self._csrf

    def login(self, password: str = PASSWORD) -> TestResponse:
        self._csrf = None
        response = self.post("/login", {"email": self.email, "password": password})
        self._csrf = None  # a new session at sign-in
        return response

    def get(self, path: str, **kw: Any) -> TestResponse:
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf)
        return self.client.post(path, data=data, **kw)

    @staticmethod
    def text(response: TestResponse) -> str:
        return response.get_data(as_text=True)


@pytest.fixture
def web(factory: Factory, app: Flask):
    """``web(role, slug)``: a new user of ``role`` at ``slug``, signed in."""

    def make(role: str, slug: str | None = None) -> WebSession:
        factory.network()
        factory._users += 1
        email = f"web.{role}.{slug or 'hub'}.{factory._users}@hub.example"
        headers = factory.headers(role, slug, email=email)
        session = WebSession(app, email, headers)
        response = session.login()
        assert response.status_code == 302, session.text(response)
        session.post("/language", {"lang": "en"})  # saved as the user's language
        return session

    return make
