"""The caseload lists of the web UI: the officer's inbox (filters, order, total,
remembered filters, bulk actions) and the centre staff's list of referrals."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db import db
from core.notifications.models import OutboxMessage
from core.referrals.models import Referral, ReferralEvent
from tests.factories import Factory
from tests.web.conftest import WebSession

JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"


def references(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/referrals/[^"]+">([^<]+)</a></th>', html)


def total_on(html: str) -> int:
    found = re.search(r'<p class="total"><strong class="num">(\d+) referral', html)
    assert found, "no total on the page"
    return int(found.group(1))


def checkbox(html: str, reference: str) -> str:
    """The value the row's checkbox posts ("<id>:<version>")."""
    row = next(r for r in html.split("<tr>") if f">{reference}</a>" in r)
    return re.search(r'name="referral" value="([^"]+)"', row).group(1)


class Desk:
    """Two centres, two officers of AJOFM Timiș with its two offices (Timișoara,
    Lugoj), and a referral to AJOFM Bihor that neither officer may see."""

    def __init__(self, factory: Factory, web, other_centre) -> None:
        self.factory = factory
        self.staff = web("centre_staff", "crim-timisoara")
        self.officer_a = web("agency_officer", "ajofm-timis")
        self.officer_b = web("agency_officer", "ajofm-timis")
        staff = self.staff.headers
        lugoj = factory.beneficiary(staff, locality="Lugoj")
        self.made = {
            "timisoara": factory.referral(staff),
            "lugoj": factory.referral(staff, beneficiary=lugoj),
            "counselling": factory.referral(staff, service=COUNSELLING),
            "other_centre": factory.referral(
                other_centre, beneficiary=factory.beneficiary(other_centre, county="RO-TM")
            ),
            "bihor": factory.referral(
                staff, beneficiary=factory.beneficiary(staff, county="RO-BH", locality="Oradea")
            ),
        }
        self.offices = {
            "lugoj": self.made["lugoj"]["to_office"]["id"],
            "main": self.made["timisoara"]["to_office"]["id"],
        }
        assert self.offices["lugoj"] != self.offices["main"]

    def ref(self, key: str) -> str:
        return self.made[key]["reference"]

    def refs(self, *keys: str) -> list[str]:
        return sorted(self.ref(k) for k in keys)

    def move(self, officer: WebSession, key: str, *moves: str) -> None:
        for to in moves:
            body = {}
            if to == "rejected":
                service = self.factory.service(self.made[key]["service"], officer.headers)
                body["reason_code"] = next(
                    r["code"] for r in service["reason_codes"] if "rejected" in r["applies_to"]
                )
            response = self.factory.move(officer.headers, self.made[key], to, **body)
            assert response.status_code == 200, response.get_json()
            self.made[key] = response.get_json()


@pytest.fixture
def desk(factory: Factory, web, other_centre) -> Desk:
    return Desk(factory, web, other_centre)


def inbox(session: WebSession, query: str = "") -> str:
    response = session.get(f"/inbox{'?' + query if query else ''}")
    assert response.status_code == 200, session.text(response)[:2000]
    return session.text(response)


# --- the inbox's filters ----------------------------------------------------------------------


def test_the_inbox_shows_open_referrals_by_default_and_closed_on_request(desk: Desk):
    desk.move(desk.officer_a, "counselling", "rejected")

    html = inbox(desk.officer_a)

    assert sorted(references(html)) == desk.refs("timisoara", "lugoj", "other_centre")
    assert total_on(html) == 3
    assert desk.ref("bihor") not in html  # another institution's, never
    closed = inbox(desk.officer_a, "status=closed")
    assert references(closed) == [desk.ref("counselling")] and total_on(closed) == 1
    assert total_on(inbox(desk.officer_a, "status=all")) == 4


