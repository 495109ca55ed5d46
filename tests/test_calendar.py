"""Calendar arithmetic used by the institutions' rules."""

from datetime import date

import pytest

from core.calendar import add_months, age_on


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),  # clamped to a short month
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 1, 1), 6, date(2027, 7, 1)),
        (date(2027, 11, 15), 3, date(2028, 2, 15)),  # across a year
        (date(2027, 3, 31), -1, date(2027, 2, 28)),  # backwards
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # a year after 29 February
    ],
)
def test_add_months_keeps_the_day_or_clamps_it_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 11, 2), date(2026, 11, 1), 17),  # the day before the 18th birthday
        (date(2008, 11, 2), date(2026, 11, 2), 18),  # the birthday itself
        (date(2012, 2, 29), date(2026, 2, 28), 13),  # born on 29 February
        (date(2012, 2, 29), date(2026, 3, 1), 14),
    ],
)
def test_age_on_counts_whole_years_from_the_birthday(born, on, age):
    assert age_on(born, on) == age
