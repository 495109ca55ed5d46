"""HTML forms generated from a plugin's marshmallow schema, and the posted form back."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from core import validators
from core.catalogue.describe import described, one_of
from core.web.forms import (
    SPARE_ROWS,
    error_anchor,
    error_lines,
    field_labels,
    form_data,
    form_fields,
    prefilled,
)

LEVELS = {"a1": {"en": "Beginner", "ro": "Începător"}, "c2": {"en": "Native", "ro": "Nativ"}}


class Language(Schema):
    code = fields.String(required=True, validate=validate.Length(2, 2))
    level = fields.String(
        validate=one_of(LEVELS),
        metadata=described(
            {"en": "Level", "ro": "Nivel"},
            {"en": "How well.", "ro": "Cât de bine."},
            "a1",
            choices=LEVELS,
        ),
    )


class Form(Schema):
    occupation = fields.String(
        required=True,
        metadata=described(
            {"en": "Occupation", "ro": "Ocupație"}, {"en": "The job.", "ro": "Meseria."}, "cook"
        ),
    )
    hours = fields.Integer(validate=validate.Range(1, 40))
    starts_on = fields.Date()
    driving_licence = fields.Boolean()
    topics = fields.List(fields.String(validate=one_of(LEVELS)))
    codes = fields.List(fields.String())
    languages = fields.Nested(Language, many=True, required=True)


def test_each_field_gets_the_input_its_type_needs(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = {f.name: f for f in form_fields(Form, "form")}
    assert shown["form.occupation"].widget == "text" and shown["form.occupation"].required
    assert shown["form.occupation"].label == "Occupation"
    assert shown["form.hours"].widget == "number" and shown["form.hours"].attrs == {
        "step": "1",
        "min": 1,
        "max": 40,
    }
    assert shown["form.starts_on"].widget == "date"
    assert shown["form.driving_licence"].widget == "checkbox"
    assert shown["form.topics"].widget == "checkboxes"
    assert shown["form.topics"].choices == [("a1", "a1"), ("c2", "c2")]  # inner field untitled
    assert shown["form.codes"].widget == "lines"
    assert shown["form.languages"].widget == "rows"
    assert len(shown["form.languages"].rows) == 2  # spare rows to fill in
    level = shown["form.languages"].rows[0][1]
    assert level.name == "form.languages.0.level" and level.widget == "select"
    assert level.choices == [("a1", "Beginner"), ("c2", "Native")]


def test_labels_and_choices_come_in_the_ui_language(app):
    with app.test_request_context(headers={"Accept-Language": "ro"}):
        shown = {f.name: f for f in form_fields(Form, "form")}
    assert shown["form.occupation"].label == "Ocupație"
    assert shown["form.languages"].rows[0][1].choices == [("a1", "Începător"), ("c2", "Nativ")]


def test_the_posted_form_comes_back_in_the_schemas_shape():
    posted = MultiDict(
        [
            ("form.occupation", "  cook "),
            ("form.hours", ""),
            ("form.driving_licence", "1"),
            ("form.topics", "a1"),
            ("form.topics", "c2"),
            ("form.codes", "5120\n\n 9412 \n"),
            ("form.languages.0.code", "ar"),
            ("form.languages.0.level", "c2"),
            ("form.languages.1.code", ""),
            ("form.languages.1.level", ""),
            ("form.languages.2.code", "en"),
        ]
    )
    assert form_data(Form, "form", posted) == {
        "occupation": "cook",  # empty inputs (hours) are left out for the schema to judge
        "driving_licence": True,
        "topics": ["a1", "c2"],
        "codes": ["5120", "9412"],
        "languages": [{"code": "ar", "level": "c2"}, {"code": "en"}],  # empty rows dropped
    }


def test_a_required_list_left_empty_reaches_the_schema_as_empty():
    data = form_data(Form, "form", MultiDict([("form.occupation", "cook")]))
    assert data == {"occupation": "cook", "driving_licence": False, "languages": []}


def test_what_the_user_typed_is_kept_with_the_errors_beside_it(app):
    posted = MultiDict([("form.occupation", ""), ("form.languages.0.code", "arabic")])
    errors = {
        "form.occupation": ["Missing data for required field."],
        "form.languages.0.code": ["Length must be 2."],
    }
    with app.test_request_context():
        shown = {f.name: f for f in form_fields(Form, "form", posted, errors)}
    assert shown["form.occupation"].errors == ["Missing data for required field."]
    first_row = shown["form.languages"].rows[0]
    assert first_row[0].value == "arabic" and first_row[0].errors == ["Length must be 2."]
    assert len(shown["form.languages"].rows) == 3  # the filled row and two spare


def test_error_summary_links_point_at_the_input_showing_the_error():
    assert error_anchor("form.occupation_codes.0") == "f-form-occupation_codes"
    assert error_anchor("form.languages.0.code") == "f-form-languages-0-code"
    assert error_anchor("form.languages.1") == "f-form-languages"
    assert error_anchor("residence_document._schema") == "f-residence_document"
    assert error_anchor("email") == "f-email"


# --- rows of a list, numbered as posted ------------------------------------------------


def as_posted(shown: list, into: MultiDict | None = None) -> MultiDict:
    """What the browser posts back from the rendered fields (blank inputs included)."""
    into = MultiDict() if into is None else into
    for f in shown:
        if f.widget == "rows":
            for row in f.rows:
                as_posted(row, into)
        elif f.widget == "group":
            as_posted(f.children, into)
        elif f.widget != "checkbox":
            into.add(f.name, f.value or "")
    return into


def test_rows_posted_again_and_again_do_not_multiply(app):
    posted = MultiDict(
        [
            ("form.occupation", "cook"),
            ("form.languages.0.code", "ar"),
            ("form.languages.1.code", "en"),
        ]
    )
    with app.test_request_context():
        for _ in range(3):
            shown = {f.name: f for f in form_fields(Form, "form", posted)}
            assert len(shown["form.languages"].rows) == 2 + SPARE_ROWS
            posted = as_posted(list(shown.values()))  # 2 filled rows and 2 blank ones
    assert form_data(Form, "form", posted)["languages"] == [{"code": "ar"}, {"code": "en"}]


def test_a_row_left_blank_between_two_is_dropped_and_the_errors_meet_their_row(app):
    posted = MultiDict([("form.languages.0.code", "ar"), ("form.languages.2.code", "english")])
    assert form_data(Form, "form", posted)["languages"] == [{"code": "ar"}, {"code": "english"}]
    errors = {"form.languages.1.code": ["Length must be 2."]}  # the second row sent
    with app.test_request_context():
        rows = {f.name: f for f in form_fields(Form, "form", posted, errors)}["form.languages"].rows
    assert rows[1][0].value == "english" and rows[1][0].errors == ["Length must be 2."]
    assert len(rows) == 2 + SPARE_ROWS


class Member(Schema):
    name = fields.String(required=True)
    lives_with_applicant = fields.Boolean()


class Family(Schema):
    members = fields.Nested(Member, many=True)


def test_blank_rows_with_an_unticked_checkbox_are_no_rows():
    posted = MultiDict([("form.members.0.name", ""), ("form.members.1.name", "")])
    assert form_data(Family, "form", posted) == {}


# --- codes by name, prefill, the summary ------------------------------------------------


class Coded(Schema):
    language = fields.String(validate=validators.language)
    country = fields.String(validate=validators.country)
    spoken = fields.List(fields.String(validate=validators.language))
    level = fields.String(validate=one_of(LEVELS))


def test_standard_codes_are_selects_of_names_that_post_the_code(app):
    posted = MultiDict([("form.spoken", "uk"), ("form.spoken", ""), ("form.spoken", "ro")])
    with app.test_request_context(headers={"Accept-Language": "ro"}):
        shown = {f.name: f for f in form_fields(Coded, "form", posted)}
    assert shown["form.language"].widget == "select"
    assert dict(shown["form.language"].choices)["ar"] == "Arabă"
    assert dict(shown["form.country"].choices)["SY"] == "Siria"
    assert shown["form.spoken"].widget == "selects" and shown["form.spoken"].value == ["uk", "ro"]
    assert form_data(Coded, "form", posted) == {"spoken": ["uk", "ro"]}


class Person:
    languages = ["uk", "xx", "ru"]
    nationality = "UA"
    residence_document = {"type": "residence_permit", "expires_on": "2027-10-01"}


class Prefilled(Schema):
    language = fields.String(
        validate=validators.language, metadata={"beneficiary_field": "languages"}
    )
    spoken = fields.List(
        fields.String(validate=validators.language), metadata={"beneficiary_field": "languages"}
    )
    expires = fields.Date(metadata={"beneficiary_field": "residence_document.expires_on"})
    level = fields.String(
        validate=one_of(LEVELS), metadata={"beneficiary_field": "residence_document.type"}
    )
    rows = fields.Nested(Language, many=True)


def test_a_form_opens_with_what_the_record_holds_and_the_field_accepts():
    values = prefilled(Prefilled, "form", Person())
    assert values.getlist("form.language") == ["uk"]  # the preferred one
    assert values.getlist("form.spoken") == ["uk", "ru"]  # "xx" is no language
    assert values.get("form.expires") == "2027-10-01"
    assert "form.level" not in values  # not one of the field's choices
    assert "form.rows.0.code" not in values  # the row names no source


def test_the_summary_names_each_field_once_rows_by_their_number(app):
    errors = {
        "form.occupation": ["Missing data for required field.", "Missing data for required field."],
        "form.languages.1.level": ["Choose one."],
        "form.codes.0": ["Too long."],
        "form.codes.1": ["Too long."],
    }
    posted = MultiDict([("form.languages.0.code", "ar"), ("form.languages.1.code", "en")])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        labels = field_labels(form_fields(Form, "form", posted, errors))
        lines = [(line.anchor, line.label, line.messages) for line in error_lines(errors, labels)]
    assert lines == [
        ("f-form-occupation", "Occupation", ["Missing data for required field."]),
        ("f-form-languages-1-level", "Languages, row 2, Level", ["Choose one."]),
        ("f-form-codes", "Codes", ["Too long."]),
    ]
