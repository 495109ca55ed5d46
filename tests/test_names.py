"""Names across scripts: the Latin suggestion and the search keys (units)."""

from __future__ import annotations

import pytest

from core.beneficiaries import arabic
from core.beneficiaries.names import name_keys, query_keys, similarity, suggest_latin


@pytest.mark.parametrize(
    ("given", "family", "nationality", "latin"),
    [
        ("يوسف", "العلي", "SY", "Yusuf Al-Ali"),
        ("أحمد", "الحسن", "SY", "Ahmad Al-Hassan"),
        ("سامر", "حداد", "SY", "Samar Haddad"),
        ("Олександр", "Коваленко", "UA", "Oleksandr Kovalenko"),
        ("Андрій", "Шевченко", "UA", "Andrii Shevchenko"),
        ("Ганна", "Згурська", "UA", "Hanna Zghurska"),
        ("Юлія", "Яковенко", "UA", "Yuliia Yakovenko"),
        ("Александр", "Иванов", "RU", "Aleksandr Ivanov"),
        ("Юлия", "Соловьёва", "RU", "Iuliia Soloveva"),
        ("Ștefan", "Țurcanu", "MD", "Stefan Turcanu"),
    ],
)
def test_the_suggestion_is_the_passport_spelling(given, family, nationality, latin):
    assert suggest_latin(given, family, nationality) == latin


@pytest.mark.parametrize(
    ("word", "latin"),
    [("مهران", "Mahran"), ("رضوان", "Radwan"), ("سوسن", "Susan"), ("نزيه", "Nazih"),
     ("فطمة", "Fatma"), ("البرازي", "Al-Barazi")],
)  # fmt: skip
def test_arabic_by_the_rules_is_vowelled(word, latin):
    """A name outside the table still reads as a name, not a consonant skeleton."""
    assert word.removeprefix("ال") not in arabic.COMMON_NAMES
    assert arabic.romanise(word) == latin


def test_vowel_marks_are_read_as_written():
    assert arabic.romanise("سَمِير") == "Samir"


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("يوسف", "Youssef"),
        ("يوسف", "Yousif"),
        ("الحسن", "Al Hasan"),
        ("الحسن", "Alhassan"),
        ("حداد", "haddad"),
        ("عبد الرحمن", "Abdulrahman"),
        ("Олександр", "Olexandr"),
        ("Олександр", "Aleksandr"),
        ("Сергій", "Sergey"),
        ("Шевченко", "Schewtschenko"),
        ("Михайло", "Michajlo"),
        ("Dvořák", "Dvorzak"),
        ("Kowalczuk", "Kovalchuk"),
        ("Hicham", "Hisham"),
        ("Fatimah", "Fatima"),
        ("Öztürk", "Oeztuerk"),
    ],
)
def test_one_name_in_its_spellings_shares_a_key(written, typed):
    stored = name_keys(written)
    assert all(word_keys & stored for word_keys in query_keys(typed))


@pytest.mark.parametrize(
    ("a", "b"), [("Andrii", "Oleksandr"), ("Yusuf", "Yasser"), ("Ali", "Omar")]
)
def test_different_names_do_not(a, b):
    assert not name_keys(a) & name_keys(b)


def test_articles_are_not_names():
    assert query_keys("Al Ali") == query_keys("Ali")


def test_similarity_across_scripts():
    assert similarity(["Oksana", "Shevchenko"], ["Оксана", "Шевченко"]) == 100.0
    assert similarity(["Oksana", "Shevchenko"], ["Olena", "Kovalenko"]) < 70
