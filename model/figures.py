"""The monitoring figures the pilot is measured on (docs/domain.md).

One pass over the contacts; memory grows with the number of persons, not of
contacts, so the server can stream a whole organisation's data through it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from model.contact import Contact
from model.entitlement import entitlement_indication
from model.values import POSITIVE_OUTCOMES, Outcome


@dataclass(frozen=True)
class Period:
    """A period of contact dates, both ends included; None means open."""

    start: date | None = None
    end: date | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass
class Figures:
    """The figures for one period (and optionally one municipality)."""

    contacts: int = 0
    unique_persons: int = 0
    new_persons: int = 0
    contacts_per_week: dict[str, int] = field(default_factory=dict)
    by_nationality: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    by_sleeping_situation: dict[str, int] = field(default_factory=dict)
    by_indication: dict[str, int] = field(default_factory=dict)
    by_referral: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    persons_with_outcome: int = 0
    positive_outflow_persons: int = 0
    forced_return_persons: int = 0
    positive_outflow_pct: float | None = None

    def as_dict(self) -> dict[str, object]:
        """The figures as plain JSON-ready values."""
        return dict(self.__dict__)


def monitoring_figures(
    contacts: Iterable[Contact],
    *,
    period: Period,
    municipality: str | None = None,
) -> Figures:
    """Compute the monitoring figures of the contacts in `period`.

    `contacts` should be the newest revision of every contact of the
    organisation, in any order, including those before the period: a person
    is *new* when their first contact ever falls in the period.

    Per person (their latest contact in the period): nationality, age band,
    sleeping situation, indication. Per contact: referrals and weeks. The
    outcome of a person is the latest outcome recorded in the period; positive
    outflow % = persons with a positive outcome / persons with any outcome.
    """
    first_seen: dict[str, date] = {}
    latest: dict[str, Contact] = {}
    outcome: dict[str, tuple[date, str, str]] = {}
    figures = Figures()
    weeks: Counter[str] = Counter()
    referrals: Counter[str] = Counter()
    for c in contacts:
        seen = first_seen.get(c.person_id)
        if seen is None or c.contact_date < seen:
            first_seen[c.person_id] = c.contact_date
        if c.contact_date not in period or (municipality and c.municipality != municipality):
            continue
        figures.contacts += 1
        iso = c.contact_date.isocalendar()
        weeks[f"{iso.year}-W{iso.week:02d}"] += 1
        referrals.update(c.referrals)
        if _later(c, latest.get(c.person_id)):
            latest[c.person_id] = c
        if c.outcome is not None:
            key = (c.contact_date, c.updated_at.isoformat(), c.outcome)
            if c.person_id not in outcome or key > outcome[c.person_id]:
                outcome[c.person_id] = key
    _per_person(figures, latest, first_seen, period)
    _outcomes(figures, {p: v[2] for p, v in outcome.items()})
    figures.contacts_per_week = dict(sorted(weeks.items()))
    figures.by_referral = dict(referrals.most_common())
    return figures


def _later(c: Contact, other: Contact | None) -> bool:
    return other is None or (c.contact_date, c.updated_at) > (other.contact_date, other.updated_at)


def _per_person(
    figures: Figures, latest: dict[str, Contact], first_seen: dict[str, date], period: Period
) -> None:
    figures.unique_persons = len(latest)
    figures.new_persons = sum(1 for p in latest if first_seen[p] in period)
    nationality: Counter[str] = Counter()
    age: Counter[str] = Counter()
    sleeping: Counter[str] = Counter()
    indication: Counter[str] = Counter()
    for c in latest.values():
        nationality[c.nationality] += 1
        age[c.age_band] += 1
        sleeping[c.sleeping_situation] += 1
        found = entitlement_indication(c.entitlement)
        indication[found.code.value if found else "none"] += 1
    figures.by_nationality = dict(nationality.most_common())
    figures.by_age_band = dict(age.most_common())
    figures.by_sleeping_situation = dict(sleeping.most_common())
    figures.by_indication = dict(sorted(indication.items()))


def _outcomes(figures: Figures, outcome_of: dict[str, str]) -> None:
    counts = Counter(outcome_of.values())
    figures.by_outcome = dict(counts.most_common())
    figures.persons_with_outcome = len(outcome_of)
    figures.positive_outflow_persons = sum(counts[o] for o in POSITIVE_OUTCOMES)
    figures.forced_return_persons = counts[Outcome.FORCED_RETURN]
    if figures.persons_with_outcome:
        figures.positive_outflow_pct = round(
            100 * figures.positive_outflow_persons / figures.persons_with_outcome, 1
        )
