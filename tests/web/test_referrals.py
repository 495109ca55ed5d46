"""The referral pages: the officer's inbox, and the referral page of both sides
with its status changes and comments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from marshmallow import Schema, fields, validate

from core import SLA, ReasonCode, Service, described, hookimpl, one_of
from core.referrals.lifecycle import allowed_moves
from tests.factories import Factory
from tests.web.conftest import WebSession

JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"
TRAINING = "labour_agency.vocational_training"
HELPDESK = "labour_agency.web_test_helpdesk"
#: the moves that take a just-sent referral to each status (receiver's moves)
PATHS = {
    "requested": (),
    "received": ("received",),
    "accepted": ("received", "accepted"),
    "in-progress": ("received", "accepted", "in-progress"),
    "on-hold": ("received", "accepted", "on-hold"),
    "completed": ("received", "accepted", "in-progress", "completed"),
    "rejected": ("rejected",),
}


# --- a service that needs none of the person's names -----------------------------------------

TOPICS = {"housing": {"en": "Housing rights", "ro": "Dreptul la locuință"}}


class HelpdeskForm(Schema):
    topic = fields.String(
        required=True,
        validate=one_of(TOPICS),
        metadata=described(
            {"en": "Topic", "ro": "Tema"}, {"en": "-", "ro": "-"}, "housing", choices=TOPICS
        ),
    )


class HelpdeskOutcome(Schema):
    sessions = fields.Integer(
        required=True,
        validate=validate.Range(1, 20, error="Give from 1 to 20 sessions."),
        metadata=described({"en": "Sessions held", "ro": "Ședințe"}, {"en": "-", "ro": "-"}, 2),
    )


HELPDESK_SERVICE = Service(
    kind="labour_agency",
    code="web_test_helpdesk",
    title={"en": "Anonymous helpdesk", "ro": "Birou anonim"},
    description={"en": "Advice without names.", "ro": "Consiliere fără nume."},
    form_schema=HelpdeskForm,
    outcome_schema=HelpdeskOutcome,
    sla=SLA(respond_days=2, complete_days=10),
    beneficiary_fields=("languages",),
    reason_codes=(ReasonCode("no_capacity", {"en": "No adviser free", "ro": "Niciun consilier"}),),
)


class HelpdeskPlugin:
    @hookimpl
    def referral_hub_services(self) -> list[Service]:
        return [HELPDESK_SERVICE]


@pytest.fixture
def app(make_app):
    return make_app(extra_plugins=[("web_test_helpdesk", HelpdeskPlugin())])


# --- helpers ---------------------------------------------------------------------------------


def english(session: WebSession) -> WebSession:
    assert session.post("/language", {"lang": "en"}).status_code == 302
    return session


@dataclass
class Desk:
    """A centre's staff member and an officer of AJOFM Timiș, both signed in."""

    factory: Factory
    staff: WebSession
    officer: WebSession

    def sign_in_again(self) -> None:
        """Both sign in anew, as after days away (a session lasts hours)."""
        self.staff.login()
        self.officer.login()

    def send(self, service: str = JOB_SEEKER, **overrides: Any) -> dict[str, Any]:
        return self.factory.referral(self.staff.headers, service=service, **overrides)

    def state(self, referral: dict[str, Any]) -> dict[str, Any]:
        response = self.factory.client.get(
            f"/api/v1/referrals/{referral['id']}", headers=self.staff.headers
        )
        assert response.status_code == 200
        return response.get_json()

    def events(self, referral: dict[str, Any]) -> list[dict[str, Any]]:
        path = f"/api/v1/referrals/{referral['id']}/events"
        return self.factory.client.get(path, headers=self.staff.headers).get_json()["items"]

    def drive(self, referral: dict[str, Any], *moves: str) -> dict[str, Any]:
        """Move the referral through the API as the officer."""
        for to in moves:
            body: dict[str, Any] = {}
            if to in ("rejected", "on-hold", "failed"):
                body["reason_code"] = self.reason(referral, to)
            if to == "completed":
                service = self.factory.service(referral["service"], self.staff.headers)
                body["data"] = {
                    k: p["examples"][0] for k, p in service["outcome_schema"]["properties"].items()
                }
            response = self.factory.move(self.officer.headers, referral, to, **body)
            assert response.status_code == 200, response.get_json()
            referral = response.get_json()
        return referral

    def reason(self, referral: dict[str, Any], to: str) -> str:
        service = self.factory.service(referral["service"], self.staff.headers)
        return next(r["code"] for r in service["reason_codes"] if to in r["applies_to"])

    def page(self, session: WebSession, referral: dict[str, Any]) -> str:
        response = session.get(f"/referrals/{referral['id']}")
        assert response.status_code == 200, session.text(response)[:2000]
        return session.text(response)

    def post_move(
        self, session: WebSession, referral: dict[str, Any], to: str, **fields: Any
    ) -> Any:
        """Post one action form of the page, with the version the page shows."""
        data = {"to": to, "version": version_on(self.page(session, referral)), **fields}
        return session.post(f"/referrals/{referral['id']}/transitions", data)


