"""A field app on a real encrypted vault in a temporary data folder (no browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldapp.app import FieldApp
from fieldapp.config import FieldAppConfig
from fieldapp.summaries import ContactSummary, ListFilter
from model.form import FormValues
from tests.factories import REQUIRED_ANONYMOUS

PIN = "135790"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FieldApp]:
    """A field app past first run: language chosen, PIN created, vault open."""
    made = FieldApp(FieldAppConfig(data_dir=tmp_path, fast_kdf=True))
    made.settings.choose_language("pl")
    made.vault.create(PIN)
    yield made
    made.vault.lock()


def form(app: FieldApp, **changes: Any) -> FormValues:
    """A new contact's form, filled in with the required answers and `changes`."""
    values = app.contacts.new_form_values()
    values.update({**REQUIRED_ANONYMOUS, **changes})
    return values


def every(app: FieldApp, query: str = "") -> list[ContactSummary]:
    """The whole contact list, unfiltered (searched by alias when `query` is given)."""
    return app.contacts.find(ListFilter.ALL, query)
