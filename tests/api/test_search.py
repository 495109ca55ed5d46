"""The register's search over HTTP: names in any script and spelling, ranked
best first; reference, phone and document number; only the caller's centre."""

from __future__ import annotations

import pytest

from tests.api.test_beneficiaries import search


@pytest.fixture
def staff(factory) -> dict[str, str]:
    return factory.headers("centre_staff", "crim-timisoara")


def person(factory, staff, given: str, family: str, **fields) -> str:
    return factory.beneficiary(staff, given_name=given, family_name=family, **fields)["id"]


@pytest.fixture
def register(factory, staff) -> dict[str, str]:
    """A small register with look-alike names: two Al-Hassans, two Kovalenkos."""
    return {
        "yusuf": person(factory, staff, "يوسف", "العلي"),
        "ahmad": person(factory, staff, "أحمد", "الحسن"),
        "fatima": person(factory, staff, "فاطمة", "الحسن"),
        "haddad": person(factory, staff, "سامر", "حداد"),
        "oleksandr": person(factory, staff, "Олександр", "Коваленко"),
        "nataliia": person(factory, staff, "Наталія", "Коваленко"),
        "andrii": person(factory, staff, "Андрій", "Бондаренко"),
        "stefan": person(factory, staff, "Ștefan", "Țurcanu"),
    }


@pytest.mark.parametrize(
    ("q", "who"),
    [
        ("Youssef Al Ali", "yusuf"),
        ("Yusuf Al-Ali", "yusuf"),
        ("Yousef Alali", "yusuf"),
        ("يوسف", "yusuf"),
        ("Ahmed Al Hasan", "ahmad"),
        ("Ahmad Alhassan", "ahmad"),
        ("haddad", "haddad"),
        ("Samer Hadad", "haddad"),
        ("olexandr", "oleksandr"),
        ("Aleksandr Kovalenko", "oleksandr"),
        ("Олександр Коваленко", "oleksandr"),
        ("Andriy Bondarenko", "andrii"),
        ("Stefan Tsurcanu", "stefan"),
    ],
)
def test_a_spelling_staff_type_finds_the_person_first(client, staff, register, q, who):
    found = search(client, staff, q)
    assert found and found[0] == register[who]


def test_a_name_finds_only_people_with_that_name(client, staff, register):
    assert search(client, staff, "andrii") == [register["andrii"]]
    assert search(client, staff, "Zbigniew Brzezinski") == []


def test_a_family_name_finds_the_family_best_match_first(client, staff, register):
    assert set(search(client, staff, "Al-Hassan")) == {register["ahmad"], register["fatima"]}
    assert search(client, staff, "Fatimah Al Hasan")[0] == register["fatima"]
    assert search(client, staff, "Nataliya Kowalenko")[0] == register["nataliia"]


@pytest.mark.parametrize("q", ["+40 712 345 678", "0712345678", "0712-345-678", "(0712) 345 678"])
def test_a_phone_in_any_formatting(client, factory, staff, q):
    mine = person(factory, staff, "Ion", "Pop", phone="+40 712 345 678")
    person(factory, staff, "Ana", "Pop", phone="+40 712 345 679")
    assert search(client, staff, q) == [mine]


@pytest.mark.parametrize("q", ["RP 123-456", "rp123456", "RP123456"])
def test_a_residence_document_number(client, factory, staff, q):
    document = {"type": "residence_permit", "number": "RP123456", "expires_on": "2027-10-01"}
    mine = person(factory, staff, "Ion", "Pop", residence_document=document)
    person(factory, staff, "Ana", "Pop", residence_document={**document, "number": "RP999"})
    assert search(client, staff, q) == [mine]


def test_the_search_in_the_body_ranks_the_same(client, staff, register):
    response = client.post(
        "/api/v1/beneficiaries/search", json={"q": "Youssef Al Ali"}, headers=staff
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["items"][0]["id"] == register["yusuf"]
    assert body["next_cursor"] is None


@pytest.mark.parametrize("q", ["Youssef Al Ali", "+40 712 345 678", "RP555"])
def test_never_another_centres_people(client, factory, staff, other_centre, q):
    document = {"type": "residence_permit", "number": "RP555", "expires_on": "2027-10-01"}
    fields = {"phone": "+40 712 345 678", "residence_document": document}
    theirs = person(factory, other_centre, "يوسف", "العلي", **fields)
    assert search(client, staff, q) == []
    assert search(client, other_centre, q) == [theirs]


def test_a_renamed_person_is_found_by_the_new_name_only(client, factory, staff):
    from tests.api.test_beneficiaries import patch

    created = factory.beneficiary(staff, given_name="Oksana", family_name="Melnyk")
    patch(client, staff, created, {"family_name": "Shevchenko"})
    assert search(client, staff, "Oksana Shevchenko") == [created["id"]]
    assert search(client, staff, "Oksana Melnyk") == []
