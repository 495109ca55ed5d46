"""The county health insurance house plugin: catalogue, forms, veto, callbacks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from marshmallow import ValidationError, fields

import plugins.health_insurance as plugin
from core.access import BENEFICIARY_FIELDS
from core.catalogue.types import REASONED_STATUSES

SERVICES = {s.code: s for s in plugin.referral_hub_services()}
SCHEMAS = [
    pytest.param(schema, id=f"{service.code}.{schema.__name__}")
    for service in SERVICES.values()
    for schema in (service.form_schema, service.outcome_schema)
]
OTHER_SERVICE = SimpleNamespace(kind="labour_agency", code="job_mediation")
ENROLMENT = SERVICES["insured_enrolment"]
CONTRIBUTIONS = SERVICES["project_paid_contributions"]


class Recorder:
    def __init__(self):
        self.calls = []

    def record(self, code, data, note=None):
        self.calls.append((code, data, note))


def example(schema, **changes):
    """The form made of each field's first example, with ``changes`` applied."""
    form = {name: f.metadata["examples"][0] for name, f in schema().fields.items()}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not ...}


def errors(schema, form):
    with pytest.raises(ValidationError) as caught:
        schema().load(form)
    return caught.value.messages


def all_fields(schema):
    for name, field in schema().fields.items():
        yield name, field
        if isinstance(field, fields.List):
            yield f"{name}[]", field.inner
        if isinstance(field, fields.Nested):
            yield from all_fields(type(field.schema))


# --- catalogue ----------------------------------------------------------------


def test_kind_is_declared_with_names_in_three_languages():
    [kind] = plugin.referral_hub_institution_kinds()
    assert kind.code == plugin.KIND == "health_insurance"
    assert {"en", "ro", "cs"} <= set(kind.name)


def test_services_are_the_three_cjas_services():
    assert set(SERVICES) == {
        "insured_enrolment",
        "project_paid_contributions",
        "family_doctor_registration",
    }
    assert all(s.kind == plugin.KIND for s in SERVICES.values())
    assert CONTRIBUTIONS.full_code == "health_insurance.project_paid_contributions"


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES)
def test_service_declares_known_fields_reasons_and_an_outcome(service):
    assert set(service.beneficiary_fields) <= set(BENEFICIARY_FIELDS)
    assert {"en", "ro"} <= set(service.title) and {"en", "ro"} <= set(service.description)
    assert service.outcome_schema is not None
    assert 0 < service.sla.respond_days <= service.sla.complete_days
    for status in REASONED_STATUSES:
        assert service.reason_codes_for(status), status


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_field_has_titles_descriptions_and_examples(schema):
    for name, field in all_fields(schema):
        meta = field.metadata
        assert {"en", "ro"} <= set(meta["title"]), name
        assert {"en", "ro"} <= set(meta["description"]), name
        assert meta["examples"], name


@pytest.mark.parametrize("schema", SCHEMAS)
def test_form_of_first_examples_loads(schema):
    schema().load(example(schema))


# --- forms --------------------------------------------------------------------


def test_enrolment_needs_a_known_insurance_category():
    form = ENROLMENT.form_schema
    assert "insurance_category" in errors(form, example(form, insurance_category=...))
    assert "insurance_category" in errors(form, example(form, insurance_category="tourist"))


@pytest.mark.parametrize("cnp", ["123", "0900312350010", "79003123500AB", "79003123500101"])
def test_enrolment_checks_the_cnp_shape(cnp):
    form = ENROLMENT.form_schema
    assert "cnp" in errors(form, example(form, cnp=cnp))


def test_enrolment_cnp_and_dependants_are_optional():
    form = ENROLMENT.form_schema
    ENROLMENT.form_schema().load(example(form, cnp=..., dependants=..., insured_through=...))


def test_dependent_family_member_names_the_insured_person():
    form = ENROLMENT.form_schema
    data = example(form, insurance_category="dependent_family_member", insured_through=...)
    assert "insured_through" in errors(form, data)


def test_enrolment_outcome_until_is_optional_but_not_before_from():
    outcome = ENROLMENT.outcome_schema
    assert outcome().load(example(outcome, insured_until=...))["insured_from"] == date(2026, 12, 1)
    assert "insured_until" in errors(outcome, example(outcome, insured_until="2026-11-30"))


