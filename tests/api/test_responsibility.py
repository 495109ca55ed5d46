"""Who is responsible for a referral at the receiving institution: assigning
an officer, forwarding to another office, and the one-step decisions, through
the API with personal and institution tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.auth.models import User
from core.auth.service import deactivate_user, issue_token
from core.db import db
from core.institutions.models import Institution, Office
from core.notifications.models import Notification, OutboxMessage
from tests.factories import Factory, example_of, problem

JOB_SEEKER = "labour_agency.job_seeker_registration"


@dataclass
class Agency:
    """Two centres, and the employment agency of Timiș (two offices: main and
    Lugoj) with two officers; an officer of another agency."""

    factory: Factory
    staff: dict[str, str]
    other_staff: dict[str, str]
    ana: dict[str, str]
    bogdan: dict[str, str]
    stranger: dict[str, str]  # an officer of AJOFM Caraș-Severin

    def me(self, headers: dict[str, str]) -> dict[str, Any]:
        return self.factory.client.get("/api/v1/me", headers=headers).get_json()

    def office(self, institution: str, slug: str) -> str:
        with self.factory.app.app_context():
            return db.session.scalar(
                select(Office.id)
                .join(Office.institution)
                .where(Institution.slug == institution, Office.slug == slug)
            )

    def send(self, staff: dict[str, str] | None = None) -> dict[str, Any]:
        return self.factory.referral(staff or self.staff, service=JOB_SEEKER)

    def get(self, referral: dict, headers: dict[str, str]) -> dict[str, Any]:
        response = self.factory.client.get(f"/api/v1/referrals/{referral['id']}", headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def post(
        self,
        action: str,
        referral: dict,
        headers: dict[str, str],
        body: Any,
        if_match: str | None = "current",
    ) -> Any:
        headers = dict(headers)
        if if_match == "current":
            headers["If-Match"] = f'"{referral["version"]}"'
        elif if_match is not None:
            headers["If-Match"] = if_match
        return self.factory.client.post(
            f"/api/v1/referrals/{referral['id']}/{action}", json=body, headers=headers
        )

    def assign(self, referral: dict, headers: dict[str, str], officer_id: str | None, **kw: Any):
        return self.post("assign", referral, headers, {"officer_id": officer_id}, **kw)

    def forward(self, referral: dict, headers: dict[str, str], office_id: str, **kw: Any):
        note = kw.pop("note", "The person lives in Lugoj.")
        return self.post("forward", referral, headers, {"office_id": office_id, "note": note}, **kw)

    def events(self, referral: dict) -> list[dict[str, Any]]:
        response = self.factory.client.get(
            f"/api/v1/referrals/{referral['id']}/events", headers=self.staff
        )
        return response.get_json()["items"]

    def state(self, referral: dict) -> tuple:
        current = self.get(referral, self.staff)
        return (
            current["version"],
            current["assigned_officer"],
            current["to_office"]["id"],
            [e["id"] for e in self.events(referral)],
        )

    def notifications(self, user_id: str) -> list[tuple[str, str]]:
        with self.factory.app.app_context():
            rows = db.session.scalars(
                select(Notification).where(Notification.user_id == user_id)
            ).all()
            return [(n.kind, n.referral_id) for n in rows]

    def mail(self, template: str) -> list[str]:
        with self.factory.app.app_context():
            rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            return [m.recipient for m in rows if m.payload.get("template") == template]


@pytest.fixture
def agency(factory: Factory, other_centre: dict[str, str]) -> Agency:
    return Agency(
        factory,
        staff=factory.staff(),
        other_staff=other_centre,
        ana=factory.officer(),
        bogdan=factory.officer(),
        stranger=factory.officer("ajofm-caras-severin"),
    )


def institution_token(factory: Factory, slug: str) -> dict[str, str]:
    with factory.app.app_context():
        institution = db.session.scalar(select(Institution).where(Institution.slug == slug))
        token, _ = issue_token(institution=institution, name="case management")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


# --- assigning ----------------------------------------------------------------------


def test_a_new_referral_has_nobody_assigned(agency):
    referral = agency.send()

    assert referral["assigned_officer"] is None
    assert agency.get(referral, agency.ana)["assigned_officer"] is None


def test_an_officer_assigns_a_colleague_who_is_told_in_the_hub_and_by_mail(agency):
    referral = agency.send()
    bogdan = agency.me(agency.bogdan)

    response = agency.assign(referral, agency.ana, bogdan["id"])

    assert response.status_code == 200, response.get_json()
    assigned = response.get_json()
    assert assigned["assigned_officer"] == {"id": bogdan["id"], "name": bogdan["name"]}
    assert assigned["assigned_officer_id"] == bogdan["id"]
    assert assigned["version"] == referral["version"] + 1
    assert response.headers["ETag"] == f'"{assigned["version"]}"'
    assert assigned["status"] == "requested"  # responsibility is not a status
    # both sides see who is responsible
    assert agency.get(referral, agency.staff)["assigned_officer"]["id"] == bogdan["id"]
    (event,) = [e for e in agency.events(referral) if e["kind"] == "assigned"]
    assert event["data"] == {"officer_id": bogdan["id"], "previous_officer_id": None}
    assert event["actor_user_id"] == agency.me(agency.ana)["id"]
    assert (event["from_status"], event["to_status"]) == (None, None)
    assert ("referral_assigned", referral["id"]) in agency.notifications(bogdan["id"])
    assert agency.mail("referral_assigned") == [bogdan["email"]]


def test_the_assignment_message_carries_no_personal_data(agency):
    referral = agency.send()

    agency.assign(referral, agency.ana, agency.me(agency.bogdan)["id"])

    with agency.factory.app.app_context():
        (message,) = [
            m
            for m in db.session.scalars(select(OutboxMessage))
            if m.payload.get("template") == "referral_assigned"
        ]
        assert set(message.payload) <= {
            "template",
            "language",
            "reference",
            "service",
            "status",
            "link",
        }


def test_an_officer_who_assigns_themselves_is_not_told_of_it(agency):
    referral = agency.send()
    ana = agency.me(agency.ana)

    response = agency.assign(referral, agency.ana, ana["id"])

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["assigned_officer"]["id"] == ana["id"]
    assert ("referral_assigned", referral["id"]) not in agency.notifications(ana["id"])
    assert agency.mail("referral_assigned") == []


def test_reassigning_names_both_officers_and_null_unassigns(agency):
    referral = agency.send()
    ana, bogdan = agency.me(agency.ana), agency.me(agency.bogdan)
    referral = agency.assign(referral, agency.ana, ana["id"]).get_json()

    referral = agency.assign(referral, agency.ana, bogdan["id"]).get_json()
    unassigned = agency.assign(referral, agency.bogdan, None)

    assert unassigned.status_code == 200, unassigned.get_json()
    assert unassigned.get_json()["assigned_officer"] is None
    assigned = [e["data"] for e in agency.events(referral) if e["kind"] == "assigned"]
    assert assigned == [
        {"officer_id": ana["id"], "previous_officer_id": None},
        {"officer_id": bogdan["id"], "previous_officer_id": ana["id"]},
        {"officer_id": None, "previous_officer_id": bogdan["id"]},
    ]


def test_assigning_the_officer_already_responsible_changes_nothing(agency):
    referral = agency.send()
    bogdan = agency.me(agency.bogdan)["id"]
    referral = agency.assign(referral, agency.ana, bogdan).get_json()
    before = agency.state(referral)

    response = agency.assign(referral, agency.ana, bogdan)

    assert response.status_code == 200
    assert agency.state(referral) == before


def test_the_institutions_system_assigns_with_its_token(agency):
    referral = agency.send()
    token = institution_token(agency.factory, "ajofm-timis")
    bogdan = agency.me(agency.bogdan)["id"]

    response = agency.assign(referral, token, bogdan)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["assigned_officer"]["id"] == bogdan
    assert ("referral_assigned", referral["id"]) in agency.notifications(bogdan)


def test_every_referral_in_a_list_shows_its_assigned_officer(agency):
    first, second = agency.send(), agency.send()
    bogdan = agency.me(agency.bogdan)
    agency.assign(first, agency.ana, bogdan["id"])

    items = agency.factory.client.get("/api/v1/referrals", headers=agency.ana).get_json()["items"]

    shown = {r["id"]: r["assigned_officer"] for r in items}
    assert shown == {
        first["id"]: {"id": bogdan["id"], "name": bogdan["name"]},
        second["id"]: None,
    }


def test_the_assignment_is_audited(agency):
    referral = agency.send()

    agency.assign(referral, agency.ana, agency.me(agency.bogdan)["id"])

    with agency.factory.app.app_context():
        rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "assigned")).all()
        assert [(r.object_id, r.actor_user_id) for r in rows] == [
            (referral["id"], agency.me(agency.ana)["id"])
        ]
        assert rows[0].beneficiary_id == referral["beneficiary"]["id"]


def test_accepting_keeps_a_colleague_already_assigned(agency):
    referral = agency.send()
    bogdan = agency.me(agency.bogdan)["id"]
    referral = agency.assign(referral, agency.ana, bogdan).get_json()

    response = agency.factory.move(agency.ana, referral, "accepted")

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["assigned_officer"]["id"] == bogdan


def test_accepting_an_unassigned_referral_assigns_the_accepting_officer(agency):
    referral = agency.send()

    response = agency.factory.move(agency.bogdan, referral, "accepted")

    assert response.get_json()["assigned_officer"]["id"] == agency.me(agency.bogdan)["id"]


# --- who may assign, and whom ----------------------------------------------------------


def test_the_sender_may_not_assign_403(agency):
    referral = agency.send()
    before = agency.state(referral)

    body = problem(agency.assign(referral, agency.staff, agency.me(agency.ana)["id"]), 403)

    assert "receiving institution" in body["detail"]
    assert agency.state(referral) == before


@pytest.mark.parametrize("who", ["stranger", "other_staff"])
def test_another_institution_gets_404(agency, who):
    referral = agency.send()
    before = agency.state(referral)

    problem(agency.assign(referral, getattr(agency, who), agency.me(agency.ana)["id"]), 404)
    problem(
        agency.forward(referral, getattr(agency, who), agency.office("ajofm-timis", "lugoj")), 404
    )

    assert agency.state(referral) == before


def test_a_coordinator_may_not_assign_403(agency):
    referral = agency.send()
    coordinator = agency.factory.headers("coordinator", "prefectura-timis")

    problem(agency.assign(referral, coordinator, agency.me(agency.ana)["id"]), 403)


@pytest.mark.parametrize("target", ["stranger", "staff", "nobody"])
def test_assigning_someone_who_is_not_an_officer_of_the_institution_is_422(agency, target):
    referral = agency.send()
    before = agency.state(referral)
    officer_id = "0190f000-0000-7000-8000-000000000000"
    if target != "nobody":
        officer_id = agency.me(getattr(agency, target))["id"]

    body = problem(agency.assign(referral, agency.ana, officer_id), 422)

    assert list(body["errors"]) == ["officer_id"]
    assert agency.state(referral) == before


def test_assigning_an_inactive_officer_is_422(agency):
    referral = agency.send()
    bogdan = agency.me(agency.bogdan)["id"]
    with agency.factory.app.app_context():
        deactivate_user(db.session.get(User, bogdan))
        db.session.commit()
    before = agency.state(referral)

    body = problem(agency.assign(referral, agency.ana, bogdan), 422)

    assert "closed" in body["errors"]["officer_id"][0]
    assert agency.state(referral) == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="missing"),
        pytest.param({"officer_id": 7}, id="not-a-string"),
        pytest.param({"officer_id": ""}, id="empty"),
        pytest.param({"officer_id": None, "note": "x"}, id="unknown-field"),
    ],
)
def test_a_malformed_assign_body_is_422(agency, body):
    referral = agency.send()

    problem(agency.post("assign", referral, agency.ana, body), 422)


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        pytest.param(lambda v: f'"{v - 1}"', 412, id="stale"),
        pytest.param(lambda v: None, 428, id="missing"),
    ],
)
def test_assigning_or_forwarding_without_the_current_version_is_refused(agency, if_match, status):
    referral = agency.send()
    before = agency.state(referral)
    lugoj = agency.office("ajofm-timis", "lugoj")

    problem(
        agency.assign(referral, agency.ana, None, if_match=if_match(referral["version"])), status
    )
    problem(
        agency.forward(referral, agency.ana, lugoj, if_match=if_match(referral["version"])), status
    )

    assert agency.state(referral) == before


def test_after_an_assignment_the_old_version_is_stale(agency):
    referral = agency.send()
    agency.assign(referral, agency.ana, agency.me(agency.ana)["id"])

    problem(agency.factory.move(agency.bogdan, referral, "received"), 412)


def test_a_closed_referral_is_not_assigned_or_forwarded_409(agency):
    referral = agency.send()
    rejected = agency.factory.move(
        agency.ana, referral, "rejected", reason_code="no_right_to_work"
    ).get_json()
    before = agency.state(rejected)

    problem(agency.assign(rejected, agency.ana, agency.me(agency.bogdan)["id"]), 409)
    problem(agency.forward(rejected, agency.ana, agency.office("ajofm-timis", "lugoj")), 409)

    assert agency.state(rejected) == before


# --- forwarding ----------------------------------------------------------------------


def test_forwarding_moves_the_referral_to_the_other_office_which_is_told(agency):
    referral = agency.send()
    main, lugoj = agency.office("ajofm-timis", "main"), agency.office("ajofm-timis", "lugoj")
    assert referral["to_office"]["id"] == main
    ana, bogdan = agency.me(agency.ana), agency.me(agency.bogdan)
    referral = agency.assign(referral, agency.ana, bogdan["id"]).get_json()
    sent_mail = agency.mail("referral_sent")

    response = agency.forward(referral, agency.ana, lugoj, note="  The person lives in Lugoj.  ")

    assert response.status_code == 200, response.get_json()
    forwarded = response.get_json()
    assert forwarded["to_office"]["id"] == lugoj
    assert forwarded["to_institution"]["id"] == referral["to_institution"]["id"]
    assert forwarded["status"] == "requested"
    assert forwarded["assigned_officer"] is None  # the new office decides who takes it
    assert forwarded["version"] == referral["version"] + 1
    (event,) = [e for e in agency.events(referral) if e["kind"] == "forwarded"]
    assert event["data"] == {
        "from_office_id": main,
        "to_office_id": lugoj,
        "previous_officer_id": bogdan["id"],
    }
    assert event["note"] == "The person lives in Lugoj."
    # the new office's inbox, as for a new referral, and not the old one's again
    with agency.factory.app.app_context():
        lugoj_inbox = list(db.session.get(Office, lugoj).referral_emails)
        main_inbox = db.session.get(Office, main).referral_emails
    assert lugoj_inbox and not set(lugoj_inbox) & set(main_inbox)
    assert agency.mail("referral_forwarded") == lugoj_inbox
    assert agency.mail("referral_sent") == sent_mail
    for officer in (ana, bogdan):
        assert ("referral_forwarded", referral["id"]) in agency.notifications(officer["id"])


def test_a_forwarded_referral_is_later_announced_to_its_new_office(agency):
    referral = agency.send()
    lugoj = agency.office("ajofm-timis", "lugoj")
    referral = agency.forward(referral, agency.ana, lugoj).get_json()

    response = agency.factory.move(agency.staff, referral, "cancelled")

    assert response.status_code == 200, response.get_json()
    with agency.factory.app.app_context():
        lugoj_inbox = list(db.session.get(Office, lugoj).referral_emails)
    assert agency.mail("referral_cancelled") == lugoj_inbox


def test_a_forward_without_a_note_is_fine(agency):
    referral = agency.send()
    lugoj = agency.office("ajofm-timis", "lugoj")

    response = agency.post("forward", referral, agency.ana, {"office_id": lugoj})

    assert response.status_code == 200, response.get_json()
    (event,) = [e for e in agency.events(referral) if e["kind"] == "forwarded"]
    assert event["note"] is None


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(("ajofm-timis", "main"), id="the-same-office"),
        pytest.param(("ajofm-caras-severin", "main"), id="another-institutions-office"),
        pytest.param(("cjas-timis", "main"), id="another-kind-of-institution"),
        pytest.param(None, id="no-such-office"),
    ],
)
def test_forwarding_to_an_office_that_is_not_another_of_the_institution_is_422(agency, target):
    referral = agency.send()
    before = agency.state(referral)
    office_id = agency.office(*target) if target else "0190f000-0000-7000-8000-000000000000"

    body = problem(agency.forward(referral, agency.ana, office_id), 422)

    assert list(body["errors"]) == ["office_id"]
    assert agency.state(referral) == before


def test_forwarding_to_a_closed_office_is_422(agency):
    referral = agency.send()
    lugoj = agency.office("ajofm-timis", "lugoj")
    with agency.factory.app.app_context():
        db.session.get(Office, lugoj).active = False
        db.session.commit()
    before = agency.state(referral)

    body = problem(agency.forward(referral, agency.ana, lugoj), 422)

    assert list(body["errors"]) == ["office_id"]
    assert agency.state(referral) == before


def test_the_sender_may_not_forward_403(agency):
    referral = agency.send()

    problem(agency.forward(referral, agency.staff, agency.office("ajofm-timis", "lugoj")), 403)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"note": "x"}, id="missing-office"),
        pytest.param({"office_id": "x", "note": "n" * 2001}, id="note-too-long"),
        pytest.param({"office_id": "x", "to": "y"}, id="unknown-field"),
        pytest.param([], id="not-an-object"),
    ],
)
def test_a_malformed_forward_body_is_422(agency, body):
    referral = agency.send()

    problem(agency.post("forward", referral, agency.ana, body), 422)


# --- one-step decisions --------------------------------------------------------------


def test_the_sender_hears_once_of_a_decision_made_straight_from_requested(agency):
    referral = agency.send()
    staff_email = agency.me(agency.staff)["email"]

    response = agency.factory.move(agency.ana, referral, "accepted")

    assert response.status_code == 200, response.get_json()
    with agency.factory.app.app_context():
        to_staff = [
            m.payload["status"]
            for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
            if m.recipient == staff_email
        ]
    assert to_staff == ["accepted"]
    staff_id = agency.me(agency.staff)["id"]
    assert agency.notifications(staff_id) == [("referral_status_changed", referral["id"])]
    assert [e["to_status"] for e in agency.events(referral)] == [
        "draft",
        "requested",
        "received",
        "accepted",
    ]


# --- referring again after a rejection --------------------------------------------------


def rejected(agency: Agency, staff: dict[str, str] | None = None) -> dict[str, Any]:
    referral = agency.send(staff)
    response = agency.factory.move(agency.ana, referral, "rejected", reason_code="no_right_to_work")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def again(agency: Agency, previous: dict, staff: dict[str, str] | None = None, **body: Any):
    staff = staff or agency.staff
    consent = agency.factory.consent(staff, previous["beneficiary"]["id"])
    return agency.factory.client.post(
        "/api/v1/referrals",
        json={
            "beneficiary_id": previous["beneficiary"]["id"],
            "service": previous["service"],
            "form": previous["form"],
            "consent_id": consent["id"],
            "previous_referral_id": previous["id"],
            **body,
        },
        headers=staff,
    )


def test_a_rejected_referral_is_made_again_to_another_office_of_the_kind(agency):
    previous = rejected(agency)
    lugoj = agency.office("ajofm-timis", "lugoj")

    response = again(agency, previous, to_office_id=lugoj)

    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert made["to_office"]["id"] == lugoj
    assert made["previous_referral_id"] == previous["id"]
    assert made["status"] == "requested"
    with agency.factory.app.app_context():
        lugoj_inbox = list(db.session.get(Office, lugoj).referral_emails)
    assert agency.mail("referral_sent")[-1:] == lugoj_inbox


def test_another_agency_of_the_kind_in_the_working_group_may_be_chosen(agency):
    previous = rejected(agency)
    caras = agency.office("ajofm-caras-severin", "main")

    response = again(agency, previous, to_office_id=caras)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["to_institution"]["id"] == agency.factory.institution_id(
        "ajofm-caras-severin"
    )


@pytest.mark.parametrize(
    "office",
    [
        pytest.param(("ajofm-timis", "main"), id="the-rejecting-office"),
        pytest.param(("cjas-timis", "main"), id="an-office-of-another-kind"),
        pytest.param(("crim-timisoara", "main"), id="a-centre"),
    ],
)
def test_making_it_again_to_an_office_that_may_not_receive_it_is_422(agency, office):
    previous = rejected(agency)

    body = problem(again(agency, previous, to_office_id=agency.office(*office)), 422)

    assert list(body["errors"]) == ["to_office_id"]


def test_only_the_centres_own_rejected_referral_of_the_person_is_made_again(agency):
    open_one = agency.send()
    theirs = rejected(agency, agency.other_staff)
    lugoj = agency.office("ajofm-timis", "lugoj")

    problem(again(agency, open_one, to_office_id=lugoj), 422)
    # another centre's rejected referral: the caller cannot use its person either
    mine = agency.factory.beneficiary(agency.staff)
    consent = agency.factory.consent(agency.staff, mine["id"])
    response = agency.factory.client.post(
        "/api/v1/referrals",
        json={
            "beneficiary_id": mine["id"],
            "service": theirs["service"],
            "form": theirs["form"],
            "consent_id": consent["id"],
            "previous_referral_id": theirs["id"],
        },
        headers=agency.staff,
    )
    body = problem(response, 422)
    assert list(body["errors"]) == ["previous_referral_id"]


def test_a_chosen_office_without_a_previous_referral_is_checked_too(agency):
    person = agency.factory.beneficiary(agency.staff)
    consent = agency.factory.consent(agency.staff, person["id"])
    service = agency.factory.service(JOB_SEEKER, agency.staff)
    body = {
        "beneficiary_id": person["id"],
        "service": JOB_SEEKER,
        "form": example_of(service["form_schema"]),
        "consent_id": consent["id"],
    }
    lugoj = agency.office("ajofm-timis", "lugoj")
    ok = agency.factory.client.post(
        "/api/v1/referrals", json={**body, "to_office_id": lugoj}, headers=agency.staff
    )
    assert ok.status_code == 201, ok.get_json()
    assert ok.get_json()["to_office"]["id"] == lugoj
    assert ok.get_json()["previous_referral_id"] is None
    cjas = agency.office("cjas-timis", "main")
    refused = agency.factory.client.post(
        "/api/v1/referrals", json={**body, "to_office_id": cjas}, headers=agency.staff
    )
    assert list(problem(refused, 422)["errors"]) == ["to_office_id"]
