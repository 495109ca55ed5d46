"""The list pages send as many statements for a full page as for a short one:
nothing read row by row (the template renders from the objects in hand, before
the commit), and the page's audit rows in one INSERT (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_statement_counts import statements
from tests.factories import Factory
from tests.web.conftest import WebSession

JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"


def _assign(factory: Factory, headers: dict[str, str], referral: dict, officer_id: str) -> None:
    response = factory.client.post(
        f"/api/v1/referrals/{referral['id']}/assign",
        json={"officer_id": officer_id},
        headers={**headers, "If-Match": f'"{referral["version"]}"'},
    )
    assert response.status_code == 200, response.get_json()


def _send_varied(factory: Factory, staff: dict[str, str], officers: list[dict], n: int) -> None:
    """``n`` referrals of different people, services and offices, assigned to
    different officers (or nobody)."""
    ids = [factory.client.get("/api/v1/me", headers=o).get_json()["id"] for o in officers]
    for i in range(n):
        person = factory.beneficiary(staff, locality="Lugoj" if i % 2 else "Timișoara")
        referral = factory.referral(
            staff, beneficiary=person, service=COUNSELLING if i % 3 else JOB_SEEKER
        )
        if i % 3 != 2:
            _assign(factory, officers[0], referral, ids[i % len(ids)])


def _counted(session: WebSession, app: Any, path: str) -> tuple[list[str], str]:
    with statements(app) as seen:
        response = session.get(path)
    assert response.status_code == 200, session.text(response)[:500]
    return seen, session.text(response)


@pytest.mark.parametrize(("role", "slug", "path"), [
    ("agency_officer", "ajofm-timis", "/inbox"),
    ("centre_staff", "crim-timisoara", "/staff/referrals"),
])  # fmt: skip
def test_a_list_page_sends_the_same_statements_however_many_rows(
    factory: Factory, app, web, role, slug, path
):
    staff = factory.staff()
    officers = [factory.officer(), factory.officer()]
    session = web(role, slug)
    if role == "centre_staff":
        staff = session.headers  # the centre's own list
    _send_varied(factory, staff, officers, 1)
    session.get(path)  # the first request of a process loads what it caches
    short, _ = _counted(session, app, path)

    _send_varied(factory, staff, officers, 7)
    full, html = _counted(session, app, path)

    assert html.count('<th scope="row">') >= 8
    assert len(full) == len(short), "\n".join(s.split("\n")[0][:100] for s in full)
    assert sum(s.startswith("INSERT INTO audit_log") for s in full) == 1
    assert not [s for s in full if "WHERE referrals.id = " in s]