def test_the_inbox_filters_by_office_and_assignment_and_they_combine(desk: Desk):
    desk.move(desk.officer_a, "timisoara", "received", "accepted")  # assigned to A
    lugoj = f"office_id={desk.offices['lugoj']}"
    main = f"office_id={desk.offices['main']}"

    assert references(inbox(desk.officer_a, lugoj)) == [desk.ref("lugoj")]
    assert sorted(references(inbox(desk.officer_b, main))) == desk.refs(
        "timisoara", "counselling", "other_centre"
    )
    assert references(inbox(desk.officer_a, "assigned_to=me")) == [desk.ref("timisoara")]
    assert references(inbox(desk.officer_b, "assigned_to=me")) == []
    assert sorted(references(inbox(desk.officer_b, f"assigned_to=none&{main}"))) == desk.refs(
        "counselling", "other_centre"
    )
    combined = inbox(desk.officer_b, f"assigned_to=none&{main}&service={COUNSELLING}")
    assert references(combined) == [desk.ref("counselling")] and total_on(combined) == 1
    # the officer's name and the office are columns
    html = inbox(desk.officer_b, "status=accepted")
    assert "Test agency_officer" in html
    assert desk.made["timisoara"]["to_office"]["name"] in html


def test_a_value_not_offered_is_left_out_with_a_message(desk: Desk, factory: Factory):
    bihor_office = desk.made["bihor"]["to_office"]["id"]

    html = inbox(desk.officer_a, f"office_id={bihor_office}&status=nonsense&sort=sideways")

    assert "were not among the choices offered" in html
    every_open = desk.refs("timisoara", "lugoj", "counselling", "other_centre")
    assert sorted(references(html)) == every_open
    assert f'<option value="{bihor_office}"' not in html


def test_the_inbox_sorts_by_urgency_newest_or_oldest(desk: Desk):
    keys = ("timisoara", "lugoj", "counselling", "other_centre")
    by_creation = [desk.ref(k) for k in keys]
    assert references(inbox(desk.officer_a, "sort=oldest")) == by_creation
    assert references(inbox(desk.officer_a, "sort=newest")) == by_creation[::-1]
    # counselling and job-seeker registration answer within the same 3 days: newest first
    assert len(references(inbox(desk.officer_a, "sort=due"))) == 4


def test_the_most_urgent_come_first_overdue_then_by_due_date_closed_last(
    desk: Desk, factory: Factory, web, clock
):
    desk.move(desk.officer_a, "counselling", "rejected")
    desk.move(desk.officer_a, "lugoj", "received", "accepted")  # due to complete in weeks
    service = factory.service(desk.made["timisoara"]["service"], desk.staff.headers)
    clock.advance(days=service["sla"]["respond_days"] + 1)  # the requested ones are late
    fresh = factory.referral(factory.staff())  # due to answer in days
    officer = web("agency_officer", "ajofm-timis")  # signed in today

    listed = references(inbox(officer, "status=all&sort=due"))

    # Equally late: the one waiting longer first (made first).
    late = [desk.ref("timisoara"), desk.ref("other_centre")]
    assert listed == [*late, fresh["reference"], desk.ref("lugoj"), desk.ref("counselling")]
    assert references(inbox(officer, "sort=due")) == listed[:-1]


def test_the_search_looks_within_the_filters(desk: Desk):
    lugoj = desk.offices["lugoj"]
    search = {"q": desk.ref("timisoara"), "status": "open"}
    found = desk.officer_a.post("/inbox", search)
    assert references(desk.officer_a.text(found)) == [desk.ref("timisoara")]
    within = desk.officer_a.post("/inbox", {**search, "office_id": lugoj})
    assert references(desk.officer_a.text(within)) == []
    # the page's search form carries the filters shown
    html = inbox(desk.officer_a, f"office_id={lugoj}")
    form = html.split('role="search"')[1].split("</form>")[0]
    assert f'name="office_id" value="{lugoj}"' in form and 'name="status" value="open"' in form


# --- remembered filters -----------------------------------------------------------------------


def test_each_officer_finds_their_own_last_filters(desk: Desk):
    lugoj = f"office_id={desk.offices['lugoj']}"
    inbox(desk.officer_a, f"{lugoj}&sort=newest")
    inbox(desk.officer_b, "status=closed")

    assert references(inbox(desk.officer_a)) == [desk.ref("lugoj")]
    html = inbox(desk.officer_a)
    assert f'<option value="{desk.offices["lugoj"]}" selected>' in html
    assert references(inbox(desk.officer_b)) == []  # closed: none yet
    desk.officer_a.login()  # a new session keeps them: they are the user's
    assert references(inbox(desk.officer_a)) == [desk.ref("lugoj")]

    cleared = inbox(desk.officer_a, "reset=1")
    assert len(references(cleared)) == 4
    assert len(references(inbox(desk.officer_a))) == 4  # cleared for good
    assert references(inbox(desk.officer_b)) == []  # B's are B's