@pytest.fixture
def desk(factory: Factory, web) -> Desk:
    staff = english(web("centre_staff", "crim-timisoara"))
    officer = english(web("agency_officer", "ajofm-timis"))
    return Desk(factory, staff, officer)


def version_on(html: str) -> int:
    versions = set(re.findall(r'name="version" value="(\d+)"', html))
    assert len(versions) == 1, versions
    return int(versions.pop())


def moves_on(html: str) -> list[str]:
    return sorted(re.findall(r'name="to" value="([^"]+)"', html))


def field_error(html: str, field_id: str) -> str:
    """The message shown next to the input ``field_id``."""
    found = re.search(
        rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S
    )
    assert found, f"no error next to {field_id}"
    return found.group(1)


def inbox_references(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/referrals/[^"]+">([^<]+)</a></th>', html)


# --- the inbox -------------------------------------------------------------------------------


def test_inbox_lists_only_what_was_sent_to_the_officers_institution(desk: Desk):
    mine = desk.send()
    draft = desk.send(send=False)
    elsewhere = desk.send(
        beneficiary=desk.factory.beneficiary(desk.staff.headers, county="RO-BH", locality="Oradea")
    )
    other_kind = desk.send("health_insurance.family_doctor_registration")
    assert elsewhere["to_institution"]["id"] == desk.factory.institution_id("ajofm-bihor")

    response = desk.officer.get("/inbox")

    assert response.status_code == 200
    assert inbox_references(desk.officer.text(response)) == [mine["reference"]]
    for hidden in (draft, elsewhere, other_kind):
        assert hidden["reference"] not in desk.officer.text(response)


def test_inbox_lists_overdue_first_then_by_due_date_and_closed_last(desk: Desk, clock):
    closed = desk.drive(desk.send(), "rejected")
    later = desk.send(TRAINING)  # respond within 5 days
    late = desk.send(JOB_SEEKER)  # within 3 days
    clock.advance(days=1)
    soon = desk.send(COUNSELLING)  # within 3 days of tomorrow
    clock.advance(days=3)  # "late" is now one day past its date, "soon" due today
    desk.officer.login()  # days on, a new session

    html = desk.officer.text(desk.officer.get("/inbox?status=all"))

    order = [r["reference"] for r in (late, soon, later, closed)]
    assert inbox_references(html) == order
    # open ones only, unless asked
    assert inbox_references(desk.officer.text(desk.officer.get("/inbox?reset=1"))) == order[:3]
    rows = html.split("<tr>")[2:]
    assert ["Overdue" in row for row in rows] == [True, False, False, False]


def test_the_referral_page_marks_a_late_answer_as_overdue(desk: Desk, clock):
    referral = desk.send()
    assert "Overdue" not in desk.page(desk.officer, referral)

    clock.advance(days=4)  # three days to answer
    desk.sign_in_again()

    html = desk.page(desk.officer, referral)
    assert re.search(r"Answer due by</dt><dd>[^<]+ <span class=\"badge overdue\">Overdue", html)
    desk.drive(referral, "received", "accepted")
    assert "Overdue" not in desk.page(
        desk.staff, referral
    )  # answered, and not yet late to complete


def test_inbox_filters_by_status_service_and_overdue(desk: Desk, clock):
    job = desk.send()
    counselling = desk.drive(desk.send(COUNSELLING), "received")
    clock.advance(days=4)  # both are now late in answering
    desk.officer.login()  # days on, a new session
    fresh = desk.send()

    def listed(query: str) -> list[str]:
        response = desk.officer.get(f"/inbox?{query}")
        assert response.status_code == 200
        return sorted(inbox_references(desk.officer.text(response)))

    assert listed(f"service={COUNSELLING}") == [counselling["reference"]]
    assert listed("status=requested") == sorted([job["reference"], fresh["reference"]])
    assert listed("overdue=1") == sorted([job["reference"], counselling["reference"]])
    assert listed(f"status=requested&service={JOB_SEEKER}&overdue=1") == [job["reference"]]
    # A value the select does not offer is no filter at all.
    assert len(listed("status=draft&service=unknown&page=x")) == 3
    assert listed("page=99999999999999999999") == []
    html = desk.officer.text(desk.officer.get("/inbox"))
    assert (
        '<option value="labour_agency.career_counselling" >Career and labour-market counselling'
        in html
    )
    assert "health_insurance" not in html  # only the services this institution receives


def test_inbox_pages_by_fifty(desk: Desk, monkeypatch):
    from core.web import referrals

    monkeypatch.setattr(referrals, "PAGE_SIZE", 2)
    sent = [desk.send()["reference"] for _ in range(3)]

    first = desk.officer.text(desk.officer.get("/inbox?status=requested"))
    second = desk.officer.text(desk.officer.get("/inbox?status=requested&page=2"))

    assert len(inbox_references(first)) == 2 and len(inbox_references(second)) == 1
    assert sorted(inbox_references(first) + inbox_references(second)) == sorted(sent)
    assert 'href="/inbox?page=2&amp;status=requested"' in first
    assert 'href="/inbox?page=1&amp;status=requested"' in second


def test_inbox_shows_names_only_where_the_service_lists_them(desk: Desk):
    named = desk.send(
        beneficiary=desk.factory.beneficiary(
            desk.staff.headers, given_name="Mariam", family_name="Haddad"
        )
    )
    nameless = desk.send(
        HELPDESK,
        beneficiary=desk.factory.beneficiary(
            desk.staff.headers, given_name="Olena", family_name="Kovalenko"
        ),
    )

    html = desk.officer.text(desk.officer.get("/inbox"))

    assert named["reference"] in html and nameless["reference"] in html
    assert "Mariam Haddad" in html
    assert "Olena" not in html and "Kovalenko" not in html
    assert nameless["beneficiary"]["reference"] in html  # the person is still told apart


def test_inbox_is_for_officers_only(desk: Desk, web):
    assert desk.staff.get("/inbox").status_code == 403
    assert web("coordinator", "prefectura-timis").get("/inbox").status_code == 403
    anonymous = desk.factory.app.test_client().get("/inbox")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


# --- the referral page -------------------------------------------------------------------------


def test_officer_sees_only_the_beneficiary_fields_the_service_lists(desk: Desk):
    referral = desk.send(COUNSELLING)  # lists names, languages and phone only

    html = desk.page(desk.officer, referral)

    assert "Phone" in html and "+40 700 000 001" in html
    assert "أحمد" in html and "Arabic" in html
    for hidden in (
        "Date of birth",
        "Residence document",
        "RP123456",
        "Protection status",
        "Nationality",
    ):
        assert hidden not in html
    assert "/staff/beneficiaries/" not in html  # no way into the centre's register
    # The form, with the plugin's labels and the choices' titles.
    assert "Topics" in html and "Career orientation" in html


def test_sender_sees_the_whole_person_and_a_link_to_the_record(desk: Desk):
    referral = desk.send(COUNSELLING)

    html = desk.page(desk.staff, referral)

    for shown in ("Date of birth", "RP123456", "Refugee", "Syria", "+40 700 000 001"):
        assert shown in html
    assert f'href="/staff/beneficiaries/{referral["beneficiary"]["id"]}"' in html


def test_nameless_service_hides_the_names_on_the_page_too(desk: Desk):
    referral = desk.send(HELPDESK)

    html = desk.page(desk.officer, referral)

    assert "أحمد" not in html and "Phone" not in html
    assert referral["beneficiary"]["reference"] in html and "Housing rights" in html


@pytest.mark.parametrize("status", list(PATHS))
def test_the_buttons_are_the_moves_the_lifecycle_allows_each_side(desk: Desk, status: str):
    referral = desk.drive(desk.send(), *PATHS[status])

    assert moves_on(desk.page(desk.officer, referral)) == allowed_moves(status, "receiver")
    assert moves_on(desk.page(desk.staff, referral)) == allowed_moves(status, "sender")


def test_draft_offers_the_sender_to_send_it_and_is_hidden_from_the_officer(desk: Desk):
    draft = desk.send(send=False)
    assert moves_on(desk.page(desk.staff, draft)) == ["cancelled", "requested"]
    assert desk.officer.get(f"/referrals/{draft['id']}").status_code == 404

    response = desk.post_move(desk.staff, draft, "requested")

    assert response.status_code == 302
    assert desk.state(draft)["status"] == "requested"
    assert desk.officer.get(f"/referrals/{draft['id']}").status_code == 200


def test_officer_accepts_then_completes_with_a_valid_outcome(desk: Desk):
    referral = desk.send()

    for to in ("received", "accepted", "in-progress"):
        response = desk.post_move(desk.officer, referral, to, note=f"moved to {to}")
        assert response.status_code == 302, desk.officer.text(response)[:2000]
        assert response.headers["Location"].endswith(f"/referrals/{referral['id']}")
    response = desk.post_move(
        desk.officer,
        referral,
        "completed",
        **{"data.file_number": "TM-2026-000777", "data.registered_on": "2026-11-03"},
    )

    assert response.status_code == 302, desk.officer.text(response)[:3000]
    assert desk.state(referral)["status"] == "completed"
    page = desk.officer.get(response.headers["Location"])
    html = desk.officer.text(page)
    assert "Completed" in html and "There is nothing for you to do" in html
    # The outcome with the plugin's labels, and the plugin's fact on the timeline.
    assert "Job-seeker file number" in html and "TM-2026-000777" in html
    assert "Job seeker registered" in html
    assert "moved to accepted" in html and "Agenția Județeană" in html
    # The sender sees the same outcome.
    assert "TM-2026-000777" in desk.page(desk.staff, referral)


def test_completing_with_an_invalid_outcome_is_422_next_to_the_field_and_changes_nothing(
    desk: Desk,
):
    referral = desk.drive(desk.send(HELPDESK), "received", "accepted", "in-progress")
    before = desk.state(referral)

    response = desk.post_move(desk.officer, referral, "completed", **{"data.sessions": "0"})

    assert response.status_code == 422
    html = desk.officer.text(response)
    assert "Give from 1 to 20 sessions." in field_error(html, "f-data-sessions")
    assert 'href="#f-data-sessions"' in html  # the summary links to the field
    assert re.search(r'id="f-data-sessions" name="data.sessions" type="number" value="0"', html)
    assert desk.state(referral) == before
    assert len(desk.events(referral)) == len(desk.events(before))


def test_a_missing_outcome_field_and_the_plugins_veto_are_both_shown(desk: Desk):
    referral = desk.drive(desk.send(), "received", "accepted", "in-progress")

    missing = desk.post_move(
        desk.officer, referral, "completed", **{"data.registered_on": "2026-11-03"}
    )
    assert missing.status_code == 422
    assert "Missing data for required field." in field_error(
        desk.officer.text(missing), "f-data-file_number"
    )

    vetoed = desk.post_move(
        desk.officer,
        referral,
        "completed",
        **{"data.file_number": "TM-1", "data.registered_on": "2026-10-01"},
    )
    assert vetoed.status_code == 422
    assert "before the referral was sent" in desk.officer.text(vetoed)
    assert desk.state(referral)["status"] == "in-progress"


def test_rejecting_without_a_reason_is_422_next_to_the_reason(desk: Desk):
    referral = desk.send()

    response = desk.post_move(desk.officer, referral, "rejected", note="not for us")

    assert response.status_code == 422
    html = desk.officer.text(response)
    message = field_error(html, "f-rejected-reason_code")
    assert "Choose one of the reasons:" in message
    assert "The person lives outside our area" in message  # the titles, never the codes
    assert "outside_area" not in message and "outside_area (" not in html
    assert "Reason: Choose one of the reasons:" in html  # the summary names the field
    assert "not for us</textarea>" in html  # what was typed is kept
    assert desk.state(referral)["status"] == "requested"

    reason = desk.reason(referral, "rejected")
    response = desk.post_move(desk.officer, referral, "rejected", reason_code=reason)
    assert response.status_code == 302
    assert desk.state(referral)["status"] == "rejected"
    assert "The person lives outside our area" in desk.page(desk.staff, referral)


def test_a_stale_version_changes_nothing_and_says_the_referral_changed(desk: Desk, factory):
    referral = desk.send()
    opened = desk.page(desk.officer, referral)
    colleague = factory.officer("ajofm-timis")
    assert factory.move(colleague, referral, "received").status_code == 200
    before = desk.state(referral)

    stale = {
        "to": "rejected",
        "version": version_on(opened),
        "reason_code": desk.reason(referral, "rejected"),
    }
    response = desk.officer.post(f"/referrals/{referral['id']}/transitions", stale)

    assert response.status_code == 412
    assert "changed since you opened it" in desk.officer.text(response)
    assert desk.state(referral) == before
    assert moves_on(desk.officer.text(response)) == ["accepted", "rejected"]  # the current state

    # A move the new status no longer allows is refused the same way.
    again = desk.officer.post(
        f"/referrals/{referral['id']}/transitions",
        {"to": "received", "version": version_on(opened)},
    )
    assert again.status_code == 409
    assert "not possible while the referral is" in desk.officer.text(again)
    assert desk.state(referral) == before


def test_an_officer_of_another_institution_gets_404_everywhere(desk: Desk, web):
    referral = desk.send()
    stranger = web("agency_officer", "ajofm-bihor")
    before = desk.state(referral)
    path = f"/referrals/{referral['id']}"

    assert stranger.get(path).status_code == 404
    assert (
        stranger.post(f"{path}/transitions", {"to": "received", "version": "1"}).status_code == 404
    )
    assert stranger.post(f"{path}/comments", {"body": "hello"}).status_code == 404
    assert desk.state(referral) == before
    assert stranger.get("/referrals/no-such-id").status_code == 404


def test_a_coordinator_may_not_open_referrals(desk: Desk, web):
    referral = desk.send()
    coordinator = web("coordinator", "prefectura-timis")
    path = f"/referrals/{referral['id']}"

    assert coordinator.get(path).status_code == 403
    assert (
        coordinator.post(f"{path}/transitions", {"to": "cancelled", "version": "1"}).status_code
        == 403
    )
    assert coordinator.post(f"{path}/comments", {"body": "hello"}).status_code == 403


def test_both_sides_comment_and_an_empty_comment_is_422(desk: Desk):
    referral = desk.send()
    path = f"/referrals/{referral['id']}/comments"

    response = desk.officer.post(path, {"body": "Please bring the diploma."})
    assert response.status_code == 302
    assert desk.staff.post(path, {"body": "She will bring it on Monday."}).status_code == 302

    html = desk.page(desk.staff, referral)
    assert html.index("Please bring the diploma.") < html.index("She will bring it on Monday.")
    assert re.search(r"Agenția Județeană pentru Ocuparea Forței de Muncă Timiș — <time", html)
    assert re.search(r"Centrul Regional de Integrare pentru Migranți Timișoara — <time", html)

    empty = desk.officer.post(path, {"body": "   "})
    assert empty.status_code == 422
    assert "Write the comment first." in field_error(desk.officer.text(empty), "f-comment-body")
    comments = desk.factory.client.get(
        path.replace("/referrals", "/api/v1/referrals"), headers=desk.staff.headers
    )
    assert len(comments.get_json()["items"]) == 2


def test_staff_cancel_a_referral_and_the_officer_then_has_nothing_to_do(desk: Desk):
    referral = desk.drive(desk.send(), "received", "accepted")

    assert "Cancel the referral" in desk.page(desk.staff, referral)
    response = desk.post_move(desk.staff, referral, "cancelled", note="The family moved away.")

    assert response.status_code == 302
    assert desk.state(referral)["status"] == "cancelled"
    html = desk.page(desk.officer, referral)
    assert moves_on(html) == [] and "The family moved away." in html


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(desk: Desk):
    referral = desk.send()
    before = desk.state(referral)
    path = f"/referrals/{referral['id']}"

    move = {"to": "received", "version": str(before["version"])}
    assert desk.officer.post(f"{path}/transitions", move, csrf=False).status_code == 400
    assert desk.officer.post(f"{path}/comments", {"body": "hi"}, csrf=False).status_code == 400
    assert desk.state(referral) == before


def test_the_pages_speak_the_users_language(desk: Desk, web):
    referral = desk.send(COUNSELLING)
    officer = web("agency_officer", "ajofm-timis")
    officer.post("/language", {"lang": "ro"})

    inbox = officer.text(officer.get("/inbox"))
    page = officer.text(officer.get(f"/referrals/{referral['id']}"))

    assert '<html lang="ro">' in inbox and "Informare și consiliere profesională" in inbox
    assert "Orientare profesională" in page  # the plugin's choice title in Romanian


@pytest.mark.parametrize(
    "form",
    [
        {"to": "received"},  # no version
        {"to": "received", "version": "abc"},
        {"to": "received", "version": "99999999999999999999999"},
        {"to": "no-such-status", "version": "1"},
        {"version": "1"},  # no move
        {"to": "received", "version": "1", "data.unknown": "x"},
        {"to": "received", "version": "1", "reason_code": "x" * 5000},
    ],
)
def test_malformed_action_forms_get_a_4xx_page_and_change_nothing(desk: Desk, form):
    referral = desk.send()
    before = desk.state(referral)
    response = desk.officer.post(f"/referrals/{referral['id']}/transitions", form)
    assert 400 <= response.status_code < 500, desk.officer.text(response)[:500]
    assert desk.state(referral) == before


def test_an_overlong_comment_is_refused_and_nothing_is_saved(desk: Desk):
    referral = desk.send()
    response = desk.staff.post(f"/referrals/{referral['id']}/comments", {"body": "x" * 100_000})
    assert 400 <= response.status_code < 500
    path = f"/api/v1/referrals/{referral['id']}/comments"
    assert desk.factory.client.get(path, headers=desk.staff.headers).get_json()["items"] == []
