"""Referring a person again after a rejection, in the web UI: the link on the
rejected referral, the form filled in from it, the office chosen instead of the
routing (never the one that rejected it) and the links between the two."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db import db
from core.documents.models import Document
from core.institutions.models import Institution, Office
from core.referrals.models import Referral
from tests.documents import pdf
from tests.factories import Factory
from tests.web.conftest import WebSession
from tests.web.test_staff import error_of

JOB_SEEKER = "labour_agency.job_seeker_registration"
CAREER = "labour_agency.career_counselling"
PERMIT = "immigration.residence_permit"
TIMIS = "Agenția Județeană pentru Ocuparea Forței de Muncă Timiș"
REJECTING = f"{TIMIS} — Sediul AJOFM Timiș – Timișoara"
LUGOJ = f"{TIMIS} — Agenția Locală pentru Ocuparea Forței de Muncă Lugoj"
RESITA = (
    "Agenția Județeană pentru Ocuparea Forței de Muncă Caraș-Severin"
    " — Sediul AJOFM Caraș-Severin – Reșița"
)


@dataclass
class Setting:
    """Two centres; the employment agency of Timiș (two offices) with two officers."""

    factory: Factory
    staff: WebSession
    colleague: dict[str, str]  # another member of the same centre (API)
    other_staff: WebSession  # the Oradea centre
    ana: WebSession
    bogdan: dict[str, str]

    def office(self, institution: str, slug: str) -> str:
        with self.factory.app.app_context():
            return db.session.scalar(
                select(Office.id)
                .join(Office.institution)
                .where(Institution.slug == institution, Office.slug == slug)
            )

    def rejected(self, staff: dict[str, str] | None = None, **kw: Any) -> dict[str, Any]:
        referral = self.factory.referral(staff or self.staff.headers, service=JOB_SEEKER, **kw)
        response = self.factory.move(
            self.bogdan,
            referral,
            "rejected",
            reason_code="no_right_to_work",
            note="The permit has expired.",
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def get(self, referral_id: str) -> dict[str, Any]:
        response = self.factory.client.get(
            f"/api/v1/referrals/{referral_id}", headers=self.staff.headers
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def referrals(self) -> int:
        with self.factory.app.app_context():
            return db.session.scalar(select(func.count()).select_from(Referral))


@pytest.fixture
def setting(factory: Factory, web, other_centre) -> Setting:
    return Setting(
        factory,
        staff=web("centre_staff", "crim-timisoara"),
        colleague=factory.staff(),
        other_staff=web("centre_staff", "cri-oradea"),
        ana=web("agency_officer", "ajofm-timis"),
        bogdan=factory.officer(),
    )


def again_url(referral: dict[str, Any], service: str | None = JOB_SEEKER) -> str:
    url = (
        f"/staff/beneficiaries/{referral['beneficiary']['id']}/referrals/new?again={referral['id']}"
    )
    return url + (f"&service={service}" if service else "")


def html(response: Any) -> str:
    return response.get_data(as_text=True)


def options(page: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, title, selected) of the select ``name``."""
    select_ = re.search(rf'<select id="[^"]*" name="{name}".*?</select>', page, re.S)
    assert select_, f"no select {name}"
    return [
        (value, title.strip(), bool(selected))
        for value, selected, title in re.findall(
            r'<option value="([^"]*)" ?(selected)?>([^<]*)</option>', select_.group(0)
        )
    ]


def send_form(page: str, **changes: Any) -> dict[str, Any]:
    """The form's inputs as the browser would post them, with ``changes``."""
    form = re.search(r'<form method="post" enctype="multipart/form-data".*?</form>', page, re.S)
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(0)):
        if name != "csrf_token":
            data.setdefault(name, []).append(value)
    for select_ in re.findall(r'<select[^>]*name="([^"]+)".*?</select>', form.group(0), re.S):
        chosen = [v for v, _, selected in options(form.group(0), select_) if selected]
        if chosen:
            data.setdefault(select_, []).extend(chosen)
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form.group(0)
    ):
        data[name] = [value]
    return {**data, "action": "send", **changes}


