"""Sign-in throttling on the web form (``POST /login``): the sign-in page again,
with status 429, ``Retry-After``, a translated message saying when to try
again and the e-mail kept; one count with the API's sign-in."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD
from tests.web.conftest import _CSRF

WRONG = "not the password at all"
ALICE = "alice@ajofm-tm.example"
BOGDAN = "bogdan@ajofm-tm.example"


class Browser:
    """One browser at one client address."""

    def __init__(self, app, address: str, language: str = "en") -> None:
        self.client = app.test_client()
        self.client.environ_base.update(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)

    def sign_in(self, email: str, password: str = WRONG):
        page = self.client.get("/login").get_data(as_text=True)
        token = _CSRF.search(page).group(1)
        form = {"email": email, "password": password, "csrf_token": token}
        return self.client.post("/login", data=form)


def fail(app, email, addresses):
    for address in addresses:
        response = Browser(app, address).sign_in(email)
        assert response.status_code == 401, response.get_data(as_text=True)[:300]


def addresses(block, n):
    return [f"203.0.{block}.{i}" for i in range(1, n + 1)]


def error_of(response) -> str:
    return re.search(r'role="alert"><p>(.*?)</p>', response.get_data(as_text=True)).group(1)


@pytest.fixture
def users(factory):
    for email in (ALICE, BOGDAN):
        factory.headers("agency_officer", "ajofm-timis", email=email)


def test_five_failures_lock_the_form_for_the_right_password_too(app, users):
    fail(app, ALICE, addresses(1, 5))

    browser = Browser(app, "203.0.9.9")
    response = browser.sign_in(ALICE, PASSWORD)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    # 09:00 UTC on the test clock is 11:00 in Bucharest; the lock ends a minute later.
    assert error_of(response) == (
        "Too many failed sign-ins for this account or from this address."
        " Try again after 11:01\u202fAM."
    )
    page = response.get_data(as_text=True)
    assert f'value="{ALICE}"' in page  # the e-mail is kept, the password is not
    assert PASSWORD not in page
    assert browser.client.get("/account").status_code == 302  # not signed in


def test_an_unknown_account_gets_the_same_page(app, users):
    fail(app, ALICE, addresses(1, 5))
    fail(app, "nobody@hub.example", addresses(2, 5))

    known = Browser(app, "203.0.9.9").sign_in(ALICE, PASSWORD)
    unknown = Browser(app, "203.0.9.8").sign_in("nobody@hub.example", PASSWORD)

    assert known.status_code == unknown.status_code == 429
    assert known.headers["Retry-After"] == unknown.headers["Retry-After"]
    assert error_of(known) == error_of(unknown)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ro", "Prea multe autentificări eșuate"),
        ("cs", "Příliš mnoho neúspěšných přihlášení"),
        ("uk", "Забагато невдалих спроб входу"),
    ],
)
def test_the_message_is_translated(app, users, language, message):
    fail(app, ALICE, addresses(1, 5))

    response = Browser(app, "203.0.9.9", language).sign_in(ALICE, PASSWORD)

    assert response.status_code == 429
    assert error_of(response).startswith(message)
    assert "11:01" in error_of(response)


def test_the_form_and_the_api_share_one_count(app, client, users):
    fail(app, ALICE, addresses(1, 3))
    for address in addresses(2, 2):
        api = client.post(
            "/api/v1/auth/tokens",
            json={"email": ALICE, "password": WRONG},
            environ_base={"REMOTE_ADDR": address},
        )
        assert api.status_code == 401

    assert Browser(app, "203.0.9.9").sign_in(ALICE, PASSWORD).status_code == 429


def test_one_address_trying_many_accounts_is_locked_on_the_form(app, users):
    for n in range(5):
        fail(app, f"guess{n}@hub.example", ["203.0.1.1"])

    assert Browser(app, "203.0.1.1").sign_in(BOGDAN, PASSWORD).status_code == 429
    assert Browser(app, "203.0.1.2").sign_in(BOGDAN, PASSWORD).status_code == 302


def test_the_lock_holds_on_a_second_instance_and_then_the_right_password_works(
    app, make_app, clock, users
):
    fail(app, ALICE, addresses(1, 5))
    second = make_app()  # another process on the same database

    assert Browser(second, "203.0.9.9").sign_in(ALICE, PASSWORD).status_code == 429
    clock.advance(seconds=60)
    browser = Browser(second, "203.0.9.9")
    response = browser.sign_in(ALICE, PASSWORD)
    assert response.status_code == 302
    assert browser.client.get("/account").status_code == 200
