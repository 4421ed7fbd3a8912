"""The translator: per language, switchable at run time, English for what it lacks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from locales import CatalogMissing, translator
from locales.catalogs import load_translations
from locales.languages import LOCALES_DIR, first_supported, pick_language
from tests.support import missing


def test_switching_language_needs_no_restart() -> None:
    assert translator("pl").gettext("Nationality") == "Obywatelstwo"
    assert translator("nl").gettext("Nationality") == "Nationaliteit"
    assert translator("pl").gettext("Nationality") == "Obywatelstwo"


def test_translators_are_cached_per_language() -> None:
    assert translator("ro") is translator("ro")
    assert translator("ro") is translator("ro_RO")


@pytest.mark.parametrize("lang", ["xx", "", "de", "hu"])
def test_language_without_ui_translations_gets_english(lang: str) -> None:
    assert translator(lang).lang == "en"
    assert translator(lang).gettext("Nationality") == "Nationality"


@pytest.mark.parametrize(("asked", "got"), [("pl-PL", "pl"), ("BG", "bg"), ("nl_BE", "nl")])
def test_regional_language_tags_pick_the_language(asked: str, got: str) -> None:
    assert pick_language(asked, ("en", "nl", "pl", "ro", "bg")) == got


@pytest.mark.parametrize(("asked", "got"), [
    (["nl-NL", "nl", "en-US"], "nl"), (["de-DE", "de", "pl"], "pl"), (["BG"], "bg"),
    (["de-DE", "fr"], None), ([], None), (["", "*"], None)])
def test_the_first_language_we_speak_of_a_browsers_list_is_chosen(
        asked: list[str], got: str | None) -> None:
    assert first_supported(asked, ("en", "nl", "pl", "ro", "bg")) == got


def test_a_message_without_translation_stays_english() -> None:
    t = translator("bg")
    assert t.gettext("A sentence nobody translated") == "A sentence nobody translated"
    assert t.pgettext("gender", "Not a label") == "Not a label"
    assert t.gettext("") == ""


def test_plural_form_follows_the_language() -> None:
    s, p = "{field}: at most {max} character", "{field}: at most {max} characters"
    ro = translator("ro")
    assert [ro.ngettext(s, p, n).split()[-1] for n in (1, 2, 19, 20, 101, 120)] == [
        "caracter", "caractere", "caractere", "caractere", "caractere", "caractere",
    ]
    assert ro.ngettext(s, p, 20).endswith("de caractere")
    assert translator("en").ngettext(s, p, 1).endswith("character")


def _copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALES_DIR / "pl" / "LC_MESSAGES" / "messages.po", target)
    return target / "messages.po"


def test_fresh_checkout_without_mo_reads_the_po(tmp_path: Path) -> None:
    po = _copy_catalog(tmp_path)
    assert not po.with_suffix(".mo").exists()
    t = load_translations("pl", "messages", directory=tmp_path)
    assert t.gettext("Nationality") == "Obywatelstwo"
    assert t.ngettext("{field}: at most {max} character", "{field}: at most {max} characters", 5) \
        == "{field}: najwyżej {max} znaków"


def test_po_edited_after_the_build_wins_over_the_stale_mo(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt") or missing("GNU gettext msgfmt")
    po = _copy_catalog(tmp_path)
    mo = po.with_suffix(".mo")
    subprocess.run([msgfmt, "-o", str(mo), str(po)], check=True)
    assert load_translations("pl", "messages", directory=tmp_path).gettext("Phone") == "Telefon"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Telefon"', 'msgstr "Komórka"'), encoding="utf-8")
    stat = mo.stat()
    os.utime(po, (stat.st_atime, stat.st_mtime + 10))
    assert load_translations("pl", "messages", directory=tmp_path).gettext("Phone") == "Komórka"


def test_compiled_catalog_is_used_when_up_to_date(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt") or missing("GNU gettext msgfmt")
    po = _copy_catalog(tmp_path)
    mo = po.with_suffix(".mo")
    subprocess.run([msgfmt, "-o", str(mo), str(po)], check=True)
    po.unlink()
    assert load_translations("pl", "messages", directory=tmp_path).gettext("Phone") == "Telefon"


def test_missing_catalog_of_an_offered_language_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(CatalogMissing):
        load_translations("pl", "messages", directory=tmp_path)


def test_all_translations_gives_every_ui_language_for_a_fit_check() -> None:
    from locales import all_translations

    seen = all_translations("Needs correction", context="review_state")
    assert seen == {"en": "Needs correction", "nl": "Correctie nodig", "pl": "Do poprawy",
                    "ro": "De corectat", "bg": "За поправка"}
    assert max(all_translations("Phone").values(), key=len) == "Telefoon"
