"""The cooperation figures come from a rollup kept by every change; whatever the
history, it equals a recomputation from the referrals (``stats rebuild --check``)
and the API's figures equal the figures computed naively from the rows.

A property test (hypothesis) drives random histories through the API: sends,
every move of the graph by either side, forwards between two offices, consent
withdrawals (the hub's own cancellations), retention runs and the clock moved
forwards and back, so that late transitions change past months."""

from collections import defaultdict
from datetime import date, timedelta
from statistics import median
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.cli import main
from core.db import db
from core.institutions.models import Institution
from core.referrals.lifecycle import MOVES, OPEN, RECEIVER, is_overdue
from core.referrals.models import Referral
from core.stats import rollup
from tests.factories import example_of

SERVICES = (
    "labour_agency.job_seeker_registration",
    "labour_agency.career_counselling",
    "health_insurance.insured_enrolment",
)
COUNTS = ("sent", "received", "accepted", "rejected", "completed", "failed", "cancelled")

STEPS = st.one_of(
    st.tuples(st.just("send"), st.integers(0, len(SERVICES) - 1)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 5)),
    st.tuples(st.just("forward"), st.integers(0, 50)),
    st.tuples(st.just("withdraw"), st.integers(0, 50)),
    st.tuples(st.just("clock"), st.integers(-72, 24 * 45)),
    st.tuples(st.just("retention"), st.just(0)),
)


class History:
    """Plays steps through the API and keeps each referral as last read."""

    def __init__(self, factory: Any, clock: Any, runner: Any) -> None:
        self.factory, self.clock, self.runner = factory, clock, runner
        self.sign_in()
        with factory.app.app_context():
            self.slugs = dict(db.session.execute(select(Institution.id, Institution.slug)).all())
        self.services = {code: factory.service(code, self.staff) for code in SERVICES}
        self.referrals: list[dict[str, Any]] = []

    def sign_in(self) -> None:
        """Tokens of new users: a token expires while the clock runs on."""
        self.staff, self.admin = self.factory.staff(), self.factory.headers("admin")
        self.officers: dict[str, dict[str, str]] = {}

    def officer(self, referral: dict[str, Any]) -> dict[str, str]:
        slug = self.slugs[referral["to_institution"]["id"]]
        if slug not in self.officers:
            self.officers[slug] = self.factory.officer(slug)
        return self.officers[slug]

    def play(self, step: tuple) -> None:
        kind, *args = step
        if kind == "send":
            self.send(SERVICES[args[0]])
        elif kind == "clock":
            self.clock.advance(hours=args[0])
            self.sign_in()
        elif kind == "retention":
            self.clock.advance(days=1830)  # past retention_days: the ended ones are erased
            self.sign_in()
            result = self.runner.invoke(main, ["retention", "run"])
            assert result.exit_code == 0, result.output
            self.reload_all()
        elif self.referrals:
            referral = self.referrals[args[0] % len(self.referrals)]
            getattr(self, kind)(referral, *args[1:])

    def send(self, service: str) -> None:
        person = self.factory.beneficiary(self.staff)
        given_at = (self.clock() - timedelta(hours=1)).isoformat()  # the clock may have gone back
        consent = self.factory.consent(self.staff, person["id"], given_at=given_at)
        body = {
            "beneficiary_id": person["id"],
            "service": service,
            "form": example_of(self.services[service]["form_schema"]),
            "consent_id": consent["id"],
        }
        self.referrals.append(self.factory.post("/api/v1/referrals", self.staff, body))

    def move(self, referral: dict[str, Any], choice: int) -> None:
        moves = sorted(MOVES.get(referral["status"], {}).items())
        if not moves:
            return
        to, side = moves[choice % len(moves)]
        service = self.services[referral["service"]]
        body: dict[str, Any] = {}
        reasons = [r["code"] for r in service["reason_codes"] if to in r["applies_to"]]
        if reasons:
            body["reason_code"] = reasons[0]
        if to == "completed" and service.get("outcome_schema"):
            body["data"] = example_of(service["outcome_schema"])
        headers = self.officer(referral) if side == RECEIVER else self.staff
        response = self.factory.move(headers, referral, to, **body)
        assert response.status_code < 500, response.get_json()
        self.reload(referral)

    def forward(self, referral: dict[str, Any]) -> None:
        with self.factory.app.app_context():
            offices = sorted(
                o.id
                for o in db.session.get(Institution, referral["to_institution"]["id"]).offices
                if o.active
            )
        others = [o for o in offices if o != referral["to_office"]["id"]]
        if not others:
            return
        response = self.factory.client.post(
            f"/api/v1/referrals/{referral['id']}/forward",
            json={"office_id": others[0], "note": None},
            headers={**self.officer(referral), "If-Match": f'"{referral["version"]}"'},
        )
        assert response.status_code < 500, response.get_json()
        self.reload(referral)

    def withdraw(self, referral: dict[str, Any]) -> None:
        response = self.factory.client.post(
            f"/api/v1/consents/{referral['consent_id']}/withdraw", json={}, headers=self.staff
        )
        assert response.status_code < 500, response.get_json()
        self.reload_all()

    def reload(self, referral: dict[str, Any]) -> None:
        response = self.factory.client.get(
            f"/api/v1/referrals/{referral['id']}", headers=self.staff
        )
        assert response.status_code == 200, response.get_json()
        referral.clear()
        referral.update(response.get_json())

    def reload_all(self) -> None:
        for referral in self.referrals:
            self.reload(referral)


