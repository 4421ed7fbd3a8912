"""Alias search folds case, accents and Cyrillic, so a volunteer finds the person."""

from __future__ import annotations

import pytest

from model.search import alias_matches, fold


@pytest.mark.parametrize(("alias", "query"), [
    ("Ștefan", "stefan"),
    ("Стефан", "stefan"),
    ("Łukasz", "lukasz"),
    ("Żaneta Wójcik", "zaneta woj"),
    ("Георги", "georgi"),
    ("Мария  Петрова", "mariya petr"),
    ("Marek", "MAR"),
])
def test_alias_found_however_typed(alias: str, query: str) -> None:
    assert alias_matches(alias, query)


def test_other_alias_not_found() -> None:
    assert not alias_matches("Marek", "stefan")


def test_anonymous_contact_only_matches_empty_query() -> None:
    assert alias_matches(None, "  ")
    assert not alias_matches(None, "a")


def test_fold_collapses_spaces() -> None:
    assert fold("  Ana   Maria ") == "ana maria"
