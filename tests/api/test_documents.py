"""Documents on a referral through the API: upload (multipart), list, download;
checked by content; either side of the referral, nobody else; a refused
upload stores nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.audit import AuditLog
from core.db import db
from core.documents.models import Document
from tests.documents import jpeg, pdf, png, stored_files
from tests.factories import Factory, problem

PERMIT = "immigration.residence_permit"
JOB_SEEKER = "labour_agency.job_seeker_registration"


def upload(
    factory: Factory,
    headers: dict,
    referral: dict,
    content: bytes,
    name: str = "permit.pdf",
    code: str = "residence_permit",
    **extra: Any,
):
    data: dict[str, Any] = {"file": (io.BytesIO(content), name), "document_code": code, **extra}
    return factory.client.post(
        f"/api/v1/referrals/{referral['id']}/documents",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def listed(factory: Factory, headers: dict, referral: dict, query: str = "") -> Any:
    return factory.client.get(
        f"/api/v1/referrals/{referral['id']}/documents{query}", headers=headers
    )


def content(factory: Factory, headers: dict, document_id: str) -> Any:
    return factory.client.get(f"/api/v1/documents/{document_id}/content", headers=headers)


def document_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document))


@pytest.fixture
def storage(tmp_path: Path) -> Path:
    """The folder conftest names in ``document_storage``."""
    return tmp_path / "documents"


@pytest.fixture
def staff(factory):
    return factory.staff()


@pytest.fixture
def igi(factory):
    return factory.officer("igi-timis")


@pytest.fixture
def permit(factory, staff) -> dict:
    return factory.referral(staff, PERMIT)


def test_staff_attach_a_residence_permit_and_the_igi_officer_downloads_it(
    app, factory, staff, igi, permit, storage
):
    scan = pdf("permit scan")
    response = upload(factory, staff, permit, scan, name="Permis ședere.pdf")
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["filename"] == "Permis ședere.pdf"
    assert created["content_type"] == "application/pdf"
    assert created["size"] == len(scan)
    assert created["document_code"] == "residence_permit"
    assert created["uploaded_by"] and created["uploaded_at"].endswith("+00:00")
    assert {"id", "uploaded_at", "uploaded_by"} <= set(created)

    items = listed(factory, igi, permit).get_json()
    assert [d["id"] for d in items["items"]] == [created["id"]]
    assert items["next_cursor"] is None

    download = content(factory, igi, created["id"])
    assert download.status_code == 200
    assert download.data == scan
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Permis%20%C8%99edere.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "no-store"
    # stored under a random name, not the one given, readable by the hub only
    (stored,) = stored_files(storage)
    assert stored.read_bytes() == scan and "Permis" not in stored.name
    assert stored.stat().st_mode & 0o777 == 0o600


def test_every_read_and_upload_is_in_the_persons_access_log(app, factory, staff, igi, permit):
    created = upload(factory, staff, permit, pdf()).get_json()
    listed(factory, igi, permit)
    content(factory, igi, created["id"])
    content(factory, staff, created["id"])
    with app.app_context():
        rows = db.session.execute(
            select(AuditLog.action, AuditLog.actor_role, AuditLog.object_id)
            .where(
                AuditLog.beneficiary_id == permit["beneficiary"]["id"],
                AuditLog.action.like("%document%"),
            )
            .order_by(AuditLog.id)
        ).all()
    assert [(r.action, r.actor_role, r.object_id) for r in rows] == [
        ("add_document", "centre_staff", permit["id"]),
        ("list_documents", "agency_officer", permit["id"]),
        ("read_document", "agency_officer", permit["id"]),
        ("read_document", "centre_staff", permit["id"]),
    ]


def test_png_and_jpeg_are_recognised_by_their_content_not_their_name(factory, staff, igi, permit):
    as_png = upload(factory, igi, permit, png(), name="scan.pdf", code="proof_of_address")
    as_jpeg = upload(factory, staff, permit, jpeg(), name="photo", code="other")
    assert as_png.status_code == as_jpeg.status_code == 201
    assert as_png.get_json()["content_type"] == "image/png"
    assert as_jpeg.get_json()["content_type"] == "image/jpeg"
    # the officer's upload names the officer; the saved name ends in the real type
    disposition = content(factory, staff, as_png.get_json()["id"]).headers["Content-Disposition"]
    assert disposition == "attachment; filename=scan.pdf.png"
    photo = content(factory, igi, as_jpeg.get_json()["id"])
    assert photo.mimetype == "image/jpeg" and photo.data == jpeg()
    assert photo.headers["Content-Disposition"] == "attachment; filename=photo.jpg"


def test_a_file_name_loses_its_folders_and_control_characters(factory, staff, permit):
    name = "..\\..\\etc/\u202eevil\x00fdp.pdf"
    created = upload(factory, staff, permit, pdf(), name=name).get_json()
    assert created["filename"] == "evilfdp.pdf"


def test_the_list_pages_oldest_first(factory, staff, permit):
    ids = [
        upload(factory, staff, permit, pdf(str(i)), code="other").get_json()["id"] for i in range(3)
    ]
    first = listed(factory, staff, permit, "?limit=2").get_json()
    assert [d["id"] for d in first["items"]] == ids[:2]
    rest = listed(factory, staff, permit, f"?limit=2&cursor={first['next_cursor']}").get_json()
    assert [d["id"] for d in rest["items"]] == ids[2:]
    assert rest["next_cursor"] is None


# --- refused uploads store nothing ------------------------------------------------------

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("body", "name", "status"),
    [
        pytest.param(b"", "permit.pdf", 422, id="empty"),
        pytest.param(
            b"Residence permit RP123456, valid until 2027\n", "permit.pdf", 415, id="text"
        ),
        pytest.param(HTML, "permit.pdf", 415, id="html-named-pdf"),
        pytest.param(b"%PDF-1.4\n" + HTML + b"\n%%EOF\n", "permit.pdf", 415, id="pdf-header-html"),
        pytest.param(pdf().replace(b"%%EOF", b"%%END"), "permit.pdf", 415, id="pdf-without-end"),
        pytest.param(png() + b"<script>alert(1)</script>", "permit.png", 415, id="png-with-script"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "permit.pdf", 415, id="gif"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 40, "permit.pdf", 415, id="zip"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    app, factory, staff, permit, storage, body, name, status
):
    response = upload(factory, staff, permit, body, name=name)
    errors = problem(response, status)["errors"]
    assert list(errors) == ["file"]
    assert stored_files(storage) == [] and document_rows(app) == 0


def test_a_file_over_max_document_bytes_is_413_and_nothing_is_stored(make_app, tmp_path, storage):
    app = make_app(config={"max_document_bytes": 400})
    factory = Factory(app, app.test_client())
    staff = factory.staff()
    referral = factory.referral(staff, PERMIT)
    assert upload(factory, staff, referral, pdf("x" * 60)).status_code == 201  # within 400
    big = upload(factory, staff, referral, pdf("x" * 200))
    assert problem(big, 413)["max_bytes"] == 400
    # a body beyond what any upload may be is refused before it is read
    app.config["MAX_CONTENT_LENGTH"] = 1_000
    huge = upload(factory, staff, referral, pdf("x" * 5_000))
    problem(huge, 413)
    assert len(stored_files(storage)) == document_rows(app) == 1


def test_an_unknown_document_code_is_422_with_the_known_codes(app, factory, staff, permit, storage):
    body = problem(upload(factory, staff, permit, pdf(), code="diploma"), 422)
    assert body["errors"] == {"document_code": [body["errors"]["document_code"][0]]}
    assert body["known_codes"] == [
        "travel_document",
        "residence_permit",
        "proof_of_address",
        "proof_of_purpose",
        "other",
    ]
    problem(upload(factory, staff, permit, pdf(), code=""), 422)
    assert stored_files(storage) == [] and document_rows(app) == 0


def test_a_malformed_upload_is_a_4xx(app, factory, staff, permit, storage):
    url = f"/api/v1/referrals/{permit['id']}/documents"
    no_file = factory.client.post(
        url, data={"document_code": "other"}, headers=staff, content_type="multipart/form-data"
    )
    assert problem(no_file, 422)["errors"] == {"file": ["Choose a file to upload."]}
    extra = upload(factory, staff, permit, pdf(), note="hello")
    assert problem(extra, 422)["errors"] == {"note": ["Unknown field."]}
    problem(factory.client.post(url, json={"document_code": "other"}, headers=staff), 415)
    assert stored_files(storage) == [] and document_rows(app) == 0


# --- who ---------------------------------------------------------------------------------


def test_only_the_two_sides_see_the_documents(factory, staff, igi, permit, other_centre):
    created = upload(factory, staff, permit, pdf()).get_json()
    second_officer = factory.officer("igi-timis")
    assert content(factory, second_officer, created["id"]).status_code == 200
    another_igi = factory.officer("igi-caras-severin")
    labour = factory.officer("ajofm-timis")
    for outsider in (other_centre, another_igi, labour):
        problem(listed(factory, outsider, permit), 404)
        problem(content(factory, outsider, created["id"]), 404)
        problem(upload(factory, outsider, permit, pdf()), 404)
    coordinator = factory.headers("coordinator", "prefectura-timis")
    problem(content(factory, coordinator, created["id"]), 403)
    problem(listed(factory, coordinator, permit), 403)
    problem(content(factory, staff, "0190aaaa-0000-7000-8000-000000000000"), 404)


def test_a_draft_takes_documents_from_its_centre_and_is_hidden_from_the_receiver(
    factory, staff, igi
):
    draft = factory.referral(staff, PERMIT, send=False)
    created = upload(factory, staff, draft, pdf())
    assert created.status_code == 201
    problem(listed(factory, igi, draft), 404)
    problem(content(factory, igi, created.get_json()["id"]), 404)
    problem(upload(factory, igi, draft, pdf()), 404)


def test_a_closed_referral_takes_no_more_documents_but_keeps_those_it_has(
    app, factory, staff, igi, permit, storage
):
    created = upload(factory, staff, permit, pdf()).get_json()
    response = factory.move(staff, permit, "cancelled")
    assert response.status_code == 200
    problem(upload(factory, staff, permit, pdf("late")), 409)
    problem(upload(factory, igi, permit, pdf("late")), 409)
    assert content(factory, igi, created["id"]).status_code == 200
    assert len(stored_files(storage)) == document_rows(app) == 1


def test_the_receiver_loses_the_documents_when_the_consent_is_withdrawn(
    factory, staff, igi, permit
):
    created = upload(factory, staff, permit, pdf()).get_json()
    withdrawn = factory.client.post(
        f"/api/v1/consents/{permit['consent_id']}/withdraw", headers=staff
    )
    assert withdrawn.status_code == 200, withdrawn.get_json()
    assert listed(factory, igi, permit).get_json()["items"] == []
    problem(content(factory, igi, created["id"]), 404)
    assert content(factory, staff, created["id"]).status_code == 200


def test_an_institution_token_may_attach_for_its_institution(app, factory, staff, permit):
    from tests.api.test_inbound import institution_token

    token = institution_token(app, "igi-timis")
    created = upload(factory, token, permit, png(), name="decision.png", code="other")
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["uploaded_by"] is None
    assert created.get_json()["uploaded_by_institution_id"] == factory.institution_id("igi-timis")


# --- the file follows the transaction -------------------------------------------------------


def test_a_rolled_back_upload_leaves_no_file(app, factory, staff, permit, storage):
    from core.access import Principal
    from core.documents import service
    from core.referrals.models import Referral

    with app.app_context():
        caller = Principal(
            role="centre_staff", institution_id=factory.institution_id("crim-timisoara")
        )
        referral = db.session.get(Referral, permit["id"])
        service.add_document(
            caller, referral, "other", service.read_upload(io.BytesIO(pdf()), "a.pdf")
        )
        assert len(stored_files(storage)) == 1
        db.session.rollback()  # as when the database refuses the commit
        assert stored_files(storage) == []
        service.add_document(
            caller, referral, "other", service.read_upload(io.BytesIO(pdf()), "b.pdf")
        )
        db.session.commit()
    assert len(stored_files(storage)) == document_rows(app) == 1


def test_the_persons_export_lists_the_documents_without_their_bytes(factory, staff, permit):
    created = upload(factory, staff, permit, pdf(), name="permit.pdf").get_json()
    person = permit["beneficiary"]["id"]
    exported = factory.client.get(f"/api/v1/beneficiaries/{person}/export", headers=staff)
    (referral,) = exported.get_json()["referrals"]
    assert referral["documents"] == [{**created, "erased_at": None}]
