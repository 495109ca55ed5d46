"""The e-mail that tells the sender of an appointment, delivered to a real SMTP
server: the reference and the time, never the place or the note."""

from __future__ import annotations

from tests.notifications.conftest import outbox, work

AT = "2026-11-05T10:00:00+02:00"


def put(desk, referral, body):
    return desk.factory.client.put(
        f"/api/v1/referrals/{referral['id']}/appointment",
        json=body,
        headers={**desk.officer, "If-Match": f'"{referral["version"]}"'},
    )


def test_the_sender_gets_the_time_by_email_without_the_place_or_the_note(app, desk, smtp):
    referral = desk.move(desk.move(desk.send(), "received"), "accepted")
    response = put(desk, referral, {"at": AT, "place": "Ghișeul 3", "note": "Pașaportul"})
    assert response.status_code == 200, response.get_json()
    rows = [r for r in outbox(app) if r["payload"]["template"] == "appointment_set"]
    assert [r["recipient"] for r in rows] == [desk.staff_email]

    work(app)
    # the last: the staff member heard of the acceptance first
    mail = [m for m in smtp.received if m.message["To"] == desk.staff_email][-1]
    text, html = mail.bodies()
    assert referral["reference"] in mail.message["Subject"]
    for body in (text, html):
        assert "Ghișeul" not in body and "Pașaport" not in body
        assert referral["reference"] in body
        assert "10:00" in body  # in the hub's time zone (Europe/Bucharest), not 08:00 UTC


def test_clearing_tells_the_sender_by_email(app, desk, smtp):
    referral = desk.move(desk.move(desk.send(), "received"), "accepted")
    set_ = put(desk, referral, {"at": AT}).get_json()
    cleared = desk.factory.client.delete(
        f"/api/v1/referrals/{referral['id']}/appointment",
        headers={**desk.officer, "If-Match": f'"{set_["version"]}"'},
    )
    assert cleared.status_code == 200
    work(app)
    mail = [m for m in smtp.received if m.message["To"] == desk.staff_email][-1]
    assert referral["reference"] in mail.message["Subject"]
    assert (
        mail.message["Subject"]
        != [m for m in smtp.received if m.message["To"] == desk.staff_email][-2].message["Subject"]
    )
