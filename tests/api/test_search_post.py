"""The beneficiary search without personal data in URLs: ``POST
/beneficiaries/search`` answers as ``GET ?q=`` does, and the development
server's request log leaves out the query string of API paths."""

from __future__ import annotations

from tests.factories import problem
from tests.servers import served

SEARCH = "/api/v1/beneficiaries/search"


def test_the_post_search_finds_what_the_get_search_finds(client, factory, other_centre):
    staff = factory.staff()
    oksana = factory.beneficiary(staff, given_name="Оксана", family_name="Коваленко")
    factory.beneficiary(staff, given_name="Ahmad", family_name="Karimi")
    factory.beneficiary(other_centre, given_name="Oksana", family_name="Kovalenko", county="RO-BH")
    by_post = client.post(SEARCH, json={"q": "Oksana"}, headers=staff)
    assert by_post.status_code == 200
    assert [b["id"] for b in by_post.get_json()["items"]] == [oksana["id"]]
    by_get = client.get("/api/v1/beneficiaries?q=Oksana", headers=staff)
    assert by_post.get_json() == by_get.get_json()
    assert by_post.headers["Cache-Control"] == "no-store"


def test_the_post_search_pages_with_the_cursor(client, factory):
    staff = factory.staff()
    ids = {factory.beneficiary(staff, given_name=f"Oksana{n}")["id"] for n in range(3)}
    first = client.post(SEARCH, json={"q": "", "limit": 2, "cursor": None}, headers=staff)
    page = first.get_json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    second = client.post(
        SEARCH, json={"limit": 2, "cursor": page["next_cursor"]}, headers=staff
    ).get_json()
    assert second["next_cursor"] is None
    assert {b["id"] for b in page["items"] + second["items"]} == ids


def test_the_post_search_refuses_bad_bodies(client, factory):
    staff = factory.staff()
    body = problem(client.post(SEARCH, json={"q": "x", "name": "Oksana"}, headers=staff), 422)
    assert "name" in body["errors"]
    assert "limit" in problem(client.post(SEARCH, json={"limit": 0}, headers=staff), 422)["errors"]
    assert (
        "cursor"
        in problem(client.post(SEARCH, json={"cursor": "zz"}, headers=staff), 422)["errors"]
    )
    problem(client.post(SEARCH, data="q=x", headers=staff), 415)
    problem(client.post(SEARCH, json=["q"], headers=staff), 422)


def test_only_centre_staff_search(client, factory):
    problem(client.post(SEARCH, json={"q": "x"}), 401)
    problem(client.post(SEARCH, json={"q": "x"}, headers=factory.officer()), 403)
    problem(client.post(SEARCH, json={"q": "x"}, headers=factory.headers("admin")), 403)


def test_the_development_server_logs_no_query_string_of_the_api(tmp_path):
    paths = ["/api/v1/beneficiaries?q=Oksana", "/login?next=/staff"]
    answers, log = served(["run", "--no-reload"], tmp_path, paths)
    assert [a.status for a in answers] == [401, 200]
    assert "GET /api/v1/beneficiaries HTTP/1.1" in log
    assert "Oksana" not in log and "q=" not in log
    assert "GET /login?next=/staff HTTP/1.1" in log  # other paths are logged as before
