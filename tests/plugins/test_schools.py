"""The schools plugin: ISJ / CJRAE services, the child-only rule, routing and callbacks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pluggy
import pytest
from marshmallow import ValidationError, fields

import plugins.schools as schools
from core import hookspecs, routing
from core.access import BENEFICIARY_FIELDS
from core.catalogue.types import REASONED_STATUSES

SERVICES = {s.code: s for s in schools.referral_hub_services()}
SCHEMAS = [
    pytest.param(schema, id=f"{s.code}-{schema.__name__}")
    for s in SERVICES.values()
    for schema in (s.form_schema, s.outcome_schema)
]


class Recorder:
    def __init__(self):
        self.calls = []

    def record(self, code, data, note=None):
        self.calls.append((code, data, note))


def example_form(schema):
    return {name: f.metadata["examples"][0] for name, f in schema().fields.items()}


def all_fields(schema):
    for name, field in schema().fields.items():
        yield name, field
        if isinstance(field, fields.Nested):
            yield from all_fields(type(field.schema))


def child(**overrides):
    values = {
        "date_of_birth": date(2015, 3, 2),
        "household_head_id": "head-1",
        "county": "RO-TM",
        "locality": "Timișoara",
    }
    return SimpleNamespace(**{**values, **overrides})


def referral(created_on=date(2025, 9, 1)):
    at = datetime(created_on.year, created_on.month, created_on.day, 9, tzinfo=UTC)
    return SimpleNamespace(created_at=at, sent_at=None, form={})


def veto(code, beneficiary, to_status="requested", ref=None):
    return schools.referral_hub_veto_transition(
        referral=ref or referral(),
        service=SERVICES[code],
        beneficiary=beneficiary,
        to_status=to_status,
    )


def office(slug, institution, county="RO-TM", localities=()):
    return SimpleNamespace(
        slug=slug,
        county=county,
        localities=list(localities),
        active=True,
        institution=SimpleNamespace(slug=institution),
    )


# --- catalogue ------------------------------------------------------------------------


def plugin_manager():
    """A manager with only the core fallback and this plugin; registering checks
    every hook implementation against its spec."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(routing, name="core.routing")
    pm.register(schools, name="schools")
    pm.check_pending()
    return pm


def test_plugin_contributes_its_kind_and_services_through_the_hooks():
    pm = plugin_manager()
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
    assert {"en", "ro"} <= service.title.keys() and {"en", "ro"} <= service.description.keys()
    assert service.outcome_schema is not None
    assert set(service.beneficiary_fields) <= set(BENEFICIARY_FIELDS)
    assert service.required_documents
    assert all({"en", "ro"} <= d.title.keys() for d in service.required_documents)
    for status in REASONED_STATUSES:
        assert service.reason_codes_for(status), status


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_field_has_titles_descriptions_and_examples(schema):
    for name, field in all_fields(schema):
        meta = field.metadata
        assert {"en", "ro"} <= meta["title"].keys(), name
        assert {"en", "ro"} <= meta["description"].keys(), name
        assert meta["examples"], name


@pytest.mark.parametrize("schema", SCHEMAS)
def test_first_examples_make_a_valid_form(schema):
    schema().load(example_form(schema))


def test_schemas_reject_unknown_fields():
    form = example_form(schools.services.schemas.SchoolEnrolmentForm)
    with pytest.raises(ValidationError) as err:
        schools.services.schemas.SchoolEnrolmentForm().load({**form, "religion": "x"})
    assert "religion" in err.value.messages


# --- school enrolment form ------------------------------------------------------------

ENROLMENT = SERVICES["school_enrolment"].form_schema


def enrolment_errors(**changes):
    form = {**example_form(ENROLMENT), **changes}
    form = {k: v for k, v in form.items() if v is not ...}
    with pytest.raises(ValidationError) as err:
        ENROLMENT().load(form)
    return err.value.messages


def test_enrolment_needs_a_level():
    assert "level" in enrolment_errors(level=...)


def test_enrolment_refuses_an_unknown_level():
    assert "level" in enrolment_errors(level="university")


def test_enrolment_refuses_a_grade_above_twelve():
    assert "grade_requested" in enrolment_errors(grade_requested=13)


def test_enrolment_refuses_a_grade_that_does_not_fit_the_level():
    errors = enrolment_errors(level="upper_secondary", grade_requested=5)
    assert errors == {
        "grade_requested": ["For upper_secondary the grade must be between 9 and 12."]
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
        with pytest.raises(ValidationError) as err:
            schema().load({**example_form(schema), "topics": topics})
        assert "topics" in err.value.messages


def test_counselling_outcome_refuses_zero_sessions():
    schema = SERVICES["school_counselling"].outcome_schema
    with pytest.raises(ValidationError) as err:
        schema().load({**example_form(schema), "sessions_planned": 0})
    assert "sessions_planned" in err.value.messages


# --- veto -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["school_enrolment", "kindergarten_or_after_school_place", "romanian_preparatory_course"],
)
def test_child_services_refuse_a_beneficiary_who_is_18_on_the_referral_day(code):
    adult = child(date_of_birth=date(2007, 9, 1))
    message = veto(code, adult, ref=referral(date(2025, 9, 1)))
    assert "for children" in message and "2025-09-01" in message


