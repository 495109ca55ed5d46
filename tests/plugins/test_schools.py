"""The schools plugin: ISJ / CJRAE services, the child-only rule, routing and callbacks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from marshmallow import ValidationError

import plugins.schools as schools
from core import InboundStatus
from core.calendar import age_on
from tests.plugins.helpers import (
    assert_declared,
    assert_described,
    assert_inbound_codes,
    example,
    inbound_status,
    load_errors,
    plugin_manager,
    referral,
    service_schemas,
    status_changed,
)

SERVICES = {s.code: s for s in schools.referral_hub_services()}
SCHEMAS = service_schemas(SERVICES.values())
CREATED_ON = date(2025, 9, 1)


def child(**overrides):
    values = {
        "date_of_birth": date(2015, 3, 2),
        "household_head_id": "head-1",
        "county": "RO-TM",
        "locality": "Timișoara",
    }
    return SimpleNamespace(**{**values, **overrides})


def veto(code, beneficiary, to_status="requested", ref=None):
    return schools.referral_hub_veto_transition(
        referral=ref or referral(created_on=CREATED_ON),
        service=SERVICES[code],
        beneficiary=beneficiary,
        to_status=to_status,
    )


# --- catalogue ------------------------------------------------------------------------


def test_plugin_contributes_its_kind_and_services_through_the_hooks():
    pm = plugin_manager(schools, "schools")
    [[kind]] = pm.hook.referral_hub_institution_kinds()
    assert kind.code == "schools" and kind.name.keys() >= {"en", "ro", "cs"}
    [services] = pm.hook.referral_hub_services()
    assert {s.full_code for s in services} == {
        "schools.school_enrolment",
        "schools.studies_recognition",
        "schools.romanian_preparatory_course",
        "schools.kindergarten_or_after_school_place",
        "schools.school_counselling",
    }
    assert all(s.kind == "schools" for s in services)


@pytest.mark.parametrize("service", SERVICES.values(), ids=list(SERVICES))
def test_service_declares_texts_fields_documents_and_reason_codes(service):
    assert_declared(service)
    assert service.required_documents
    assert all({"en", "ro"} <= d.title.keys() for d in service.required_documents)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_field_has_titles_descriptions_and_examples(schema):
    assert_described(schema, items=False)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_first_examples_make_a_valid_form(schema):
    schema().load(example(schema))


def test_schemas_reject_unknown_fields():
    form = example(schools.services.schemas.SchoolEnrolmentForm)
    with pytest.raises(ValidationError) as err:
        schools.services.schemas.SchoolEnrolmentForm().load({**form, "religion": "x"})
    assert "religion" in err.value.messages


# --- school enrolment form ------------------------------------------------------------

ENROLMENT = SERVICES["school_enrolment"].form_schema


def enrolment_errors(**changes):
    return load_errors(ENROLMENT, **changes)


def test_enrolment_needs_a_level():
    assert "level" in enrolment_errors(level=...)


def test_enrolment_refuses_an_unknown_level():
    assert "level" in enrolment_errors(level="university")


def test_enrolment_refuses_a_grade_above_twelve():
    assert "grade_requested" in enrolment_errors(grade_requested=13)


def test_enrolment_refuses_a_grade_that_does_not_fit_the_level():
    errors = enrolment_errors(level="upper_secondary", grade_requested=5)
    assert errors == {
        "grade_requested": ["For upper secondary school the grade must be between 9 and 12."]
    }


def test_enrolment_refuses_a_bad_country_in_previous_schooling():
    errors = enrolment_errors(
        previous_schooling=[{"country": "Syria", "last_grade_completed": 2, "year_completed": 2023}]
    )
    assert "country" in errors["previous_schooling"][0]


def test_enrolment_refuses_a_previous_grade_out_of_range():
    errors = enrolment_errors(
        previous_schooling=[{"country": "SY", "last_grade_completed": -1, "year_completed": 2023}]
    )
    assert "last_grade_completed" in errors["previous_schooling"][0]


def test_enrolment_needs_the_special_needs_answer():
    assert "special_educational_needs" in enrolment_errors(special_educational_needs=...)


def test_enrolment_accepts_a_child_without_previous_schooling():
    data = ENROLMENT().load(
        {"level": "primary", "grade_requested": 0, "special_educational_needs": False}
    )
    assert data["previous_schooling"] == [] and data["languages_of_instruction"] == []


def test_enrolment_refuses_a_language_that_is_not_iso_639_1():
    assert "languages_of_instruction" in enrolment_errors(languages_of_instruction=["arabic"])


def test_counselling_refuses_an_unknown_topic_and_an_empty_list():
    schema = SERVICES["school_counselling"].form_schema
    for topics in (["homework"], []):
        assert "topics" in load_errors(schema, topics=topics)


def test_counselling_outcome_refuses_zero_sessions():
    schema = SERVICES["school_counselling"].outcome_schema
    assert "sessions_planned" in load_errors(schema, sessions_planned=0)


# --- veto -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["school_enrolment", "kindergarten_or_after_school_place", "romanian_preparatory_course"],
)
def test_child_services_refuse_a_beneficiary_who_is_18_on_the_referral_day(code):
    adult = child(date_of_birth=date(2007, 9, 1))
    message = veto(code, adult, ref=referral(created_on=date(2025, 9, 1)))
    assert "for children under 18 on the day of the referral" in message


def test_child_services_accept_the_day_before_the_18th_birthday():
    minor = child(date_of_birth=date(2007, 9, 2))
    assert veto("school_enrolment", minor, ref=referral(created_on=date(2025, 9, 1))) is None


def test_age_is_counted_on_the_day_the_referral_was_created():
    born_2007 = child(date_of_birth=date(2007, 9, 2))
    on_birthday, day_before = referral(created_on=date(2025, 9, 2)), referral(created_on=CREATED_ON)
    assert veto("romanian_preparatory_course", born_2007, ref=on_birthday)
    assert veto("romanian_preparatory_course", born_2007, ref=day_before) is None


def test_age_on_handles_a_birthday_on_29_february():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_enrolment_refuses_a_child_not_linked_to_a_household():
    message = veto("school_enrolment", child(household_head_id=None))
    assert message.startswith("Link the child to the household head first")


def test_other_child_services_do_not_need_a_household_link():
    assert veto("romanian_preparatory_course", child(household_head_id=None)) is None


def test_recognition_and_counselling_are_not_limited_to_children():
    adult = child(date_of_birth=date(1990, 1, 1), household_head_id=None)
    assert veto("studies_recognition", adult) is None
    assert veto("school_counselling", adult) is None


def test_veto_only_checks_sending():
    adult = child(date_of_birth=date(1990, 1, 1), household_head_id=None)
    assert veto("school_enrolment", adult, to_status="accepted") is None


def test_veto_ignores_other_kinds():
    other = SimpleNamespace(kind="labour_agency", code="school_enrolment")
    result = schools.referral_hub_veto_transition(
        referral=referral(created_on=CREATED_ON),
        service=other,
        beneficiary=child(date_of_birth=date(1990, 1, 1)),
        to_status="requested",
    )
    assert result is None


# --- routing --------------------------------------------------------------------------


def test_referrals_go_to_the_office_covering_the_place_through_the_core_fallback():
    # Whether the office belongs to the ISJ or the CJRAE does not matter (yet).
    county_wide = SimpleNamespace(county="RO-TM", localities=[], active=True)
    lugoj = SimpleNamespace(county="RO-TM", localities=["Lugoj"], active=True)
    arad = SimpleNamespace(county="RO-AR", localities=[], active=True)
    result = plugin_manager(schools, "schools").hook.referral_hub_route_referral(
        service=SERVICES["school_counselling"],
        beneficiary=child(locality="Lugoj"),
        offices=[arad, county_wide, lugoj],
    )
    assert result.office is lugoj


# --- status callback ------------------------------------------------------------------


def changed(code, to_status, outcome=None):
    return status_changed(schools, service=SERVICES[code], to_status=to_status, outcome=outcome)


def test_completed_enrolment_records_school_grade_and_start_date():
    data = {"school_name": "Școala Gimnazială nr. 7", "grade": 3, "class_start_date": "2025-09-08"}
    outcome = SERVICES["school_enrolment"].outcome_schema().load(data)
    [(code, recorded, _)] = changed("school_enrolment", "completed", outcome)
    assert code == "enrolled"
    assert recorded == data


def test_started_preparatory_course_schedules_the_enrolment_check_a_year_later():
    outcome = {"course_group": "Grupa 2", "start_date": date(2025, 9, 15)}
    [(code, recorded, note)] = changed("romanian_preparatory_course", "completed", outcome)
    assert code == "preparatory_course_started"
    assert recorded == {
        "course_group": "Grupa 2",
        "start_date": "2025-09-15",
        "enrolment_check_on": "2026-09-15",
    }
    assert note


def test_enrolment_check_after_a_course_starting_on_29_february():
    outcome = {"course_group": "Grupa 1", "start_date": date(2028, 2, 29)}
    [(_, recorded, _)] = changed("romanian_preparatory_course", "completed", outcome)
    assert recorded["enrolment_check_on"] == "2029-02-28"


def test_other_transitions_record_nothing():
    assert changed("school_enrolment", "accepted") == []
    outcome = {
        "decision_number": "1/2025",
        "decision_date": date(2025, 8, 20),
        "recognised_grade": 6,
    }
    assert changed("studies_recognition", "completed", outcome) == []


# --- the status codes of ISJ's own system ---------------------------------------------


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES)
def test_isj_codes_cover_every_move_of_the_institution(service):
    assert_inbound_codes(service)


def test_isj_codes_mean_what_the_institution_means():
    pm = plugin_manager(schools, "schools")
    enrolment = SERVICES["school_enrolment"]
    assert inbound_status(pm, enrolment, "REPARTIZAT") == InboundStatus("REPARTIZAT", "completed")
    waiting = inbound_status(pm, enrolment, "ASTEAPTA_ECHIVALARE")
    assert (waiting.to_status, waiting.reason_code) == (
        "on-hold",
        "awaiting_studies_recognition",
    )
    ministry = inbound_status(pm, SERVICES["studies_recognition"], "RESPINS_COMPETENTA_CNRED")
    assert (ministry.to_status, ministry.reason_code) == ("rejected", "competence_of_ministry")
    assert inbound_status(pm, enrolment, "LOC_ALOCAT") is None
