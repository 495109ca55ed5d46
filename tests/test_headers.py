"""HTTP headers every answer carries: no cached copies of API answers, ``Allow``
on every 405, and no ``Server`` header naming the server software (the
production server and the development server, each started for real)."""

from __future__ import annotations

import subprocess

import pytest

from tests.factories import problem
from tests.servers import COMMAND, served, server_env

# --- Cache-Control on the API ------------------------------------------------------


def test_every_api_answer_but_the_public_document_is_not_cached(client, factory):
    staff = factory.staff()
    beneficiary = factory.beneficiary(staff)
    answers = [
        client.get("/api/v1/me", headers=staff),
        client.get(f"/api/v1/beneficiaries/{beneficiary['id']}", headers=staff),
        client.get("/api/v1/beneficiaries?limit=5", headers=staff),
        client.get("/api/v1/me"),  # 401
        client.get("/api/v1/beneficiaries/nope", headers=staff),  # 404
        client.put("/api/v1/me", headers=staff),  # 405
        client.post("/api/v1/auth/tokens", json={"email": "x@y.example", "password": "z"}),
    ]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store", answer.request.path
    created = client.post(
        "/api/v1/auth/tokens",
        json={"email": "nobody@hub.example", "password": "wrong"},
    )
    assert created.headers["Cache-Control"] == "no-store"
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert "no-store" not in document.headers.get("Cache-Control", "")


# --- 405 answers say what is allowed -----------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/api/v1/me", {"GET", "PATCH"}),
        ("get", "/api/v1/auth/tokens", {"POST"}),
        ("delete", "/api/v1/beneficiaries", {"GET", "POST"}),
        ("post", "/api/v1/openapi.json", {"GET"}),
    ],
)
def test_api_405_answers_are_problems_that_carry_allow(client, factory, method, path, allowed):
    response = getattr(client, method)(path, headers=factory.staff())
    problem(response, 405)
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("get", "/logout", {"POST"}),
        ("get", "/language", {"POST"}),
        ("put", "/login", {"GET", "POST"}),
        ("delete", "/account", {"GET", "POST"}),
    ],
)
def test_web_405_answers_are_pages_that_carry_allow(client, factory, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


# --- the servers do not name themselves ----------------------------------------------


def _assert_anonymous(answers: list) -> None:
    for answer in answers:
        assert answer.getheader("Server") is None, answer.getheaders()
        names = " ".join(f"{k}: {v}" for k, v in answer.getheaders()).lower()
        for software in ("gunicorn", "waitress", "werkzeug", "python"):
            assert software not in names, answer.getheaders()


def test_the_production_server_does_not_name_itself(tmp_path):
    answers, _ = served(["serve"], tmp_path, ["/login", "/no-such-page", "/api/v1/me"])
    assert [a.status for a in answers] == [200, 404, 401]
    _assert_anonymous(answers)


def test_the_production_server_runs_the_configured_sync_workers_and_logs_no_query(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("REFERRAL_HUB_WEB_WORKERS", "3")
    paths = ["/api/v1/beneficiaries?q=Oksana", "/login?next=/staff"]
    answers, log = served(["serve"], tmp_path, paths)
    assert [a.status for a in answers] == [401, 200]
    assert log.count("Booting worker with pid") == 3, log
    assert "Using worker: sync" in log
    assert '"GET /api/v1/beneficiaries HTTP/1.1" 401' in log
    # no query string at all in gunicorn's log: a search may hold a name anywhere
    assert "Oksana" not in log and "q=" not in log and "next=" not in log


def test_a_wrong_server_setting_stops_serve_with_a_message(tmp_path):
    result = subprocess.run(
        [str(COMMAND), "serve", "--port", "1"],
        env={**server_env(tmp_path), "REFERRAL_HUB_WEB_WORKERS": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "web_workers must be at least 1; got 0." in result.stderr


def test_the_development_server_does_not_name_itself(tmp_path):
    answers, _ = served(["run", "--no-reload"], tmp_path, ["/login", "/no-such-page"])
    assert [a.status for a in answers] == [200, 404]
    _assert_anonymous(answers)
