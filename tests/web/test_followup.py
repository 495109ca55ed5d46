"""The coordinator's follow-up: the overdue list that escalations link to, figures
whose outcomes add up to what was sent, the comparison with the previous period,
and the CSV in the dialect of the UI language.

Two working groups throughout: Region 5 (the demo network) and Vest (Arad), each
with a centre, a labour agency and a prefecture whose coordinator follows it up.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape
from typing import Any

import pytest

from core.cli import main
from core.notifications.scheduler import run_scheduler
from core.stats.export import COLUMNS as EXPORTED
from tests.web.test_coordinator import tables

JOB_SEEKER = "labour_agency.job_seeker_registration"
ENROLMENT = "health_insurance.insured_enrolment"
TODAY = date(2026, 12, 2)

VEST = """
[working_group]
slug = "vest"
name = "Grupul de lucru Vest"

[[institutions]]
slug = "prefectura-arad"
name = "Instituția Prefectului Arad"
kind = "prefecture"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "Prefectura Arad"
county = "RO-AR"

[[institutions]]
slug = "cri-arad"
name = "Centrul de Integrare Arad"
kind = "integration_centre"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "CRI Arad"
county = "RO-AR"

[[institutions]]
slug = "ajofm-arad"
name = "Agenția Județeană pentru Ocuparea Forței de Muncă Arad"
kind = "labour_agency"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "AJOFM Arad"
county = "RO-AR"
"""


def load_vest(factory, tmp_path) -> None:
    factory.network()
    path = tmp_path / "vest.toml"
    path.write_text(VEST, encoding="utf-8")
    result = factory.app.test_cli_runner().invoke(main, ["network", "load", str(path)])
    assert result.exit_code == 0, result.output


class Overdue:
    """Region 5: A (Timișoara office) and B (Lugoj office of the same agency) wait
    for an answer, C waits at the Bihor health insurance house, D is in progress
    past its completion date, X was rejected, N was sent yesterday (not overdue).
    Vest: V waits at the Arad labour agency. Today is 2 December 2026."""

    def __init__(self, factory, clock, tmp_path) -> None:
        load_vest(factory, tmp_path)
        self.factory = factory
        self.people: list[dict[str, Any]] = []
        self.referrals: dict[str, dict[str, Any]] = {}
        staff, vest_staff = factory.staff(), factory.headers("centre_staff", "cri-arad")
        officer = factory.officer("ajofm-timis")
        timisoara = self.person(staff, given_name="Zarifa", family_name="Haddad")
        lugoj = self.person(staff, given_name="Yusuf", family_name="Kaya", locality="Lugoj")
        bihor = self.person(staff, given_name="Оксана", family_name="Коваленко", county="RO-BH")
        arad = self.person(vest_staff, given_name="Amina", family_name="Nouri", county="RO-AR")
        self.send("A", staff, timisoara)
        self.send("D", staff, timisoara)
        self.send("X", staff, timisoara)
        self.move(officer, "D", "received", "accepted", "in-progress")
        codes = factory.service(JOB_SEEKER, staff)["reason_codes"]
        reject = next(c["code"] for c in codes if "rejected" in c["applies_to"])
        self.move(officer, "X", "rejected", reason_code=reject)
        clock.advance(days=3)
        self.send("B", staff, lugoj)
        clock.advance(days=1)
        self.send("C", staff, bihor, ENROLMENT)
        self.send("V", vest_staff, arad)
        clock.advance(days=25)  # 2026-12-01
        self.send("N", staff, timisoara)
        clock.advance(days=1)  # today

    def person(self, headers: dict[str, str], **given: Any) -> dict[str, Any]:
        person = self.factory.beneficiary(headers, **given)
        self.people.append(person)
        return person

    def send(self, name: str, headers, person, service: str = JOB_SEEKER) -> None:
        self.referrals[name] = self.factory.referral(headers, service=service, beneficiary=person)

    def move(self, headers, name: str, *steps: str, **body: Any) -> None:
        for to in steps:
            response = self.factory.move(headers, self.referrals[name], to, **body)
            assert response.status_code == 200, response.get_json()
            self.referrals[name] = response.get_json()

    def reference(self, name: str) -> str:
        return self.referrals[name]["reference"]

    def due(self, name: str) -> date:
        referral = self.referrals[name]
        key = "complete_by" if referral["status"] == "in-progress" else "respond_by"
        return date.fromisoformat(referral["due"][key])


@pytest.fixture
def overdue(factory, clock, tmp_path) -> Overdue:
    return Overdue(factory, clock, tmp_path)


@pytest.fixture
def region5(web, overdue):
    """Region 5's coordinator, signed in today (a session does not outlive a month)."""
    return web("coordinator", "prefectura-timis")


