"""The plugin contract: hooks documented and tested, a third-party plugin added
without touching core/, broken plugins stopping the start-up, the catalogue's
promises kept for every service, and the OpenAPI document."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from marshmallow import Schema, fields, validate
from openapi_spec_validator import validate as validate_openapi

from core import (
    SLA,
    InboundStatus,
    InstitutionKind,
    ReasonCode,
    Service,
    Text,
    hookimpl,
    hookspecs,
)
from core.catalogue.registry import build_catalogue
from core.cli import main
from core.plugins import PluginError, make_plugin_manager
from plugins.labour_agency.services import SERVICES as LABOUR_SERVICES
from tests.factories import PASSWORD, Factory, example_of

HOOKS = {
    name: spec
    for name, spec in vars(hookspecs).items()
    if name.startswith(f"{hookspecs.PROJECT}_") and hasattr(spec, f"{hookspecs.PROJECT}_spec")
}
CATALOGUE = build_catalogue(make_plugin_manager())
COUNTY, LOCALITY = "RO-TM", "Timișoara"
#: who receives each kind's referrals for someone living in Timișoara
IN_TIMIS = {
    "labour_agency": "ajofm-timis",
    "health_insurance": "cjas-timis",
    "schools": "isj-timis",
    "immigration": "igi-timis",
}


# --- every hook documented, every hook tested ------------------------------------------


def test_the_hookspec_module_defines_hooks():
    assert {
        "referral_hub_institution_kinds",
        "referral_hub_services",
        "referral_hub_route_referral",
        "referral_hub_veto_transition",
        "referral_hub_referral_status_changed",
        "referral_hub_messages",
        "referral_hub_inbound_status",
    } <= set(HOOKS)


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_documents_its_arguments_its_result_and_first_result_rule(name):
    spec = HOOKS[name]
    doc = inspect.getdoc(spec) or ""
    assert doc, f"{name} has no docstring"
    for argument in inspect.signature(spec).parameters:
        assert f":param {argument}:" in doc, f"{name} does not document {argument!r}"
    assert re.search(r"^Returns?\b", doc, re.MULTILINE), f"{name} does not say what it returns"
    firstresult = getattr(spec, f"{hookspecs.PROJECT}_spec")["firstresult"]
    assert ("first non-``None``" in " ".join(doc.split())) == firstresult, (
        f"{name}: say 'first non-``None``' exactly when the hook is firstresult"
    )


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_has_a_test(name):
    tests = Path(__file__).parent
    users = [
        path
        for path in tests.rglob("*.py")
        if path != Path(__file__) and name in path.read_text(encoding="utf-8")
    ]
    assert users, f"no test under tests/ calls or implements {name}"


# --- a third-party plugin, without touching core/ ----------------------------------------


def meta(en: str, ro: str, example: Any) -> dict[str, Any]:
    return {
        "title": {"en": en, "ro": ro},
        "description": {"en": f"{en}.", "ro": f"{ro}."},
        "examples": [example],
    }


class LegalCounsellingForm(Schema):
    topic = fields.String(
        required=True,
        validate=validate.OneOf(["asylum_appeal", "labour_dispute", "housing"]),
        metadata=meta("Topic", "Subiect", "labour_dispute"),
    )
    hearing_on = fields.Date(
        allow_none=True, metadata=meta("Hearing date", "Data termenului", "2026-12-10")
    )


class LegalCounsellingOutcome(Schema):
    case_number = fields.String(
        required=True, metadata=meta("Case number", "Număr de dosar", "LA-2026-17")
    )
    sessions = fields.Integer(
        required=True,
        validate=validate.Range(1, 20),
        metadata=meta("Sessions held", "Ședințe ținute", 2),
    )


LEGAL_AID = InstitutionKind("legal_aid", {"en": "Legal aid office", "ro": "Birou de asistență"})
LEGAL_COUNSELLING = Service(
    kind="legal_aid",
    code="legal_counselling",
    title={"en": "Legal counselling", "ro": "Consiliere juridică"},
    description={"en": "Free legal advice.", "ro": "Consiliere juridică gratuită."},
    form_schema=LegalCounsellingForm,
    outcome_schema=LegalCounsellingOutcome,
    sla=SLA(respond_days=3, complete_days=30),
    beneficiary_fields=("given_name", "family_name", "languages"),
    reason_codes=(ReasonCode("no_capacity", {"en": "No lawyer free", "ro": "Niciun avocat"}),),
)


class Contributes:
    """A plugin contributing the institution kinds and services it is given."""

    def __init__(self, *services: Service, kinds: tuple[InstitutionKind, ...] = ()) -> None:
        self.services, self.kinds = services, kinds

    @hookimpl
    def referral_hub_institution_kinds(self) -> list[InstitutionKind]:
        return list(self.kinds)

    @hookimpl
    def referral_hub_services(self) -> list[Service]:
        return list(self.services)


class LegalAidPlugin(Contributes):
    """A third-party plugin: its own kind and service, the core's routing, and a
    status callback that puts the case number on the timeline."""

    def __init__(self) -> None:
        super().__init__(LEGAL_COUNSELLING, kinds=(LEGAL_AID,))

    @hookimpl
    def referral_hub_referral_status_changed(self, service, event, timeline) -> None:
        if service.kind == "legal_aid" and event.to_status == "completed":
            timeline.record("legal_case_closed", {"case_number": event.data["case_number"]})


def test_a_third_party_plugin_adds_a_kind_and_a_service_end_to_end(make_app, tmp_path):
    app = make_app(extra_plugins=[("legal_aid", LegalAidPlugin())])
    factory = Factory(app, app.test_client())
    factory.join_region5(
        tmp_path,
        slug="legal-aid-timis",
        name="Biroul de asistență juridică Timiș",
        kind="legal_aid",
        county="RO-TM",
    )
    staff, officer = factory.staff(), factory.officer("legal-aid-timis")

    service = factory.service("legal_aid.legal_counselling", staff)
    assert set(service["form_schema"]["properties"]) == {"topic", "hearing_on"}
    assert service["outcome_schema"]["required"] == ["case_number", "sessions"]
    person = factory.beneficiary(staff)
    consent = factory.consent(staff, person["id"], ["legal_aid"])
    referral = factory.post(
        "/api/v1/referrals",
        staff,
        {
            "beneficiary_id": person["id"],
            "service": service["code"],
            "form": example_of(service["form_schema"]),
            "consent_id": consent["id"],
        },
    )
    assert referral["to_institution"]["id"] == factory.institution_id("legal-aid-timis")
    seen = factory.client.get(f"/api/v1/referrals/{referral['id']}", headers=officer).json
    # the names come with their Latin spelling (API.md), whatever the plugin lists
    assert set(seen["beneficiary"]) == {
        "id", "reference", "given_name", "family_name", "name_latin", "languages"
    }  # fmt: skip

    for to in ("received", "accepted", "in-progress", "completed"):
        data = example_of(service["outcome_schema"]) if to == "completed" else {}
        response = factory.move(officer, referral, to, data=data)
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()
    assert referral["status"] == "completed"
    events = factory.client.get(f"/api/v1/referrals/{referral['id']}/events", headers=staff).json
    facts = [e for e in events["items"] if e["kind"] == "plugin"]
    assert [(f["reason_code"], f["data"], f["source"]) for f in facts] == [
        ("legal_case_closed", {"case_number": "LA-2026-17"}, "plugin:legal_aid")
    ]


# --- broken plugins stop the start-up -----------------------------------------------------


class UnknownHook:
    @hookimpl
    def referral_hub_nonexistent(self) -> None:
        return None


class Says:
    """A plugin contributing the translated messages it is given."""

    def __init__(self, *texts: Text) -> None:
        self.texts = texts

    @hookimpl
    def referral_hub_messages(self) -> list[Text]:
        return list(self.texts)


JOB_SEEKER = next(s for s in LABOUR_SERVICES if s.code == "job_seeker_registration")


def with_inbound(*statuses: InboundStatus) -> Contributes:
    """The legal aid plugin's service, with these inbound status codes."""
    return Contributes(replace(LEGAL_COUNSELLING, inbound_statuses=statuses), kinds=(LEGAL_AID,))


