"""The admin's Mail page: the outbox's counts, dead messages sent again from the
web (same message id), the pending ones; admins only, CSRF on the form."""

from __future__ import annotations

import pytest

from tests.notifications.conftest import outbox, work
from tests.web.conftest import WebSession

OTHER_ROLES = [
    ("centre_staff", "crim-timisoara"),
    ("agency_officer", "ajofm-timis"),
    ("coordinator", "prefectura-timis"),
]


@pytest.fixture
def admin(web) -> WebSession:
    return web("admin")


@pytest.fixture
def dead(app, desk, smtp, admin) -> dict:
    """A new-referral e-mail that the office's server refused (550): dead.
    Its alert to the admin waits in the outbox (pending)."""
    desk.send()
    row = outbox(app)[0]
    smtp.refuse[row["recipient"]] = "550 5.1.1 No such mailbox"
    assert work(app, batch=1).dead == 1
    return outbox(app, id=row["id"])[0]


def replay(session: WebSession, message_id: str, **kw):
    return session.post(f"/admin/mail/{message_id}/replay", **kw)


def test_the_mail_page_shows_the_counts_the_dead_messages_and_those_waiting(admin, app, dead):
    alert = outbox(app, status="pending")[0]

    response = admin.get("/admin/mail")

    html = WebSession.text(response)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<dt>Waiting to be sent</dt><dd>1</dd>" in html
    assert "<dt>Sent</dt><dd>0</dd>" in html
    assert "<dt>Dead</dt><dd>1</dd>" in html
    dead_table = html.split("Dead messages, newest first")[1].split("</table>")[0]
    for value in (dead["message_id"], dead["recipient"], "SMTP 550", "Send again"):
        assert value in dead_table
    pending_table = html.split("Messages waiting to be sent")[1].split("</table>")[0]
    assert alert["message_id"] in pending_table and alert["recipient"] in pending_table
    assert f'action="/admin/mail/{dead["message_id"]}/replay"' in html


def test_send_again_puts_a_dead_message_back_with_the_same_message_id_and_it_is_delivered(
    admin, app, dead, smtp
):
    response = replay(admin, dead["message_id"])

    assert response.status_code == 302
    page = WebSession.text(admin.get(response.headers["Location"]))
    assert f"Message {dead['message_id']} is waiting to be sent again." in page
    again = outbox(app, id=dead["id"])[0]
    assert (again["status"], again["attempts"], again["message_id"]) == (
        "pending",
        0,
        dead["message_id"],
    )

    del smtp.refuse[dead["recipient"]]
    work(app)
    assert outbox(app, id=dead["id"])[0]["status"] == "sent"
    delivered = [r for r in smtp.received if r.rcpt_tos == [dead["recipient"]]]
    assert [r.message_id for r in delivered] == [f"<{dead['message_id']}@hub.example>"]


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("pending", "is already waiting to be sent; only dead messages can be sent again."),
        ("sent", "was sent already; only dead messages can be sent again."),
    ],
)
def test_sending_again_a_message_that_is_not_dead_says_so_and_changes_nothing(
    admin, app, dead, smtp, state, message
):
    replay(admin, dead["message_id"])  # pending again
    if state == "sent":
        del smtp.refuse[dead["recipient"]]
        work(app)
    before = outbox(app)

    response = replay(admin, dead["message_id"])  # e.g. a second admin, or a stale page

    html = WebSession.text(response)
    assert response.status_code == 422
    assert f"Message {dead['message_id']} {message}" in html
    assert 'class="error-summary"' in html
    assert outbox(app) == before


def test_sending_again_an_unknown_message_is_not_found(admin, dead):
    response = replay(admin, "msg_doesnotexist")

    assert response.status_code == 404
    assert "There is no outbox message msg_doesnotexist." in WebSession.text(response)


def test_send_again_without_the_csrf_token_is_refused_and_the_message_stays_dead(admin, app, dead):
    response = replay(admin, dead["message_id"], csrf=False)

    assert response.status_code == 400
    assert outbox(app, id=dead["id"])[0]["status"] == "dead"


@pytest.mark.parametrize(("role", "slug"), OTHER_ROLES)
def test_the_mail_page_and_send_again_are_forbidden_to_other_roles(web, app, dead, role, slug):
    session = web(role, slug)

    assert session.get("/admin/mail").status_code == 403
    assert replay(session, dead["message_id"]).status_code == 403
    assert outbox(app, id=dead["id"])[0]["status"] == "dead"


def test_the_mail_page_shows_no_demo_mailbox_outside_development(admin, app, dead):
    html = WebSession.text(admin.get("/admin/mail"))

    assert "Demo mailbox" not in html
    assert 'href="/demo-mail"' not in html  # no header link either
    assert admin.get("/demo-mail").status_code == 404
    assert admin.get("/demo-mail/1795423812.M204786P10884Q2.host").status_code == 404
