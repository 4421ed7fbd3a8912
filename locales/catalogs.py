"""Loading the gettext catalogs: the compiled `.mo`, or straight from the `.po`.

`make` compiles every `.po` into a `.mo` (with `msgfmt --check`). A fresh
checkout before `make`, or a `.po` edited after the last build, has no
up-to-date `.mo`: then the `.po` itself is read with Babel and compiled in
memory, so a translator's change shows at the next start and nothing falls
back to English silently. A UI language without any catalog is a broken
installation and raises `CatalogMissing`.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from locales.languages import LOCALES_DIR, SOURCE_LANGUAGE

log = logging.getLogger(__name__)


class CatalogMissing(LookupError):
    """A language the product offers has no catalog for a domain."""


def catalog_path(
    lang: str, domain: str, *, suffix: str = ".po", directory: Path = LOCALES_DIR
) -> Path:
    """Where the catalog of `domain` in `lang` lives (`.po` or `.mo`)."""
    return directory / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def load_translations(
    lang: str, domain: str, *, directory: Path = LOCALES_DIR
) -> gettext.NullTranslations:
    """The translations of `domain` in `lang`; English (the msgids) for the source language.

    Raises:
        CatalogMissing: neither a `.po` nor a `.mo` exists for `lang` and `domain`.
    """
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po = catalog_path(lang, domain, directory=directory)
    mo = catalog_path(lang, domain, suffix=".mo", directory=directory)
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    if po.is_file():
        log.debug("no up-to-date compiled catalog for %s/%s; reading the .po", lang, domain)
        return _compile_in_memory(po, lang=lang, domain=domain)
    raise CatalogMissing(f"no catalog {domain} for language {lang}")


def _compile_in_memory(po: Path, *, lang: str, domain: str) -> gettext.GNUTranslations:
    # Fuzzy entries are left out, exactly as msgfmt does.
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
