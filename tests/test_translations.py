"""Every string of the UI is translated into every language the hub offers.

English is the source language; the other languages have a gettext catalogue
under core/translations. The strings are extracted afresh from the code and
templates, so a new string without its translations fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [lang for lang in load_settings().languages if lang != "en"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str | None]]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(pot),
            "core",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {(message.id, message.context) for message in read_po(fh) if message.id}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_ui_string_is_translated(lang: str, extracted: set[tuple[str, str | None]]) -> None:
    path = ROOT / "core" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    missing = sorted(
        (
            (message, context or "")
            for message, context in extracted
            if not (entry := catalogue.get(message, context=context))
            or not all(entry.string if isinstance(entry.string, tuple) else [entry.string])
            or entry.fuzzy
        ),
        key=str,  # a plural's message is a tuple of its forms
    )
    assert not missing, f"{len(missing)} strings lack a {lang} translation: {missing[:20]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_their_placeholders(lang: str) -> None:
    path = ROOT / "core" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalogue.check()]
    assert not problems, problems[:10]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_is_current(lang: str) -> None:
    """`make` compiles the catalogues; a stale .mo would show old texts."""
    folder = ROOT / "core" / "translations" / lang / "LC_MESSAGES"
    assert (folder / "messages.mo").stat().st_mtime >= (folder / "messages.po").stat().st_mtime
