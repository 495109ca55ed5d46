"""Measure the web UI's main pages at volume: each role's home, one referral
page, the beneficiary search, the coordinator's dashboard and exports.

    .venv/bin/python -m bench.bench_web [--referrals 20000] [--database-url URL]

Seeds a throw-away database like ``bench.bench_api`` (same rows), signs in
through the sign-in form, and prints median and p95 per page. Pages render
through Flask's test client, so the figures are server time without a network.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from bench import timing, volume
from bench.bench_api import seed
from core.db import db
from core.institutions.models import Institution
from core.referrals.models import Referral

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "benchmark-password"  # bench_api.seed's users


def signed_in(app, email: str):
    client = app.test_client()
    token = _CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    # sign-in starts a new session, with its own token
    return client, _CSRF.search(client.get("/account").get_data(as_text=True)).group(1)


def measure(client, label: str, path: str, repeat: int, data: dict | None = None) -> None:
    def call() -> int:
        response = client.post(path, data=data) if data else client.get(path)
        # a page that answers with a redirect (e.g. to sign in) measured nothing
        return response.status_code if response.status_code != 302 else 400

    timing.measure(label, call, repeat)


def main() -> None:
    args = volume.arguments(__doc__, repeat=20).parse_args()
    app = volume.empty_app(args.database_url)
    with app.app_context():
        seed(args.referrals, args.beneficiaries)
        officer = db.session.scalar(select(Institution.id).where(Institution.slug == "ajofm-timis"))
        one = db.session.scalar(select(Referral.id).where(Referral.to_institution_id == officer))
        print(f"{db.engine.dialect.name}: {args.referrals} referrals, {args.beneficiaries} people")
    r = args.repeat
    staff, staff_token = signed_in(app, "staff@bench.example")
    officer_client, _ = signed_in(app, "officer@bench.example")
    coordinator, _ = signed_in(app, "coord@bench.example")
    measure(officer_client, "officer inbox page", "/inbox", r)
    measure(officer_client, "officer inbox, overdue only", "/inbox?overdue=1", r)
    measure(officer_client, "referral page (officer)", f"/referrals/{one}", r)
    measure(staff, "staff home (grouped)", "/staff", r)
    measure(
        staff,
        "beneficiary search (POST)",
        "/staff/beneficiaries",
        r,
        {"q": "name17", "csrf_token": staff_token},
    )
    slow = max(3, r // 5)
    measure(coordinator, "coordinator dashboard, 12 months", "/cooperation", slow)
    measure(coordinator, "meeting report, 12 months", "/cooperation/report", slow)
    measure(coordinator, "export CSV, 12 months", "/cooperation/export.csv", slow)
    measure(coordinator, "export XLSX, 12 months", "/cooperation/export.xlsx", slow)


if __name__ == "__main__":
    main()