@pytest.fixture
def vest(web, overdue):
    return web("coordinator", "prefectura-arad")


def listed(session, query: str = "") -> list[dict[str, str]]:
    """The rows of the overdue list: reference and the text of every cell by label."""
    response = session.get(f"/cooperation/overdue{query}")
    assert response.status_code == 200, session.text(response)[:1000]
    return rows_of(session.text(response))


def rows_of(html: str) -> list[dict[str, str]]:
    rows = []
    for reference, body in re.findall(r'<tr data-reference="([^"]+)">(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'<td[^>]*data-label="([^"]+)"[^>]*>(.*?)</td>', body, re.S))
        text = {unescape(k): unescape(re.sub(r"<[^>]+>", "", v)).strip() for k, v in cells.items()}
        rows.append({"reference": reference, **text})
    return rows


# --- the overdue list ----------------------------------------------------------------


def test_overdue_list_shows_only_the_own_working_groups_referrals(region5, vest, overdue):
    mine = [row["reference"] for row in listed(region5)]
    theirs = [row["reference"] for row in listed(vest)]

    assert set(mine) == {overdue.reference(n) for n in "ABCD"}
    assert theirs == [overdue.reference("V")]


def test_overdue_list_is_most_overdue_first_with_the_days_and_due_date(region5, overdue):
    rows = listed(region5)

    expected = sorted("ABCD", key=lambda n: (overdue.due(n), overdue.reference(n)))
    assert [row["reference"] for row in rows] == [overdue.reference(n) for n in expected]
    by_reference = {row["reference"]: row for row in rows}
    for name in "ABCD":
        row = by_reference[overdue.reference(name)]
        assert row["Days overdue"] == str((TODAY - overdue.due(name)).days)
        assert int(row["Days overdue"]) > 0
    d = by_reference[overdue.reference("D")]
    assert d["Status"] == "In progress"  # overdue for completion, not for an answer
    assert by_reference[overdue.reference("A")]["Status"] == "Requested"


def test_overdue_list_names_institution_office_and_service(region5, overdue):
    rows = {row["reference"]: row for row in listed(region5)}

    a, b, c = (rows[overdue.reference(n)] for n in "ABC")
    assert a["Institution"] == b["Institution"]
    assert "Timiș" in a["Institution"]
    assert a["Office"] != b["Office"]  # two offices of one agency
    assert "Lugoj" in b["Office"]
    assert "Bihor" in c["Institution"]
    assert a["Service"] != c["Service"] and a["Service"]


def test_overdue_list_holds_no_personal_data(region5, vest, overdue):
    texts = [
        region5.text(region5.get("/cooperation/overdue")),
        vest.text(vest.get("/cooperation/overdue")),
    ]
    personal = [
        *(p[k] for p in overdue.people for k in ("id", "reference", "given_name", "family_name")),
        *(p[k] for p in overdue.people for k in ("name_latin", "date_of_birth", "phone")),
        *(r["id"] for r in overdue.referrals.values()),  # the reference names it, not the id
    ]
    assert len(personal) > 25
    for text in texts:
        assert [p for p in personal if p in text] == []
        assert not re.search(r"\bB-[0-9A-Z]", text)  # no beneficiary reference at all
        assert "/referrals/" not in text  # coordinators cannot open a referral


def test_overdue_list_pages_through_a_bounded_page(region5, overdue, monkeypatch):
    monkeypatch.setattr("core.stats.overdue.PAGE_SIZE", 3)

    first = region5.text(region5.get("/cooperation/overdue"))
    second = region5.text(region5.get("/cooperation/overdue?page=2"))
    beyond = region5.get("/cooperation/overdue?page=9")
    huge = region5.get("/cooperation/overdue?page=99999999999999999999")

    pages = [[r["reference"] for r in rows_of(html)] for html in (first, second)]
    assert [len(p) for p in pages] == [3, 1]
    assert set(pages[0]) | set(pages[1]) == {overdue.reference(n) for n in "ABCD"}
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "4 overdue referrals" in first
    assert beyond.status_code == 200 and rows_of(region5.text(beyond)) == []
    assert "There is nothing on this page." in region5.text(beyond)
    assert huge.status_code == 200