def test_a_search_is_never_remembered(desk: Desk, factory: Factory):
    from core.auth.models import User

    desk.officer_a.post("/inbox", {"q": "Ahmad", "status": "closed"})
    with factory.app.app_context():
        saved = [u.list_filters for u in db.session.scalars(select(User))]
    assert all("Ahmad" not in str(s) for s in saved)
    assert len(references(inbox(desk.officer_a))) == 4  # and the POST's filters were not kept


# --- bulk actions -----------------------------------------------------------------------------


def test_bulk_receive_does_each_and_lists_the_stale_one(desk: Desk, factory: Factory):
    html = inbox(desk.officer_a)
    values = {k: checkbox(html, desk.ref(k)) for k in ("timisoara", "lugoj", "other_centre")}
    # a page read before the referral's last change posts an older version
    referral_id, version = values["other_centre"].split(":")
    values["other_centre"] = f"{referral_id}:{int(version) - 1}"
    desk.move(desk.officer_b, "lugoj", "received")  # B got there first

    response = desk.officer_a.post(
        "/inbox/bulk", {"action": "received", "referral": list(values.values())}
    )

    assert response.status_code == 302
    page = desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    assert f"Done for 1: {desk.ref('timisoara')}." in page
    stale = desk.ref("other_centre")
    assert f"Not done for {stale}: The referral changed since you read it" in page
    assert f"Not done for {desk.ref('lugoj')}: You cannot make this move" in page
    with factory.app.app_context():
        statuses = dict(db.session.execute(select(Referral.reference, Referral.status)).all())
        received = db.session.scalar(
            select(func.count()).where(ReferralEvent.to_status == "received")
        )
    assert statuses[desk.ref("timisoara")] == statuses[desk.ref("lugoj")] == "received"
    assert statuses[stale] == "requested"
    assert received == 2  # B's and A's one: nothing written for the stale one


def test_bulk_accept_lists_what_the_graph_does_not_allow(desk: Desk, factory: Factory):
    desk.move(desk.officer_a, "timisoara", "received")
    desk.move(desk.officer_a, "counselling", "rejected")
    html = inbox(desk.officer_a, "status=all")
    chosen = [checkbox(html, desk.ref("timisoara")), checkbox(html, desk.ref("counselling"))]
    with factory.app.app_context():
        outbox_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    response = desk.officer_a.post("/inbox/bulk", {"action": "accepted", "referral": chosen})

    page = desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    assert f"Done for 1: {desk.ref('timisoara')}." in page
    assert f"Not done for {desk.ref('counselling')}: You cannot make this move" in page
    with factory.app.app_context():
        statuses = dict(db.session.execute(select(Referral.reference, Referral.status)).all())
        outbox_after = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert statuses[desk.ref("timisoara")] == "accepted"
    assert statuses[desk.ref("counselling")] == "rejected"
    assert outbox_after > outbox_before  # the sender is told, as for a single acceptance


def test_bulk_refuses_other_institutions_and_missing_versions(desk: Desk, factory: Factory):
    html = inbox(desk.officer_a)
    mine = checkbox(html, desk.ref("timisoara"))
    bihor = f"{desk.made['bihor']['id']}:{desk.made['bihor']['version']}"
    no_version = desk.made["lugoj"]["id"]

    response = desk.officer_a.post(
        "/inbox/bulk", {"action": "received", "referral": [mine, bihor, no_version]}
    )

    page = desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    assert "Not done for a referral you cannot see: No such referral." in page
    assert desk.ref("bihor") not in page
    assert f"Not done for {desk.ref('lugoj')}: Send the referral" in page
    with factory.app.app_context():
        statuses = dict(db.session.execute(select(Referral.reference, Referral.status)).all())
    assert statuses[desk.ref("timisoara")] == "received"
    assert statuses[desk.ref("bihor")] == statuses[desk.ref("lugoj")] == "requested"