#: labour_agency's message, translated otherwise
TOPIC_MESSAGE = {"en": "Choose at least one topic.", "ro": "Alegeți un subiect."}
BROKEN = [
    pytest.param(
        Contributes(JOB_SEEKER), ["copycat", "labour_agency", JOB_SEEKER.full_code], id="duplicate"
    ),
    pytest.param(
        Contributes(LEGAL_COUNSELLING, kinds=(LEGAL_AID, LEGAL_AID)),
        ["copycat", "legal_aid"],
        id="duplicate-kind",
    ),
    pytest.param(UnknownHook(), ["copycat", "referral_hub_nonexistent"], id="unknown-hook"),
    pytest.param(
        Contributes(
            replace(LEGAL_COUNSELLING, beneficiary_fields=("shoe_size",)), kinds=(LEGAL_AID,)
        ),
        ["copycat", "shoe_size"],
        id="unknown-beneficiary-field",
    ),
    pytest.param(Contributes(LEGAL_COUNSELLING), ["copycat", "legal_aid"], id="unknown-kind"),
    pytest.param(
        Contributes(replace(LEGAL_COUNSELLING, form_schema=dict), kinds=(LEGAL_AID,)),
        ["copycat", "form_schema"],
        id="form-not-a-schema",
    ),
    pytest.param(
        Says(TOPIC_MESSAGE),
        ["copycat", "labour_agency", "Choose at least one topic."],
        id="message-translated-otherwise",
    ),
    pytest.param(Says({"ro": "Fără engleză."}), ["copycat", "English"], id="message-no-english"),
    pytest.param(
        with_inbound(InboundStatus("DONE", "completed"), InboundStatus("DONE", "accepted")),
        ["copycat", "legal_aid.legal_counselling", "DONE", "twice"],
        id="inbound-code-twice",
    ),
    pytest.param(
        with_inbound(InboundStatus("WITHDRAWN", "cancelled")),
        ["copycat", "WITHDRAWN", "cancelled"],
        id="inbound-code-to-a-sender-move",
    ),
    pytest.param(
        with_inbound(InboundStatus("REFUSED", "rejected")),
        ["copycat", "REFUSED", "needs a reason code"],
        id="inbound-code-without-reason",
    ),
    pytest.param(
        with_inbound(InboundStatus("REFUSED", "rejected", "no_lawyer_free")),
        ["copycat", "REFUSED", "no_lawyer_free"],
        id="inbound-code-unknown-reason",
    ),
    pytest.param(
        with_inbound(InboundStatus("CLOSED", "completed", data={"sessions": 99})),
        ["copycat", "CLOSED", "sessions"],
        id="inbound-code-invalid-outcome",
    ),
    pytest.param(
        with_inbound(InboundStatus("TAKEN", "accepted", data={"sessions": 1})),
        ["copycat", "TAKEN", "only a code that completes"],
        id="inbound-code-data-without-completion",
    ),
]


