"""The coordinator's cooperation figures: exact counts and durations per
institution, service and month, their filters, scope and privacy."""

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from core.cli import main
from tests.factories import example_of

PROBLEM = "application/problem+json"
JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"
ENROLMENT = "health_insurance.insured_enrolment"
ARAD_NETWORK = """
[working_group]
slug = "arad"
name = "Grupul de lucru Arad"

[[institutions]]
slug = "prefectura-arad"
name = "Instituția Prefectului – Județul Arad"
kind = "prefecture"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "Sediul central"
county = "RO-AR"

[[institutions]]
slug = "cri-arad"
name = "Centrul de Integrare Arad"
kind = "integration_centre"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "Sediul Arad"
county = "RO-AR"

[[institutions]]
slug = "ajofm-arad"
name = "Agenția Județeană pentru Ocuparea Forței de Muncă Arad"
kind = "labour_agency"
county = "RO-AR"

[[institutions.offices]]
slug = "main"
name = "Sediul AJOFM Arad"
county = "RO-AR"
"""


def figures(**given: Any) -> dict[str, Any]:
    """The expected figures of a group: zero counts and no rates unless given."""
    counts = ("sent", "received", "accepted", "rejected", "completed", "failed", "cancelled")
    return {
        **dict.fromkeys((*counts, "open", "overdue"), 0),
        "acceptance_rate": None,
        "median_hours_to_response": None,
        "median_days_to_completion": None,
        **given,
    }


@dataclass
class Scenario:
    """Referrals from crim-timisoara to ajofm-timis (A, B, C, F) and cjas-bihor
    (D, E, G), and one from cri-arad to ajofm-arad (X), in every state."""

    factory: Any
    people: list[dict[str, Any]] = field(default_factory=list)
    referrals: dict[str, dict[str, Any]] = field(default_factory=dict)

    def send(self, name: str, headers: dict[str, str], person: dict, service: str) -> None:
        self.people.append(person)
        self.referrals[name] = self.factory.referral(headers, service=service, beneficiary=person)

    def move(self, headers: dict[str, str], names: str, *steps: str, **body: Any) -> None:
        for name in names:
            for to in steps:
                response = self.factory.move(headers, self.referrals[name], to, **body)
                assert response.status_code == 200, response.get_json()
                self.referrals[name] = response.get_json()

    def reason(self, service: str, status: str, headers: dict[str, str]) -> str:
        codes = self.factory.service(service, headers)["reason_codes"]
        return next(c["code"] for c in codes if status in c["applies_to"])


