"""Sign-in throttling on ``POST /api/v1/auth/tokens``: 429 with ``Retry-After``
once an account or a client address has had too many failures (by default
5 a minute, 20 in 15 minutes), the same answer for unknown accounts, a lock
that holds across app instances on one database and across instances on one
Redis, and ends when ``Retry-After`` has passed.

Flask-Limiter keeps wall time while the hub's clock is frozen here, so tests
that move the clock past a lock continue on a second app instance (an empty
memory storage, as another process has): the database is what it asks."""

from __future__ import annotations

import uuid

import pytest
import redis
from argon2 import PasswordHasher
from sqlalchemy import delete, select

from core.app import create_app
from core.auth.models import SignInFailure
from core.db import db
from tests.factories import PASSWORD, problem

WRONG = "not the password at all"
ALICE = "alice@ajofm-tm.example"
BOGDAN = "bogdan@ajofm-tm.example"
REDIS_URL = "redis://127.0.0.1:6379/0"


def attempt(client, email, password=WRONG, address="198.51.100.1", **kw):
    return client.post(
        "/api/v1/auth/tokens",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        **kw,
    )


def fail(client, email, addresses):
    """One wrong password for ``email`` from each address; each must be a 401."""
    for address in addresses:
        response = attempt(client, email, address=address)
        assert response.status_code == 401, response.get_json()


def addresses(block, n):
    return [f"203.0.{block}.{i}" for i in range(1, n + 1)]


def assert_throttled(response, retry_after=None):
    body = problem(response, 429)
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 60 * 15
    if retry_after is not None:
        assert seconds == retry_after
    assert f"Try again in {seconds} seconds" in body["detail"]
    assert "token" not in body
    return body


@pytest.fixture
def users(factory):
    for email in (ALICE, BOGDAN):
        factory.headers("agency_officer", "ajofm-timis", email=email)


# --- per account ----------------------------------------------------------------


def test_five_failures_in_a_minute_lock_the_account_even_for_the_right_password(client, users):
    fail(client, ALICE, addresses(1, 5))  # five addresses: only the account's count reaches 5

    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.9.9"), retry_after=60)
    assert_throttled(attempt(client, ALICE.upper() + " ", PASSWORD, address="203.0.9.8"))