# --- the link -----------------------------------------------------------------


def test_only_the_sender_of_a_rejected_referral_is_offered_to_refer_again(setting):
    rejected = setting.rejected()
    accepted = setting.factory.referral(setting.staff.headers, service=JOB_SEEKER)
    assert setting.factory.move(setting.bogdan, accepted, "accepted").status_code == 200

    sender_page = html(setting.staff.get(f"/referrals/{rejected['id']}"))
    assert "Refer again" in sender_page
    assert f"again={rejected['id']}" in sender_page
    assert "There is nothing for you to do" not in sender_page
    officer_page = html(setting.ana.get(f"/referrals/{rejected['id']}"))
    assert "Refer again" not in officer_page
    assert "again=" not in officer_page
    accepted_page = html(setting.staff.get(f"/referrals/{accepted['id']}"))
    assert "Refer again" not in accepted_page


# --- the form -----------------------------------------------------------------


def test_the_form_is_filled_in_from_the_rejected_referral_with_its_reason(setting):
    rejected = setting.rejected()

    response = setting.staff.get(again_url(rejected))

    assert response.status_code == 200
    page = html(response)
    assert f"Referring again after {rejected['reference']}" in page
    assert (
        f"Rejected by {REJECTING}: No valid right to work in Romania — The permit has expired."
        in page
    )
    education = rejected["form"]["education_level"]
    assert (education, True) in [(v, s) for v, _, s in options(page, "form.education_level")]
    offices = options(page, "to_office_id")
    assert offices[0] == ("", "As the routing chooses", True)
    titles = [title for _, title, _ in offices]
    assert LUGOJ in titles and RESITA in titles
    assert REJECTING not in titles  # the office that rejected it is not offered
    # the form posts back to itself, again=
    assert f"again={rejected['id']}" in re.search(r'<form method="post" enctype[^>]*>', page).group(
        0
    )


def test_choosing_another_office_sends_it_there_and_links_the_two(setting):
    rejected = setting.rejected()
    lugoj = setting.office("ajofm-timis", "lugoj")
    page = html(setting.staff.get(again_url(rejected)))

    response = setting.staff.post(again_url(rejected), send_form(page, to_office_id=lugoj))

    assert response.status_code == 302, html(response)
    new_id = response.headers["Location"].rsplit("/", 1)[-1]
    made = setting.get(new_id)
    assert made["previous_referral_id"] == rejected["id"]
    assert made["to_office"]["id"] == lugoj
    assert made["status"] == "requested"
    assert made["form"] == rejected["form"]
    new_page = html(setting.staff.get(f"/referrals/{new_id}"))
    assert "Referred again after" in new_page
    assert f'href="/referrals/{rejected["id"]}">{rejected["reference"]}</a>' in new_page
    old_page = html(setting.staff.get(f"/referrals/{rejected['id']}"))
    assert f'href="/referrals/{new_id}">{made["reference"]}</a>' in old_page


def test_the_routing_may_choose_for_another_service_picked_from_the_catalogue(setting):
    rejected = setting.rejected()

    chooser = html(setting.staff.get(again_url(rejected, service=None)))
    assert f"Referring again after {rejected['reference']}" in chooser
    link = re.search(rf'href="([^"]*service={re.escape(CAREER)}[^"]*)"', chooser).group(1)
    assert f"again={rejected['id']}" in link
    page = html(setting.staff.get(link.replace("&amp;", "&")))
    assert f"Referring again after {rejected['reference']}" in page

    response = setting.staff.post(
        link.replace("&amp;", "&"),
        send_form(page, **{"form.topics": ["career_orientation"], "form.session_language": "en"}),
    )

    assert response.status_code == 302, html(response)
    made = setting.get(response.headers["Location"].rsplit("/", 1)[-1])
    assert made["service"] == CAREER
    assert made["previous_referral_id"] == rejected["id"]


