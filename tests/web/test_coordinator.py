"""The coordinator's pages: the cooperation dashboard, its CSV and XLSX exports and
the printable meeting report show the API's figures, filtered, localized and
without personal data."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from openpyxl import load_workbook

from core.app import hub
from core.stats.export import COLUMNS as EXPORTED
from core.stats.export import Table, Titles, to_csv, to_xlsx
from tests.factories import example_of

JOB_SEEKER = "labour_agency.job_seeker_registration"
COUNSELLING = "labour_agency.career_counselling"
ENROLMENT = "health_insurance.insured_enrolment"
REGION5 = "Grupul de lucru Regiunea 5 / Region 5 working group"
#: the dashboard's columns, in order
COLUMNS = (
    "sent",
    "accepted",
    "rejected",
    "completed",
    "open",
    "overdue",
    "acceptance_rate",
    "median_hours_to_response",
    "median_days_to_completion",
)
NOVEMBER_AND_DECEMBER = "from=2026-11-01&to=2026-12-31"
#: the scenario's last day
TODAY = date(2026, 12, 2)


# --- the scenario ---------------------------------------------------------------------


class Scenario:
    """Referrals from crim-timisoara to ajofm-timis (A completed, B rejected, C
    waiting) and cjas-bihor (D accepted, E cancelled) in November 2026, and F to
    ajofm-timis on 1 December; today is 2 December 2026."""

    def __init__(self, factory: Any, clock: Any) -> None:
        self.factory = factory
        self.referrals: dict[str, dict[str, Any]] = {}
        self.people: list[dict[str, Any]] = []
        staff = factory.staff()
        ajofm, cjas = factory.officer("ajofm-timis"), factory.officer("cjas-bihor")
        in_timis = self.person(staff, given_name="Zarifa", family_name="Haddad")
        in_bihor = self.person(
            staff,
            given_name="Оксана",
            family_name="Коваленко",
            date_of_birth="1985-07-30",
            county="RO-BH",
            locality="Oradea",
        )
        # Monday 2026-11-02 09:00
        for name in "ABC":
            self.send(name, staff, in_timis, JOB_SEEKER)
        for name in "DE":
            self.send(name, staff, in_bihor, ENROLMENT)
        clock.advance(hours=4)  # B is rejected after 4 hours
        self.move(ajofm, "B", "rejected", reason_code=self.reason(JOB_SEEKER, "rejected"))
        self.move(staff, "E", "cancelled")
        clock.advance(hours=20)  # A and D are accepted after 24 hours
        self.move(ajofm, "A", "received", "accepted", "in-progress")
        self.move(cjas, "D", "received", "accepted")
        clock.advance(days=2)  # A is completed after 3 days
        outcome = example_of(factory.service(JOB_SEEKER, staff)["outcome_schema"])
        self.move(ajofm, "A", "completed", data={**outcome, "registered_on": "2026-11-05"})
        clock.advance(days=26)  # 2026-12-01 09:00
        self.send("F", staff, in_timis, COUNSELLING)
        clock.advance(days=1)  # today: 2026-12-02

    def person(self, headers: dict[str, str], **given: Any) -> dict[str, Any]:
        person = self.factory.beneficiary(headers, **given)
        self.people.append(person)
        return person

    def send(self, name: str, headers: dict[str, str], person: dict, service: str) -> None:
        self.referrals[name] = self.factory.referral(headers, service=service, beneficiary=person)

    def move(self, headers: dict[str, str], name: str, *steps: str, **body: Any) -> None:
        for to in steps:
            response = self.factory.move(headers, self.referrals[name], to, **body)
            assert response.status_code == 200, response.get_json()
            self.referrals[name] = response.get_json()

    def reason(self, service: str, status: str) -> str:
        codes = self.factory.service(service, self.factory.staff())["reason_codes"]
        return next(c["code"] for c in codes if status in c["applies_to"])

    def personal_data(self) -> list[str]:
        """Everything that would identify a person or a case."""
        return [
            *(r["reference"] for r in self.referrals.values()),
            *(r["id"] for r in self.referrals.values()),
            *(p[k] for p in self.people for k in ("id", "reference", "given_name", "family_name")),
            *(p[k] for p in self.people for k in ("name_latin", "date_of_birth", "phone")),
        ]


@pytest.fixture
def scenario(factory, clock) -> Scenario:
    return Scenario(factory, clock)


@pytest.fixture
def coordinator(web, request):
    """Signed in on the scenario's last day, when the test has one: a session
    does not outlive its month (``session_max_hours``)."""
    if {"scenario", "api"} & set(request.fixturenames):
        request.getfixturevalue("scenario")
    return web("coordinator", "prefectura-timis")


# --- reading the pages ------------------------------------------------------------------


class _Tables(HTMLParser):
    """The text of every cell of the figure tables: {table id: {row key: {column: text}}},
    leaving out what is only there for screen readers."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, dict[str, str]]] = {}
        self.table: str | None = None
        self.row: str | None = None
        self.column: str | None = None
        self.hidden = 0  # depth inside a visually-hidden span

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and "figures" in (a.get("class") or ""):
            self.table = a["id"]
            self.tables[self.table] = {}
        elif tag == "tr" and self.table and a.get("data-key"):
            self.row = a["data-key"]
            self.tables[self.table][self.row] = {}
        elif tag in ("td", "th") and self.row:
            self.column = a.get("data-column") or "label"
            self.tables[self.table][self.row][self.column] = ""
        elif tag == "span" and (self.hidden or "visually-hidden" in (a.get("class") or "")):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.hidden:
            self.hidden -= 1
        elif tag in ("td", "th"):
            self.column = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.column and not self.hidden:
            self.tables[self.table][self.row][self.column] += data.strip()


