"""What the catalog tests share: which catalogs exist and reading them with Babel."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from locales.languages import LOCALES_DIR

UI_TARGETS = ("nl", "pl", "ro", "bg")
PERSON_TARGETS = ("nl", "pl", "ro", "bg", "hu")
# (domain, language) of every catalog that must exist and be complete.
CATALOGS = [("messages", lang) for lang in UI_TARGETS] + [
    ("person", lang) for lang in PERSON_TARGETS
]


def po_path(domain: str, lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def template(domain: str) -> Catalog:
    return read_catalog(LOCALES_DIR / f"{domain}.pot")


def translation(domain: str, lang: str) -> Catalog:
    return read_catalog(po_path(domain, lang), lang)
