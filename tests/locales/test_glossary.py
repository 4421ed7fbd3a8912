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
    r"\bnationalit": {"nl": "nationaliteit", "pl": "obywatelstw", "ro": "cetățeni",
                      "bg": "гражданств"},
    r"^(all )?workers?$": {"nl": "medewerker", "pl": "streetworker", "ro": "de stradă",
                           "bg": "терен"},
    r"\bviewed\b": {"nl": "bekeken", "pl": "wyświetlono", "ro": "vizualizat", "bg": "отвор"},
    r"\bpositive outflow": {"nl": "positieve uitstroom", "pl": "z bezdomności",
                            "ro": "ieșire pozitivă", "bg": "положителен изход"},
    r"\bsleeping situation": {"nl": "slaapplek", "pl": "gdzie śpi", "ro": "unde doarme",
                              "bg": "къде спи"},
    r"\bname or nickname|^alias$": {"nl": "bijnaam", "pl": "pseudonim", "ro": "poreclă",
                                    "bg": "прякор", "hu": "becen"},
}
# Words a translation must not use, per language, with the glossary's word instead.
AVOID: dict[str, dict[str, str]] = {
    "pl": {"narodowoś": "obywatelstwo (ethnic origin is not citizenship)",
           "przezwisk": "pseudonim (przezwisko is a name others mock someone with)"},
    "ro": {"tale": "dumneavoastră (the worker is not addressed with tu)",
           "tău": "dumneavoastră (the worker is not addressed with tu)",
           "tăi": "dumneavoastră (the worker is not addressed with tu)"},
    "bg": {"сведения": "данни (the person's data)",
           "излизане": "изход (a positive way out of homelessness)",
           "човека": "лице (the person met)"},
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


@pytest.mark.parametrize(("domain", "lang"), [c for c in CATALOGS if c[1] in AVOID])
def test_catalog_avoids_the_words_the_glossary_replaced(domain: str, lang: str) -> None:
    found = []
    for message in translation(domain, lang):
        text = " ".join(message.string) if isinstance(message.string, tuple) else str(message.string)
        words = set(re.findall(r"\w+", text.lower()))
        found += [(message.id, avoid, instead) for avoid, instead in AVOID[lang].items()
                  if any(word.startswith(avoid) for word in words)]
    assert found == []


def test_glossary_names_the_words_to_avoid() -> None:
    glossary = (LOCALES_DIR / "GLOSSARY.md").read_text(encoding="utf-8").lower()
    for words in AVOID.values():
        for avoid, instead in words.items():
            assert avoid in glossary, avoid
            assert instead.split(" (")[0] in glossary, instead
