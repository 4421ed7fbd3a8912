"""Small cells: which national figures may be shown, so that nobody can be singled out.

Primary suppression: a count of 1–4 is shown as `"<5"`. Complementary suppression:
whoever sees the published figures knows how they add up — a total is the sum of
its breakdown (persons by indication, by nationality, by outcome), the country the
sum of its organisations (and of the pilot's plus the others), a year the sum of
its quarters and months (contacts, new persons). Each such sum is a *line*. A line
with exactly one hidden cell would give it away by subtraction, and so would a line
whose hidden parts add up to 1–4 beside a shown total; so while any line is in
either state, its smallest shown cell is hidden as well (shown as `"x"`).

All of it runs on one fixed grid of calendar periods per data version, and every
answer is cut from that grid: two overlapping questions (a quarter and its months,
the whole country and the pilot) read the same hidden cells, so differencing them
recovers nothing that one answer does not already show.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from model.national import (
    CONTACTS,
    FORCED_RETURN,
    INDICATION,
    MUNICIPALITY_PREFIX,
    NATIONAL,
    NATIONALITY,
    NEW_PERSONS,
    ORG_PREFIX,
    OUTCOME,
    PILOT,
    PILOT_MUNICIPALITY_PREFIX,
    POSITIVE,
    UNIQUE_PERSONS,
    WITH_OUTCOME,
    Cell,
    sub_periods,
)
from model.values import POSITIVE_OUTCOMES, Outcome

SMALL = 5
SMALL_COUNT = "<5"
HIDDEN = "x"

Shown = int | str


@dataclass(frozen=True)
class Line:
    """`total` = the sum of `parts`, as anyone reading the figures can tell."""

    total: Cell
    parts: tuple[Cell, ...]


def suppress(values: Mapping[Cell, int], lines: Iterable[Line]) -> dict[Cell, str]:
    """The hidden cells and how each is shown: `"<5"` (1–4) or `"x"` (hidden to protect one).

    Each line keeps how many of its cells are hidden and what its hidden parts add up to,
    so a newly hidden cell costs only the lines through it.
    """
    found = list(lines)
    marks = {cell: SMALL_COUNT for cell, n in values.items() if 0 < n < SMALL}
    through: dict[Cell, list[int]] = defaultdict(list)
    hidden = [0] * len(found)
    hidden_sum = [0] * len(found)
    for i, line in enumerate(found):
        through[line.total].append(i)
        hidden[i] += line.total in marks
        for cell in line.parts:
            through[cell].append(i)
            if cell in marks:
                hidden[i] += 1
                hidden_sum[i] += values.get(cell, 0)
    queue = deque(i for i in range(len(found)) if hidden[i])
    while queue:
        i = queue.popleft()
        line = found[i]
        exposed = hidden[i] == 1 or (line.total not in marks and 0 < hidden_sum[i] < SMALL)
        if not hidden[i] or not exposed:
            continue
        shown = [c for c in (line.total, *line.parts) if c not in marks]
        if not shown:
            continue
        pick = min(shown, key=lambda c: (values.get(c, 0) == 0, values.get(c, 0), c))
        marks[pick] = HIDDEN
        for j in through[pick]:
            hidden[j] += 1
            if found[j].total != pick:
                hidden_sum[j] += values.get(pick, 0)
            queue.append(j)
    return marks


def shown(values: Mapping[Cell, int], marks: Mapping[Cell, str], cell: Cell) -> Shown:
    """What a cell shows: its count, or `"<5"` / `"x"`."""
    return marks.get(cell, values.get(cell, 0))


def outflow_pct(values: Mapping[Cell, int], marks: Mapping[Cell, str], period: str,
                where: str) -> float | None:
    """Positive outflow % of a cell, or None when over fewer than 5 persons or when either
    count it is made of is hidden (it would give the hidden one away)."""
    total, positive = (period, where, WITH_OUTCOME), (period, where, POSITIVE)
    if total in marks or positive in marks or values.get(total, 0) < SMALL:
        return None
    return round(100 * values.get(positive, 0) / values[total], 1)


def grid_lines(values: Mapping[Cell, int], *, orgs: Iterable[str],
               pilot: frozenset[str]) -> list[Line]:
    """Every sum a reader of the figures knows, over the cells of the grid (`orgs`: ids)."""
    metrics_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    slices_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    periods_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for period, where, metric in values:
        metrics_of[(period, where)].append(metric)
        slices_of[(period, metric)].add(where)
        periods_of[(where, metric)].add(period)
    orgs = sorted(orgs)
    found: list[Line] = []
    for (period, where), present in sorted(metrics_of.items()):
        found += _breakdowns(period, where, present)
    for (period, metric), slices in sorted(slices_of.items()):
        found += _across(period, metric, orgs=orgs, pilot=pilot, slices=sorted(slices))
    for (where, metric), periods in sorted(periods_of.items()):
        for period in sorted({p[:4] for p in periods} | {_quarter(p) for p in periods}):
            found += _over_time(period, where, metric)
    return [line for line in found if any(c in values for c in (line.total, *line.parts))]


def _quarter(period: str) -> str:
    """The quarter a month (or quarter) belongs to; a year stays a year."""
    if len(period) == 4 or period[5] == "Q":
        return period
    return f"{period[:4]}-Q{(int(period[5:7]) - 1) // 3 + 1}"


def _breakdowns(period: str, where: str, present: list[str]) -> list[Line]:
    def parts(prefix: str, keep: Iterable[str] | None = None) -> tuple[Cell, ...]:
        wanted = set(keep) if keep is not None else None
        return tuple(sorted((period, where, m) for m in present if m.startswith(prefix)
                            and (wanted is None or m[len(prefix):] in wanted)))

    return [
        Line((period, where, UNIQUE_PERSONS), parts(INDICATION)),
        Line((period, where, UNIQUE_PERSONS), parts(NATIONALITY)),
        Line((period, where, WITH_OUTCOME), parts(OUTCOME)),
        Line((period, where, POSITIVE), parts(OUTCOME, POSITIVE_OUTCOMES)),
        Line((period, where, FORCED_RETURN), ((period, where, OUTCOME + Outcome.FORCED_RETURN),)),
    ]


def _across(period: str, metric: str, *, orgs: list[str], pilot: frozenset[str],
            slices: list[str]) -> list[Line]:
    """The country (and the pilot) as the sum of its organisations, and of its
    municipalities for contacts. `slices` are those with this cell: a missing one is 0,
    which every reader knows, so it adds nothing to a sum."""
    present = set(slices)
    org_cells = [(o, (period, ORG_PREFIX + o, metric)) for o in orgs
                 if ORG_PREFIX + o in present]
    lines = [Line((period, NATIONAL, metric), tuple(c for _o, c in org_cells))]
    if pilot:
        lines += [Line((period, PILOT, metric), tuple(c for o, c in org_cells if o in pilot)),
                  Line((period, NATIONAL, metric), ((period, PILOT, metric),
                                                    *(c for o, c in org_cells
                                                      if o not in pilot)))]
    if metric == CONTACTS:  # a person may be met in two municipalities: only contacts add up
        for whole, prefix in ((NATIONAL, MUNICIPALITY_PREFIX), (PILOT, PILOT_MUNICIPALITY_PREFIX)):
            lines.append(Line((period, whole, metric), tuple(
                (period, s, metric) for s in slices if s.startswith(prefix))))
    return lines


def _over_time(period: str, where: str, metric: str) -> list[Line]:
    # Contacts add up over time, and so do new persons (each is new in one period only).
    # Per municipality that is not exact (new there = first contact ever, anywhere, in the
    # period, and met there in it), but nearly always so: treated as a sum all the same.
    if metric not in (CONTACTS, NEW_PERSONS):
        return []
    return [Line((period, where, metric), tuple((p, where, metric) for p in smaller))
            for smaller in sub_periods(period)]
