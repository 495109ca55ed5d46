"""The immigration plugin: IGI services, outcome checks and the renewal reminder."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

import plugins.immigration as immigration
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
    referral,
    service_schemas,
    status_changed,
)

SERVICES = {s.code: s for s in immigration.referral_hub_services()}
SCHEMAS = service_schemas(SERVICES.values())
SENT_ON = date(2025, 6, 2)


# --- catalogue ------------------------------------------------------------------------


def test_plugin_contributes_its_kind_and_services_through_the_hooks():
    pm = plugin_manager(immigration, "immigration")
    [[kind]] = pm.hook.referral_hub_institution_kinds()
    assert kind.code == "immigration" and kind.name.keys() >= {"en", "ro", "cs"}
    [services] = pm.hook.referral_hub_services()
    assert {s.full_code for s in services} == {
        "immigration.residence_permit",
        "immigration.family_reunification",
        "immigration.change_of_address",
        "immigration.integration_programme",
    }


@pytest.mark.parametrize("service", SERVICES.values(), ids=list(SERVICES))
def test_service_declares_texts_fields_documents_and_reason_codes(service):
    assert_declared(service)
    assert all({"en", "ro"} <= d.title.keys() for d in service.required_documents)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_field_has_titles_descriptions_and_examples(schema):
    assert_described(schema, items=False)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_first_examples_make_a_valid_form(schema):
    schema().load(example(schema))


# --- forms ----------------------------------------------------------------------------

PERMIT = SERVICES["residence_permit"].form_schema
REUNIFICATION = SERVICES["family_reunification"].form_schema
PROGRAMME_OUTCOME = SERVICES["integration_programme"].outcome_schema


def test_permit_form_refuses_an_unknown_purpose():
    assert "purpose_of_stay" in load_errors(PERMIT, purpose_of_stay="tourism")


def test_permit_form_needs_the_application_type_and_the_address_answer():
    errors = load_errors(PERMIT, application_type=..., address_confirmed=...)
    assert {"application_type", "address_confirmed"} <= errors.keys()


def test_renewal_needs_the_current_expiry_date():
    errors = load_errors(PERMIT, current_document_expiry=None)
    assert errors == {
        "current_document_expiry": ["Give the expiry date of the current document for a renewal."]
    }


def test_first_issue_does_not_need_a_current_expiry_date():
    form = example(PERMIT, application_type="issue", current_document_expiry=...)
    assert PERMIT().load(form)["application_type"] == "issue"


def test_reunification_needs_at_least_one_family_member():
    assert "family_members" in load_errors(REUNIFICATION, family_members=[])


def test_reunification_checks_each_family_member():
    member = {"relationship": "cousin", "country": "sy", "date_of_birth": "2015-02-30"}
    errors = load_errors(REUNIFICATION, family_members=[member])
    assert errors["family_members"][0].keys() == {"relationship", "country", "date_of_birth"}


def test_change_of_address_needs_the_new_address():
    schema = SERVICES["change_of_address"].form_schema
    assert "new_address" in load_errors(schema, new_address=...)


def test_integration_programme_form_refuses_an_unknown_activity():
    schema = SERVICES["integration_programme"].form_schema
    assert "activities" in load_errors(schema, activities=["driving_lessons"])


def test_integration_programme_must_end_after_it_starts():
    errors = load_errors(PROGRAMME_OUTCOME, programme_end="2025-05-01")
    assert errors == {"programme_end": ["The programme must end after it starts."]}


def test_family_reunification_outcome_refuses_an_unknown_decision():
    schema = SERVICES["family_reunification"].outcome_schema
    assert "decision" in load_errors(schema, decision="pending")


# --- veto -----------------------------------------------------------------------------


def veto(code, data, to_status="completed", ref=None):
    return immigration.referral_hub_veto_transition(
        referral=ref or referral(sent_on=SENT_ON),
        service=SERVICES[code],
        to_status=to_status,
        data=data,
    )


def test_permit_valid_until_the_sending_day_is_refused():
    message = veto("residence_permit", {"permit_number": "X1", "valid_until": date(2025, 6, 2)})
    assert "after the day the referral was sent" in message


def test_permit_valid_after_the_sending_day_passes():
    assert (
        veto("residence_permit", {"permit_number": "X1", "valid_until": date(2025, 6, 3)}) is None
    )


def test_permit_expired_before_the_sending_day_is_refused():
    assert veto("residence_permit", {"permit_number": "X1", "valid_until": date(2024, 1, 1)})


def test_integration_programme_of_exactly_twelve_months_passes():
    data = {"programme_start": date(2025, 5, 1), "programme_end": date(2026, 5, 1)}
    assert veto("integration_programme", data) is None


def test_integration_programme_longer_than_twelve_months_is_refused():
    data = {"programme_start": date(2025, 5, 1), "programme_end": date(2026, 5, 2)}
    message = veto("integration_programme", data)
    assert "at most 12 months" in message


def test_twelve_months_from_29_february_end_on_28_february():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    data = {"programme_start": date(2024, 2, 29), "programme_end": date(2025, 3, 1)}
    assert veto("integration_programme", data)


def test_veto_only_checks_completion():
    assert veto("residence_permit", {}, to_status="accepted") is None


def test_veto_ignores_other_kinds():
    other = SimpleNamespace(kind="schools", code="residence_permit")
    result = immigration.referral_hub_veto_transition(
        referral=referral(sent_on=SENT_ON),
        service=other,
        to_status="completed",
        data={"valid_until": date(2000, 1, 1)},
    )
    assert result is None


# --- routing --------------------------------------------------------------------------


def test_referrals_go_to_the_office_covering_the_county_through_the_core_fallback():
    timis = SimpleNamespace(county="RO-TM", localities=[], active=True)
    arad = SimpleNamespace(county="RO-AR", localities=[], active=True)
    person = SimpleNamespace(county="RO-TM", locality="Lugoj")
    result = plugin_manager(immigration, "immigration").hook.referral_hub_route_referral(
        service=SERVICES["residence_permit"], beneficiary=person, offices=[arad, timis]
    )
    assert result.office is timis


# --- status callback ------------------------------------------------------------------


def changed(code, to_status, outcome=None, ref=None, reminders=None):
    return status_changed(
        immigration,
        referral=ref or referral(sent_on=SENT_ON),
        service=SERVICES[code],
        to_status=to_status,
        outcome=outcome,
        reminders=reminders,
    )


def test_issued_permit_records_expiry_and_renewal_reminder_30_days_before():
    outcome = {"permit_number": "RO1234567", "valid_until": date(2028, 5, 31)}
    reminders = ReminderRecorder()
    [(code, recorded, note)] = changed("residence_permit", "completed", outcome, None, reminders)
    # The centre is reminded two weeks before the renewal deadline.
    assert reminders.scheduled["permit_renewal"][:2] == (date(2028, 4, 17), "sender")
    assert code == "permit_issued"
    assert recorded == {
        "valid_until": "2028-05-31",
        "apply_for_renewal_by": "2028-05-01",
        "remind_on": "2028-04-17",
    }
    assert "30 days" in note


def test_permit_number_stays_off_the_timeline():
    outcome = {"permit_number": "RO1234567", "valid_until": date(2028, 5, 31)}
    [(_, recorded, note)] = changed("residence_permit", "completed", outcome)
    assert "RO1234567" not in str(recorded) + note


def test_change_of_address_records_the_date_and_the_new_locality():
    ref = referral(
        sent_on=SENT_ON, form={"new_locality": "Lugoj", "new_address": "Str. Bocșei nr. 5"}
    )
    [(code, recorded, _)] = changed(
        "change_of_address", "completed", {"date_recorded": date(2025, 6, 5)}, ref
    )
    assert code == "address_changed"
    assert recorded == {"date_recorded": "2025-06-05", "new_locality": "Lugoj"}


def test_integration_programme_records_its_period():
    data = {"programme_start": "2025-05-01", "programme_end": "2026-04-30"}
    outcome = SERVICES["integration_programme"].outcome_schema().load(data)
    [(code, recorded, _)] = changed("integration_programme", "completed", outcome)
    assert code == "integration_programme_enrolled"
    assert recorded == data


def test_other_transitions_record_nothing():
    assert changed("residence_permit", "in-progress") == []
    outcome = {"decision": "approved", "decision_date": date(2025, 9, 30)}
    assert changed("family_reunification", "completed", outcome) == []


# --- the status codes of IGI's own system ---------------------------------------------


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES)
def test_igi_codes_cover_every_move_of_the_institution(service):
    assert_inbound_codes(service)


def test_igi_codes_mean_what_the_institution_means():
    pm = plugin_manager(immigration, "immigration")
    reunification = SERVICES["family_reunification"]
    # the decision codes complete the referral and settle the decision themselves
    assert inbound_status(pm, reunification, "CERERE_RESPINSA") == InboundStatus(
        "CERERE_RESPINSA", "completed", data={"decision": "refused"}
    )
    assert inbound_status(pm, reunification, "CERERE_APROBATA").data == {"decision": "approved"}
    permit = inbound_status(pm, SERVICES["residence_permit"], "PERMIS_EMIS")
    assert (permit.to_status, permit.data) == ("completed", None)
    assert inbound_status(pm, reunification, "PERMIS_EMIS") is None
