"""The national grid and its small-cell suppression, on data small enough to count by hand."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from model.national import (
    CONTACTS,
    MONTH,
    NATIONAL,
    NEW_PERSONS,
    PILOT,
    QUARTER,
    UNIQUE_PERSONS,
    YEAR,
    Cell,
    Seen,
    municipality_code,
    national_grid,
    period_bounds,
    period_of,
    periods_between,
)
from model.suppression import HIDDEN, SMALL_COUNT, Line, grid_lines, outflow_pct, shown, suppress


def seen(org: str, person: str, day: date, *, place: str = "GM0363", nat: str = "PL",
         ind: str = "C", outcome: str | None = None, minute: int = 0) -> Seen:
    return Seen(org, person, place, day, datetime(day.year, day.month, day.day, 9, minute,
                                                  tzinfo=UTC), nat, ind, outcome)


def test_periods() -> None:
    assert period_of(date(2026, 5, 31), MONTH) == "2026-05"
    assert period_of(date(2026, 5, 31), QUARTER) == "2026-Q2"
    assert period_of(date(2026, 5, 31), YEAR) == "2026"
    assert period_bounds("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_bounds("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert periods_between(date(2025, 11, 15), date(2026, 2, 3), MONTH) == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
    assert periods_between(date(2025, 12, 1), date(2026, 4, 1), QUARTER) == [
        "2025-Q4", "2026-Q1", "2026-Q2"]


@pytest.mark.parametrize(("stored", "counted"), [
    ("amsterdam", "GM0363"), ("den_haag", "GM0518"), ("venlo", "GM0983"),
    ("GM0153", "GM0153"), ("other", "other"), ("nowhere", "other"), ("gm0153", "other"),
])
def test_municipalities_are_counted_by_code(stored: str, counted: str) -> None:
    assert municipality_code(stored) == counted


def test_one_person_counted_once_per_period_with_their_latest_contact() -> None:
    person = [
        seen("o1", "p", date(2026, 1, 10), nat="PL", ind="C"),
        seen("o1", "p", date(2026, 2, 3), place="amsterdam", nat="PL", ind="B"),
        seen("o1", "p", date(2026, 2, 20), place="GM0153", nat="PL", ind="A",
             outcome="found_work"),
    ]
    grid = national_grid([person], pilot=frozenset({"o1"}))
    for where in (NATIONAL, PILOT, "org:o1"):
        assert grid[("2026-Q1", where, CONTACTS)] == 3
        assert grid[("2026-Q1", where, UNIQUE_PERSONS)] == 1
        assert grid[("2026-Q1", where, "indication:A")] == 1  # the latest contact's
        assert grid[("2026-Q1", where, "indication:C")] == 0
        assert grid[("2026-01", where, NEW_PERSONS)] == 1
        assert grid[("2026-02", where, NEW_PERSONS)] == 0
        assert grid[("2026-02", where, "outcome:found_work")] == 1
    # The legacy name and the code are one municipality.
    assert grid[("2026-Q1", "mun:GM0363", CONTACTS)] == 2
    assert grid[("2026-Q1", "mun:GM0363", "indication:B")] == 1
    assert grid[("2026-02", "mun:GM0363", NEW_PERSONS)] == 0
    assert grid[("2026-Q1", "mun:GM0153", "outcome:found_work")] == 1
    assert grid[("2026-Q1", "mun:GM0153", NEW_PERSONS)] == 1


def _data() -> list[list[Seen]]:
    """Org a: 7 persons in January, 6 in February, 2 in March; org b: 9 in January."""
    persons: list[list[Seen]] = []
    for i, (month, n) in enumerate(((1, 7), (2, 6), (3, 2))):
        persons += [[seen("a", f"a{i}{k}", date(2026, month, 5))] for k in range(n)]
    persons += [[seen("b", f"b{k}", date(2026, 1, 5), nat="RO" if k < 6 else "BG")]
                for k in range(9)]
    return persons


def _published() -> tuple[Counter[Cell], dict[Cell, str]]:
    grid = national_grid(_data(), pilot=frozenset({"a"}))
    return grid, suppress(grid, grid_lines(grid, orgs=["a", "b"], pilot=frozenset({"a"})))


def test_small_counts_show_as_under_five_and_a_partner_is_hidden() -> None:
    grid, marks = _published()
    assert shown(grid, marks, ("2026-03", "org:a", CONTACTS)) == SMALL_COUNT
    assert shown(grid, marks, ("2026-01", "org:a", CONTACTS)) == 7  # nothing small in its lines
    assert shown(grid, marks, ("2026-01", "org:b", "nationality:BG")) == SMALL_COUNT
    assert shown(grid, marks, ("2026-01", "org:b", "nationality:RO")) == HIDDEN
    assert shown(grid, marks, ("2026-01", NATIONAL, CONTACTS)) == 16
    assert all(value >= 5 or value == 0 for cell, value in grid.items() if cell not in marks)


def _attack(values: dict[Cell, int | str], relations: list[tuple[Cell, list[Cell]]]) -> dict[
        Cell, int]:
    """What a reader works out by subtracting: every relation total = Σ parts with one
    unknown, over and over, until nothing new follows."""
    known = {c: v for c, v in values.items() if isinstance(v, int)}
    progress = True
    while progress:
        progress = False
        for total, parts in relations:
            cells = [total, *parts]
            unknown = [c for c in cells if c not in known]
            if len(unknown) != 1:
                continue
            missing = unknown[0]
            rest = sum(known[p] for p in parts if p != missing)
            known[missing] = known[total] - rest if missing != total else rest
            progress = True
    return known


def _relations() -> list[tuple[Cell, list[Cell]]]:
    """The sums a reader knows, written out independently of the suppression's own lines."""
    months = ["2026-01", "2026-02", "2026-03"]
    relations: list[tuple[Cell, list[Cell]]] = []
    for where in (NATIONAL, PILOT, "org:a", "org:b", "mun:GM0363"):
        relations.append((("2026-Q1", where, CONTACTS), [(m, where, CONTACTS) for m in months]))
        relations.append((("2026", where, CONTACTS), [(m, where, CONTACTS) for m in months]
                          + [(f"2026-{k:02d}", where, CONTACTS) for k in range(4, 13)]))
        relations.append((("2026-Q1", where, NEW_PERSONS),
                          [(m, where, NEW_PERSONS) for m in months]))
    for period in [*months, "2026-Q1", "2026"]:
        for metric in (CONTACTS, UNIQUE_PERSONS, NEW_PERSONS, "nationality:PL"):
            relations.append(((period, NATIONAL, metric),
                              [(period, "org:a", metric), (period, "org:b", metric)]))
            relations.append(((period, NATIONAL, metric),
                              [(period, PILOT, metric), (period, "org:b", metric)]))
        for where in (NATIONAL, "org:b"):
            relations.append(((period, where, UNIQUE_PERSONS), [
                (period, where, f"nationality:{n}") for n in ("PL", "RO", "BG")]))
    return relations


