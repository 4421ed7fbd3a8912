"""The catalogs are complete, consistent and valid: nothing on a screen falls back to English."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir, extract_from_file

from locales import person_translator, translator
from locales.languages import LOCALES_DIR
from tests.locales.catalog_files import CATALOGS, template, translation
from tests.support import missing

ROOT = LOCALES_DIR.parent
# What `make i18n` extracts the screens' messages from.
SOURCE_DIRS = ("model", "views", "server", "locales")
UI_KEYWORDS = {
    "_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3), "N_": None, "NP_": ((1, "c"), 2),
}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sd]|%[sd]")


def _key(message_id: str | tuple[str, ...], context: str | None) -> tuple[str | None, str]:
    return context, message_id[0] if isinstance(message_id, tuple) else message_id


def _messages_in_code() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    sources = [ROOT / "main.py"] if (ROOT / "main.py").exists() else []
    for name in SOURCE_DIRS:
        for _, _, message, _, context in extract_from_dir(ROOT / name, keywords=UI_KEYWORDS):
            found.add(_key(message, context))
    for path in sources:
        for _, message, _, context in extract_from_file("python", path, keywords=UI_KEYWORDS):
            found.add(_key(message, context))
    return found


def _ids(catalog_messages: object) -> set[tuple[str | None, str]]:
    return {_key(m.id, m.context) for m in catalog_messages if m.id}  # type: ignore[attr-defined]


def test_template_holds_every_message_of_the_code() -> None:
    in_code = _messages_in_code()
    in_template = _ids(template("messages"))
    assert in_code - in_template == set(), "run `make i18n`: new strings are not in messages.pot"
    assert in_template - in_code == set(), "run `make i18n`: messages.pot has strings the code lost"


def test_person_template_holds_every_person_text() -> None:
    found = {
        _key(message, context)
        for _, message, _, context in extract_from_file(
            "python", LOCALES_DIR / "person_texts.py", keywords={"P_": None}
        )
    }
    assert found == _ids(template("person"))


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_every_message_is_translated_and_none_is_fuzzy(domain: str, lang: str) -> None:
    catalog = translation(domain, lang)
    assert _ids(catalog) == _ids(template(domain)), f"run `make i18n` for {lang}/{domain}"
    untranslated = [m.id for m in catalog if m.id and not all(_forms(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert list(catalog.obsolete) == []


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_translator_returns_the_translation_not_english(domain: str, lang: str) -> None:
    t = translator(lang) if domain == "messages" else person_translator(lang)
    for m in translation(domain, lang):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            n = 2 if len(m.string) > 1 else 1
            index = int(_c_plural(translation(domain, lang).plural_expr)(n))
            got = (t.npgettext(m.context, m.id[0], m.id[1], n) if m.context
                   else t.ngettext(m.id[0], m.id[1], n))
            assert got == m.string[index]
        else:
            got = t.pgettext(m.context, m.id) if m.context else t.gettext(m.id)
            assert got == m.string


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_placeholders_are_the_same_as_in_english(domain: str, lang: str) -> None:
    for m in translation(domain, lang):
        if not m.id:
            continue
        source = m.id if isinstance(m.id, tuple) else (m.id,)
        expected = sorted(PLACEHOLDER.findall(source[-1]))
        for form in _forms(m.string):
            assert sorted(PLACEHOLDER.findall(form)) == expected, (m.id, form)


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_plural_forms_header_follows_cldr(domain: str, lang: str) -> None:
    catalog = translation(domain, lang)
    index_of = _c_plural(catalog.plural_expr)
    cldr = Locale.parse(lang).plural_form
    categories_by_index: dict[int, set[str]] = {}
    for n in range(201):
        categories_by_index.setdefault(index_of(n), set()).add(cldr(n))
    assert sorted(categories_by_index) == list(range(catalog.num_plurals))
    assert all(len(c) == 1 for c in categories_by_index.values()), categories_by_index
    distinct = {next(iter(c)) for c in categories_by_index.values()}
    assert len(distinct) == catalog.num_plurals


def test_polish_plural_example_from_the_issue() -> None:
    forms = ("kontakt", "kontakty", "kontaktów")
    index = _c_plural(translation("messages", "pl").plural_expr)
    assert [forms[index(n)] for n in (1, 2, 5, 12, 22, 25, 112, 122)] == [
        "kontakt", "kontakty", "kontaktów", "kontaktów", "kontakty", "kontaktów",
        "kontaktów", "kontakty",
    ]


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_msgfmt_check_accepts_the_catalog(domain: str, lang: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        missing("GNU gettext msgfmt")
    po = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("domain", ["messages", "person"])
def test_romanian_uses_comma_below_not_cedilla(domain: str) -> None:
    text = " ".join(" ".join(_forms(m.string)) for m in translation(domain, "ro"))
    assert not set("şţŞŢ") & set(text)
    assert set("șț") <= set(text)


@pytest.mark.parametrize("domain", ["messages", "person"])
def test_bulgarian_words_do_not_mix_latin_and_cyrillic(domain: str) -> None:
    words = re.findall(r"\w+", " ".join(" ".join(_forms(m.string)) for m in translation(domain, "bg")))
    mixed = [w for w in words if re.search("[a-zA-Z]", w) and re.search("[а-яА-Я]", w)]
    assert mixed == []


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def _c_plural(expression: str) -> Callable[[int], int]:
    return gettext.c2py(expression)  # type: ignore[attr-defined, no-any-return]
