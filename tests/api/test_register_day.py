"""The register's first day over HTTP, as the issue's "done when" reads: the
same person typed in another script is a possible duplicate, "Youssef Al Ali"
finds يوسف العلي, a birth date is corrected, and the employment agency's
officer reads the Latin name."""

from __future__ import annotations

from tests.factories import BENEFICIARY, Factory

JOB_SEEKER = "labour_agency.job_seeker_registration"
OKSANA = {"given_name": "Оксана", "family_name": "Шевченко", "nationality": "UA",
          "languages": ["uk"], "protection_status": "temporary_protection",
          "residence_document": None, "sex": "female"}  # fmt: skip
YUSUF = {"given_name": "يوسف", "family_name": "العلي", "date_of_birth": "1992-08-03",
         "residence_document": None}  # fmt: skip


def test_the_registers_first_day(client, factory: Factory):
    staff, officer = factory.staff(), factory.officer("ajofm-timis")
    oksana = factory.beneficiary(staff, **OKSANA)
    yusuf = factory.beneficiary(staff, **YUSUF)
    referral = factory.referral(staff, service=JOB_SEEKER, beneficiary=yusuf)

    typed = {**BENEFICIARY, **OKSANA, "given_name": "Oksana", "family_name": "Shevchenko"}
    answer = client.post("/api/v1/beneficiaries", json=typed, headers=staff).get_json()
    assert [d["id"] for d in answer["possible_duplicates"]] == [oksana["id"]]

    found = client.post(
        "/api/v1/beneficiaries/search", json={"q": "Youssef Al Ali"}, headers=staff
    ).get_json()["items"]
    assert [p["id"] for p in found][:1] == [yusuf["id"]]
    assert found[0]["name_latin"] == "Yusuf Al-Ali"

    corrected = client.patch(
        f"/api/v1/beneficiaries/{yusuf['id']}",
        json={"date_of_birth": "1992-03-08"},
        headers={**staff, "If-Match": f'"{yusuf["version"]}"'},
    )
    assert corrected.status_code == 200, corrected.get_json()
    stale = client.patch(
        f"/api/v1/beneficiaries/{yusuf['id']}",
        json={"date_of_birth": "1992-08-03"},
        headers={**staff, "If-Match": f'"{yusuf["version"]}"'},
    )
    assert stale.status_code == 412
    assert (
        client.get(f"/api/v1/beneficiaries/{yusuf['id']}", headers=staff).get_json()[
            "date_of_birth"
        ]
        == "1992-03-08"
    )

    seen = client.get(f"/api/v1/referrals/{referral['id']}", headers=officer).get_json()
    assert seen["beneficiary"]["name_latin"] == "Yusuf Al-Ali"
    assert seen["beneficiary"]["given_name"] == "يوسف"
    listed = client.get("/api/v1/referrals", headers=officer).get_json()["items"]
    assert {r["beneficiary"]["name_latin"] for r in listed} == {"Yusuf Al-Ali"}
