"""The county health insurance house plugin: catalogue, forms, veto, callbacks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

import plugins.health_insurance as plugin
from core import InboundStatus
from core.calendar import add_months
from tests.plugins.helpers import (
    ReminderRecorder,
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
OTHER_SERVICE = SimpleNamespace(kind="labour_agency", code="job_mediation")
ENROLMENT = SERVICES["insured_enrolment"]
CONTRIBUTIONS = SERVICES["project_paid_contributions"]


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
    assert_declared(service)
    assert 0 < service.sla.respond_days <= service.sla.complete_days


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_field_has_titles_descriptions_and_examples(schema):
    assert_described(schema)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_form_of_first_examples_loads(schema):
    schema().load(example(schema))


# --- forms --------------------------------------------------------------------


def test_enrolment_needs_a_known_insurance_category():
    form = ENROLMENT.form_schema
    assert "insurance_category" in load_errors(form, insurance_category=...)
    assert "insurance_category" in load_errors(form, insurance_category="tourist")


@pytest.mark.parametrize("cnp", ["123", "0900312350010", "79003123500AB", "79003123500101"])
def test_enrolment_checks_the_cnp_shape(cnp):
    form = ENROLMENT.form_schema
    assert "cnp" in load_errors(form, cnp=cnp)


def test_enrolment_cnp_and_dependants_are_optional():
    form = ENROLMENT.form_schema
    ENROLMENT.form_schema().load(example(form, cnp=..., dependants=..., insured_through=...))


def test_dependent_family_member_names_the_insured_person():
    form = ENROLMENT.form_schema
    messages = load_errors(form, insurance_category="dependent_family_member", insured_through=...)
    assert "insured_through" in messages


def test_enrolment_outcome_until_is_optional_but_not_before_from():
    outcome = ENROLMENT.outcome_schema
    assert outcome().load(example(outcome, insured_until=...))["insured_from"] == date(2026, 12, 1)
    assert "insured_until" in load_errors(outcome, insured_until="2026-11-30")


@pytest.mark.parametrize("months", [0, 7, 12])
def test_contributions_are_requested_for_one_to_six_months(months):
    form = CONTRIBUTIONS.form_schema
    messages = load_errors(form, months_requested=months)
    assert messages == {
        "months_requested": ["A project can pay contributions for 1 to 6 months at most."]
    }


def test_contributions_start_on_the_first_of_a_month():
    form = CONTRIBUTIONS.form_schema
    assert "start_month" in load_errors(form, start_month="2027-01-15")


def test_contributions_need_a_funding_code():
    form = CONTRIBUTIONS.form_schema
    assert "funding_code" in load_errors(form, funding_code=...)


def test_contributions_outcome_needs_a_positive_amount_and_ordered_dates():
    outcome = CONTRIBUTIONS.outcome_schema
    assert "amount_ron" in load_errors(outcome, amount_ron=0)
    assert "paid_until" in load_errors(outcome, paid_until="2026-12-31")


def test_family_doctor_form_checks_the_language_code():
    form = SERVICES["family_doctor_registration"].form_schema
    assert "preferred_locality" in load_errors(form, preferred_locality=...)
    assert "preferred_doctor_language" in load_errors(form, preferred_doctor_language="english")
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
        (date(2027, 1, 1), date(2027, 6, 30)),
        (date(2027, 1, 1), date(2027, 7, 1)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2027, 3, 1), date(2027, 3, 31)),
    ],
)
def test_veto_allows_coverage_up_to_six_months(paid_from, paid_until):
    assert veto(paid_from, paid_until) is None


@pytest.mark.parametrize(
    ("paid_from", "paid_until"),
    [
        (date(2027, 1, 1), date(2027, 7, 2)),
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2027, 8, 31), date(2028, 3, 1)),
    ],
)
def test_veto_refuses_coverage_beyond_six_months(paid_from, paid_until):
    message = veto(paid_from, paid_until)
    assert "capped at 6 months" in message


def test_veto_ignores_other_transitions_and_services():
    jan, dec = date(2027, 1, 1), date(2027, 12, 31)
    assert veto(jan, dec, to_status="in-progress") is None
    assert veto(jan, dec, service=ENROLMENT) is None
    assert veto(jan, dec, service=OTHER_SERVICE) is None


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2027, 10, 15), 6) == date(2028, 4, 15)


# --- status callbacks ---------------------------------------------------------


def changed(service, to_status, outcome=None, reminders=None):
    return status_changed(
        plugin, service=service, to_status=to_status, outcome=outcome, reminders=reminders
    )


def test_completed_contributions_record_when_coverage_ends_and_when_to_remind():
    outcome = {"paid_from": date(2027, 1, 1), "paid_until": date(2027, 6, 30), "amount_ron": 2430.0}
    reminders = ReminderRecorder()
    [(code, facts, note)] = changed(CONTRIBUTIONS, "completed", outcome, reminders)
    assert code == "paid_coverage_ends"
    assert facts == {"coverage_ends_on": "2027-06-30", "remind_on": "2027-06-16"}
    assert "2027-06-30" in note
    # The centre is reminded 14 days before the end.
    on, to, title = reminders.scheduled["coverage_ends"]
    assert (on, to) == (date(2027, 6, 16), "sender")
    assert "14 days" in title["en"]


def test_other_moves_schedule_no_reminder():
    reminders = ReminderRecorder()
    changed(CONTRIBUTIONS, "accepted", None, reminders)
    changed(ENROLMENT, "completed", {"insured_from": date(2026, 12, 1)}, reminders)
    assert reminders.scheduled == {}


def test_completed_enrolment_records_the_insurance_period():
    outcome = {"insured_from": date(2026, 12, 1), "insurance_certificate_number": "18233/2026"}
    assert changed(ENROLMENT, "completed", outcome)[0][:2] == (
        "insured",
        {"insured_from": "2026-12-01", "insured_until": None},
    )
    outcome["insured_until"] = date(2027, 11, 30)
    [(_, facts, _)] = changed(ENROLMENT, "completed", outcome)
    assert facts == {"insured_from": "2026-12-01", "insured_until": "2027-11-30"}


def test_other_changes_record_nothing():
    outcome = {"paid_from": date(2027, 1, 1), "paid_until": date(2027, 6, 30)}
    assert changed(CONTRIBUTIONS, "failed") == []
    assert changed(SERVICES["family_doctor_registration"], "completed", {}) == []
    assert changed(OTHER_SERVICE, "completed", outcome) == []


# --- the status codes of CJAS's own system ---------------------------------------------


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES)
def test_cjas_codes_cover_every_move_of_the_institution(service):
    assert_inbound_codes(service)


def test_cjas_codes_mean_what_the_institution_means():
    pm = plugin_manager(plugin, "health_insurance")
    enrolment = SERVICES["insured_enrolment"]
    assert inbound_status(pm, enrolment, "ASIGURAT") == InboundStatus("ASIGURAT", "completed")
    waiting = inbound_status(pm, enrolment, "ASTEAPTA_CNP")
    assert (waiting.to_status, waiting.reason_code) == ("on-hold", "cnp_pending")
    unpaid = inbound_status(pm, SERVICES["project_paid_contributions"], "PLATA_NEPRIMITA")
    assert (unpaid.to_status, unpaid.reason_code) == ("on-hold", "payment_not_received")
    assert inbound_status(pm, enrolment, "INSCRIS_LA_MEDIC") is None
