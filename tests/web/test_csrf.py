"""Every form of the web UI is CSRF-protected: a POST without the token is
refused before its view runs. Walks the whole URL map, so a new route is
covered the day it is added, and an exempted one makes this test fail."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter, NumberConverter

#: methods Flask-WTF checks (WTF_CSRF_METHODS)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MADE_UP_ID = "0b6f3a52-5c1e-4e43-9d51-2a7c9e1f0d11"


def web_forms(app: Flask) -> list[Rule]:
    """The rules of the web UI that accept an unsafe method (the JSON API and static excluded)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.methods & UNSAFE
        and rule.endpoint != "static"
        and not rule.endpoint.startswith("api.")
    ]


def path_of(rule: Rule) -> str:
    """The rule's path, its variables filled with made-up values of the right type."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, NumberConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = converter.items[0]
        else:
            values[name] = MADE_UP_ID
    built = rule.build(values, append_unknown=False)
    assert built is not None, f"cannot build {rule.rule} from {values}"
    return built[1]


def test_every_web_form_refuses_a_post_without_csrf_token(app: Flask, web):
    session = web("centre_staff", "crim-timisoara")
    # English, so the page's words can be checked; with the token the form is accepted.
    assert session.post("/language", {"lang": "en", "next": "/account"}).status_code == 302

    rules = web_forms(app)
    assert len([r for r in rules if "POST" in r.methods]) > 5, [r.rule for r in rules]

    accepted = []
    for rule in rules:
        path = path_of(rule)
        for method in sorted(rule.methods & UNSAFE):
            response = session.client.open(path, method=method, data={"field": "value"})
            text = session.text(response)
            if response.status_code != 400 or "The form expired" not in text:
                accepted.append(f"{method} {path} ({rule.endpoint}) → {response.status_code}")
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)
