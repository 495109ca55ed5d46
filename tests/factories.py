"""Test data made through the same paths users take: the network loader, the
user service, and the HTTP API."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Table, func, select

from core.app import hub
from core.auth.service import create_user, issue_token
from core.db import Base, db
from core.institutions.models import Institution
from core.institutions.network import load_network

REGION5 = Path(__file__).parent.parent / "config" / "networks" / "region5.toml"
PASSWORD = "correct horse battery staple"
#: born on or before this day, an adult on the test clock's day (2026-11-02)
ADULT_BORN_BY = "2008-11-02"

BENEFICIARY = {
    "given_name": "أحمد",
    "family_name": "الحسن",
    "date_of_birth": "1990-04-12",
    "sex": "male",
    "nationality": "SY",
    "languages": ["ar", "en"],
    "protection_status": "refugee",
    "residence_document": {
        "type": "residence_permit",
        "number": "RP123456",
        "expires_on": "2027-10-01",
    },
    "phone": "+40 700 000 001",
    "county": "RO-TM",
    "locality": "Timișoara",
}


def problem(response: Any, status: int) -> dict[str, Any]:
    """Assert an RFC 9457 ``application/problem+json`` answer with ``status``; return its body."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"] and body["title"] and body["detail"]
    return body


def example_of(json_schema: dict[str, Any]) -> dict[str, Any]:
    """A form made of each property's first example (valid by the catalogue's contract)."""
    return {name: prop["examples"][0] for name, prop in json_schema["properties"].items()}


#: The tables ``load_network`` writes, in the order rows can be inserted.
NETWORK_TABLES = (
    "working_groups",
    "institutions",
    "working_group_members",
    "offices",
    "contact_points",
)
#: Region 5 as the loader wrote it, per database and set of plugin kinds: most
#: tests need the network, and copying its rows back costs a tenth of loading it.
_REGION5_ROWS: dict[tuple[str, tuple[str, ...]], list[tuple[Table, list[dict[str, Any]]]]] = {}


def _load_region5() -> None:
    """Load Region 5 through the loader once per database and plugin set; after
    that, put the same rows back (the database is emptied after every test)."""
    key = (db.engine.url.render_as_string(), tuple(sorted(hub().catalogue.kinds)))
    tables = [Base.metadata.tables[name] for name in NETWORK_TABLES]
    rows = _REGION5_ROWS.get(key)
    empty = db.session.scalar(select(func.count()).select_from(Institution)) == 0
    if rows is None or not empty:
        load_network(REGION5)
        db.session.commit()
        if empty:
            _REGION5_ROWS[key] = [
                (t, [dict(r._mapping) for r in db.session.execute(select(t))]) for t in tables
            ]
        return
    for table, table_rows in rows:
        if table_rows:
            db.session.execute(table.insert(), table_rows)
    db.session.commit()


class Factory:
    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client
        self._network_loaded = False
        self._users = 0

    # --- directory and users ---------------------------------------------------

    def network(self) -> None:
        if not self._network_loaded:
            with self.app.app_context():
                _load_region5()
            self._network_loaded = True

    def join_region5(self, tmp_path: Path, *, slug: str, name: str, kind: str, county: str) -> None:
        """Add an institution with one county-wide office to the Region 5 working
        group, through ``referral-hub network load`` as an admin would."""
        from core.cli import main

        self.network()
        group = tomllib.loads(REGION5.read_text(encoding="utf-8"))["working_group"]
        path = tmp_path / f"{slug}.toml"
        path.write_text(
            f'''[working_group]
slug = "{group["slug"]}"
name = "{group["name"]}"

[[institutions]]
slug = "{slug}"
name = "{name}"
kind = "{kind}"
county = "{county}"

[[institutions.offices]]
slug = "main"
name = "{name}"
county = "{county}"
''',
            encoding="utf-8",
        )
        result = self.app.test_cli_runner().invoke(main, args=["network", "load", str(path)])
        assert result.exit_code == 0, result.output

    def institution_id(self, slug: str) -> str:
        self.network()
        with self.app.app_context():
            return db.session.scalar(select(Institution.id).where(Institution.slug == slug))

    def headers(
        self, role: str, slug: str | None = None, email: str | None = None
    ) -> dict[str, str]:
        """Bearer headers of a new user of ``role`` at institution ``slug``."""
        self.network()
        self._users += 1
        email = email or f"{role}.{slug or 'hub'}.{self._users}@hub.example"
        with self.app.app_context():
            institution = (
                db.session.scalar(select(Institution).where(Institution.slug == slug))
                if slug
                else None
            )
            user = create_user(email, f"Test {role}", role, institution, PASSWORD)
            token, _ = issue_token(user=user)
            db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    def staff(self) -> dict[str, str]:
        return self.headers("centre_staff", "crim-timisoara")

    def officer(self, slug: str = "ajofm-timis") -> dict[str, str]:
        return self.headers("agency_officer", slug)

    # --- through the API ---------------------------------------------------------

    def post(self, path: str, headers: dict[str, str], body: Any, **kw: Any) -> Any:
        response = self.client.post(path, json=body, headers=headers, **kw)
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    def beneficiary(self, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
        """A new person, as ``GET /api/v1/beneficiaries/{id}`` shows them (without
        the ``possible_duplicates`` that registration answers too)."""
        created = self.post("/api/v1/beneficiaries", headers, {**BENEFICIARY, **overrides})
        created.pop("possible_duplicates")
        return created

    def consent(
        self,
        headers: dict[str, str],
        beneficiary_id: str,
        kinds: list[str] | None = None,
        **extra: Any,
    ) -> dict:
        """A written consent; ``extra`` adds e.g. the ``guardian_id`` a child needs."""
        body = {
            "institution_kinds": kinds
            or ["labour_agency", "health_insurance", "schools", "immigration"],
            "method": "written",
            "given_at": "2026-11-01T10:00:00+02:00",
            **extra,
        }
        return self.post(f"/api/v1/beneficiaries/{beneficiary_id}/consents", headers, body)

    def service(self, code: str, headers: dict[str, str]) -> dict[str, Any]:
        items = self.client.get("/api/v1/services", headers=headers).get_json()["items"]
        return next(s for s in items if s["code"] == code)

    def referral(
        self,
        headers: dict[str, str],
        service: str = "labour_agency.job_seeker_registration",
        beneficiary: dict | None = None,
        **overrides: Any,
    ) -> dict[str, Any]:
        beneficiary = beneficiary or self.beneficiary(headers)
        # a child's consent comes from the head of their household
        head = beneficiary.get("household_head_id")
        minor = beneficiary.get("date_of_birth", "") > ADULT_BORN_BY
        guardian = {"guardian_id": head} if head and minor else {}
        consent = self.consent(headers, beneficiary["id"], **guardian)
        body = {
            "beneficiary_id": beneficiary["id"],
            "service": service,
            "form": example_of(self.service(service, headers)["form_schema"]),
            "consent_id": consent["id"],
            **overrides,
        }
        return self.post("/api/v1/referrals", headers, body)

    def move(self, headers: dict[str, str], referral: dict, to: str, **body: Any) -> Any:
        """Post a transition with the referral's current version; returns the response."""
        return self.client.post(
            f"/api/v1/referrals/{referral['id']}/transitions",
            json={"to": to, **body},
            headers={**headers, "If-Match": f'"{referral["version"]}"'},
        )
