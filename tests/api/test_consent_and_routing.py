"""Creating a referral: the consent that must cover its target, the office the
plugins route it to, and what is refused (with nothing created)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Factory, example_of, problem

JOB_SEEKER = "labour_agency.job_seeker_registration"
LAW = "OG nr. 44/2004 privind integrarea socială a străinilor, art. 17"


def refer(factory: Factory, staff: dict, beneficiary: dict, consent_id: str, **overrides: Any):
    """POST a referral (the job-seeker registration unless ``service`` is given)."""
    service = overrides.pop("service", JOB_SEEKER)
    body = {
        "beneficiary_id": beneficiary["id"],
        "service": service,
        "consent_id": consent_id,
        **overrides,
    }
    if "form" not in body:
        body["form"] = example_of(factory.service(service, staff)["form_schema"])
    return factory.client.post("/api/v1/referrals", json=body, headers=staff)


def refused(factory: Factory, staff: dict, response: Any, field: str) -> dict[str, Any]:
    """A 422 problem naming ``field``, after which the centre has no referral."""
    body = problem(response, 422)
    assert list(body["errors"]) == [field]
    listed = factory.client.get("/api/v1/referrals", headers=staff).get_json()["items"]
    assert listed == []
    return body


def withdraw(factory: Factory, staff: dict, consent_id: str) -> dict[str, Any]:
    response = factory.client.post(f"/api/v1/consents/{consent_id}/withdraw", headers=staff)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def post_consent(factory: Factory, staff: dict, beneficiary: dict, **body: Any):
    body = {
        "institution_kinds": ["labour_agency"],
        "method": "written",
        "given_at": "2026-11-01T10:00:00+02:00",
        **body,
    }
    return factory.client.post(
        f"/api/v1/beneficiaries/{beneficiary['id']}/consents", json=body, headers=staff
    )


# --- consent ------------------------------------------------------------------------


def _for_another_kind(factory, staff, person):
    return factory.consent(staff, person["id"], ["schools", "health_insurance"])["id"]


def _withdrawn(factory, staff, person):
    consent = factory.consent(staff, person["id"], ["labour_agency"])
    return withdraw(factory, staff, consent["id"])["id"]


def _another_beneficiarys(factory, staff, person):
    sibling = factory.beneficiary(staff, given_name="Fatima")
    return factory.consent(staff, sibling["id"], ["labour_agency"])["id"]


def _unknown(factory, staff, person):
    return "no-such-consent"


@pytest.mark.parametrize(
    "consent_of", [_for_another_kind, _withdrawn, _another_beneficiarys, _unknown]
)
def test_referral_without_a_consent_covering_its_target_is_refused_and_not_created(
    factory, consent_of
):
    staff = factory.staff()
    person = factory.beneficiary(staff)

    response = refer(factory, staff, person, consent_of(factory, staff, person))

    refused(factory, staff, response, "consent_id")


def test_referral_needs_a_consent_id(factory):
    staff = factory.staff()
    person = factory.beneficiary(staff)
    body = {
        "beneficiary_id": person["id"],
        "service": JOB_SEEKER,
        "form": example_of(factory.service(JOB_SEEKER, staff)["form_schema"]),
    }

    response = factory.client.post("/api/v1/referrals", json=body, headers=staff)

    refused(factory, staff, response, "consent_id")


def test_a_cited_legal_basis_stands_in_for_consent(factory):
    staff = factory.staff()
    person = factory.beneficiary(staff)

    recorded = post_consent(factory, staff, person, method="legal_basis", legal_basis=LAW)

    assert recorded.status_code == 201, recorded.get_json()
    basis = recorded.get_json()
    assert (basis["method"], basis["legal_basis"]) == ("legal_basis", LAW)
    response = refer(factory, staff, person, basis["id"])
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["consent_id"] == basis["id"]


@pytest.mark.parametrize("legal_basis", [{}, {"legal_basis": None}, {"legal_basis": ""}], ids=str)
def test_legal_basis_without_the_law_cited_is_422_and_not_recorded(factory, legal_basis):
    staff = factory.staff()
    person = factory.beneficiary(staff)

    response = post_consent(factory, staff, person, method="legal_basis", **legal_basis)

    assert list(problem(response, 422)["errors"]) == ["legal_basis"]
    consents = factory.client.get(f"/api/v1/beneficiaries/{person['id']}/consents", headers=staff)
    assert consents.get_json()["items"] == []


def test_withdrawing_a_consent_lists_the_open_referrals_that_relied_on_it(factory):
    staff, officer = factory.staff(), factory.officer("ajofm-timis")
    person = factory.beneficiary(staff)
    consent = factory.consent(staff, person["id"], ["labour_agency"])["id"]
    other_consent = factory.consent(staff, person["id"], ["labour_agency"])["id"]

    def referral(send: bool = True, consent_id: str = consent) -> dict[str, Any]:
        response = refer(factory, staff, person, consent_id, send=send)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def moved(headers: dict, referral: dict, *moves: tuple[str, dict]) -> dict[str, Any]:
        for to, body in moves:
            response = factory.move(headers, referral, to, **body)
            assert response.status_code == 200, response.get_json()
            referral = response.get_json()
        return referral

    draft, requested = referral(send=False), referral()
    accepted = moved(officer, referral(), ("received", {}), ("accepted", {}))
    moved(staff, referral(), ("cancelled", {}))
    moved(officer, referral(), ("rejected", {"reason_code": "already_registered"}))
    referral(consent_id=other_consent)

    withdrawn = withdraw(factory, staff, consent)

    assert withdrawn["withdrawn_at"]
    assert withdrawn["open_referrals"] == [
        {"id": r["id"], "reference": r["reference"], "status": r["status"], "service": JOB_SEEKER}
        for r in sorted((draft, requested, accepted), key=lambda r: r["id"])
    ]


# --- routing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("county", "locality", "institution", "office", "office_name"),
    [
        ("RO-BH", "Oradea", "ajofm-bihor", "main", "Sediul AJOFM Bihor – Oradea"),
        ("RO-TM", "Timișoara", "ajofm-timis", "main", "Sediul AJOFM Timiș – Timișoara"),
        ("RO-TM", "Giroc", "ajofm-timis", "main", "Sediul AJOFM Timiș – Timișoara"),
        *[
            ("RO-TM", spelling, "ajofm-timis", "lugoj", "Agenția Locală pentru Ocuparea "
             "Forței de Muncă Lugoj")
            for spelling in ("Lugoj", "lugoj", "LUGOJ", " Lugoj ", "Făget", "faget", "BUZIAS")
        ],
        ("RO-CS", "Oțelu Roșu", "ajofm-caras-severin", "caransebes",
         "Agenția Locală pentru Ocuparea Forței de Muncă Caransebeș"),
    ],
)  # fmt: skip
def test_referral_goes_to_the_office_covering_where_the_person_lives(
    factory, county, locality, institution, office, office_name
):
    staff = factory.staff()
    person = factory.beneficiary(staff, county=county, locality=locality)

    response = refer(factory, staff, person, factory.consent(staff, person["id"])["id"])

    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["to_institution"]["id"] == factory.institution_id(institution)
    assert (created["to_office"]["slug"], created["to_office"]["name"]) == (office, office_name)


@pytest.mark.parametrize(
    "service",
    [
        "labour_agency.job_seeker_registration",
        "health_insurance.insured_enrolment",
        "schools.romanian_preparatory_course",
        "immigration.residence_permit",
    ],
)
def test_referral_for_a_county_no_member_covers_is_422_naming_the_county(factory, service):
    staff = factory.staff()
    person = factory.beneficiary(staff, county="RO-CJ", locality="Cluj-Napoca")

    response = refer(
        factory, staff, person, factory.consent(staff, person["id"])["id"], service=service
    )

    body = refused(factory, staff, response, "beneficiary.county")
    assert "RO-CJ" in body["detail"]


@pytest.mark.parametrize("service", ["labour_agency.astrology", "astrology", ""])
def test_unknown_service_is_422_on_the_service_field(factory, service):
    staff = factory.staff()
    person = factory.beneficiary(staff)

    consent = factory.consent(staff, person["id"])
    response = refer(factory, staff, person, consent["id"], service=service, form={})

    refused(factory, staff, response, "service")