def test_overdue_list_filters_by_county_institution_service_and_period(region5, overdue, factory):
    lugoj_and_timisoara = {overdue.reference(n) for n in "ABD"}

    def references(query: str) -> set[str]:
        return {row["reference"] for row in listed(region5, query)}

    assert references("?county=RO-BH") == {overdue.reference("C")}
    assert references(f"?institution={factory.institution_id('ajofm-timis')}") == (
        lugoj_and_timisoara
    )
    assert references(f"?service={ENROLMENT}") == {overdue.reference("C")}
    assert references("?from=2026-11-05&to=2026-11-30") == {overdue.reference(n) for n in "BC"}
    assert references("?county=RO-TM&service=" + ENROLMENT) == set()
    html = region5.text(region5.get("/cooperation/overdue?county=RO-TM&service=" + ENROLMENT))
    assert "No overdue referral matches the filters." in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("county=RO-AR", "county"),  # Vest's county
        ("institution=nope", "institution"),
        ("service=labour_agency.nothing", "service"),
        ("from=soon", "from"),
        ("from=2026-11-30&to=2026-11-01", "from"),
    ],
)
def test_bad_filters_are_422_next_to_the_field(region5, query, field):
    response = region5.get(f"/cooperation/overdue?{query}")

    assert response.status_code == 422
    html = region5.text(response)
    assert f'id="f-{field}-error"' in html
    assert "<table" not in html


def test_another_groups_institution_is_not_a_filter(region5, factory):
    arad = factory.institution_id("ajofm-arad")

    response = region5.get(f"/cooperation/overdue?institution={arad}")

    assert response.status_code == 422
    assert 'id="f-institution-error"' in region5.text(response)


@pytest.mark.parametrize(
    ("role", "slug"), [("centre_staff", "crim-timisoara"), ("agency_officer", "ajofm-timis")]
)
def test_staff_and_officers_cannot_see_the_overdue_list(web, factory, role, slug):
    assert web(role, slug).get("/cooperation/overdue").status_code == 403


def test_admins_see_every_groups_overdue_referrals(web, overdue):
    admin = web("admin")

    assert {row["reference"] for row in listed(admin)} == {overdue.reference(n) for n in "ABCDV"}


def test_the_dashboards_overdue_figure_links_to_the_list_of_the_same_referrals(region5, overdue):
    query = "from=2026-11-01&to=2026-12-31&county=RO-TM"
    html = region5.text(region5.get(f"/cooperation?{query}"))

    figure = re.search(r'data-figure="overdue">(.*?)</li>', html, re.S).group(1)
    link = unescape(re.search(r'href="([^"]+)"', figure).group(1))
    assert link == f"/cooperation/overdue?{query}"
    shown = int(re.sub(r"<[^>]+>", "", figure.split("</a>")[0]))
    assert len(listed(region5, "?" + query)) == shown == 3  # A, B and D


def test_escalations_link_to_the_receiving_institutions_overdue_list(app, overdue, factory):
    coordinator = factory.headers("coordinator", "prefectura-timis")
    vest = factory.headers("coordinator", "prefectura-arad")
    with app.app_context():
        run_scheduler()

    def links(headers) -> set[str]:
        items = factory.client.get("/api/v1/notifications", headers=headers).get_json()["items"]
        return {n["referral_reference"] for n in items if n["kind"] == "referral_escalated"}

    assert overdue.reference("V") not in links(coordinator)
    assert links(vest) == {overdue.reference("V")}


# --- the figures add up --------------------------------------------------------------


def test_outcomes_add_up_to_sent_with_a_referral_in_each_terminal_status(web, factory, clock):
    staff, officer = factory.staff(), factory.officer("ajofm-timis")
    person = factory.beneficiary(staff)
    referrals = {n: factory.referral(staff, beneficiary=person) for n in "abcdef"}
    service = factory.service(JOB_SEEKER, staff)

    def move(name: str, *steps: str, **body: Any) -> None:
        for to in steps:
            response = factory.move(
                officer if to != "cancelled" else staff, referrals[name], to, **body
            )
            assert response.status_code == 200, response.get_json()
            referrals[name] = response.get_json()

    def reason(status: str) -> str:
        return next(c["code"] for c in service["reason_codes"] if status in c["applies_to"])

    outcome = {**example_of_outcome(service), "registered_on": "2026-11-02"}
    move("a", "received", "accepted", "in-progress")
    move("a", "completed", data=outcome)
    move("b", "received", "accepted", "in-progress")
    move("b", "failed", reason_code=reason("failed"))
    move("c", "rejected", reason_code=reason("rejected"))
    move("d", "cancelled")
    move("e", "received", "accepted")  # open, accepted
    coordinator = web("coordinator", "prefectura-timis")

    html = coordinator.text(coordinator.get("/cooperation?from=2026-11-01&to=2026-11-30"))

    shown = tables(html)
    for row in (*shown["per-institution"].values(), *shown["per-service"].values()):
        parts = ("open", "completed", "failed", "rejected", "cancelled")
        assert int(row["sent"]) == sum(int(row[p]) for p in parts)
    totals = shown["per-institution"]["totals"]
    counted = ("sent", "open", "completed", "failed", "rejected", "cancelled", "accepted")
    assert {k: totals[k] for k in counted} == {
        "sent": "6", "open": "2", "completed": "1", "failed": "1", "rejected": "1",
        "cancelled": "1", "accepted": "3",
    }  # fmt: skip
    assert 'id="figures-add-up"' in html
    report = coordinator.text(coordinator.get("/cooperation/report?from=2026-11-01&to=2026-11-30"))
    assert tables(report)["per-institution"]["totals"] == totals
    assert 'id="figures-add-up"' in report