def test_no_small_cell_can_be_worked_out_by_differencing() -> None:
    grid, marks = _published()
    cells = {c for rel in _relations() for c in (rel[0], *rel[1])}
    # Quarter and months, pilot and country, asked separately, all read the same grid.
    published = {c: shown(grid, marks, c) for c in cells}
    known = _attack(published, _relations())
    small = [c for c in cells if 0 < grid[c] < 5]
    assert small, "the data must have small cells for this test to mean anything"
    recovered = [c for c in small if c in known]
    assert recovered == []


def test_without_complementary_suppression_the_attack_works() -> None:
    """The attack is real: with only the small cells hidden it recovers them."""
    grid = national_grid(_data(), pilot=frozenset({"a"}))
    cells = {c for rel in _relations() for c in (rel[0], *rel[1])}
    published: dict[Cell, int | str] = {
        c: SMALL_COUNT if 0 < grid[c] < 5 else grid[c] for c in cells}
    known = _attack(published, _relations())
    assert ("2026-03", "org:a", CONTACTS) in known
    assert known[("2026-03", "org:a", CONTACTS)] == 2


def test_hidden_parts_adding_up_to_a_small_number_are_not_left_beside_their_total() -> None:
    values = {("p", "s", "t"): 20, ("p", "s", "a"): 1, ("p", "s", "b"): 2,
              ("p", "s", "c"): 8, ("p", "s", "d"): 9}
    marks = suppress(values, [Line(("p", "s", "t"), (("p", "s", "a"), ("p", "s", "b"),
                                                     ("p", "s", "c"), ("p", "s", "d")))])
    assert marks == {("p", "s", "a"): SMALL_COUNT, ("p", "s", "b"): SMALL_COUNT,
                     ("p", "s", "c"): HIDDEN}


def test_a_percentage_needs_five_persons_and_shown_counts() -> None:
    values = {("p", "s", "persons_with_outcome"): 8, ("p", "s", "positive_outflow_persons"): 5}
    assert outflow_pct(values, {}, "p", "s") == 62.5
    assert outflow_pct(values, {("p", "s", "positive_outflow_persons"): HIDDEN}, "p", "s") is None
    values[("p", "s", "persons_with_outcome")] = 4
    assert outflow_pct(values, {}, "p", "s") is None
