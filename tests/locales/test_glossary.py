"""The catalogs use the glossary's fixed words for the terms most likely to drift."""

from __future__ import annotations

import re

import pytest

from locales.languages import LOCALES_DIR
from tests.locales.catalog_files import CATALOGS, translation

# English term -> the stem its translation must contain, per language (from GLOSSARY.md).
TERMS: dict[str, dict[str, str]] = {
    r"\boutreach worker": {
        "nl": "outreachmedewerker", "pl": "streetworker", "ro": "lucrător", "bg": "терен",
        "hu": "utcai szociális munkás",
    },
    r"\bneeds correction": {"nl": "Correctie nodig", "pl": "Do poprawy", "ro": "De corectat",
                            "bg": "За поправка"},
    r"\bnot entitled": {"nl": "niet rechthebbend", "pl": "bez uprawnień", "ro": "neîndreptățit",
                        "bg": "неправоимащ"},
    r"\bpossibly entitled": {"nl": "rechthebbend", "pl": "uprawnien", "ro": "îndreptățit",
                             "bg": "правоимащ"},
    r"\bindication\b": {"nl": "indicatie", "pl": "ocen", "ro": "evalu", "bg": "оценка"},
}


@pytest.mark.parametrize(("domain", "lang"), CATALOGS)
def test_catalog_uses_the_glossary_terms(domain: str, lang: str) -> None:
    wrong = []
    for message in translation(domain, lang):
        if not message.id or isinstance(message.id, tuple):
            continue
        for pattern, stems in TERMS.items():
            stem = stems.get(lang)
            if stem and re.search(pattern, message.id, re.IGNORECASE) and (
                stem.lower() not in message.string.lower()
            ):
                wrong.append((message.id, message.string, stem))
    assert wrong == []


def test_glossary_lists_every_term_checked_here() -> None:
    glossary = (LOCALES_DIR / "GLOSSARY.md").read_text(encoding="utf-8")
    for stems in TERMS.values():
        for stem in stems.values():
            assert stem.lower() in glossary.lower(), stem
