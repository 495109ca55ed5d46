"""Correcting a draft referral through the API: ``PATCH /api/v1/referrals/{id}``
with ``If-Match``; only the sending centre, only while it is a draft, each field
checked as on creation, and the change in the person's access log."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.db import db
from tests.factories import Factory, problem

JOB_SEEKER = "labour_agency.job_seeker_registration"


def url(referral: dict[str, Any]) -> str:
    return f"/api/v1/referrals/{referral['id']}"


def patch(client, referral: dict[str, Any], headers: dict[str, str], body: Any, **kw: Any):
    version = kw.pop("version", referral["version"])
    if_match = {} if version is None else {"If-Match": f'"{version}"'}
    return client.patch(url(referral), json=body, headers={**headers, **if_match}, **kw)


def read(client, referral: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(url(referral), headers=headers)
    assert response.status_code == 200
    return response.get_json()


def edits(app, referral: dict[str, Any]) -> list[AuditLog]:
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(AuditLog)
                .where(AuditLog.object_id == referral["id"], AuditLog.action == "edit_draft")
                .order_by(AuditLog.at, AuditLog.id)
            )
        )
        db.session.expunge_all()
        return rows


@pytest.fixture
def staff(factory: Factory) -> dict[str, str]:
    return factory.staff()


@pytest.fixture
def draft(factory: Factory, staff) -> dict[str, Any]:
    return factory.referral(staff, send=False)


# --- the happy path ------------------------------------------------------------------------


def test_staff_correct_the_form_priority_and_note_of_their_draft(client, app, staff, draft):
    form = {**draft["form"], "education_level": "bachelor"}
    body = {"form": form, "priority": "urgent", "note": "Speaks Ukrainian and some English."}

    response = patch(client, draft, staff, body)

    assert response.status_code == 200, response.get_json()
    edited = response.get_json()
    assert edited["form"]["education_level"] == "bachelor"
    assert edited["priority"] == "urgent" and edited["note"] == body["note"]
    assert edited["status"] == "draft"
    assert edited["version"] == draft["version"] + 1
    assert response.headers["ETag"] == f'"{edited["version"]}"'
    assert read(client, draft, staff) == edited
    [row] = edits(app, draft)
    assert row.changed_fields == ["form", "priority", "note"]
    assert row.beneficiary_id == draft["beneficiary"]["id"]


def test_a_partial_body_changes_only_what_it_names(client, staff, draft):
    response = patch(client, draft, staff, {"priority": "urgent"})

    edited = response.get_json()
    assert edited["priority"] == "urgent"
    assert edited["form"] == draft["form"] and edited["note"] == draft["note"]
    assert edited["consent_id"] == draft["consent_id"]


def test_the_same_values_again_change_nothing(client, app, staff, draft):
    response = patch(client, draft, staff, {"priority": draft["priority"], "form": draft["form"]})

    assert response.status_code == 200
    assert response.get_json()["version"] == draft["version"]
    assert edits(app, draft) == []


def test_the_edited_draft_is_then_sent_as_edited(client, factory, staff, draft):
    edited = patch(client, draft, staff, {"priority": "urgent"}).get_json()

    sent = factory.move(staff, edited, "requested")

    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["priority"] == "urgent"


def test_the_consent_can_be_changed_to_another_that_covers_the_service(
    client, factory, app, staff, draft
):
    other = factory.consent(staff, draft["beneficiary"]["id"], kinds=["labour_agency"])

    response = patch(client, draft, staff, {"consent_id": other["id"]})

    assert response.status_code == 200, response.get_json()
    assert read(client, draft, staff)["consent_id"] == other["id"]
    assert edits(app, draft)[0].changed_fields == ["consent_id"]


def test_the_edit_is_in_the_persons_access_log_without_any_value(client, staff, draft):
    patch(client, draft, staff, {"note": "A secret note"})

    export = client.get(
        f"/api/v1/beneficiaries/{draft['beneficiary']['id']}/export", headers=staff
    ).get_json()
    entries = [e for e in export["access_log"] if e["action"] == "edit_draft"]
    assert [e["referral_id"] for e in entries] == [draft["id"]]
    assert "A secret note" not in str(export["access_log"])


# --- what is refused, and changes nothing ----------------------------------------------------


def assert_unchanged(client, staff, draft) -> None:
    now = read(client, draft, staff)
    assert now["version"] == draft["version"]
    assert (now["form"], now["priority"], now["note"], now["consent_id"]) == (
        draft["form"],
        draft["priority"],
        draft["note"],
        draft["consent_id"],
    )


def test_a_stale_version_is_412(client, staff, draft):
    patch(client, draft, staff, {"priority": "urgent"})

    body = problem(patch(client, draft, staff, {"note": "Late"}), 412)

    assert "changed since you read it" in body["detail"]
    assert read(client, draft, staff)["note"] is None


def test_a_missing_if_match_is_428(client, staff, draft):
    problem(patch(client, draft, staff, {"priority": "urgent"}, version=None), 428)
    assert_unchanged(client, staff, draft)


def test_a_malformed_if_match_is_422(client, staff, draft):
    response = client.patch(
        url(draft), json={"priority": "urgent"}, headers={**staff, "If-Match": "latest"}
    )
    assert "If-Match" in problem(response, 422)["errors"]
    assert_unchanged(client, staff, draft)


@pytest.mark.parametrize("to", ["requested", "cancelled"])
def test_a_sent_or_cancelled_referral_is_409(client, factory, staff, draft, to):
    moved = factory.move(staff, draft, to).get_json()

    body = problem(patch(client, moved, staff, {"priority": "urgent"}), 409)

    expected = "has been sent" if to == "requested" else "was cancelled"
    assert expected in body["detail"] and "can no longer be edited" in body["detail"]
    assert read(client, draft, staff)["priority"] == "normal"


def test_an_invalid_form_is_422_next_to_the_field_and_nothing_changes(client, staff, draft):
    form = {**draft["form"], "education_level": "astronaut"}

    body = problem(patch(client, draft, staff, {"form": form, "priority": "urgent"}), 422)

    assert "form.education_level" in body["errors"]
    assert_unchanged(client, staff, draft)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"priority": "whenever"}, "priority"),
        ({"note": "x" * 2001}, "note"),
        ({"form": "not an object"}, "form"),
        ({"send": True}, "send"),
        ({"service": "schools.school_enrolment"}, "service"),
        ({"beneficiary_id": "someone-else"}, "beneficiary_id"),
        ({"status": "requested"}, "status"),
    ],
)
def test_an_invalid_or_unknown_field_is_422_and_nothing_changes(client, staff, draft, body, field):
    assert field in problem(patch(client, draft, staff, body), 422)["errors"]
    assert_unchanged(client, staff, draft)


def test_a_consent_that_does_not_cover_the_service_is_422(client, factory, staff, draft):
    health_only = factory.consent(staff, draft["beneficiary"]["id"], kinds=["health_insurance"])
    someone_elses = factory.consent(staff, factory.beneficiary(staff)["id"])

    for consent in (health_only, someone_elses):
        body = problem(patch(client, draft, staff, {"consent_id": consent["id"]}), 422)
        assert "consent_id" in body["errors"]
    assert_unchanged(client, staff, draft)


def test_a_malformed_body_is_400_and_a_non_object_422(client, staff, draft):
    headers = {**staff, "If-Match": f'"{draft["version"]}"', "Content-Type": "application/json"}
    problem(client.patch(url(draft), data="{not json", headers=headers), 400)
    problem(client.patch(url(draft), data="[1, 2]", headers=headers), 422)
    problem(client.patch(url(draft), data="priority=urgent", headers={**staff}), 415)
    assert_unchanged(client, staff, draft)


# --- who may --------------------------------------------------------------------------------


def test_another_centre_gets_404(client, staff, draft, other_centre):
    problem(patch(client, draft, other_centre, {"priority": "urgent"}), 404)
    assert_unchanged(client, staff, draft)


def test_the_receiving_officer_cannot_see_a_draft_404(client, factory, staff, draft):
    problem(patch(client, draft, factory.officer(), {"priority": "urgent"}), 404)
    assert_unchanged(client, staff, draft)


def test_the_receiving_officer_may_not_edit_a_sent_referral_403(client, factory, staff):
    sent = factory.referral(staff)

    body = problem(patch(client, sent, factory.officer(), {"priority": "urgent"}), 403)

    assert "Only the centre" in body["detail"]


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_and_admins_are_403(client, factory, staff, draft, role):
    slug = "prefectura-timis" if role == "coordinator" else None
    problem(patch(client, draft, factory.headers(role, slug), {"priority": "urgent"}), 403)
    assert_unchanged(client, staff, draft)


def test_without_a_token_401(client, staff, draft):
    response = client.patch(url(draft), json={"priority": "urgent"}, headers={"If-Match": '"1"'})
    problem(response, 401)
    assert_unchanged(client, staff, draft)


def test_an_unknown_referral_is_404(client, staff, draft):
    problem(patch(client, {**draft, "id": "no-such-id"}, staff, {"priority": "urgent"}), 404)


def test_the_document_describes_the_operation(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/referrals/{referral_id}"]["patch"]

    assert {"200", "401", "403", "404", "409", "412", "422", "428"} <= set(operation["responses"])
    schema_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
    assert set(schema["properties"]) == {"form", "priority", "note", "consent_id"}
    assert "required" not in schema and schema["additionalProperties"] is False