def expected_figures(rows: list[Any], today: date) -> dict[str, Any]:
    """The figures of a group computed from its rows, as the hub once did it."""
    count = {name: sum(row.status == name for row in rows) for name in COUNTS}
    count["sent"] = len(rows)
    count["received"] = sum(row.received_at is not None for row in rows)
    count["accepted"] = sum(row.accepted_at is not None for row in rows)
    count["open"] = sum(row.status in OPEN for row in rows)
    count["overdue"] = sum(is_overdue(row, today) for row in rows)
    response = [
        rollup.bucket((r.responded_at - r.sent_at).total_seconds(), "response")
        for r in rows
        if r.responded_at is not None
    ]
    completion = [
        rollup.bucket((r.closed_at - r.sent_at).total_seconds(), "completion")
        for r in rows
        if r.status == "completed"
    ]
    decided = count["accepted"] + count["rejected"]
    return {
        **count,
        "acceptance_rate": round(count["accepted"] / decided, 3) if decided else None,
        "median_hours_to_response": round(median(response) / 10, 1) if response else None,
        "median_days_to_completion": round(median(completion) / 10, 1) if completion else None,
    }


def compare_with_the_rows(history: History, edges: tuple[int, int]) -> None:
    """The API's figures of a period (``edges``: where it starts and ends, in
    thousandths of the days sent on, and 40 days either side) against the rows."""
    factory, today = history.factory, history.clock().date()
    with factory.app.app_context():
        rows = list(db.session.scalars(select(Referral).where(Referral.sent_at.is_not(None))))
        db.session.expunge_all()
    days = sorted(r.sent_at.date() for r in rows)
    if not days or days[0] > today:
        return
    first, last = days[0] - timedelta(days=40), min(today, days[-1])
    start = first + (last - first) * edges[0] // 1000
    last = max(days[-1], start) + timedelta(days=40)
    end = min(start + (last - start) * edges[1] // 1000, start + timedelta(days=3659))
    chosen = [r for r in rows if start <= r.sent_at.date() <= end]
    keys = {
        "institution": lambda r: r.to_institution_id,
        "service": lambda r: r.service_code,
        "month": lambda r: r.sent_at.strftime("%Y-%m"),
    }
    for group_by, key in keys.items():
        response = factory.client.get(
            f"/api/v1/stats/cooperation?from={start}&to={end}&group_by={group_by}",
            headers=history.admin,
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        groups = defaultdict(list)
        for row in chosen:
            groups[key(row)].append(row)
        assert body["totals"] == expected_figures(chosen, today)
        assert {
            item.pop("key"): {k: v for k, v in item.items() if k != "label"}
            for item in body["items"]
        } == {k: expected_figures(members, today) for k, members in groups.items()}


def test_the_rollup_equals_a_recomputation_after_any_history(factory, clock, runner):
    history = History(factory, clock, runner)

    @settings(max_examples=12, deadline=None, database=None)
    @given(
        steps=st.lists(STEPS, min_size=1, max_size=14),
        edges=st.tuples(st.integers(0, 1000), st.integers(0, 1000)),
    )
    def run(steps: list[tuple], edges: tuple[int, int]) -> None:
        for step in steps:
            history.play(step)
        with factory.app.app_context():
            assert rollup.check(db.session) == []
        compare_with_the_rows(history, edges)

    run()


def test_stats_rebuild_finds_and_repairs_a_difference(factory, runner):
    staff, officer = factory.staff(), factory.officer()
    referral = factory.referral(staff)
    assert factory.move(officer, referral, "received").status_code == 200
    assert runner.invoke(main, ["stats", "rebuild", "--check"]).exit_code == 0
    with factory.app.app_context():
        db.session.execute(rollup.CooperationCount.__table__.update().values(received=5))
        db.session.commit()

    check = runner.invoke(main, ["stats", "rebuild", "--check"])
    assert check.exit_code == 1
    assert "cooperation_counts (day, 2026-11-02" in check.output
    assert "'received': 5" in check.output and "'received': 1" in check.output
    assert "3 rows of the rollup differ." in check.output  # the day's, month's and year's

    repaired = runner.invoke(main, ["stats", "rebuild"])
    assert repaired.exit_code == 0, repaired.output
    assert "3 rows had differed" in repaired.output
    assert runner.invoke(main, ["stats", "rebuild", "--check"]).exit_code == 0


def test_the_median_is_exact_to_a_bucket_at_most_ten_percent_wide():
    hour = 3600
    assert rollup.bucket(0.55 * hour, "response") == 5  # tenths below one unit: 0.5 h
    assert rollup.bucket(9.95 * hour, "response") == 94  # 9.4 h (the step after is 10 h)
    assert rollup.bucket(13.5 * hour, "response") == 130  # 13 h
    assert rollup.bucket(137.9 * hour, "response") == 1300  # 130 h
    assert rollup.bucket(-5 * hour, "response") == 0  # a clock set back
    assert rollup.bucket(3 * 86400, "completion") == 30  # 3.0 days
    steps = [*rollup.STEPS, 100]
    assert all(low < high <= low * 1.1 for low, high in zip(steps, steps[1:], strict=False))
