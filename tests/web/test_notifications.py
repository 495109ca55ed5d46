"""The web UI's notifications: the header's unread count, the list, read when
the referral is opened, and "Mark all as read"."""

from __future__ import annotations

import re

from core.app import hub
from core.catalogue.types import localize
from tests.factories import Factory
from tests.web.conftest import WebSession

JOB_SEEKER = "labour_agency.job_seeker_registration"
HEADER_LINK = re.compile(
    r'<a href="/notifications">Notifications'
    r'(?: \((\d+)<span class="visually-hidden"> unread</span>\))?</a>'
)


def header_count(session: WebSession) -> int:
    page = session.text(session.get("/account"))
    match = HEADER_LINK.search(page)
    assert match, page
    return int(match.group(1) or 0)


def test_the_officer_sees_new_referrals_in_the_header_and_the_list(app, web, factory: Factory):
    officer = web("agency_officer", "ajofm-timis")
    staff = factory.staff()
    assert header_count(officer) == 0
    assert "You have no notifications yet." in officer.text(officer.get("/notifications"))

    first, second = factory.referral(staff), factory.referral(staff)

    assert header_count(officer) == 2
    response = officer.get("/notifications")
    assert response.status_code == 200
    page = officer.text(response)
    with app.test_request_context():
        title = localize(hub().catalogue.services[JOB_SEEKER].title, "en")
    assert title in page
    assert "Requested" in page or "Sent" in page
    assert page.index(second["reference"]) < page.index(first["reference"])  # newest first
    assert f'href="/referrals/{first["id"]}"' in page
    assert "Mark all as read" in page
    # showing the list changes nothing
    assert header_count(officer) == 2


def test_opening_the_referral_marks_its_notification_read(web, factory: Factory):
    officer = web("agency_officer", "ajofm-timis")
    colleague = web("agency_officer", "ajofm-timis")
    staff = factory.staff()
    first, _second = factory.referral(staff), factory.referral(staff)

    assert officer.get(f"/referrals/{first['id']}").status_code == 200

    assert header_count(officer) == 1
    assert header_count(colleague) == 2  # only what this user has seen


def test_the_creator_sees_the_acceptance(web, factory: Factory):
    staff = web("centre_staff", "crim-timisoara")
    officer = factory.officer()
    referral = factory.referral(staff.headers)
    referral = factory.move(officer, referral, "received").get_json()
    factory.move(officer, referral, "accepted")

    assert header_count(staff) == 1
    assert "Accepted" in staff.text(staff.get("/notifications"))


def test_mark_all_as_read(web, factory: Factory):
    officer = web("agency_officer", "ajofm-timis")
    staff = factory.staff()
    factory.referral(staff)
    factory.referral(staff)

    refused = officer.post("/notifications/read-all", csrf=False)
    assert refused.status_code == 400
    assert header_count(officer) == 2

    response = officer.post("/notifications/read-all")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/notifications")
    page = officer.text(officer.get("/notifications"))
    assert "All notifications are marked as read." in page
    assert "Mark all as read" not in page
    assert header_count(officer) == 0


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_coordinators_escalation_leads_to_the_overdue_list(app, web, factory: Factory, clock):
    from core.notifications.scheduler import run_scheduler

    coordinator = web("coordinator", "prefectura-timis")
    referral = factory.referral(factory.staff())
    clock.advance(days=60)
    with app.app_context():
        assert run_scheduler().escalated == 1
    coordinator.login()  # two months on, a new session

    page = coordinator.text(coordinator.get("/notifications"))
    assert "A referral is unanswered past its deadline" in page
    ajofm = factory.institution_id("ajofm-timis")
    assert f'href="/cooperation/overdue?institution={ajofm}"' in page
    listed = coordinator.text(coordinator.get(f"/cooperation/overdue?institution={ajofm}"))
    assert f'data-reference="{referral["reference"]}"' in listed
    assert f"/referrals/{referral['id']}" not in page


def test_the_account_page_sets_email_at_once_or_a_daily_digest(web):
    staff = web("centre_staff", "crim-timisoara")
    page = staff.text(staff.get("/account"))
    assert "Once a day, in a digest at 7:00" in page or "Once a day, in a digest at 07:00" in page

    saved = staff.post("/account/notifications", {"notify_by": "digest"})
    assert saved.status_code == 302
    page = staff.text(staff.get("/account"))
    assert 'value="digest" selected' in page

    refused = staff.post("/account/notifications", {"notify_by": "hourly"})
    assert refused.status_code == 422
    text = staff.text(refused)
    assert "Choose at once or a daily digest." in text
    assert 'aria-invalid="true"' in text
    assert 'value="digest" selected' in staff.text(staff.get("/account"))  # nothing changed
