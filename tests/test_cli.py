"""The ``referral-hub`` command: schema, network loading, users, tokens, plugins."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.auth.models import ApiToken, User
from core.catalogue.registry import build_catalogue
from core.cli import main
from core.db import db
from core.institutions.models import ContactPoint, Institution, Office, WorkingGroup
from core.plugins import make_plugin_manager
from tests.factories import PASSWORD, REGION5

REFERRAL_HUB = Path(sys.executable).parent / "referral-hub"
PLUGINS = ("labour_agency", "health_insurance", "schools", "immigration")
DIRECTORY = (WorkingGroup, Institution, Office, ContactPoint)


def counts(app, *models: type) -> list[int]:
    with app.app_context():
        return [db.session.scalar(select(func.count()).select_from(m)) for m in models]


def load(runner, path: Path):
    return runner.invoke(main, args=["network", "load", str(path)])


def changes(output: str) -> tuple[int, int]:
    """(created, updated) from the loader's report."""
    found = re.search(r"(\d+) created, (\d+) updated", output)
    assert found, output
    return int(found[1]), int(found[2])


# --- the schema (the installed command, in a subprocess) ------------------------------------


def test_db_upgrade_creates_the_schema_on_a_fresh_sqlite_file_and_can_run_again(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {
        **os.environ,
        "REFERRAL_HUB_DATABASE_URL": f"sqlite:///{database}",
        "REFERRAL_HUB_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    for _ in range(2):
        done = subprocess.run(
            [str(REFERRAL_HUB), "db", "upgrade"], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert {"beneficiaries", "consents", "referrals", "referral_events", "users"} <= tables
    assert version[0]


# --- network load --------------------------------------------------------------------------


def test_loading_the_same_network_twice_changes_nothing_the_second_time(app, runner):
    first = load(runner, REGION5)
    assert first.exit_code == 0, first.output
    created, updated = changes(first.output)
    assert created > 0 and updated == 0
    rows = counts(app, *DIRECTORY)

    again = load(runner, REGION5)

    assert again.exit_code == 0, again.output
    assert changes(again.output) == (0, 0)
    assert counts(app, *DIRECTORY) == rows


def test_an_edited_office_is_the_only_update(client, runner, factory, tmp_path):
    staff = factory.staff()  # the factory loads Region 5 first
    text = REGION5.read_text(encoding="utf-8")
    isj_timis = text.index('slug = "isj-timis"')
    hours = text.index('hours = "Mon–Fri 08:00–16:00"', isj_timis)
    edited = tmp_path / "region5.toml"
    edited.write_text(text[:hours] + text[hours:].replace("16:00", "15:00", 1), encoding="utf-8")

    result = load(runner, edited)

    assert result.exit_code == 0, result.output
    assert changes(result.output) == (0, 1)
    institutions = client.get("/api/v1/institutions?limit=200", headers=staff).json["items"]
    hours_of = {(i["slug"], o["slug"]): o["hours"] for i in institutions for o in i["offices"]}
    assert hours_of[("isj-timis", "main")] == "Mon–Fri 08:00–15:00"
    assert hours_of[("isj-bihor", "main")] == "Mon–Fri 08:00–16:00"


def broken_institution(
    kind: str = "labour_agency", county: str = "RO-TM", office_county: str | None = "RO-TM"
) -> str:
    """An institution block for a network file (no office when ``office_county`` is None)."""
    block = f'\n[[institutions]]\nslug = "broken"\nname = "Broken"\nkind = "{kind}"\n'
    block += f'county = "{county}"\n'
    if office_county is not None:
        block += '\n[[institutions.offices]]\nslug = "main"\nname = "Sediu"\n'
        block += f'county = "{office_county}"\n'
    return block


LAST = len(tomllib.loads(REGION5.read_text(encoding="utf-8"))["institutions"])
INVALID = [
    pytest.param(
        broken_institution(kind="bakery"), [f"institutions.{LAST}.kind", "bakery"], id="kind"
    ),
    pytest.param(broken_institution(county="RO-XX"), [f"institutions.{LAST}.county"], id="county"),
    pytest.param(
        broken_institution(office_county=None), [f"institutions.{LAST}.offices"], id="no-offices"
    ),
    pytest.param(
        broken_institution(office_county="Timiș"),
        [f"institutions.{LAST}.offices.0.county"],
        id="office-county",
    ),
    pytest.param("\nthis is = not = toml\n", ["Cannot read", "line"], id="not-toml"),
]


@pytest.mark.parametrize(("appended", "named"), INVALID)
def test_an_invalid_network_file_exits_non_zero_naming_the_field_and_writes_nothing(
    app, runner, tmp_path, appended, named
):
    # The mistake comes last, after fourteen valid institutions: none of them is written.
    path = tmp_path / "network.toml"
    path.write_text(REGION5.read_text(encoding="utf-8") + appended, encoding="utf-8")

    result = load(runner, path)

    assert result.exit_code != 0
    for word in named:
        assert word in result.output
    assert counts(app, *DIRECTORY) == [0, 0, 0, 0]


def test_a_network_file_without_a_working_group_is_refused(app, runner, tmp_path):
    path = tmp_path / "network.toml"
    path.write_text(REGION5.read_text(encoding="utf-8").replace("[working_group]", "[group]"))

    result = load(runner, path)

    assert result.exit_code != 0
    assert "working_group" in result.output
    assert counts(app, *DIRECTORY) == [0, 0, 0, 0]


# --- users and tokens -------------------------------------------------------------------------


def create_user(runner, *options: str):
    args = ["users", "create", "--name", "Ana Pop", *options, "--password-stdin"]
    return runner.invoke(main, args=args, input=f"{PASSWORD}\n")


def test_users_create_prints_the_id_of_a_user_who_can_log_in(client, runner, factory):
    factory.network()
    email = "ana.pop@crim.example"

    result = create_user(
        runner, "--email", email, "--role", "centre_staff", "--institution", "crim-timisoara"
    )

    assert result.exit_code == 0, result.output
    token = client.post("/api/v1/auth/tokens", json={"email": email, "password": PASSWORD}).json
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token['token']}"}).json
    assert me["id"] == result.output.strip()
    assert me["institution_id"] == factory.institution_id("crim-timisoara")


def test_tokens_create_prints_a_token_that_works_on_me(client, runner, factory):
    factory.network()

    result = runner.invoke(main, args=["tokens", "create", "--institution", "cjas-timis"])

    assert result.exit_code == 0, result.output
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {result.output.strip()}"})
    assert me.status_code == 200
    assert me.json["role"] == "agency_officer"
    assert me.json["institution_id"] == factory.institution_id("cjas-timis")


@pytest.mark.parametrize(
    "args",
    [
        ["tokens", "create", "--institution", "nowhere"],
        [
            "users",
            "create",
            "--email",
            "x@hub.example",
            "--name",
            "X",
            "--role",
            "centre_staff",
            "--institution",
            "nowhere",
            "--password-stdin",
        ],
    ],
    ids=["token", "user"],
)
def test_an_unknown_institution_slug_is_an_error_and_creates_nothing(app, runner, factory, args):
    factory.network()

    result = runner.invoke(main, args=args, input=f"{PASSWORD}\n")

    assert result.exit_code != 0
    assert "nowhere" in result.output
    assert counts(app, User, ApiToken) == [0, 0]


# --- plugins ---------------------------------------------------------------------------------


def plugin_sections(output: str) -> dict[str, list[str]]:
    """``plugins list`` output as {"name (state)": [indented lines]}."""
    sections: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line and not line[0].isspace():
            current = sections.setdefault(line.strip(), [])
        elif line.strip():
            current.append(" ".join(line.split()))
    return sections


def test_plugins_list_shows_the_four_plugins_enabled_with_their_services(runner):
    result = runner.invoke(main, args=["plugins", "list"])

    assert result.exit_code == 0, result.output
    sections = plugin_sections(result.output)
    catalogue = build_catalogue(make_plugin_manager())
    for plugin in PLUGINS:
        listed = sections[f"{plugin} (enabled)"]
        assert f"kind {plugin}" in listed
        services = [
            f"service {code}" for code in catalogue.services if code.startswith(f"{plugin}.")
        ]
        assert services and set(services) <= set(listed)


def test_plugins_list_shows_a_disabled_plugin_as_disabled_without_services(make_app):
    app = make_app(config={"disabled_plugins": ["schools"]})

    result = app.test_cli_runner().invoke(main, args=["plugins", "list"])

    assert result.exit_code == 0, result.output
    sections = plugin_sections(result.output)
    assert sections["schools (disabled)"] == []
    assert "labour_agency (enabled)" in sections
