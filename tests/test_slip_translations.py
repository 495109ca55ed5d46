"""The person's slip speaks its own languages from its own catalogue: every
slip string is translated in each slip language, the compiled catalogues are
current, and the UI's extraction (``make messages``) never takes the slip's
strings, nor the slip's extraction the UI's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.slip.texts import SLIP_LANGUAGES, translator

ROOT = Path(__file__).resolve().parent.parent
SLIP = ROOT / "core" / "slip" / "translations"
TRANSLATED = [lang for lang in SLIP_LANGUAGES if lang != "en"]


def _extract(tmp: Path, *args: str) -> dict[str, set[str]]:
    """Each message extracted, with the files it was found in."""
    pot = tmp / "out.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", *args, "-o", str(pot), "core"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {m.id: {path for path, _ in m.locations} for m in read_po(fh) if m.id}


@pytest.fixture(scope="module")
def slip_strings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """As ``make slip-messages`` extracts them."""
    return _extract(
        tmp_path_factory.mktemp("slip"),
        "-F", "core/slip/babel.cfg", "--no-default-keywords", "-k", "t", "-k", "S_",
    )  # fmt: skip


@pytest.fixture(scope="module")
def ui_strings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """As ``make messages`` extracts them."""
    return _extract(tmp_path_factory.mktemp("ui"), "-F", "babel.cfg", "-k", "_l", "-k", "N_")


def test_the_slip_has_strings_and_they_stay_out_of_the_ui_catalogue(slip_strings, ui_strings):
    assert {"Your appointment", "What to bring", "Name in Latin letters"} <= set(slip_strings)
    # the UI takes from the slip's files only the controls above the sheet (``_()``)
    from_slip_files = {m for m, paths in ui_strings.items() if any("slip" in p for p in paths)}
    assert from_slip_files == {"Language of the slip", "Show", "Print", "Back to the referral"}
    assert all("slip" in p for paths in slip_strings.values() for p in paths)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_slip_string_is_translated(lang: str, slip_strings: set[str]) -> None:
    with (SLIP / lang / "LC_MESSAGES" / "slip.po").open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    missing = sorted(
        m for m in slip_strings if not (e := catalogue.get(m)) or not e.string or e.fuzzy
    )
    assert not missing, f"{len(missing)} slip strings lack a {lang} translation: {missing}"
    assert not list(catalogue.check())


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_slip_catalogue_is_current_and_loads(lang: str) -> None:
    folder = SLIP / lang / "LC_MESSAGES"
    assert (folder / "slip.mo").stat().st_mtime >= (folder / "slip.po").stat().st_mtime
    assert translator(lang)("Your appointment") != "Your appointment"