def test_the_rejecting_office_posted_anyway_is_422_and_creates_nothing(setting):
    rejected = setting.rejected()
    rejecting = rejected["to_office"]["id"]
    page = html(setting.staff.get(again_url(rejected)))
    before = setting.referrals()

    response = setting.staff.post(again_url(rejected), send_form(page, to_office_id=rejecting))

    assert response.status_code == 422
    shown = html(response)
    assert error_of(shown, "f-to_office_id") == "The office that rejected the referral."
    assert "Send to office: The office that rejected the referral." in re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", shown)
    )
    assert (rejecting, REJECTING, True) in options(shown, "to_office_id")  # the choice is kept
    assert setting.referrals() == before
    # an office of another kind is refused as well
    other_kind = setting.office("cjas-timis", "main")
    response = setting.staff.post(again_url(rejected), send_form(page, to_office_id=other_kind))
    assert response.status_code == 422
    assert (
        error_of(html(response), "f-to_office_id") == "This office does not receive this service."
    )
    assert setting.referrals() == before


# --- what may be made again -----------------------------------------------------


def test_another_centres_referral_is_404(setting):
    theirs = setting.rejected(setting.other_staff.headers)
    mine = setting.factory.beneficiary(setting.staff.headers)
    url = (
        f"/staff/beneficiaries/{mine['id']}/referrals/new?service={JOB_SEEKER}&again={theirs['id']}"
    )

    assert setting.staff.get(url).status_code == 404
    assert setting.staff.get(again_url(theirs)).status_code == 404  # nor their person
    before = setting.referrals()
    assert setting.staff.post(url, {"action": "send"}).status_code == 404
    assert setting.referrals() == before


def test_a_referral_not_rejected_or_of_another_person_is_404(setting):
    open_one = setting.factory.referral(setting.staff.headers, service=JOB_SEEKER)
    accepted = setting.factory.referral(setting.staff.headers, service=JOB_SEEKER)
    assert setting.factory.move(setting.bogdan, accepted, "accepted").status_code == 200
    # a colleague's rejected referral is the centre's: it may be made again
    colleagues = setting.rejected(setting.colleague)
    someone_else = setting.factory.beneficiary(setting.staff.headers)

    assert setting.staff.get(again_url(open_one)).status_code == 404
    assert setting.staff.get(again_url(accepted)).status_code == 404
    assert setting.staff.get(again_url(open_one, service=None)).status_code == 404
    assert setting.staff.get(again_url(colleagues)).status_code == 200
    wrong_person = (
        f"/staff/beneficiaries/{someone_else['id']}/referrals/new"
        f"?service={JOB_SEEKER}&again={colleagues['id']}"
    )
    assert setting.staff.get(wrong_person).status_code == 404
    assert setting.staff.get(again_url({**open_one, "id": "no-such-id"})).status_code == 404


# --- documents ----------------------------------------------------------------


def test_scans_sent_with_the_referral_made_again_are_attached_to_it(setting, tmp_path):
    igi = setting.factory.officer("igi-timis")
    referral = setting.factory.referral(setting.staff.headers, service=PERMIT)
    rejection = setting.factory.move(igi, referral, "rejected", reason_code="outside_area")
    assert rejection.status_code == 200, rejection.get_json()
    rejected = rejection.get_json()
    resita = setting.office("igi-caras-severin", "main")
    page = html(setting.staff.get(again_url(rejected, PERMIT)))
    assert ": The person lives outside our area" in page
    with setting.factory.app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Document))

    data = send_form(page, to_office_id=resita)
    data["document.residence_permit"] = (io.BytesIO(pdf("permit")), "permit.pdf")
    response = setting.staff.post(
        again_url(rejected, PERMIT), data, content_type="multipart/form-data"
    )

    assert response.status_code == 302, html(response)
    made = setting.get(response.headers["Location"].rsplit("/", 1)[-1])
    assert made["to_office"]["id"] == resita
    assert made["previous_referral_id"] == rejected["id"]
    with setting.factory.app.app_context():
        attached = db.session.scalars(select(Document).where(Document.referral_id == made["id"]))
        assert [d.filename for d in attached] == ["permit.pdf"]
        assert db.session.scalar(select(func.count()).select_from(Document)) == before + 1