@pytest.fixture
def arad(factory, runner, tmp_path) -> None:
    network = tmp_path / "arad.toml"
    network.write_text(ARAD_NETWORK, encoding="utf-8")
    factory.network()
    result = runner.invoke(main, args=["network", "load", str(network)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def scenario(factory, clock, arad) -> Scenario:
    s = Scenario(factory)
    staff, arad_staff = factory.staff(), factory.headers("centre_staff", "cri-arad")
    ajofm, cjas = factory.officer("ajofm-timis"), factory.officer("cjas-bihor")
    arad_officer = factory.officer("ajofm-arad")
    in_timis = factory.beneficiary(staff, given_name="Zarifa", family_name="Haddad")
    in_bihor = factory.beneficiary(
        staff,
        given_name="Oksana",
        family_name="Kovalenko",
        date_of_birth="1985-07-30",
        county="RO-BH",
        locality="Oradea",
        languages=["uk"],
    )
    in_arad = factory.beneficiary(
        arad_staff, given_name="Yusuf", family_name="Demir", county="RO-AR", locality="Arad"
    )
    # Monday 2026-11-02 09:00: everything but F is sent.
    for name in "ABC":
        s.send(name, staff, in_timis, JOB_SEEKER)
    for name in "DEG":
        s.send(name, staff, in_bihor, ENROLMENT)
    s.send("X", arad_staff, in_arad, JOB_SEEKER)
    clock.advance(hours=2)  # 11:00
    s.move(ajofm, "A", "received")
    s.move(arad_officer, "X", "received")
    clock.advance(hours=2)  # 13:00
    s.move(ajofm, "B", "rejected", reason_code=s.reason(JOB_SEEKER, "rejected", ajofm))
    clock.advance(hours=20)  # Tuesday 09:00
    s.move(cjas, "D", "received", "accepted", "in-progress")
    s.move(staff, "E", "cancelled")
    s.move(ajofm, "A", "accepted", "in-progress")
    clock.advance(hours=6)  # Tuesday 15:00
    s.move(cjas, "G", "received", "accepted", "in-progress")
    clock.advance(hours=18)  # Wednesday 09:00
    s.move(cjas, "G", "failed", reason_code=s.reason(ENROLMENT, "failed", cjas))
    clock.advance(days=1)  # Thursday 2026-11-05 09:00
    outcome = example_of(factory.service(JOB_SEEKER, staff)["outcome_schema"])
    s.move(ajofm, "A", "completed", data={**outcome, "registered_on": "2026-11-05"})
    clock.advance(days=26, hours=1)  # 2026-12-01 10:00
    s.send("F", staff, in_timis, COUNSELLING)
    clock.advance(hours=23)  # today: 2026-12-02 09:00
    return s


def stats(client, headers: dict[str, str], query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/v1/stats/cooperation?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item.pop("key"): item for item in body["items"]}


def without_label(items: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {key: {k: v for k, v in item.items() if k != "label"} for key, item in items.items()}


# A response is the institution's decision (accepted or rejected), not the receipt:
# A accepted after 24 h, B rejected after 4 h, D and G accepted after 24 h and 30 h.
# B, rejected straight from requested, was received in the same step (one-step decisions).
# Durations count in buckets at most 10 % wide (rollup.bucket): B's 4 h falls in the one
# from 3.9 h, so AJOFM's median is (24 + 3.9) / 2, 13.9 h rather than 14.
AJOFM_TIMIS = figures(
    sent=4, received=2, accepted=1, rejected=1, completed=1, open=2, overdue=1,
    acceptance_rate=0.5, median_hours_to_response=13.9, median_days_to_completion=3.0,
)  # fmt: skip
CJAS_BIHOR = figures(
    sent=3, received=2, accepted=2, failed=1, cancelled=1, open=1, overdue=1,
    acceptance_rate=1.0, median_hours_to_response=27.0,
)  # fmt: skip
REGION5_TOTALS = figures(
    sent=7, received=4, accepted=3, rejected=1, completed=1, failed=1, cancelled=1, open=3,
    overdue=2, acceptance_rate=0.75, median_hours_to_response=24.0,
    median_days_to_completion=3.0,
)  # fmt: skip
NOVEMBER = {**REGION5_TOTALS, "sent": 6, "open": 2}
DECEMBER = figures(sent=1, open=1)


@pytest.fixture
def coordinator(factory) -> dict[str, str]:
    return factory.headers("coordinator", "prefectura-timis")


def test_figures_per_institution_are_exact(client, factory, scenario, coordinator):
    body = stats(client, coordinator, "group_by=institution")

    items = by_key(body)
    ajofm, cjas = factory.institution_id("ajofm-timis"), factory.institution_id("cjas-bihor")
    assert without_label(items) == {ajofm: AJOFM_TIMIS, cjas: CJAS_BIHOR}
    assert items[ajofm]["label"] == scenario.referrals["A"]["to_institution"]["name"]
    assert items[cjas]["label"] == scenario.referrals["D"]["to_institution"]["name"]
    assert body["totals"] == REGION5_TOTALS
    assert (body["group_by"], body["from"], body["to"]) == (
        "institution",
        "2025-12-02",
        "2026-12-02",
    )


def test_figures_per_service_are_exact(client, factory, scenario, coordinator):
    items = by_key(stats(client, coordinator, "group_by=service"))

    assert without_label(items) == {
        JOB_SEEKER: {**AJOFM_TIMIS, "sent": 3, "open": 1},
        COUNSELLING: figures(sent=1, open=1),
        ENROLMENT: CJAS_BIHOR,
    }
    assert items[COUNSELLING]["label"] == factory.service(COUNSELLING, coordinator)["title"]


def test_figures_per_month_are_exact(client, scenario, coordinator):
    body = stats(client, coordinator, "group_by=month")

    assert by_key(body) == {
        "2026-11": {"label": "2026-11", **NOVEMBER},
        "2026-12": {"label": "2026-12", **DECEMBER},
    }
    assert body["totals"] == REGION5_TOTALS


def test_the_default_grouping_is_by_institution(client, factory, scenario, coordinator):
    body = stats(client, coordinator)

    assert body["group_by"] == "institution"
    assert set(by_key(body)) == {
        factory.institution_id("ajofm-timis"),
        factory.institution_id("cjas-bihor"),
    }


@pytest.mark.parametrize(
    ("county", "expected"),
    [("RO-BH", ["cjas-bihor"]), ("RO-TM", ["ajofm-timis"]), ("RO-CS", [])],
)
def test_county_filter_keeps_the_receiving_institutions_of_that_county(
    client, factory, scenario, coordinator, county, expected
):
    body = stats(client, coordinator, f"county={county}")

    assert set(by_key(body)) == {factory.institution_id(slug) for slug in expected}
    assert body["county"] == county
    assert body["totals"] == {
        "RO-BH": CJAS_BIHOR, "RO-TM": AJOFM_TIMIS, "RO-CS": figures()
    }[county]  # fmt: skip


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("from=2026-11-01&to=2026-11-30", NOVEMBER),
        ("from=2026-11-02&to=2026-11-02", NOVEMBER),  # both ends are included
        ("from=2026-11-03", DECEMBER),
        ("from=2026-12-01&to=2026-12-31", DECEMBER),
        ("to=2026-11-01", figures()),
        ("from=2026-12-02", figures()),
    ],
)
def test_period_filter_counts_referrals_sent_in_it(client, scenario, coordinator, period, expected):
    body = stats(client, coordinator, f"group_by=month&{period}")

    assert body["totals"] == expected
    assert [item["key"] for item in body["items"]] == [
        month for month, group in (("2026-11", NOVEMBER), ("2026-12", DECEMBER))
        if group == expected
    ]  # fmt: skip


def test_response_holds_no_personal_data(client, scenario, coordinator):
    texts = [
        json.dumps(stats(client, coordinator, f"group_by={g}"), ensure_ascii=False)
        for g in ("institution", "service", "month")
    ]

    personal = [
        *(r["reference"] for r in scenario.referrals.values()),
        *(r["beneficiary"]["id"] for r in scenario.referrals.values()),
        *(p[k] for p in scenario.people for k in ("given_name", "family_name", "name_latin")),
        *(p[k] for p in scenario.people for k in ("reference", "date_of_birth", "phone")),
    ]
    for text in texts:
        assert not [p for p in personal if p in text]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("group_by=foo", "group_by"),
        ("from=2026-11-30&to=2026-11-01", "to"),
        ("from=2026-11-03", "from"),  # after today, the default 'to'
        ("county=XX", "county"),
        ("from=yesterday", "from"),
        ("to=2026-02-30", "to"),
        ("beneficiary=B-12345678", "beneficiary"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client, coordinator, query, field):
    response = client.get(f"/api/v1/stats/cooperation?{query}", headers=coordinator)

    assert response.status_code == 422
    assert response.content_type == PROBLEM
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("role", "slug", "receivers"),
    [
        ("coordinator", "prefectura-timis", ["ajofm-timis", "cjas-bihor"]),
        ("coordinator", "prefectura-arad", ["ajofm-arad"]),
        ("admin", None, ["ajofm-timis", "cjas-bihor", "ajofm-arad"]),
    ],
)
def test_coordinators_see_their_working_group_and_admins_everything(
    client, factory, scenario, role, slug, receivers
):
    body = stats(client, factory.headers(role, slug))

    assert set(by_key(body)) == {factory.institution_id(s) for s in receivers}
    sent = {"ajofm-timis": 4, "cjas-bihor": 3, "ajofm-arad": 1}
    assert body["totals"]["sent"] == sum(sent[s] for s in receivers)


def test_periods_that_cannot_be_counted_are_refused_with_422(factory, client):
    coordinator = factory.headers("coordinator", "prefectura-timis")
    for query in (
        "from=2026-01-01&to=9999-12-31",
        "to=9999-12-31",
        "from=2000-01-01&to=2026-11-01",
        "from=2026-11-03&to=2026-11-01",
        "from=2027-01-01&to=2027-02-01",
    ):
        response = client.get(f"/api/v1/stats/cooperation?{query}", headers=coordinator)
        assert response.status_code == 422, query
        assert response.get_json()["errors"].keys() & {"from", "to"}, query