@pytest.mark.parametrize(
    "body", [{"action": "received"}, {"action": "explode", "referral": ["x:1"]}]
)
def test_bulk_without_a_selection_or_action_changes_nothing(desk: Desk, body: dict[str, Any]):
    response = desk.officer_a.post("/inbox/bulk", body)
    page = desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    assert "flash-error" in page and "Done for" not in page


def test_bulk_needs_the_csrf_token_and_an_officer(desk: Desk):
    value = checkbox(inbox(desk.officer_a), desk.ref("timisoara"))
    refused = desk.officer_a.post(
        "/inbox/bulk", {"action": "received", "referral": value}, csrf=False
    )
    assert refused.status_code == 400
    assert desk.staff.post("/inbox/bulk", {"action": "received"}).status_code == 403


def _officer_id(factory: Factory, session: WebSession) -> str:
    return factory.client.get("/api/v1/me", headers=session.headers).get_json()["id"]


def test_bulk_assigns_to_me_and_to_a_colleague(desk: Desk, factory: Factory):
    html = inbox(desk.officer_a)
    mine = [checkbox(html, desk.ref(k)) for k in ("timisoara", "lugoj")]
    response = desk.officer_a.post("/inbox/bulk", {"action": "assign_to_me", "referral": mine})
    page = desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    assert "Done for 2:" in page

    colleague = _officer_id(factory, desk.officer_b)
    html = inbox(desk.officer_a)
    chosen = [checkbox(html, desk.ref("counselling"))]
    response = desk.officer_a.post(
        "/inbox/bulk", {"action": "assign", "officer_id": colleague, "referral": chosen}
    )
    assert "Done for 1:" in desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    with factory.app.app_context():
        assigned = dict(
            db.session.execute(select(Referral.reference, Referral.assigned_officer_id)).all()
        )
    me = _officer_id(factory, desk.officer_a)
    assert assigned[desk.ref("timisoara")] == assigned[desk.ref("lugoj")] == me
    assert assigned[desk.ref("counselling")] == colleague
    # B now finds it under "assigned to me"
    assert references(inbox(desk.officer_b, "assigned_to=me")) == [desk.ref("counselling")]


def test_bulk_assign_needs_an_officer_of_the_institution(desk: Desk, factory: Factory, web):
    chosen = [checkbox(inbox(desk.officer_a), desk.ref("timisoara"))]
    no_officer = desk.officer_a.post("/inbox/bulk", {"action": "assign", "referral": chosen})
    page = desk.officer_a.text(desk.officer_a.get(no_officer.headers["Location"]))
    assert "Choose the officer" in page and "Done for" not in page

    stranger = _officer_id(factory, web("agency_officer", "ajofm-bihor"))
    response = desk.officer_a.post(
        "/inbox/bulk", {"action": "assign", "officer_id": stranger, "referral": chosen}
    )
    page = desk.officer_a.text(desk.officer_a.get(response.headers["Location"]))
    assert f"Not done for {desk.ref('timisoara')}: Choose an officer of the institution" in page
    with factory.app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(Referral.assigned_officer_id.is_not(None)))
            == 0
        )


# --- the centre staff's caseload ----------------------------------------------------------------


def caseload(session: WebSession, query: str = "") -> str:
    response = session.get(f"/staff/referrals{'?' + query if query else ''}")
    assert response.status_code == 200, session.text(response)[:2000]
    return session.text(response)


def counts_on(html: str) -> dict[str, int]:
    block = html.split('class="counts"')[1].split("</nav>")[0]
    return {
        title: int(number)
        for title, number in re.findall(r'>([^<]+)</a>: <strong class="num">(\d+)</strong>', block)
    }


