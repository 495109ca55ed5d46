"""A person's access log (GDPR Art. 15): every read and change of the
beneficiary and of their referrals, by either side, is shown to the staff of
the registering centre as "Who saw this record"."""

from __future__ import annotations

from sqlalchemy import select

from core.auth.service import issue_token
from core.db import db
from core.institutions.models import Institution


def institution_token(app, slug: str) -> dict[str, str]:
    with app.app_context():
        institution = db.session.scalar(select(Institution).where(Institution.slug == slug))
        token, _ = issue_token(institution=institution, name="case system")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _page(session, person_id: str) -> str:
    response = session.get(f"/staff/beneficiaries/{person_id}")
    assert response.status_code == 200, session.text(response)
    return session.text(response).split('id="seen-by"', 1)[1]


def test_reads_by_either_side_appear_on_the_persons_page(web, factory, client, app):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    other = factory.beneficiary(staff.headers, given_name="Oksana")
    referral = factory.referral(staff.headers, beneficiary=person, send=True)
    assert (
        client.get(f"/api/v1/referrals/{referral['id']}", headers=factory.officer()).status_code
        == 200
    )
    token = institution_token(app, "ajofm-timis")
    assert client.get(f"/api/v1/referrals/{referral['id']}", headers=token).status_code == 200
    # an officer of another institution cannot read it, and leaves no entry
    cjas = factory.officer("cjas-timis")
    assert client.get(f"/api/v1/referrals/{referral['id']}", headers=cjas).status_code == 404
    client.get(f"/api/v1/beneficiaries/{other['id']}", headers=staff.headers)

    log = _page(staff, person["id"])
    assert "Agenția Județeană pentru Ocuparea Forței de Muncă Timiș" in log
    assert "Institution officer" in log and "institution token" in log
    assert referral["reference"] in log
    assert "Centrul Regional de Integrare pentru Migranți Timișoara" in log
    assert "Casa" not in log  # the CJAS officer's failed read is no access
    assert "opened · a referral" in log and "created · the record" in log
    # newest first: the page's own read comes before the registration
    assert log.index("opened · the record") < log.index("created · the record")
    # recording the consent and this page; the other person's read is theirs alone
    assert log.count("opened · the record") == 2
    assert referral["reference"] not in _page(staff, other["id"])


def test_the_access_log_pages_after_fifty_entries(web, factory, client):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    for _ in range(55):
        client.get(f"/api/v1/beneficiaries/{person['id']}", headers=staff.headers)
    page = staff.text(staff.get(f"/staff/beneficiaries/{person['id']}"))
    assert page.split('id="seen-by"', 1)[1].count("<tr>") == 50 + 1  # and the header row
    more = f"/staff/beneficiaries/{person['id']}/access-log?page=2"
    assert more in page.replace("&amp;", "&")
    second = staff.get(more)
    assert second.status_code == 200
    # 1 create + 55 API reads + 2 page reads (this one too) = 58: 8 on page 2
    assert staff.text(second).count("<tr>") == 8 + 1
    assert "?page=3" not in staff.text(second)


def test_only_the_registering_centre_sees_the_access_log(web, factory, other_centre):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    theirs = web("centre_staff", "cri-oradea")
    for path in (
        f"/staff/beneficiaries/{person['id']}",
        f"/staff/beneficiaries/{person['id']}/access-log",
    ):
        assert theirs.get(path).status_code == 404
        assert web("agency_officer", "ajofm-timis").get(path).status_code == 403
        assert web("coordinator", "prefectura-timis").get(path).status_code == 403


# --- the printable export (Art. 15) ---------------------------------------------------------


def test_the_printable_export_is_in_the_persons_language(web, factory, client):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers, languages=["ar", "uk"])
    referral = factory.referral(staff.headers, beneficiary=person, send=True)
    client.post(
        f"/api/v1/referrals/{referral['id']}/comments",
        json={"body": "Bring the permit."},
        headers=factory.officer(),
    )
    page_link = f"/staff/beneficiaries/{person['id']}/export"
    assert page_link in staff.text(staff.get(f"/staff/beneficiaries/{person['id']}"))
    response = staff.get(page_link)
    assert response.status_code == 200
    html = staff.text(response)
    assert "Хто бачив цей запис" in html  # Ukrainian: the first of her languages the hub has
    assert referral["reference"] in html and "Bring the permit." in html
    assert person["given_name"] in html
    assert 'class="actions no-print"' in html and "<form" not in html.split("<main", 1)[1]
    log = client.get(f"/api/v1/beneficiaries/{person['id']}/export", headers=staff.headers)
    actions = [e["action"] for e in log.get_json()["access_log"]]
    assert actions[:2] == ["export", "export"]  # the API's, then the page's


