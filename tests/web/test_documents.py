"""Documents in the web UI: the referral page's checklist and upload form
(both sides, while open), the download, and the scans sent with a new referral."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db import db
from core.documents.models import Document
from core.referrals.models import Referral
from tests.api.test_documents import upload
from tests.documents import jpeg, pdf, png, stored_files
from tests.factories import Factory, example_of
from tests.web.conftest import WebSession

PERMIT = "immigration.residence_permit"
HTML = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"


@pytest.fixture
def storage(tmp_path: Path) -> Path:
    return tmp_path / "documents"


@pytest.fixture
def staff(web) -> WebSession:
    return web("centre_staff", "crim-timisoara")


@pytest.fixture
def igi(web) -> WebSession:
    return web("agency_officer", "igi-timis")


def count(app, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def new_referral(factory, staff: WebSession, files: dict[str, Any], action: str = "send"):
    person = factory.beneficiary(staff.headers)
    consent = factory.consent(staff.headers, person["id"])
    form = example_of(factory.service(PERMIT, staff.headers)["form_schema"])
    data = {
        **{f"form.{name}": value for name, value in form.items()},
        "consent_id": consent["id"],
        "priority": "normal",
        "action": action,
        **{f"document.{code}": (io.BytesIO(body), name) for code, (body, name) in files.items()},
    }
    url = f"/staff/beneficiaries/{person['id']}/referrals/new?service={PERMIT}"
    return staff.post(url, data, content_type="multipart/form-data")


def download_links(html: str) -> list[str]:
    return re.findall(r'href="(/documents/[^"]+)"', html)


def test_staff_attach_the_permit_on_creation_and_the_igi_officer_downloads_it(
    app, factory, staff, igi, storage
):
    scan = pdf("permit")
    created = new_referral(factory, staff, {"residence_permit": (scan, "permit.pdf")})
    assert created.status_code == 302, staff.text(created)
    referral_url = created.headers["Location"]

    html = igi.text(igi.get(referral_url))
    checklist = html.split('id="documents"', 1)[1].split("</section>", 1)[0]
    permit_line = checklist.split("Current residence permit")[0].rsplit("<li>", 1)[1]
    assert "Attached" in permit_line
    assert "Missing" in checklist  # the travel document, proof of address, ...
    (link,) = download_links(checklist)
    download = igi.get(link)
    assert download.status_code == 200 and download.data == scan
    assert download.headers["Content-Disposition"] == "attachment; filename=permit.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"
    assert len(stored_files(storage)) == count(app, Document) == 1


def test_a_bad_scan_on_creation_stores_neither_the_referral_nor_any_file(
    app, factory, staff, storage
):
    response = new_referral(
        factory,
        staff,
        {"residence_permit": (HTML, "permit.pdf"), "travel_document": (png(), "passport.png")},
    )
    assert response.status_code == 422
    html = staff.text(response)
    assert 'id="f-document-residence_permit-error"' in html
    assert "none of them" in html.split('id="f-document-residence_permit-error"')[1][:300]
    assert 'href="#f-document-residence_permit"' in html  # the error summary links to it
    assert count(app, Referral) == count(app, Document) == 0
    assert stored_files(storage) == []


def test_an_empty_file_input_on_creation_is_no_document(app, factory, staff, storage):
    response = new_referral(factory, staff, {"residence_permit": (b"", "")})
    assert response.status_code == 302, staff.text(response)
    assert count(app, Referral) == 1 and count(app, Document) == 0


def test_either_side_attaches_on_the_referral_page_while_it_is_open(
    app, factory, staff, igi, storage
):
    referral = factory.referral(staff.headers, PERMIT)
    url = f"/referrals/{referral['id']}"
    for session, body, code in ((staff, jpeg(), "proof_of_address"), (igi, png(), "other")):
        page = session.text(session.get(url))
        assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
        posted = session.post(
            f"{url}/documents",
            {"document_code": code, "file": (io.BytesIO(body), "scan")},
            content_type="multipart/form-data",
        )
        assert posted.status_code == 302, session.text(posted)
    html = staff.text(staff.get(url))
    section = html.split('id="documents"', 1)[1].split("</section>", 1)[0]
    assert "Other documents" in section and len(download_links(section)) == 2
    assert count(app, Document) == len(stored_files(storage)) == 2

    factory.move(staff.headers, referral, "cancelled")
    closed = staff.text(staff.get(url)).split('id="documents"', 1)[1].split("</section>", 1)[0]
    assert 'name="file"' not in closed and len(download_links(closed)) == 2
    refused = staff.post(
        f"{url}/documents",
        {"document_code": "other", "file": (io.BytesIO(pdf()), "late.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 409
    assert "closed" in staff.text(refused)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        pytest.param(b"", 422, "empty", id="empty"),
        pytest.param(b"just text", 415, "none of them", id="text"),
        pytest.param(HTML, 415, "none of them", id="pdf-header-html"),
    ],
)
def test_a_bad_upload_on_the_page_is_shown_there_and_stores_nothing(
    app, factory, staff, storage, body, status, words
):
    referral = factory.referral(staff.headers, PERMIT)
    response = staff.post(
        f"/referrals/{referral['id']}/documents",
        {"document_code": "residence_permit", "file": (io.BytesIO(body), "permit.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    html = staff.text(response)
    assert words in html.split('id="f-document-file-error"', 1)[1][:300]
    assert '<option value="residence_permit" selected>' in html
    assert count(app, Document) == 0 and stored_files(storage) == []


def test_a_file_too_large_gets_a_page_not_a_crash(make_app, storage):
    app = make_app(config={"max_document_bytes": 400, "max_body_bytes": 2_000})
    factory = Factory(app, app.test_client())
    headers = factory.headers("centre_staff", "crim-timisoara", email="big@hub.example")
    staff = WebSession(app, "big@hub.example", headers)
    assert staff.login().status_code == 302
    staff.post("/language", {"lang": "en"})  # the page is read in English
    referral = factory.referral(headers, PERMIT)
    url = f"/referrals/{referral['id']}/documents"
    over = staff.post(
        url,
        {"document_code": "other", "file": (io.BytesIO(pdf("x" * 200)), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert over.status_code == 413 and "too large" in staff.text(over)
    far_over = staff.post(
        url,
        {"document_code": "other", "file": (io.BytesIO(pdf("x" * 5_000)), "huge.pdf")},
        content_type="multipart/form-data",
    )
    assert far_over.status_code == 413 and "smaller scan" in staff.text(far_over)
    assert stored_files(storage) == []


def test_other_centres_and_institutions_get_404(app, factory, staff, web):
    referral = factory.referral(staff.headers, PERMIT)
    created = upload(factory, staff.headers, referral, pdf()).get_json()
    for outsider in (
        web("agency_officer", "igi-caras-severin"),
        web("agency_officer", "ajofm-timis"),
    ):
        assert outsider.get(f"/documents/{created['id']}").status_code == 404
        posted = outsider.post(
            f"/referrals/{referral['id']}/documents",
            {"document_code": "other", "file": (io.BytesIO(pdf()), "x.pdf")},
            content_type="multipart/form-data",
        )
        assert posted.status_code == 404
    assert count(app, Document) == 1


def test_another_centre_gets_404(app, factory, staff, web, other_centre):
    referral = factory.referral(staff.headers, PERMIT)
    created = upload(factory, staff.headers, referral, pdf()).get_json()
    oradea = web("centre_staff", "cri-oradea")
    assert oradea.get(f"/documents/{created['id']}").status_code == 404
    assert oradea.get(f"/referrals/{referral['id']}").status_code == 404


def test_an_upload_without_the_csrf_token_is_refused(app, factory, staff, storage):
    referral = factory.referral(staff.headers, PERMIT)
    response = staff.post(
        f"/referrals/{referral['id']}/documents",
        {"document_code": "other", "file": (io.BytesIO(pdf()), "x.pdf")},
        csrf=False,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert count(app, Document) == 0 and stored_files(storage) == []
