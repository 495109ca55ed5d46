"""The county employment agency plugin: catalogue, forms, veto, routing, callbacks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

import plugins.labour_agency as plugin
from core import InboundStatus
from tests.plugins.helpers import (
    assert_declared,
    assert_described,
    assert_inbound_codes,
    example,
    inbound_status,
    load_errors,
    plugin_manager,
    service_schemas,
    status_changed,
)

SERVICES = {s.code: s for s in plugin.referral_hub_services()}
SCHEMAS = service_schemas(SERVICES.values())
OTHER_SERVICE = SimpleNamespace(kind="schools", code="school_enrolment")

# --- catalogue ----------------------------------------------------------------


def test_kind_is_declared_with_names_in_three_languages():
    [kind] = plugin.referral_hub_institution_kinds()
    assert kind.code == plugin.KIND == "labour_agency"
    assert {"en", "ro", "cs"} <= set(kind.name)


def test_services_are_the_four_ajofm_services():
    assert set(SERVICES) == {
        "job_seeker_registration",
        "career_counselling",
        "vocational_training",
        "job_mediation",
    }
    assert all(s.kind == plugin.KIND for s in SERVICES.values())
    assert SERVICES["job_mediation"].full_code == "labour_agency.job_mediation"


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES)
def test_service_declares_known_fields_reasons_and_an_outcome(service):
    assert_declared(service)
    assert 0 < service.sla.respond_days <= service.sla.complete_days


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_field_has_titles_descriptions_and_examples(schema):
    assert_described(schema)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_form_of_first_examples_loads(schema):
    schema().load(example(schema))


# --- forms --------------------------------------------------------------------

REGISTRATION = SERVICES["job_seeker_registration"].form_schema


def test_registration_needs_education_level():
    assert "education_level" in load_errors(REGISTRATION, education_level=...)


def test_registration_rejects_unknown_availability():
    assert "availability" in load_errors(REGISTRATION, availability="weekends")


def test_registration_needs_at_least_one_occupation():
    assert "occupations_sought" in load_errors(REGISTRATION, occupations_sought=[])


def test_registration_checks_occupation_codes():
    messages = load_errors(REGISTRATION, occupation_codes=["51200"])
    assert "occupation_codes" in messages


def test_registration_checks_language_codes_and_levels():
    messages = load_errors(REGISTRATION, languages=[{"language": "arabic", "level": "C3"}])
    assert set(messages["languages"][0]) == {"language", "level"}


def test_registration_refuses_a_document_expiring_before_availability():
    messages = load_errors(
        REGISTRATION, right_to_work_expires_on="2026-12-31", available_from="2027-01-04"
    )
    assert "right_to_work_expires_on" in messages


def test_counselling_sessions_must_be_in_range():
    outcome = SERVICES["career_counselling"].outcome_schema
    assert "sessions_held" in load_errors(outcome, sessions_held=0)


def test_training_form_needs_a_known_course_field():
    form_schema = SERVICES["vocational_training"].form_schema
    assert "course_field" in load_errors(form_schema, course_field="astrology")


def test_training_cannot_end_before_it_starts():
    outcome = SERVICES["vocational_training"].outcome_schema
    assert "ends_on" in load_errors(outcome, starts_on="2027-02-01", ends_on="2027-01-31")


def test_employment_outcome_needs_start_date():
    outcome = SERVICES["job_mediation"].outcome_schema
    assert "employed_from" in load_errors(outcome, employed_from=...)
    outcome().load(example(outcome, employed=False, employed_from=..., employer_name=...))


# --- veto ---------------------------------------------------------------------


def veto(to_status="completed", registered_on=date(2026, 12, 1), service=None):
    referral = SimpleNamespace(sent_at=datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    return plugin.referral_hub_veto_transition(
        referral=referral,
        service=service or SERVICES["job_seeker_registration"],
        to_status=to_status,
        data={"file_number": "TM-1", "registered_on": registered_on},
    )


def test_veto_refuses_registration_dated_before_the_referral_was_sent():
    message = veto(registered_on=date(2026, 11, 30))
    assert "registration date is before the referral was sent" in message


def test_veto_accepts_registration_on_the_day_the_referral_was_sent():
    assert veto(registered_on=date(2026, 12, 1)) is None
    assert veto(registered_on=date(2026, 12, 2)) is None


def test_veto_ignores_other_transitions_and_services():
    assert veto(to_status="accepted", registered_on=date(2020, 1, 1)) is None
    assert veto(service=SERVICES["job_mediation"], registered_on=date(2020, 1, 1)) is None
    assert veto(service=OTHER_SERVICE, registered_on=date(2020, 1, 1)) is None


# --- routing ------------------------------------------------------------------


def office(slug, languages, county="RO-TM", localities=()):
    return SimpleNamespace(
        slug=slug, county=county, localities=list(localities), languages=languages, active=True
    )


def route(languages, offices, locality="Timișoara", service=None):
    beneficiary = SimpleNamespace(county="RO-TM", locality=locality, languages=languages)
    return plugin.referral_hub_route_referral(
        service=service or SERVICES["job_mediation"], beneficiary=beneficiary, offices=offices
    )


def test_routing_prefers_an_office_speaking_the_persons_language():
    offices = [office("main", ["ro", "en"]), office("east", ["ro", "uk"])]
    assert route(["uk"], offices).office.slug == "east"


def test_routing_ignores_a_language_every_office_speaks():
    offices = [office("main", ["ro", "en"]), office("east", ["ro", "uk"])]
    assert route(["ro", "uk"], offices).office.slug == "east"
    assert route(["ro"], offices).office.slug == "main"


def test_routing_follows_the_order_of_the_persons_languages():
    offices = [office("main", ["ro", "en"]), office("east", ["ro", "uk"])]
    assert route(["en", "uk"], offices).office.slug == "main"


def test_routing_only_considers_offices_covering_the_place():
    offices = [
        office("main", ["ro"]),
        office("lugoj", ["ro"], localities=["Lugoj"]),
        office("bihor", ["ro", "ar"], county="RO-BH"),
    ]
    assert route(["ar"], offices, locality="Lugoj") is None
    assert route(["ro"], offices, locality="Lugoj").office.slug == "lugoj"


def test_routing_leaves_the_rest_to_the_core():
    assert route(["ar"], [office("main", ["ro", "en"])]) is None
    assert route(["ar"], []) is None
    assert route(["ro"], [office("main", ["ro"])], service=OTHER_SERVICE) is None


# --- status callbacks ---------------------------------------------------------


def changed(service, to_status, outcome=None):
    return status_changed(plugin, service=service, to_status=to_status, outcome=outcome)


def test_completed_training_records_course_end_and_follow_up():
    outcome = {
        "course_name": "Ajutor bucătar",
        "starts_on": date(2027, 2, 1),
        "ends_on": date(2027, 4, 30),
        "certificate_expected": "qualification_certificate",
    }
    [(code, facts, _)] = changed(SERVICES["vocational_training"], "completed", outcome)
    assert code == "training_scheduled"
    assert facts["ends_on"] == "2027-04-30"
    assert facts["follow_up_on"] == "2027-05-30"


def test_completed_registration_records_file_number_and_quarterly_review():
    outcome = {"file_number": "TM-2026-004512", "registered_on": date(2026, 12, 1)}
    [(code, facts, _)] = changed(SERVICES["job_seeker_registration"], "completed", outcome)
    assert code == "job_seeker_registered"
    assert facts == {
        "file_number": "TM-2026-004512",
        "registered_on": "2026-12-01",
        "review_on": "2027-03-01",
    }


def test_other_changes_record_nothing():
    outcome = {"file_number": "TM-1", "registered_on": date(2026, 12, 1)}
    assert changed(SERVICES["job_seeker_registration"], "accepted") == []
    assert changed(SERVICES["career_counselling"], "completed", {"sessions_held": 1}) == []
    assert changed(OTHER_SERVICE, "completed", outcome) == []


# --- the status codes of AJOFM's own system ---------------------------------------------


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES)
def test_ajofm_codes_cover_every_move_of_the_institution(service):
    assert_inbound_codes(service)


def test_ajofm_codes_mean_what_the_institution_means():
    pm = plugin_manager(plugin, "labour_agency")
    registration = SERVICES["job_seeker_registration"]
    assert inbound_status(pm, registration, "INREGISTRAT") == InboundStatus(
        "INREGISTRAT", "completed"
    )
    refused = inbound_status(pm, registration, "RESPINS_DEJA_INREGISTRAT")
    assert (refused.to_status, refused.reason_code) == ("rejected", "already_registered")
    assert inbound_status(pm, registration, "NEPREZENTARE").reason_code == "did_not_attend"
    # a code of another service means nothing for this one
    assert inbound_status(pm, registration, "INSCRIS_CURS") is None
    assert inbound_status(pm, SERVICES["vocational_training"], "INSCRIS_CURS").to_status == (
        "completed"
    )
    mediation = inbound_status(pm, SERVICES["job_mediation"], "MEDIERE_FARA_REZULTAT")
    assert (mediation.to_status, mediation.reason_code) == ("failed", "no_suitable_vacancy")