def test_a_locked_attempt_verifies_no_password(client, users, monkeypatch):
    fail(client, ALICE, addresses(1, 5))
    verified = []
    real_verify = PasswordHasher.verify

    def counting_verify(self, hashed, password):
        verified.append(1)
        return real_verify(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.9.9"))
    assert_throttled(attempt(client, ALICE, WRONG, address="203.0.9.8"))
    assert verified == []
    assert attempt(client, BOGDAN, PASSWORD, address="203.0.9.7").status_code == 201
    assert verified == [1]  # the spy does see a verification


def test_four_failures_do_not_lock_and_only_failures_count(client, users):
    for _ in range(8):  # signing in fine many times is never throttled
        assert attempt(client, BOGDAN, PASSWORD).status_code == 201
    fail(client, ALICE, addresses(1, 4))

    assert attempt(client, ALICE, PASSWORD, address="203.0.9.9").status_code == 201


def test_an_unknown_account_gets_the_identical_answer(client, users):
    fail(client, ALICE, addresses(1, 5))
    fail(client, "nobody@hub.example", addresses(2, 5))

    known = attempt(client, ALICE, PASSWORD, address="203.0.9.9")
    unknown = attempt(client, "nobody@hub.example", PASSWORD, address="203.0.9.8")

    assert assert_throttled(known) == assert_throttled(unknown)
    assert known.headers["Retry-After"] == unknown.headers["Retry-After"] == "60"
    assert known.get_data() == unknown.get_data()


def test_the_lock_is_per_account_another_account_from_another_address_signs_in(client, users):
    fail(client, ALICE, ["203.0.1.1"] * 5)  # the account and the address both locked

    assert attempt(client, BOGDAN, PASSWORD, address="203.0.2.1").status_code == 201
    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.2.2"))  # the account
    assert_throttled(attempt(client, BOGDAN, PASSWORD, address="203.0.1.1"))  # the address


def test_a_success_forgets_the_accounts_failures_but_not_the_addresss(client, users):
    fail(client, ALICE, ["203.0.1.1"] * 4)
    assert attempt(client, ALICE, PASSWORD, address="203.0.2.1").status_code == 201

    fail(client, ALICE, addresses(3, 4))  # 4 after the success, not 8
    assert attempt(client, ALICE, PASSWORD, address="203.0.2.2").status_code == 201
    fail(client, BOGDAN, ["203.0.1.1"])  # the address's fifth
    assert_throttled(attempt(client, BOGDAN, PASSWORD, address="203.0.1.1"))


def test_malformed_bodies_are_not_counted_as_failures(client, users):
    for _ in range(6):
        response = client.post(
            "/api/v1/auth/tokens", json={"email": ALICE}, environ_base={"REMOTE_ADDR": "203.0.1.1"}
        )
        assert response.status_code == 422

    assert attempt(client, ALICE, PASSWORD, address="203.0.1.1").status_code == 201


# --- per client address -------------------------------------------------------------


def test_five_failures_from_one_address_on_five_accounts_lock_the_address(client, users):
    for n in range(5):
        fail(client, f"guess{n}@hub.example", ["203.0.1.1"])

    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.1.1"), retry_after=60)
    assert attempt(client, ALICE, PASSWORD, address="203.0.1.2").status_code == 201


def test_twenty_failures_in_fifteen_minutes_from_one_address_lock_it(make_app, clock, users):
    # Four a minute stay under 5 a minute; each minute's burst comes from a new
    # process (app instance), so that only the database counts across them.
    for minute in range(5):
        if minute:
            clock.advance(seconds=61)
        client = make_app().test_client()
        for n in range(4):
            fail(client, f"guess{minute}.{n}@hub.example", ["203.0.1.1"])
    client = make_app().test_client()

    first_failure_leaves_window = 15 * 60 - 4 * 61
    assert_throttled(
        attempt(client, ALICE, PASSWORD, address="203.0.1.1"),
        retry_after=first_failure_leaves_window,
    )
    assert attempt(client, BOGDAN, PASSWORD, address="203.0.1.2").status_code == 201
    clock.advance(seconds=first_failure_leaves_window - 1)
    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.1.1"), retry_after=1)
    clock.advance(seconds=1)
    assert attempt(client, ALICE, PASSWORD, address="203.0.1.1").status_code == 201


# --- across processes -------------------------------------------------------------------


def test_the_lock_holds_on_a_second_instance_and_ends_after_retry_after(
    app, client, make_app, clock, users
):
    fail(client, ALICE, addresses(1, 3))
    clock.advance(seconds=20)
    fail(client, ALICE, addresses(1, 2))
    second = make_app().test_client()  # another process on the same database

    assert_throttled(attempt(second, ALICE, PASSWORD, address="203.0.9.9"), retry_after=40)
    clock.advance(seconds=39)
    assert_throttled(attempt(second, ALICE, PASSWORD, address="203.0.9.9"), retry_after=1)
    clock.advance(seconds=1)
    response = attempt(second, ALICE, PASSWORD, address="203.0.9.9")
    assert response.status_code == 201 and response.get_json()["token"]


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the shared Redis; its keys are deleted after."""
    prefix = f"rh-test-{uuid.uuid4().hex}"
    yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"*{prefix}*"):
        server.delete(key)
    server.close()


def test_instances_sharing_redis_share_the_lock(make_app, redis_prefix, users):
    on_redis = {"ratelimit_storage_url": REDIS_URL, "ratelimit_key_prefix": redis_prefix}
    first = make_app(config=on_redis)
    fail(first.test_client(), ALICE, addresses(1, 5))
    with first.app_context():  # only Redis remembers the failures now
        db.session.execute(delete(SignInFailure))
        db.session.commit()

    second = make_app(config=on_redis).test_client()
    assert_throttled(attempt(second, ALICE, PASSWORD, address="203.0.9.9"))
    on_memory = make_app().test_client()
    assert attempt(on_memory, ALICE, PASSWORD, address="203.0.9.8").status_code == 201

    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(f"*{redis_prefix}*")]
    assert keys  # the failures are there, keyed without the e-mail or the address
    assert not any("alice" in k or "203.0" in k for k in keys)


def test_an_unreachable_limiter_storage_leaves_the_database_to_throttle(make_app, users):
    # Nothing listens on port 1: every call to the storage fails at once.
    client = make_app(config={"ratelimit_storage_url": "redis://127.0.0.1:1/0"}).test_client()
    fail(client, ALICE, addresses(1, 5))

    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.9.9"), retry_after=60)
    assert attempt(client, BOGDAN, PASSWORD, address="203.0.9.8").status_code == 201


# --- data protection, settings, proxies, the contract ----------------------------------------


def test_the_failure_counter_holds_no_email_or_address_in_clear(app, client, users):
    fail(client, ALICE, ["203.0.1.1"])

    with app.app_context():
        rows = db.session.execute(select(SignInFailure.scope, SignInFailure.key)).all()
    assert sorted(scope for scope, _ in rows) == ["account", "address"]
    for _, key in rows:
        assert len(key) == 64 and int(key, 16) >= 0  # an HMAC-SHA256, hex
        assert "alice" not in key and "203.0" not in key


def test_login_limits_are_read_from_the_settings(make_app, users):
    client = make_app(config={"login_limits": "2 per minute"}).test_client()
    fail(client, ALICE, addresses(1, 2))

    assert_throttled(attempt(client, ALICE, PASSWORD, address="203.0.9.9"), retry_after=60)


@pytest.mark.parametrize(
    ("setting", "value"),
    [("login_limits", "five a minute"), ("login_limits", ""), ("trusted_proxies", -1)],
)
def test_unreadable_throttle_settings_stop_the_app_at_start(migrated, setting, value):
    config = {"database_url": migrated, "secret_key": "s", setting: value}
    with pytest.raises(RuntimeError, match=setting):
        create_app(config)


def forwarded(client, email, client_address, password=WRONG):
    return attempt(
        client,
        email,
        password,
        address="10.0.0.1",  # the proxy
        headers={"X-Forwarded-For": client_address},
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(make_app, users):
    client = make_app(config={"trusted_proxies": 1}).test_client()
    for n in range(5):
        assert forwarded(client, f"guess{n}@hub.example", "192.0.2.7").status_code == 401

    assert_throttled(forwarded(client, ALICE, "192.0.2.7", PASSWORD))
    assert forwarded(client, ALICE, "192.0.2.8", PASSWORD).status_code == 201


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_evade_the_limit(client, users):
    for n in range(5):
        assert forwarded(client, f"guess{n}@hub.example", f"192.0.2.{n}").status_code == 401

    assert_throttled(forwarded(client, ALICE, "192.0.2.99", PASSWORD))


def test_the_openapi_document_describes_the_429_and_the_other_errors(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/auth/tokens"]["post"]

    assert operation["requestBody"]["required"] is True
    assert {"201", "400", "401", "415", "422", "429"} <= set(operation["responses"])
    assert "Retry-After" in operation["responses"]["429"]["headers"]