def test_child_services_accept_the_day_before_the_18th_birthday():
    minor = child(date_of_birth=date(2007, 9, 2))
    assert veto("school_enrolment", minor, ref=referral(date(2025, 9, 1))) is None


def test_age_is_counted_on_the_day_the_referral_was_created():
    born_2007 = child(date_of_birth=date(2007, 9, 2))
    assert veto("romanian_preparatory_course", born_2007, ref=referral(date(2025, 9, 2)))
    assert veto("romanian_preparatory_course", born_2007, ref=referral(date(2025, 9, 1))) is None


def test_age_on_handles_a_birthday_on_29_february():
    assert schools.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert schools.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


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
        referral=referral(),
        service=other,
        beneficiary=child(date_of_birth=date(1990, 1, 1)),
        to_status="requested",
    )
    assert result is None


# --- routing --------------------------------------------------------------------------


def route(code, offices, beneficiary=None):
    return schools.referral_hub_route_referral(
        service=SERVICES[code], beneficiary=beneficiary or child(), offices=offices
    )


def test_counselling_goes_to_the_cjrae_even_when_the_isj_covers_the_locality():
    isj_city = office("timisoara", "isj-timis", localities=["Timisoara"])
    cjrae = office("main", "cjrae-timis")
    assert route("school_counselling", [isj_city, cjrae]).office is cjrae


def test_enrolment_goes_to_the_isj_not_the_cjrae():
    cjrae_city = office("timisoara", "cjrae-timis", localities=["Timișoara"])
    isj = office("main", "isj-timis")
    assert route("school_enrolment", [cjrae_city, isj]).office is isj


def test_routing_prefers_the_office_listing_the_locality():
    isj = office("main", "isj-timis")
    isj_lugoj = office("lugoj", "isj-timis", localities=["Lugoj"])
    assert route("school_enrolment", [isj, isj_lugoj], child(locality="Lugoj")).office is isj_lugoj


def test_routing_leaves_it_to_the_fallback_when_the_county_has_no_cjrae():
    isj = office("main", "isj-timis")
    assert route("school_counselling", [isj]) is None
    result = plugin_manager().hook.referral_hub_route_referral(
        service=SERVICES["school_counselling"], beneficiary=child(), offices=[isj]
    )
    assert result.office is isj


def test_routing_ignores_offices_of_another_county():
    assert route("school_enrolment", [office("main", "isj-arad", county="RO-AR")]) is None


def test_routing_ignores_other_kinds():
    other = SimpleNamespace(kind="immigration", code="residence_permit")
    result = schools.referral_hub_route_referral(
        service=other, beneficiary=child(), offices=[office("main", "isj-timis")]
    )
    assert result is None


# --- status callback ------------------------------------------------------------------


def changed(code, to_status, data):
    timeline = Recorder()
    schools.referral_hub_referral_status_changed(
        service=SERVICES[code],
        event=SimpleNamespace(to_status=to_status, data=data),
        timeline=timeline,
    )
    return timeline.calls


def test_completed_enrolment_records_school_grade_and_start_date():
    data = {"school_name": "Școala Gimnazială nr. 7", "grade": 3, "class_start_date": "2025-09-08"}
    [(code, recorded, _)] = changed("school_enrolment", "completed", data)
    assert code == "enrolled"
    assert recorded == data


def test_started_preparatory_course_schedules_the_enrolment_check_a_year_later():
    data = {"course_group": "Grupa 2", "start_date": "2025-09-15"}
    [(code, recorded, note)] = changed("romanian_preparatory_course", "completed", data)
    assert code == "preparatory_course_started"
    assert recorded == {
        "course_group": "Grupa 2",
        "start_date": "2025-09-15",
        "enrolment_check_on": "2026-09-15",
    }
    assert note


def test_enrolment_check_after_a_course_starting_on_29_february():
    data = {"course_group": "Grupa 1", "start_date": "2028-02-29"}
    [(_, recorded, _)] = changed("romanian_preparatory_course", "completed", data)
    assert recorded["enrolment_check_on"] == "2029-02-28"


def test_other_transitions_record_nothing():
    assert changed("school_enrolment", "accepted", {}) == []
    outcome = {"decision_number": "1/2025", "decision_date": "2025-08-20", "recognised_grade": 6}
    assert changed("studies_recognition", "completed", outcome) == []
