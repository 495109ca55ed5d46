"""In-app notifications over the API: who is notified of what, only their
own, marked read one by one or all at once, and nothing when the transition
does not happen."""

from __future__ import annotations

from sqlalchemy import select

from core.access import Principal
from core.auth.models import User
from core.auth.service import issue_token
from core.db import db
from core.institutions.models import Institution
from core.notifications.models import Notification
from core.referrals.lifecycle import transition
from core.referrals.models import Referral
from tests.factories import BENEFICIARY, Factory, problem
from tests.notifications.conftest import JOB_SEEKER
from tests.notifications.test_outbox import VetoEverySending

ITEM_KEYS = {
    "id",
    "kind",
    "referral_id",
    "referral_reference",
    "service",
    "status",
    "created_at",
    "read_at",
    "reminder",
}


def notifications(client, headers, **params) -> dict:
    response = client.get("/api/v1/notifications", headers=headers, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def all_rows(app) -> list[Notification]:
    with app.app_context():
        rows = list(db.session.scalars(select(Notification)))
        db.session.expunge_all()
        return rows


def test_the_receiving_officers_are_notified_when_staff_send(app, client, desk):
    other_officer = desk.factory.officer("ajofm-timis")  # a second officer of the same agency
    elsewhere = desk.factory.officer("cjas-timis")  # another institution

    referral = desk.send()

    for officer in (desk.officer, other_officer):
        page = notifications(client, officer, unread="true")
        assert page["next_cursor"] is None
        (item,) = page["items"]
        assert set(item) == ITEM_KEYS
        assert item["kind"] == "referral_sent"
        assert item["referral_id"] == referral["id"]
        assert item["referral_reference"] == referral["reference"]
        assert item["service"] == JOB_SEEKER
        assert item["status"] == "requested"
        assert item["read_at"] is None
    assert notifications(client, elsewhere)["items"] == []
    assert notifications(client, desk.staff)["items"] == []  # the sender hears of decisions only
    # codes and ids only: nothing of the beneficiary in the table
    dumped = repr([vars(n) for n in all_rows(app)])
    assert BENEFICIARY["family_name"] not in dumped and BENEFICIARY["phone"] not in dumped


def test_mark_one_read_then_all(client, desk):
    first, second = desk.send(), desk.send()
    items = notifications(client, desk.officer)["items"]
    assert [i["referral_id"] for i in items] == [second["id"], first["id"]]  # newest first

    response = client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=desk.officer)
    assert response.status_code == 204
    (unread,) = notifications(client, desk.officer, unread="true")["items"]
    assert unread["id"] == items[1]["id"]
    read = notifications(client, desk.officer)["items"][0]
    assert read["read_at"] is not None
    # marking again is harmless
    again = client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=desk.officer)
    assert again.status_code == 204

    assert client.post("/api/v1/notifications/read-all", headers=desk.officer).status_code == 204
    assert notifications(client, desk.officer, unread="true")["items"] == []
    assert len(notifications(client, desk.officer)["items"]) == 2


def test_another_users_notification_is_not_found(client, desk):
    desk.send()
    (item,) = notifications(client, desk.officer)["items"]
    colleague = desk.factory.officer("ajofm-timis")

    problem(client.post(f"/api/v1/notifications/{item['id']}/read", headers=colleague), 404)
    problem(client.post("/api/v1/notifications/no-such-id/read", headers=desk.officer), 404)
    # read-all of someone else leaves this one unread
    client.post("/api/v1/notifications/read-all", headers=desk.factory.officer("cjas-timis"))
    assert notifications(client, desk.officer, unread="true")["items"][0]["id"] == item["id"]


def test_an_institution_token_has_no_notifications(app, client, desk):
    desk.send()
    with app.app_context():
        agency = db.session.scalar(select(Institution).where(Institution.slug == "ajofm-timis"))
        token, _ = issue_token(institution=agency, name="their system")
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}

    for response in (
        client.get("/api/v1/notifications", headers=headers),
        client.post("/api/v1/notifications/read-all", headers=headers),
        client.post("/api/v1/notifications/x/read", headers=headers),
    ):
        assert "personal token" in problem(response, 403)["detail"]
    problem(client.get("/api/v1/notifications"), 401)


def test_the_creator_is_notified_of_acceptance(client, desk):
    referral = desk.send()
    referral = desk.move(referral, "received")
    assert notifications(client, desk.staff)["items"] == []  # receipt is not announced
    desk.move(referral, "accepted")

    (item,) = notifications(client, desk.staff)["items"]
    assert item["kind"] == "referral_status_changed"
    assert item["status"] == "accepted"
    assert item["referral_id"] == referral["id"]


def test_pagination_with_limit_and_cursor(client, desk):
    sent = [desk.send() for _ in range(3)]

    first = notifications(client, desk.officer, limit=1)
    second = notifications(client, desk.officer, limit=1, cursor=first["next_cursor"])
    third = notifications(client, desk.officer, limit=1, cursor=second["next_cursor"])

    assert [p["items"][0]["referral_id"] for p in (first, second, third)] == [
        s["id"] for s in reversed(sent)
    ]
    assert third["next_cursor"] is None
    problem(client.get("/api/v1/notifications?limit=0", headers=desk.officer), 422)
    problem(client.get("/api/v1/notifications?cursor=nonsense", headers=desk.officer), 422)
    problem(client.get("/api/v1/notifications?colour=red", headers=desk.officer), 422)


def test_a_stale_transition_notifies_nobody(app, desk):
    referral = desk.send()
    before = len(all_rows(app))

    stale = {**referral, "version": referral["version"] - 1}
    problem(desk.factory.move(desk.officer, stale, "received"), 412)
    received = desk.move(referral, "received")
    problem(desk.factory.move(desk.officer, referral, "accepted"), 412)  # stale by now

    assert received["status"] == "received"
    assert len(all_rows(app)) == before


def test_a_vetoed_transition_notifies_nobody(make_app):
    app = make_app(extra_plugins=[("veto", VetoEverySending())])
    factory = Factory(app, app.test_client())
    staff, officer = factory.staff(), factory.officer()
    draft = factory.referral(staff, service=JOB_SEEKER, send=False)

    problem(factory.move(staff, draft, "requested"), 422)

    assert all_rows(app) == []
    assert notifications(app.test_client(), officer)["items"] == []


def test_a_transition_rolled_back_by_its_caller_leaves_no_notification(app, desk):
    draft = desk.send(send=False)
    with app.app_context():
        referral = db.session.get(Referral, draft["id"])
        user = db.session.scalar(select(User).where(User.email == desk.staff_email))
        principal = Principal(
            user_id=user.id, institution_id=user.institution_id, role=user.role, source="cli"
        )
        transition(principal, referral, "requested", expected_version=referral.version)
        db.session.flush()
        assert db.session.scalars(select(Notification)).all()  # in the transaction ...
        db.session.rollback()  # ... and gone with it

    assert all_rows(app) == []
