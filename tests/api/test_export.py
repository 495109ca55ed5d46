"""GDPR Art. 15: ``GET /beneficiaries/{id}/export``, everything held about a
person, with the access log of every read or change by either side."""

from __future__ import annotations

from tests.factories import problem
from tests.web.test_access_log import institution_token


def _export(client, person_id: str, headers: dict[str, str]):
    return client.get(f"/api/v1/beneficiaries/{person_id}/export", headers=headers)


def test_the_export_holds_the_record_consents_referrals_and_access_log(client, factory, app):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    referral = factory.referral(staff, beneficiary=person, send=True)
    officer = factory.officer()
    client.get(f"/api/v1/referrals/{referral['id']}", headers=officer)
    client.post(
        f"/api/v1/referrals/{referral['id']}/comments",
        json={"body": "Call first."},
        headers=officer,
    )
    token = institution_token(app, "ajofm-timis")
    client.get(f"/api/v1/referrals/{referral['id']}", headers=token)
    other = factory.beneficiary(staff, given_name="Oksana")

    response = _export(client, person["id"], staff)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert set(body) == {"beneficiary", "consents", "referrals", "access_log"}
    assert body["beneficiary"]["id"] == person["id"]
    assert body["beneficiary"]["given_name"] == person["given_name"]
    assert [c["beneficiary_id"] for c in body["consents"]] == [person["id"]]
    (exported,) = body["referrals"]
    assert exported["id"] == referral["id"] and exported["reference"] == referral["reference"]
    assert exported["to_institution"]["id"] == factory.institution_id("ajofm-timis")
    assert [e["to_status"] for e in exported["events"]][:2] == ["draft", "requested"]
    assert [c["body"] for c in exported["comments"]] == ["Call first."]
    assert exported["documents"] == []

    log = body["access_log"]
    assert log[0]["action"] == "export"  # newest first; the export itself is logged
    assert {"at", "action", "by", "referral_id"} == set(log[0])
    officer_reads = [
        e for e in log if e["by"]["role"] == "agency_officer" and e["by"]["user_id"] is not None
    ]
    assert {e["action"] for e in officer_reads} == {"read", "comment"}
    assert {e["referral_id"] for e in officer_reads} == {referral["id"]}
    token_reads = [e for e in log if e["by"]["user_id"] is None]
    assert token_reads and token_reads[0]["by"] == {
        "user_id": None,
        "institution_id": factory.institution_id("ajofm-timis"),
        "role": "agency_officer",
    }
    centre = factory.institution_id("crim-timisoara")
    assert any(e["action"] == "create" and e["referral_id"] is None for e in log)
    assert all(
        e["by"]["institution_id"] in {centre, token_reads[0]["by"]["institution_id"]} for e in log
    )
    # the other person's record is not in this export
    assert other["id"] not in response.get_data(as_text=True)


def test_admins_export_and_their_export_is_logged(client, factory):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    admin = factory.headers("admin")
    body = _export(client, person["id"], admin).get_json()
    assert body["access_log"][0]["action"] == "export"
    assert body["access_log"][0]["by"]["role"] == "admin"
    again = _export(client, person["id"], staff).get_json()["access_log"]
    assert [e["by"]["role"] for e in again[:2]] == ["centre_staff", "admin"]
    problem(_export(client, "no-such-id", admin), 404)


def test_no_one_else_exports(client, factory, other_centre):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    factory.referral(staff, beneficiary=person, send=True)
    problem(_export(client, person["id"], other_centre), 404)
    problem(_export(client, person["id"], factory.officer()), 403)
    problem(_export(client, person["id"], factory.officer("cjas-timis")), 403)
    problem(_export(client, person["id"], factory.headers("coordinator", "prefectura-timis")), 403)
    problem(_export(client, person["id"], {}), 401)
    # refused exports leave no entry
    log = _export(client, person["id"], staff).get_json()["access_log"]
    assert [e["action"] for e in log].count("export") == 1
