"""The cooperation figures as files for the working group's meeting: CSV and XLSX.

The caller gives every title in the UI language; this module only lays the
figures out. Numbers stay numbers, as in the API: counts are integers, the
acceptance rate is a fraction (0.75, shown as a percentage in the workbook),
medians are hours and days with one decimal. An empty value is an empty cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.stats.cooperation import COUNTS

COLUMNS = (*COUNTS, "acceptance_rate", "median_hours_to_response", "median_days_to_completion")
NUMBER_FORMATS = {
    "acceptance_rate": "0.0%",
    "median_hours_to_response": "0.0",
    "median_days_to_completion": "0.0",
}
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """One grouping of the figures: ``rows`` are (label, figures) pairs."""

    title: str  # the sheet's name, e.g. "Institutions"
    heading: str  # the first column's title, also the CSV's group, e.g. "Institution"
    rows: Sequence[tuple[str, Mapping[str, Any]]]
    totals: Mapping[str, Any]


@dataclass(frozen=True)
class Titles:
    """The export's own words, in the UI language."""

    columns: Mapping[str, str]  # one per name in COLUMNS
    group: str
    name: str
    total: str


def to_csv(
    tables: Sequence[Table], titles: Titles, *, delimiter: str = ",", decimal: str = "."
) -> bytes:
    """One row per group of every table (its heading in the first column), then the
    totals once: every table counts the same referrals. UTF-8 with a byte order
    mark, so that spreadsheet programs detect the encoding; ``delimiter`` and
    ``decimal`` as the reader's spreadsheet expects them (e.g. ``;`` and ``,``)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([titles.group, titles.name, *(titles.columns[c] for c in COLUMNS)])
    for table in tables:
        for label, figures in table.rows:
            writer.writerow([_safe(table.heading), _safe(label), *_values(figures, decimal)])
    if tables:
        writer.writerow([_safe(titles.total), "", *_values(tables[0].totals, decimal)])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(tables: Sequence[Table], titles: Titles) -> bytes:
    """A workbook with a sheet per table: a frozen header row, a row per group and
    a totals row."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, book.sheetnames))
        sheet.append([table.heading, *(titles.columns[c] for c in COLUMNS)])
        for label, figures in table.rows:
            _append(sheet, label, figures)
        _append(sheet, titles.total, table.totals)
        for cell in (*sheet[1], *sheet[sheet.max_row]):
            cell.font = bold
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 48
        for index in range(2, len(COLUMNS) + 2):
            sheet.column_dimensions[get_column_letter(index)].width = 14
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _values(figures: Mapping[str, Any], decimal: str) -> list[Any]:
    return [_number(figures[c], decimal) for c in COLUMNS]


def _number(value: Any, decimal: str) -> Any:
    # No thousands separator: a spreadsheet reads 1234 in any language.
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    return value


def _append(sheet: Any, label: str, figures: Mapping[str, Any]) -> None:
    sheet.append([label, *(figures[c] for c in COLUMNS)])
    row = sheet[sheet.max_row]
    row[0].data_type = "s"  # a name is text, even one that starts with "="
    for cell, column in zip(row[1:], COLUMNS, strict=True):
        cell.number_format = NUMBER_FORMATS.get(column, "0")


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _sheet_title(title: str, taken: list[str]) -> str:
    # Excel refuses these characters and names longer than 31 characters.
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    unique, n = name, 1
    while unique in taken:
        n += 1
        unique = f"{name[:28]} {n}"
    return unique