def example_of_outcome(service: dict[str, Any]) -> dict[str, Any]:
    schema = service["outcome_schema"]
    return {name: prop["examples"][0] for name, prop in schema["properties"].items()}


# --- the previous period -------------------------------------------------------------


def key_figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}"[^>]*>(.*?)</li>', html, re.S).group(1)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found)).split())


def sent_on_two_days(factory, clock, before: int, after: int) -> None:
    """``before`` referrals on 2 November, ``after`` on 2 December; today is 3 December."""
    for _ in range(before):
        factory.referral(factory.staff())
    clock.advance(days=30)
    staff = factory.staff()  # a new token: the first one's month is over
    for _ in range(after):
        factory.referral(staff)
    clock.advance(days=1)


DECEMBER = "from=2026-12-01&to=2026-12-31"


def test_key_figures_compare_with_the_previous_period_of_equal_length(web, factory, clock):
    sent_on_two_days(factory, clock, before=2, after=3)
    coordinator = web("coordinator", "prefectura-timis")
    api = factory.headers("coordinator", "prefectura-timis")

    html = coordinator.text(coordinator.get(f"/cooperation?{DECEMBER}"))

    # December has 31 days: the previous period is 31 October to 30 November
    before = factory.client.get(
        "/api/v1/stats/cooperation?from=2026-10-31&to=2026-11-30", headers=api
    ).get_json()["totals"]
    assert (before["sent"], before["overdue"]) == (2, 2)
    assert key_figure(html, "sent") == "3 Sent Previous period: 2 · +1 (+50%)"
    assert key_figure(html, "open").endswith("Previous period: 2 · +1 (+50%)")
    assert key_figure(html, "overdue").endswith("Previous period: 2 · -2 (-100%)")
    assert key_figure(html, "completed").endswith("Previous period: 0 · no change")
    assert key_figure(html, "acceptance_rate").endswith("nothing to compare")
    assert "from October 31, 2026 to November 30, 2026" in html
    report = coordinator.text(coordinator.get(f"/cooperation/report?{DECEMBER}"))
    assert key_figure(report, "sent") == key_figure(html, "sent")


def test_a_rise_from_nothing_has_no_percentage(web, factory, clock):
    sent_on_two_days(factory, clock, before=0, after=2)
    coordinator = web("coordinator", "prefectura-timis")

    html = coordinator.text(coordinator.get(f"/cooperation?{DECEMBER}"))

    assert key_figure(html, "sent") == "2 Sent Previous period: 0 · +2"


# --- the CSV in the UI language -------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "delimiter", "decimal"),
    [("ro", ";", ","), ("cs", ";", ","), ("uk", ";", ","), ("en", ",", ".")],
)
def test_csv_bytes_follow_the_ui_language(web, factory, clock, locale, delimiter, decimal):
    staff, officer = factory.staff(), factory.officer("ajofm-timis")
    referral = factory.referral(staff)
    clock.advance(hours=13, minutes=30)
    assert factory.move(officer, referral, "received").status_code == 200
    referral = factory.client.get(f"/api/v1/referrals/{referral['id']}", headers=staff).get_json()
    assert factory.move(officer, referral, "accepted").status_code == 200
    coordinator = web("coordinator", "prefectura-timis")
    coordinator.post("/language", {"lang": locale})

    data = coordinator.get("/cooperation/export.csv?from=2026-11-01&to=2026-11-30").data

    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    text = data[3:].decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(header) == 2 + 12 and all(len(row) == len(header) for row in rows)
    totals = dict(zip(EXPORTED, rows[-1][2:], strict=True))
    assert totals["sent"] == totals["accepted"] == "1"
    assert totals["acceptance_rate"] == f"1{decimal}0"  # one of one
    # 13.5 h, in its bucket from 13 h (at most 10 % wide: core.stats.rollup.bucket)
    assert totals["median_hours_to_response"] == f"13{decimal}0"
