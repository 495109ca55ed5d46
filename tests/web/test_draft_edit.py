"""Correcting a draft referral in the web UI: "Edit draft" on the referral
page, the new-referral form filled in from the draft, saved at the version it
was opened at, and the change in the person's "History of the record"."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import select

from core.audit import AuditLog
from core.db import db
from tests.factories import Factory
from tests.web.test_edit import history, rows
from tests.web.test_staff import error_of, page

CAREER = "labour_agency.career_counselling"


class _Inputs(HTMLParser):
    """The inputs of the page's form that posts to ``action``, as a browser sends them."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.values.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values.append((self._textarea, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.values.pop()
            self.values.append((name, text + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def inputs(html: str, action: str) -> dict[str, Any]:
    """The form's inputs by name: a value, or a list where a name is sent more than once."""
    parser = _Inputs(action)
    parser.feed(html)
    grouped: dict[str, list[str]] = {}
    for name, value in parser.values:
        grouped.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in grouped.items()}


def edit_url(referral: dict[str, Any]) -> str:
    return f"/referrals/{referral['id']}/edit"


def opened(staff, referral: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The edit form as the browser posts it when opened now, with ``changes``
    (without its CSRF token: each session posts its own)."""
    response = staff.get(edit_url(referral))
    assert response.status_code == 200, page(response)[:2000]
    form = inputs(page(response), edit_url(referral))
    assert form.pop("csrf_token")
    return {**form, **changes}


def state(factory: Factory, staff, referral: dict[str, Any]) -> dict[str, Any]:
    return factory.client.get(
        f"/api/v1/referrals/{referral['id']}", headers=staff.headers
    ).get_json()


def edits(app, referral: dict[str, Any]) -> list[AuditLog]:
    with app.app_context():
        found = list(
            db.session.scalars(
                select(AuditLog).where(
                    AuditLog.object_id == referral["id"], AuditLog.action == "edit_draft"
                )
            )
        )
        db.session.expunge_all()
        return found


@pytest.fixture
def staff(web):
    return web("centre_staff", "crim-timisoara")


@pytest.fixture
def draft(factory: Factory, staff) -> dict[str, Any]:
    return factory.referral(staff.headers, service=CAREER, send=False)


# --- the page and the form -------------------------------------------------------------------


def test_the_draft_page_offers_edit_and_send_to_the_sender_only(staff, factory, draft, web):
    html = page(staff.get(f"/referrals/{draft['id']}"))
    assert f'href="{edit_url(draft)}"' in html and "Edit draft" in html
    assert 'name="to" value="requested"' in html  # "Send the referral", the lifecycle's move

    sent = factory.referral(staff.headers, service=CAREER)
    assert edit_url(sent) not in page(staff.get(f"/referrals/{sent['id']}"))
    officer = web("agency_officer", "ajofm-timis")
    assert edit_url(sent) not in page(officer.get(f"/referrals/{sent['id']}"))


def test_the_form_opens_filled_in_from_the_draft(staff, factory, draft):
    form = opened(staff, draft)

    assert form["form.topics"] == draft["form"]["topics"]
    assert form["form.session_language"] == draft["form"]["session_language"]
    assert form["consent_id"] == draft["consent_id"]
    assert form["priority"] == "normal" and form["note"] == ""
    assert form["version"] == str(draft["version"])


def test_staff_change_the_form_priority_and_note(staff, factory, app, draft):
    changes = {
        "form.topics": ["cv_and_interview", "self_employment"],
        "form.session_language": "ro",
        "priority": "urgent",
        "note": "Prefers mornings.",
    }
    response = staff.post(edit_url(draft), opened(staff, draft, **changes))

    assert response.status_code == 302, page(response)[:3000]
    assert response.headers["Location"].endswith(f"/referrals/{draft['id']}")
    now = state(factory, staff, draft)
    assert now["form"]["topics"] == ["cv_and_interview", "self_employment"]
    assert now["form"]["session_language"] == "ro"
    assert now["priority"] == "urgent" and now["note"] == "Prefers mornings."
    assert now["version"] == draft["version"] + 1 and now["status"] == "draft"
    assert "is saved" in page(staff.get(response.headers["Location"]))
    assert edits(app, draft)[0].changed_fields == ["form", "priority", "note"]


def test_an_emptied_note_is_removed(staff, factory):
    draft = factory.referral(staff.headers, service=CAREER, send=False, note="Old note")
    response = staff.post(edit_url(draft), opened(staff, draft, note=""))
    assert response.status_code == 302, page(response)[:3000]
    assert state(factory, staff, draft)["note"] is None


def test_the_history_of_the_record_shows_the_edit_without_values(staff, factory, draft):
    staff.post(edit_url(draft), opened(staff, draft, priority="urgent", note="Prefers mornings."))

    section = history(staff, {"id": draft["beneficiary"]["id"]})
    newest = rows(section)[0]
    assert f"Draft referral {draft['reference']} edited" in newest
    assert "Priority, Note" in newest
    assert "Prefers mornings" not in section and "urgent" not in section.lower()


def test_the_edited_draft_is_sent_from_its_page(staff, factory, draft):
    staff.post(edit_url(draft), opened(staff, draft, priority="urgent"))
    now = state(factory, staff, draft)

    response = staff.post(
        f"/referrals/{draft['id']}/transitions", {"to": "requested", "version": now["version"]}
    )

    assert response.status_code == 302
    assert state(factory, staff, draft)["status"] == "requested"
    assert state(factory, staff, draft)["priority"] == "urgent"


# --- refused, and nothing changed ------------------------------------------------------------


def unchanged(factory, staff, draft) -> None:
    now = state(factory, staff, draft)
    assert now["version"] == draft["version"]
    assert (now["form"], now["priority"], now["note"]) == (
        draft["form"],
        draft["priority"],
        draft["note"],
    )


def test_a_stale_version_shows_the_current_draft_and_saves_nothing(staff, factory, draft):
    stale = opened(staff, draft, note="Mine")
    first = staff.post(edit_url(draft), opened(staff, draft, priority="urgent"))
    assert first.status_code == 302

    response = staff.post(edit_url(draft), stale)

    assert response.status_code == 409
    html = page(response)
    assert "Someone changed this draft since you opened it" in html
    current = inputs(html, edit_url(draft))
    assert current["priority"] == "urgent" and current["note"] == ""
    assert current["version"] == str(draft["version"] + 1)
    assert state(factory, staff, draft)["note"] is None


def test_an_invalid_form_is_422_next_to_the_field_and_nothing_saved(staff, factory, draft):
    posted = opened(staff, draft, **{"form.topics": "astrology", "priority": "urgent"})

    response = staff.post(edit_url(draft), posted)

    assert response.status_code == 422
    html = page(response)
    assert error_of(html, "f-form-topics")
    assert inputs(html, edit_url(draft))["priority"] == "urgent"  # the input is kept
    unchanged(factory, staff, draft)


@pytest.mark.parametrize(
    ("changes", "field_id"),
    [
        ({"priority": "whenever"}, "f-priority"),
        ({"note": "x" * 2001}, "f-note"),
        ({"consent_id": ""}, "f-consent_id"),
        ({"consent_id": "not-a-consent"}, "f-consent_id"),
    ],
)
def test_invalid_own_inputs_are_422_next_to_them(staff, factory, draft, changes, field_id):
    response = staff.post(edit_url(draft), opened(staff, draft, **changes))

    assert response.status_code == 422
    assert error_of(page(response), field_id)
    unchanged(factory, staff, draft)


def test_a_missing_or_malformed_version_is_422(staff, factory, draft):
    for version in ("", "three"):
        response = staff.post(edit_url(draft), opened(staff, draft, version=version, note="x"))
        assert response.status_code == 422
        assert "did not say which version" in page(response)
    unchanged(factory, staff, draft)


@pytest.mark.parametrize("to", ["requested", "cancelled"])
def test_a_sent_or_cancelled_referral_is_409_on_its_page(staff, factory, draft, to):
    form = opened(staff, draft, priority="urgent")
    factory.move(staff.headers, draft, to)

    for response in (staff.get(edit_url(draft)), staff.post(edit_url(draft), form)):
        assert response.status_code == 409
        html = page(response)
        assert "can no longer be edited" in html
        assert f"Referral {draft['reference']}" in html  # the referral page, as it is now
    assert state(factory, staff, draft)["priority"] == "normal"


def test_without_the_csrf_token_nothing_is_saved(staff, factory, draft):
    form = opened(staff, draft, priority="urgent")

    response = staff.post(edit_url(draft), form, csrf=False)

    assert response.status_code == 400
    unchanged(factory, staff, draft)


# --- who may --------------------------------------------------------------------------------


def test_another_centre_gets_404(staff, factory, draft, web, other_centre):
    form = opened(staff, draft, priority="urgent")
    theirs = web("centre_staff", "cri-oradea")

    assert theirs.get(edit_url(draft)).status_code == 404
    assert theirs.post(edit_url(draft), form).status_code == 404
    unchanged(factory, staff, draft)


def test_the_receiving_officer_gets_404_for_a_draft_and_403_once_sent(staff, factory, draft, web):
    officer = web("agency_officer", "ajofm-timis")
    form = opened(staff, draft, priority="urgent")
    assert officer.get(edit_url(draft)).status_code == 404
    assert officer.post(edit_url(draft), form).status_code == 404
    unchanged(factory, staff, draft)

    sent = factory.referral(staff.headers, service=CAREER)
    assert officer.get(edit_url(sent)).status_code == 403
    assert officer.post(edit_url(sent), {**form, "version": sent["version"]}).status_code == 403


def test_a_coordinator_may_not_edit(staff, factory, draft, web):
    coordinator = web("coordinator", "prefectura-timis")
    form = opened(staff, draft, priority="urgent")

    assert coordinator.get(edit_url(draft)).status_code == 403
    assert coordinator.post(edit_url(draft), form).status_code == 403
    unchanged(factory, staff, draft)


def test_signed_out_the_form_asks_to_sign_in(app, draft):
    response = app.test_client().get(edit_url(draft))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
