"""The referral page's responsibility section: "Assign to me", assigning a
colleague, forwarding to another office, the one-step decisions and the
timeline's words for them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from core.db import db
from core.institutions.models import Institution, Office
from core.notifications.models import Notification
from tests.factories import Factory
from tests.web.conftest import WebSession

JOB_SEEKER = "labour_agency.job_seeker_registration"


@dataclass
class Desk:
    """Staff of two centres; two officers of AJOFM Timiș (offices main and
    Lugoj); an officer of AJOFM Caraș-Severin."""

    factory: Factory
    staff: WebSession
    ana: WebSession
    bogdan: WebSession
    stranger: WebSession

    def send(self) -> dict[str, Any]:
        return self.factory.referral(self.staff.headers, service=JOB_SEEKER)

    def me(self, session: WebSession) -> dict[str, Any]:
        return self.factory.client.get("/api/v1/me", headers=session.headers).get_json()

    def state(self, referral: dict[str, Any]) -> dict[str, Any]:
        response = self.factory.client.get(
            f"/api/v1/referrals/{referral['id']}", headers=self.staff.headers
        )
        return response.get_json()

    def page(self, session: WebSession, referral: dict[str, Any]) -> str:
        response = session.get(f"/referrals/{referral['id']}")
        assert response.status_code == 200, session.text(response)[:2000]
        return session.text(response)

    def office(self, institution: str, slug: str) -> str:
        with self.factory.app.app_context():
            return db.session.scalar(
                select(Office.id)
                .join(Office.institution)
                .where(Institution.slug == institution, Office.slug == slug)
            )

    def post(self, session: WebSession, referral: dict, action: str, **fields: Any) -> Any:
        """Post a form of the page with the version the page shows."""
        html = self.page(session, referral) if "version" not in fields else ""
        data = {"version": fields.pop("version", None) or version_on(html), **fields}
        return session.post(f"/referrals/{referral['id']}/{action}", data)


@pytest.fixture
def desk(factory: Factory, web) -> Desk:
    return Desk(
        factory,
        staff=web("centre_staff", "crim-timisoara"),
        ana=web("agency_officer", "ajofm-timis"),
        bogdan=web("agency_officer", "ajofm-timis"),
        stranger=web("agency_officer", "ajofm-caras-severin"),
    )


def version_on(html: str) -> int:
    versions = set(re.findall(r'name="version" value="(\d+)"', html))
    assert len(versions) == 1, versions
    return int(versions.pop())


def options(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no select {select_id}"
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def field_error(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert found, f"no error next to {field_id}"
    return found.group(1)


# --- what the page offers ------------------------------------------------------------


def test_the_receiver_is_offered_assign_to_me_the_colleagues_and_the_other_offices(desk):
    referral = desk.send()

    html = desk.page(desk.ana, referral)

    assert "No officer is responsible for this referral yet." in html
    assert "Assign to me" in html
    ana, bogdan = desk.me(desk.ana)["id"], desk.me(desk.bogdan)["id"]
    assert sorted(options(html, "f-assign-officer_id")) == sorted(["", ana, bogdan])
    # the other office of the institution only: not the current one, not another agency's
    assert options(html, "f-forward-office_id") == ["", desk.office("ajofm-timis", "lugoj")]


def test_the_sender_sees_who_is_responsible_but_no_forms(desk):
    referral = desk.send()
    desk.post(desk.bogdan, referral, "assign", officer_id=desk.me(desk.bogdan)["id"])

    html = desk.page(desk.staff, referral)

    assert f"Responsible officer: {desk.me(desk.bogdan)['name']}" in html
    assert "Assign to me" not in html and 'name="officer_id"' not in html
    assert 'name="office_id"' not in html


def test_one_step_accept_and_reject_are_offered_while_requested(desk):
    referral = desk.send()

    html = desk.page(desk.ana, referral)

    assert sorted(re.findall(r'name="to" value="([^"]+)"', html)) == [
        "accepted",
        "received",
        "rejected",
    ]


def test_accepting_straight_from_requested_shows_the_receipt_then_the_decision(desk):
    referral = desk.send()

    response = desk.post(desk.ana, referral, "transitions", to="accepted")

    assert response.status_code == 302, desk.ana.text(response)[:2000]
    state = desk.state(referral)
    assert state["status"] == "accepted"
    assert state["assigned_officer"]["id"] == desk.me(desk.ana)["id"]
    html = desk.page(desk.staff, referral)
    assert html.index("Requested → Received") < html.index("Received → Accepted")


def test_the_two_resume_moves_are_told_apart(desk):
    referral = desk.send()
    for to, body in (("accepted", {}), ("on-hold", {"reason_code": "awaiting_interpreter"})):
        response = desk.factory.move(desk.ana.headers, referral, to, **body)
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()

    html = desk.page(desk.ana, referral)

    assert "Resume as accepted (work not started yet)" in html
    assert "Resume as in progress (work goes on)" in html


# --- assigning -----------------------------------------------------------------------


def test_assign_to_me_in_one_click(desk):
    referral = desk.send()
    ana = desk.me(desk.ana)

    response = desk.post(desk.ana, referral, "assign", officer_id=ana["id"])

    assert response.status_code == 302
    assert desk.state(referral)["assigned_officer"] == {"id": ana["id"], "name": ana["name"]}
    html = desk.ana.text(desk.ana.get(response.headers["Location"]))
    assert "You are now responsible for the referral." in html
    assert f"Responsible officer: {ana['name']} (you)" in html
    assert "Assign to me" not in html
    assert f"Assigned to {ana['name']} by {ana['name']}" in html


def test_assigning_a_colleague_tells_them_and_the_timeline_names_both(desk):
    referral = desk.send()
    ana, bogdan = desk.me(desk.ana), desk.me(desk.bogdan)

    response = desk.post(desk.ana, referral, "assign", officer_id=bogdan["id"])

    assert response.status_code == 302
    assert desk.state(referral)["assigned_officer"]["id"] == bogdan["id"]
    with desk.factory.app.app_context():
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == bogdan["id"])
        ).all()
    assert "referral_assigned" in kinds
    assert f"Assigned to {bogdan['name']} by {ana['name']}" in desk.page(desk.staff, referral)
    # Bogdan's notification list names the news
    assert "A referral was assigned to you" in desk.bogdan.text(desk.bogdan.get("/notifications"))


def test_choosing_nobody_unassigns(desk):
    referral = desk.send()
    ana = desk.me(desk.ana)
    desk.post(desk.ana, referral, "assign", officer_id=ana["id"])

    response = desk.post(desk.bogdan, referral, "assign", officer_id="")

    assert response.status_code == 302
    assert desk.state(referral)["assigned_officer"] is None
    bogdan = desk.me(desk.bogdan)
    html = desk.page(desk.staff, referral)
    assert f"{bogdan['name']} removed {ana['name']} as responsible officer" in html


def test_assigning_an_officer_of_another_institution_is_422_next_to_the_select(desk):
    referral = desk.send()
    before = desk.state(referral)

    response = desk.post(desk.ana, referral, "assign", officer_id=desk.me(desk.stranger)["id"])

    assert response.status_code == 422
    html = desk.ana.text(response)
    assert "Not an officer of your institution." in field_error(html, "f-assign-officer_id")
    assert 'href="#f-assign-officer_id"' in html  # the summary links to the select
    assert desk.state(referral) == before


def test_a_stale_assign_form_changes_nothing_and_says_so(desk):
    referral = desk.send()
    old = version_on(desk.page(desk.ana, referral))
    desk.post(desk.bogdan, referral, "assign", officer_id=desk.me(desk.bogdan)["id"])
    before = desk.state(referral)

    response = desk.post(
        desk.ana, referral, "assign", officer_id=desk.me(desk.ana)["id"], version=old
    )

    assert response.status_code == 412
    assert "The referral changed since you opened it" in desk.ana.text(response)
    assert desk.state(referral) == before


def test_the_sender_and_another_institution_cannot_post_the_forms(desk):
    referral = desk.send()
    before = desk.state(referral)
    version = before["version"]

    for session, status in ((desk.staff, 403), (desk.stranger, 404)):
        for action, field in (("assign", "officer_id"), ("forward", "office_id")):
            response = session.post(
                f"/referrals/{referral['id']}/{action}", {field: "x", "version": version}
            )
            assert response.status_code == status, (action, session.email)

    assert desk.state(referral) == before


def test_the_forms_need_the_csrf_token(desk):
    referral = desk.send()
    before = desk.state(referral)

    response = desk.ana.post(
        f"/referrals/{referral['id']}/assign",
        {"officer_id": desk.me(desk.ana)["id"], "version": before["version"]},
        csrf=False,
    )

    assert response.status_code == 400
    assert desk.state(referral) == before


def test_a_closed_referral_offers_no_responsibility_forms(desk):
    referral = desk.send()
    response = desk.factory.move(
        desk.ana.headers, referral, "rejected", reason_code="no_right_to_work"
    )
    assert response.status_code == 200

    html = desk.page(desk.ana, referral)

    assert "Assign to me" not in html and 'name="office_id"' not in html


# --- forwarding ----------------------------------------------------------------------


def test_forwarding_to_the_other_office_with_a_note(desk):
    referral = desk.send()
    lugoj = desk.office("ajofm-timis", "lugoj")

    response = desk.post(
        desk.ana, referral, "forward", office_id=lugoj, note="Lives in Lugoj, closer there."
    )

    assert response.status_code == 302, desk.ana.text(response)[:2000]
    assert desk.state(referral)["to_office"]["id"] == lugoj
    html = desk.page(desk.staff, referral)
    ana = desk.me(desk.ana)
    with desk.factory.app.app_context():
        names = {o.id: o.name for o in db.session.scalars(select(Office))}
    main = desk.office("ajofm-timis", "main")
    assert f"Forwarded from {names[main]} to {names[lugoj]} by {ana['name']}" in html
    assert "Lives in Lugoj, closer there." in html
    # the page now offers the first office as the other one
    assert options(desk.page(desk.ana, referral), "f-forward-office_id") == ["", main]


def test_forwarding_without_choosing_an_office_is_422_and_keeps_the_note(desk):
    referral = desk.send()
    before = desk.state(referral)

    response = desk.post(desk.ana, referral, "forward", office_id="", note="Please look.")

    assert response.status_code == 422
    html = desk.ana.text(response)
    assert "Choose the office." in field_error(html, "f-forward-office_id")
    assert "Please look.</textarea>" in html
    assert desk.state(referral) == before


def test_forwarding_to_another_institutions_office_is_422(desk):
    referral = desk.send()
    before = desk.state(referral)

    response = desk.post(
        desk.ana, referral, "forward", office_id=desk.office("ajofm-caras-severin", "main")
    )

    assert response.status_code == 422
    assert "Not an office of your institution." in field_error(
        desk.ana.text(response), "f-forward-office_id"
    )
    assert desk.state(referral) == before