def test_the_printable_export_falls_back_to_the_hubs_language(web, factory):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers, languages=["ar"])
    html = staff.text(staff.get(f"/staff/beneficiaries/{person['id']}/export"))
    assert "Cine a văzut această fișă" in html  # the hub's default, Romanian


def test_only_the_registering_centre_prints_the_export(web, factory, other_centre):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    path = f"/staff/beneficiaries/{person['id']}/export"
    assert web("centre_staff", "cri-oradea").get(path).status_code == 404
    assert web("agency_officer", "ajofm-timis").get(path).status_code == 403
    assert web("coordinator", "prefectura-timis").get(path).status_code == 403


# --- admins answer a person's request: found by reference, never by name ----------------------


def test_an_admin_finds_a_person_by_reference_and_sees_who_saw_the_record(web, factory, client):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers, given_name="Oksana")
    referral = factory.referral(staff.headers, beneficiary=person, send=True)
    client.get(f"/api/v1/referrals/{referral['id']}", headers=factory.officer())
    admin = web("admin")
    assert "People's requests" in admin.text(admin.get("/admin/people"))
    found = admin.post("/admin/people", {"reference": f" {person['reference'].lower()} "})
    assert found.status_code == 302
    log_page = found.headers["Location"]
    assert person["reference"] not in log_page and "Oksana" not in log_page
    log = admin.text(admin.get(log_page))
    assert "Agenția Județeană pentru Ocuparea Forței de Muncă Timiș" in log
    assert referral["reference"] in log
    export = admin.get(f"/staff/beneficiaries/{person['id']}/export")
    assert export.status_code == 200 and "Oksana" in admin.text(export)
    # the admin's looks are in the person's log too, and no more than that is open to them
    actions = client.get(f"/api/v1/beneficiaries/{person['id']}/export", headers=staff.headers)
    by_roles = {(e["action"], e["by"]["role"]) for e in actions.get_json()["access_log"]}
    assert ("read", "admin") in by_roles and ("export", "admin") in by_roles
    assert admin.get(f"/staff/beneficiaries/{person['id']}").status_code == 403


def test_an_unknown_reference_is_a_clear_404_and_only_admins_look_up(web, factory):
    admin = web("admin")
    missing = admin.post("/admin/people", {"reference": "B-NOSUCH"})
    assert missing.status_code == 404
    page = admin.text(missing)
    assert "No person has this reference." in page and 'value="B-NOSUCH"' in page
    assert admin.post("/admin/people", {"reference": "B-X"}, csrf=False).status_code == 400
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    assert staff.post("/admin/people", {"reference": person["reference"]}).status_code == 403


# --- restriction (Art. 18) on the person's page -------------------------------------------------


def test_staff_restrict_and_lift_on_the_persons_page(web, factory):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers, given_name="Oksana")
    page = f"/staff/beneficiaries/{person['id']}"
    refused = staff.post(f"{page}/restriction", {"reason": "  "})
    assert refused.status_code == 422
    assert "Give the reason for the restriction." in staff.text(refused)
    done = staff.post(f"{page}/restriction", {"reason": "contests the accuracy"})
    assert done.status_code == 302
    shown = staff.text(staff.get(page))
    assert "contests the accuracy" in shown and "Lift the restriction" in shown
    register = staff.text(staff.post("/staff/beneficiaries", {"q": "Oksana"}))
    assert person["reference"] not in register
    assert staff.post(f"{page}/restriction/lift").status_code == 302
    assert person["reference"] in staff.text(staff.post("/staff/beneficiaries", {"q": "Oksana"}))


def test_only_the_registering_centre_restricts_on_the_web(web, factory, other_centre):
    staff = web("centre_staff", "crim-timisoara")
    person = factory.beneficiary(staff.headers)
    path = f"/staff/beneficiaries/{person['id']}/restriction"
    theirs = web("centre_staff", "cri-oradea")
    assert theirs.post(path, {"reason": "x"}).status_code == 404
    assert theirs.post(f"{path}/lift").status_code == 404
    assert web("agency_officer", "ajofm-timis").post(path, {"reason": "x"}).status_code == 403
    assert staff.post(path, {"reason": "x"}, csrf=False).status_code == 400