@pytest.mark.parametrize("months", [0, 7, 12])
def test_contributions_are_requested_for_one_to_six_months(months):
    form = CONTRIBUTIONS.form_schema
    messages = errors(form, example(form, months_requested=months))
    assert messages == {
        "months_requested": ["A project can pay contributions for 1 to 6 months at most."]
    }


def test_contributions_start_on_the_first_of_a_month():
    form = CONTRIBUTIONS.form_schema
    assert "start_month" in errors(form, example(form, start_month="2027-01-15"))


def test_contributions_need_a_funding_code():
    form = CONTRIBUTIONS.form_schema
    assert "funding_code" in errors(form, example(form, funding_code=...))


def test_contributions_outcome_needs_a_positive_amount_and_ordered_dates():
    outcome = CONTRIBUTIONS.outcome_schema
    assert "amount_ron" in errors(outcome, example(outcome, amount_ron=0))
    assert "paid_until" in errors(outcome, example(outcome, paid_until="2026-12-31"))


def test_family_doctor_form_checks_the_language_code():
    form = SERVICES["family_doctor_registration"].form_schema
    assert "preferred_locality" in errors(form, example(form, preferred_locality=...))
    assert "preferred_doctor_language" in errors(
        form, example(form, preferred_doctor_language="english")
    )
    form().load(example(form, preferred_doctor_language=...))


# --- veto ---------------------------------------------------------------------


def veto(paid_from, paid_until, to_status="completed", service=CONTRIBUTIONS):
    return plugin.referral_hub_veto_transition(
        service=service,
        to_status=to_status,
        data={"paid_from": paid_from, "paid_until": paid_until, "amount_ron": 2430.0},
    )


@pytest.mark.parametrize(
    ("paid_from", "paid_until"),
    [
        ("2027-01-01", "2027-06-30"),
        ("2027-01-01", "2027-07-01"),
        ("2027-08-31", "2028-02-29"),
        (date(2027, 3, 1), date(2027, 3, 31)),
    ],
)
def test_veto_allows_coverage_up_to_six_months(paid_from, paid_until):
    assert veto(paid_from, paid_until) is None


@pytest.mark.parametrize(
    ("paid_from", "paid_until"),
    [("2027-01-01", "2027-07-02"), ("2027-01-01", "2027-12-31"), ("2027-08-31", "2028-03-01")],
)
def test_veto_refuses_coverage_beyond_six_months(paid_from, paid_until):
    message = veto(paid_from, paid_until)
    assert "capped at 6 months" in message
    assert str(paid_until) in message


def test_veto_ignores_other_transitions_and_services():
    assert veto("2027-01-01", "2027-12-31", to_status="in-progress") is None
    assert veto("2027-01-01", "2027-12-31", service=ENROLMENT) is None
    assert veto("2027-01-01", "2027-12-31", service=OTHER_SERVICE) is None


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert plugin.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert plugin.add_months(date(2027, 10, 15), 6) == date(2028, 4, 15)


# --- status callbacks ---------------------------------------------------------


def changed(service, to_status, data):
    timeline = Recorder()
    plugin.referral_hub_referral_status_changed(
        service=service,
        event=SimpleNamespace(to_status=to_status, data=data),
        timeline=timeline,
    )
    return timeline.calls


def test_completed_contributions_record_when_coverage_ends_and_when_to_remind():
    data = {"paid_from": "2027-01-01", "paid_until": "2027-06-30", "amount_ron": 2430.0}
    [(code, facts, note)] = changed(CONTRIBUTIONS, "completed", data)
    assert code == "paid_coverage_ends"
    assert facts == {"coverage_ends_on": "2027-06-30", "remind_on": "2027-06-16"}
    assert "2027-06-30" in note


def test_completed_enrolment_records_the_insurance_period():
    data = {"insured_from": "2026-12-01", "insurance_certificate_number": "18233/2026"}
    assert changed(ENROLMENT, "completed", data)[0][:2] == (
        "insured",
        {"insured_from": "2026-12-01", "insured_until": None},
    )
    data["insured_until"] = "2027-11-30"
    [(_, facts, _)] = changed(ENROLMENT, "completed", data)
    assert facts == {"insured_from": "2026-12-01", "insured_until": "2027-11-30"}


def test_other_changes_record_nothing():
    data = {"paid_from": "2027-01-01", "paid_until": "2027-06-30"}
    assert changed(CONTRIBUTIONS, "failed", data) == []
    assert changed(SERVICES["family_doctor_registration"], "completed", {}) == []
    assert changed(OTHER_SERVICE, "completed", data) == []