def tables(html: str) -> dict[str, dict[str, dict[str, str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def shown(name: str, value: Any, locale: str) -> str:
    """A figure as the page shows it in ``locale``."""
    if value is None:
        return "—"
    if name == "acceptance_rate":
        return format_percent(value, "#,##0.#%", locale=locale)
    if name.startswith("median_"):
        return format_decimal(value, "#,##0.0", locale=locale)
    return format_decimal(value, locale=locale)


@pytest.fixture
def api(factory, scenario):
    """``api(query)``: the API's figures, for a coordinator of the same working group
    (a new token: the scenario's month outlives the web user's)."""
    headers = factory.headers("coordinator", "prefectura-timis")

    def get(query: str) -> dict[str, Any]:
        response = factory.client.get(f"/api/v1/stats/cooperation?{query}", headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return get


def page(coordinator, path: str) -> str:
    response = coordinator.get(path)
    assert response.status_code == 200, coordinator.text(response)[:2000]
    return coordinator.text(response)


def assert_same_figures(row: dict[str, str], figures: dict[str, Any], locale: str) -> None:
    assert {c: row[c] for c in COLUMNS} == {c: shown(c, figures[c], locale) for c in COLUMNS}


# --- the dashboard ----------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["ro", "en"])
@pytest.mark.parametrize(
    "query", [NOVEMBER_AND_DECEMBER, "from=2026-11-01&to=2026-12-31&county=RO-BH"]
)
def test_dashboard_shows_the_api_figures_in_the_users_locale(coordinator, api, locale, query):
    coordinator.post("/language", {"lang": locale})

    shown_tables = tables(page(coordinator, f"/cooperation?{query}"))

    for group_by, table in (("institution", "per-institution"), ("service", "per-service")):
        body = api(f"{query}&group_by={group_by}")
        rows = shown_tables[table]
        assert set(rows) == {item["key"] for item in body["items"]} | {"totals"}
        for item in body["items"]:
            assert_same_figures(rows[item["key"]], item, locale)
        assert_same_figures(rows["totals"], body["totals"], locale)
    months = api(f"{query}&group_by=month")
    for item in months["items"]:
        assert_same_figures(shown_tables["trend-table"][item["key"]], item, locale)


def test_column_titles_are_worded_as_counts_not_as_statuses(coordinator, scenario):
    coordinator.post("/language", {"lang": "ro"})
    html = page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}")
    headers = re.findall(r'<th scope="col"[^>]*>\s*([^<]+?)\s*<', html)
    assert {"Acceptate", "Respinse", "Finalizate"} <= set(headers)  # not "Acceptată"


def test_figures_are_exact_and_localized(coordinator, scenario, factory):
    coordinator.post("/language", {"lang": "ro"})
    rows = tables(page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}"))

    ajofm = rows["per-institution"][factory.institution_id("ajofm-timis")]
    # (24 h + 3.9 h) / 2: the 4 h response counts in its bucket from 3.9 h (rollup.bucket)
    assert {c: ajofm[c] for c in COLUMNS} == {
        "sent": "4", "accepted": "1", "rejected": "1", "completed": "1", "open": "2",
        "overdue": "1", "acceptance_rate": "50%", "median_hours_to_response": "13,9",
        "median_days_to_completion": "3,0",
    }  # fmt: skip
    assert rows["per-institution"]["totals"]["sent"] == "6"
    assert rows["per-service"][COUNSELLING]["median_days_to_completion"] == "—"


def test_services_are_titled_in_the_ui_language(app, coordinator, scenario):
    coordinator.post("/language", {"lang": "en"})

    rows = tables(page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}"))

    with app.app_context():
        title = hub().catalogue.services[ENROLMENT].title
    assert rows["per-service"][ENROLMENT]["label"] == title["en"]
    coordinator.post("/language", {"lang": "ro"})
    rows = tables(page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}"))
    assert rows["per-service"][ENROLMENT]["label"] == title["ro"]


def test_pages_and_exports_hold_no_personal_data(coordinator, scenario):
    paths = [
        "/cooperation",
        f"/cooperation?{NOVEMBER_AND_DECEMBER}",
        f"/cooperation/report?{NOVEMBER_AND_DECEMBER}",
        f"/cooperation/export.csv?{NOVEMBER_AND_DECEMBER}",
    ]
    texts = [page(coordinator, path) for path in paths]
    texts.append(" ".join(map(str, xlsx_values(coordinator, NOVEMBER_AND_DECEMBER))))

    personal = scenario.personal_data()
    assert len(personal) > 20
    for text in texts:
        assert [p for p in personal if p in text] == []


def test_county_filter_changes_the_figures(coordinator, scenario, factory):
    everywhere = tables(page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}"))
    bihor = tables(page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}&county=RO-BH"))

    assert set(everywhere["per-institution"]) == {
        factory.institution_id("ajofm-timis"),
        factory.institution_id("cjas-bihor"),
        "totals",
    }
    assert set(bihor["per-institution"]) == {factory.institution_id("cjas-bihor"), "totals"}
    assert (
        everywhere["per-institution"]["totals"]["sent"],
        bihor["per-service"]["totals"]["sent"],
    ) == ("6", "2")


def test_period_filter_changes_the_figures(coordinator, scenario):
    december = tables(page(coordinator, "/cooperation?from=2026-12-01&to=2026-12-31"))

    assert set(december["per-service"]) == {COUNSELLING, "totals"}
    assert december["per-service"]["totals"]["sent"] == "1"
    assert set(december["trend-table"]) == {"2026-12", "totals"}


def test_dashboard_defaults_to_twelve_months_up_to_today(coordinator, scenario):
    html = page(coordinator, "/cooperation")

    assert 'name="from" type="date" value="2026-01-01"' in html
    assert 'name="to" type="date" value="2026-12-02"' in html
    months = tables(html)["trend-table"]
    assert len(months) == 12 + 1  # the totals
    assert months["2026-01"]["sent"] == "0"
    assert months["2026-11"]["sent"] == "5"


def test_the_view_chooses_the_tables(coordinator, scenario):
    by_institution = tables(page(coordinator, "/cooperation?view=institution"))
    by_service = tables(page(coordinator, "/cooperation?view=service"))

    assert "per-institution" in by_institution and "per-service" not in by_institution
    assert "per-service" in by_service and "per-institution" not in by_service


def test_dashboard_links_to_exports_and_report_with_the_same_filters(coordinator, scenario):
    html = page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}&county=RO-TM")

    query = "from=2026-11-01&amp;to=2026-12-31&amp;county=RO-TM"
    for path in ("/cooperation/export.csv", "/cooperation/export.xlsx", "/cooperation/report"):
        assert f'href="{path}?{query}"' in html


def test_trend_chart_has_one_point_per_month_and_series(coordinator, scenario):
    coordinator.post("/language", {"lang": "en"})

    html = page(coordinator, "/cooperation?from=2026-09-01&to=2026-12-31")

    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    months = ["2026-09", "2026-10", "2026-11", "2026-12"]
    for series in ("sent", "completed", "rejected"):
        points = re.findall(rf'class="point" data-series="{series}" data-month="([\d-]+)"', svg)
        assert points == months
    # the direct labels name the lines, so colour is not the only cue
    assert re.findall(r'font-weight="600">([^<]+)</text>', svg) == ["Sent", "Completed", "Rejected"]
    # the values of the points are those of the table under the chart
    sent = re.findall(
        r'data-series="sent" data-month="[\d-]+"[^>]*><title>[^<]*: (\d+)</title>', svg
    )
    assert sent == ["0", "0", "5", "1"]
    assert tables(html)["trend-table"]["2026-11"]["sent"] == "5"


# --- the exports -----------------------------------------------------------------------


def read_csv(coordinator, query: str, delimiter: str = ",") -> list[list[str]]:
    """The rows of the CSV; ``delimiter`` as the UI language has it (";" for ro)."""
    response = coordinator.get(f"/cooperation/export.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets detect UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_has_a_row_per_institution_and_service_then_totals(coordinator, api):
    coordinator.post("/language", {"lang": "en"})

    rows = read_csv(coordinator, NOVEMBER_AND_DECEMBER)

    header, *body = rows
    assert header[:4] == ["Group", "Name", "Sent", "Received"]
    columns = {title: i for i, title in enumerate(header)}
    groups = [row[0] for row in body]
    assert groups == ["Institution"] * 2 + ["Service"] * 3 + ["Total"]
    by_institution = api(f"{NOVEMBER_AND_DECEMBER}&group_by=institution")
    for row, item in zip(body, by_institution["items"], strict=False):
        assert row[1] == item["label"]
        assert int(row[columns["Sent"]]) == item["sent"]
        assert int(row[columns["Overdue"]]) == item["overdue"]
        assert row[columns["Acceptance rate"]] == str(item["acceptance_rate"])
    ajofm = next(
        r
        for r in body
        if r[1].startswith("Agenția Județeană pentru Ocuparea Forței de Muncă Timiș")
    )
    # 24 h and 4 h, in its bucket from 3.9 h (rollup.bucket)
    assert float(ajofm[columns["Median time to response (hours)"]]) == 13.9
    totals = body[-1]
    assert [totals[columns[c]] for c in ("Sent", "Accepted", "Rejected", "Completed")] == [
        "6",
        "2",
        "1",
        "1",
    ]
    assert totals[columns["Median time to completion (days)"]] == "3.0"


def test_csv_header_has_the_dashboards_column_titles(coordinator, scenario):
    coordinator.post("/language", {"lang": "ro"})

    header = read_csv(coordinator, NOVEMBER_AND_DECEMBER, ";")[0]

    # Both go through gettext in the UI language, so they match in every language.
    html = page(coordinator, f"/cooperation?{NOVEMBER_AND_DECEMBER}")
    titles = re.findall(r'<th scope="col" class="num">([^<]+)</th>', html)
    assert set(titles) < set(header[2:])
    assert len(header) == 2 + len(EXPORTED)


def xlsx_values(coordinator, query: str) -> list[Any]:
    response = coordinator.get(f"/cooperation/export.xlsx?{query}")
    book = load_workbook(io.BytesIO(response.data))
    return [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]


def test_xlsx_has_a_sheet_per_grouping_with_numbers(coordinator, api):
    coordinator.post("/language", {"lang": "en"})

    response = coordinator.get(f"/cooperation/export.xlsx?{NOVEMBER_AND_DECEMBER}&county=RO-TM")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="cooperation-RO-TM-2026-11-01-2026-12-31.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Institutions", "Services", "Months"]
    for sheet in book:
        assert sheet.freeze_panes == "A2"
    sheet = book["Institutions"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Institution", "Sent", "Received"]
    rate = header.index("Acceptance rate")
    ajofm, totals = list(sheet.iter_rows(min_row=2, values_only=True))
    assert ajofm[:2] == ("Agenția Județeană pentru Ocuparea Forței de Muncă Timiș", 4)
    assert ajofm[rate : rate + 3] == (0.5, 13.9, 3.0)  # 4 h counts from 3.9 h (rollup.bucket)
    assert totals[0] == "Total" and totals[1] == 4
    assert sheet.cell(row=2, column=rate + 1).number_format == "0.0%"
    months = list(book["Months"].iter_rows(min_row=2, values_only=True))
    assert [(m[0], m[1]) for m in months] == [("2026-11", 3), ("2026-12", 1), ("Total", 4)]
    services = {row[0]: row for row in book["Services"].iter_rows(min_row=2, values_only=True)}
    body = api(f"{NOVEMBER_AND_DECEMBER}&county=RO-TM&group_by=service")
    assert {label: row[1] for label, row in services.items()} == {
        **{item["label"]: item["sent"] for item in body["items"]},
        "Total": 4,
    }


def test_csv_filename_names_the_period(coordinator, scenario):
    response = coordinator.get(f"/cooperation/export.csv?{NOVEMBER_AND_DECEMBER}")

    assert response.headers["Content-Disposition"] == (
        'attachment; filename="cooperation-2026-11-01-2026-12-31.csv"'
    )


def test_unknown_export_format_is_404(coordinator):
    assert coordinator.get("/cooperation/export.pdf").status_code == 404


# --- the meeting report -------------------------------------------------------------------


def test_report_is_titled_and_dated_and_has_tables_and_chart(coordinator, scenario):
    coordinator.post("/language", {"lang": "ro"})
    html = page(coordinator, f"/cooperation/report?{NOVEMBER_AND_DECEMBER}")

    h1 = re.findall(r"<h1>(.*?)</h1>", html, re.S)
    assert len(h1) == 1 and REGION5 in h1[0]
    assert format_date(TODAY, "long", locale="ro") in html  # generated on
    assert format_date(date(2026, 11, 1), "long", locale="ro") in html
    assert set(tables(html)) == {"per-institution", "per-service", "trend-table"}
    assert "<svg" in html
    assert 'src="/static/print.js"' in html and "data-print hidden" in html
    assert "onclick" not in html


def test_report_figures_equal_the_dashboards(coordinator, scenario):
    query = f"{NOVEMBER_AND_DECEMBER}&county=RO-TM"

    assert tables(page(coordinator, f"/cooperation/report?{query}")) == tables(
        page(coordinator, f"/cooperation?{query}")
    )


def test_print_script_is_served(coordinator):
    response = coordinator.get("/static/print.js")

    assert response.status_code == 200
    assert b"window.print()" in response.data


# --- bad filters, roles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=yesterday", "from"),
        ("to=2026-02-30", "to"),
        ("from=2026-11-30&to=2026-11-01", "from"),
        ("from=2027-01-01", "from"),  # starts after today
        ("from=1990-01-01", "from"),  # longer than ten years
        ("county=XX", "county"),
        ("county=RO-AR", "county"),  # a county, but not the working group's
    ],
)
@pytest.mark.parametrize(
    "path",
    ["/cooperation", "/cooperation/report", "/cooperation/export.csv", "/cooperation/export.xlsx"],
)
def test_bad_filters_are_422_with_the_message_next_to_the_field(coordinator, path, query, field):
    response = coordinator.get(f"{path}?{query}")

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    html = coordinator.text(response)
    assert f'id="f-{field}-error"' in html
    assert 'role="alert"' in html
    assert "<table" not in html


def test_unknown_view_is_422(coordinator):
    response = coordinator.get("/cooperation?view=everything")

    assert response.status_code == 422
    assert 'id="f-view-error"' in coordinator.text(response)


def test_every_mistake_is_reported_at_once(coordinator):
    html = coordinator.text(coordinator.get("/cooperation?from=soon&county=XX&view=all"))

    for field in ("from", "county", "view"):
        assert f'id="f-{field}-error"' in html
    assert 'value="soon"' in html  # what was typed stays


PATHS = [
    "/cooperation",
    "/cooperation/report",
    "/cooperation/export.csv",
    "/cooperation/export.xlsx",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("role", "slug"), [("centre_staff", "crim-timisoara"), ("agency_officer", "ajofm-timis")]
)
def test_staff_and_officers_are_refused(web, path, role, slug):
    response = web(role, slug).get(path)

    assert response.status_code == 403


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_visitors_are_sent_to_sign_in(client, factory, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_without_referrals_the_tables_say_so(coordinator):
    html = page(coordinator, "/cooperation")

    assert "No referrals were sent in this period." in html
    assert tables(html)["per-institution"]["totals"]["sent"] == "0"


def test_admins_see_the_figures_of_every_working_group(web, scenario):
    admin = web("admin")

    rows = tables(page(admin, f"/cooperation?{NOVEMBER_AND_DECEMBER}"))

    assert rows["per-institution"]["totals"]["sent"] == "6"


def test_default_period_crosses_the_year(coordinator, clock):
    clock.current = clock.current.replace(year=2027, month=1, day=15)
    coordinator.login()  # a new day, a new session

    html = page(coordinator, "/cooperation")
    only_to = page(coordinator, "/cooperation?to=2026-03-31")

    assert 'name="from" type="date" value="2026-02-01"' in html
    assert 'name="to" type="date" value="2027-01-15"' in html
    assert 'name="from" type="date" value="2025-04-01"' in only_to


def test_exported_names_never_run_as_formulas():
    figures = dict.fromkeys(EXPORTED, 1)
    table = Table("Institutions", "Institution", [('=HYPERLINK("x")', figures)], figures)
    titles = Titles({c: c for c in EXPORTED}, "Group", "Name", "Total")

    rows = list(csv.reader(io.StringIO(to_csv([table], titles).decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(to_xlsx([table], titles)))

    assert rows[1][1] == '\'=HYPERLINK("x")'
    cell = book["Institutions"]["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
