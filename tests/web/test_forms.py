"""HTML forms generated from a plugin's marshmallow schema, and the posted form back."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from core.catalogue.describe import described, one_of
from core.web.forms import error_anchor, form_data, form_fields

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