@pytest.fixture
def centre(factory: Factory, web, other_centre) -> dict[str, Any]:
    """Two staff of one centre and one of another; referrals in several statuses."""
    first, second = web("centre_staff", "crim-timisoara"), web("centre_staff", "crim-timisoara")
    officer = factory.officer()
    mariam = factory.beneficiary(first.headers, given_name="Mariam", family_name="Haddad")
    made = {
        "mine": factory.referral(first.headers, beneficiary=mariam),
        "draft": factory.referral(first.headers, send=False),
        "counselling": factory.referral(second.headers, service=COUNSELLING),
        "bihor": factory.referral(
            second.headers,
            beneficiary=factory.beneficiary(second.headers, county="RO-BH", locality="Oradea"),
        ),
        "other_centre": factory.referral(other_centre),
    }
    received = factory.move(officer, made["counselling"], "received").get_json()
    made["counselling"] = factory.move(officer, received, "accepted").get_json()
    closed = factory.referral(second.headers)
    assert factory.move(second.headers, closed, "cancelled").status_code == 200
    made["closed"] = closed
    return {"first": first, "second": second, **{k: v["reference"] for k, v in made.items()}}


def test_the_caseload_lists_the_centres_open_referrals_with_counts(centre):
    html = caseload(centre["first"])

    assert sorted(references(html)) == sorted(
        centre[k] for k in ("mine", "draft", "counselling", "bihor")
    )
    assert centre["other_centre"] not in html and centre["closed"] not in html
    assert total_on(html) == 4
    assert counts_on(html) == {
        "Draft": 1,
        "Requested": 2,
        "Received": 0,
        "Accepted": 1,
        "In progress": 0,
        "On hold": 0,
    }
    closed = caseload(centre["first"], "status=closed")
    assert references(closed) == [centre["closed"]]
    assert counts_on(closed)["Cancelled"] == 1


def test_the_caseload_filters_mine_service_institution_and_overdue(centre, factory, clock):
    assert sorted(references(caseload(centre["first"], "assigned_to=me"))) == sorted(
        [centre["mine"], centre["draft"]]
    )
    assert references(caseload(centre["second"], f"assigned_to=me&service={COUNSELLING}")) == [
        centre["counselling"]
    ]
    bihor = factory.institution_id("ajofm-bihor")
    html = caseload(centre["first"], f"institution_id={bihor}")
    assert references(html) == [centre["bihor"]]
    assert counts_on(html)["Requested"] == 1 and counts_on(html)["Accepted"] == 0
    clock.advance(days=4)  # the requested ones are late in being answered
    centre["first"].login()
    late = caseload(centre["first"], "overdue=1")
    assert sorted(references(late)) == sorted([centre["mine"], centre["bihor"]])


def test_the_caseload_searches_by_name_or_reference_within_the_filters(centre):
    first = centre["first"]
    by_name = first.post("/staff/referrals", {"q": "Mariam Hadad", "status": "open"})
    assert references(first.text(by_name)) == [centre["mine"]]
    by_reference = first.post("/staff/referrals", {"q": centre["closed"].lower()})
    assert references(first.text(by_reference)) == [centre["closed"]]  # every status
    within = first.post("/staff/referrals", {"q": centre["closed"], "status": "open"})
    assert references(first.text(within)) == []
    other = first.post("/staff/referrals", {"q": centre["other_centre"]})
    assert references(first.text(other)) == []


def test_the_caseload_remembers_each_users_filters(centre):
    caseload(centre["first"], "status=closed&sort=oldest")
    assert references(caseload(centre["first"])) == [centre["closed"]]
    assert len(references(caseload(centre["second"]))) == 4  # the other's own defaults
    assert len(references(caseload(centre["first"], "reset=1"))) == 4
    assert len(references(caseload(centre["first"]))) == 4


def test_the_caseload_leaves_out_what_it_does_not_offer(centre, factory):
    html = caseload(centre["first"], "status=sideways&institution_id=nowhere")
    assert "were not among the choices offered" in html and total_on(html) == 4


def test_the_caseload_pages(centre, monkeypatch):
    from core.web import staff

    monkeypatch.setattr(staff, "CASELOAD_PAGE", 3)
    first = caseload(centre["first"], "sort=oldest")
    second = caseload(centre["first"], "sort=oldest&page=2")
    assert len(references(first)) == 3 and len(references(second)) == 1
    assert total_on(first) == total_on(second) == 4
    assert 'href="/staff/referrals?page=2&amp;sort=oldest"' in first


def test_the_caseload_is_for_centre_staff(centre, web):
    officer = web("agency_officer", "ajofm-timis")
    assert officer.get("/staff/referrals").status_code == 403
    assert 'href="/staff/referrals"' in caseload(centre["first"])  # in the navigation