@pytest.mark.parametrize(("plugin", "named"), BROKEN)
def test_a_broken_plugin_stops_the_app_with_a_message_naming_it(make_app, plugin, named):
    with pytest.raises(PluginError) as raised:
        make_app(extra_plugins=[("copycat", plugin)])
    for word in named:
        assert word in str(raised.value)


def test_plugins_may_contribute_the_same_message_with_the_same_translations(make_app):
    labour_agency = make_app().extensions["referral_hub"].catalogue.messages
    same = labour_agency["Choose at least one topic."]
    app = make_app(extra_plugins=[("copycat", Says(same, {"en": "Bring the lawyer's card."}))])
    messages = app.extensions["referral_hub"].catalogue.messages
    assert messages["Choose at least one topic."] == same
    assert messages["Bring the lawyer's card."] == {"en": "Bring the lawyer's card."}


def test_a_disabled_plugin_contributes_nothing(make_app):
    app = make_app(config={"disabled_plugins": ["schools"]})
    client = app.test_client()
    email = "admin@hub.example"
    created = app.test_cli_runner().invoke(
        main,
        args=["users", "create", "--email", email, "--name", "Admin", "--role", "admin"]
        + ["--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    token = client.post("/api/v1/auth/tokens", json={"email": email, "password": PASSWORD}).json
    admin = {"Authorization": f"Bearer {token['token']}"}

    codes = {s["code"] for s in client.get("/api/v1/services", headers=admin).json["items"]}

    assert codes == {c for c in CATALOGUE.services if not c.startswith("schools.")}


# --- the catalogue's promises, for every service of every plugin --------------------------


def properties(json_schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict]]:
    """Every property of an object schema, nested objects and arrays of objects included."""
    for name, prop in json_schema.get("properties", {}).items():
        yield f"{prefix}{name}", prop
        for nested in (prop, prop.get("items", {})):
            yield from properties(nested, f"{prefix}{name}.")


@pytest.fixture
def catalogue(client, factory) -> dict[str, dict[str, dict[str, Any]]]:
    """GET /services in English and in Romanian, by service code."""
    staff = factory.staff()
    return {
        lang: {
            s["code"]: s
            for s in client.get(f"/api/v1/services?lang={lang}", headers=staff).json["items"]
        }
        for lang in ("en", "ro")
    }


def test_the_api_lists_every_service_of_every_plugin(catalogue):
    assert set(catalogue["en"]) == set(CATALOGUE.services)
    assert {code.split(".")[0] for code in catalogue["en"]} == {
        "labour_agency",
        "health_insurance",
        "schools",
        "immigration",
    }


@pytest.mark.parametrize("code", sorted(CATALOGUE.services))
def test_every_form_and_outcome_property_has_title_description_and_examples(catalogue, code):
    service = catalogue["en"][code]
    for key in ("title", "description", "sla", "reason_codes", "beneficiary_fields"):
        assert service[key], f"{code} has no {key}"
    for schema_name in ("form_schema", "outcome_schema"):
        for path, prop in properties(service[schema_name] or {}):
            for key in ("title", "description"):
                assert isinstance(prop.get(key), str) and prop[key], f"{code} {path}: no {key}"
            assert prop.get("examples"), f"{code} {path}: no examples"


@pytest.mark.parametrize("code", sorted(CATALOGUE.services))
def test_romanian_titles_are_served_with_lang_ro(catalogue, code):
    english, romanian = catalogue["en"][code], catalogue["ro"][code]
    assert romanian["title"] != english["title"]

    def titles(service: dict) -> dict[str, str]:
        return {path: p["title"] for path, p in properties(service["form_schema"])}

    assert titles(romanian).keys() == titles(english).keys()
    assert any(titles(romanian)[k] != titles(english)[k] for k in titles(english))


@pytest.mark.parametrize("code", sorted(CATALOGUE.services))
def test_the_first_examples_make_a_valid_form_and_outcome(client, factory, catalogue, code):
    service = catalogue["en"][code]
    staff = factory.staff()
    person = factory.beneficiary(staff, county=COUNTY, locality=LOCALITY)
    if service["kind"] == "schools":  # a child, linked to the parent who enrols them
        child = factory.beneficiary(staff, given_name="Omar", date_of_birth="2016-05-01")
        url = f"/api/v1/beneficiaries/{child['id']}"
        person = client.patch(url, json={"household_head_id": person["id"]}, headers=staff).json

    referral = factory.referral(staff, code, beneficiary=person)

    assert referral["status"] == "requested"
    receiver = IN_TIMIS[service["kind"]]
    assert referral["to_institution"]["id"] == factory.institution_id(receiver)
    officer = factory.officer(receiver)
    outcome = example_of(service["outcome_schema"]) if service["outcome_schema"] else {}
    for to in ("received", "accepted", "in-progress", "completed"):
        response = factory.move(officer, referral, to, data=outcome if to == "completed" else {})
        assert response.status_code == 200, response.get_json()
        referral = response.get_json()


# --- the OpenAPI document -----------------------------------------------------------------


@pytest.fixture
def openapi(client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")  # no token needed
    assert response.status_code == 200
    return response.json


def test_openapi_document_is_valid_openapi_3_1(openapi):
    assert openapi["openapi"] == "3.1.0"
    validate_openapi(openapi)


def test_openapi_describes_every_api_route_and_method(app, openapi):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1/openapi.json":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        assert path in openapi["paths"], f"{path} is not in the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in openapi["paths"][path], f"{method} {path} is not documented"


def test_openapi_carries_the_schemas_of_bodies_and_problems(openapi):
    schemas = openapi["components"]["schemas"]
    assert {"Beneficiary", "Consent", "Referral", "ReferralCreate", "Problem"} <= set(schemas)
    assert set(schemas["Problem"]["properties"]) >= {"type", "title", "status", "detail", "errors"}
