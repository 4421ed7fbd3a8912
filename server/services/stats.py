"""The monitoring figures (DOMAIN.md) of an organisation, per period and municipality.

The live figures come from `model.monitoring_figures`, fed the newest revision
of every contact straight from the indexed columns (no JSON parsing). Months
whose contacts were purged keep only their contact counts per municipality.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from model import Period, monitoring_figures
from model.values import FIELD_VALUES
from server.errors import InvalidInput, field_errors
from server.models import CurrentContact, PurgedCount
from server.services.principals import Principal, Role


@dataclasses.dataclass(frozen=True, slots=True)
class _Facts:
    """The columns the figures need of one contact (a `model.figures.Countable`)."""

    person_id: str
    contact_date: date
    updated_at: datetime
    municipality: str
    nationality: str
    age_band: str
    sleeping_situation: str
    answers: str
    referral_text: str
    outcome: str | None

    @property
    def entitlement(self) -> Mapping[str, str]:
        return _answers(self.answers)

    @property
    def referrals(self) -> list[str]:
        return self.referral_text.split()


def stats(db: Session, *, principal: Principal, date_from: date | None = None,
          date_to: date | None = None, municipality: str | None = None) -> dict[str, Any]:
    """The figures for the period (contact dates, ends included) and municipality (None = all).

    Raises:
        InvalidInput: an unknown municipality or an end before the start.
    """
    principal.require(Role.SUPERVISOR)
    problems: list[tuple[str, str, dict[str, Any]]] = []
    if municipality is not None and municipality not in FIELD_VALUES["municipality"]:
        problems.append(("municipality", "invalid_value", {}))
    if date_from and date_to and date_to < date_from:
        problems.append(("date_to", "before_start", {}))
    if problems:
        raise InvalidInput(field_errors(*problems))
    figures = monitoring_figures(_facts(db, principal.org_id), period=Period(date_from, date_to),
                                 municipality=municipality)
    purged = _purged(db, org_id=principal.org_id, date_from=date_from, date_to=date_to,
                     municipality=municipality)
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "municipality": municipality,
        **figures.as_dict(),
        "purged": {"contacts": sum(purged.values()), "by_month": purged},
    }


@lru_cache(maxsize=4096)
def _answers(text: str) -> Mapping[str, str]:
    # Few distinct answer sets exist; parse each once (read-only, so sharing is safe).
    found: dict[str, str] = json.loads(text)
    return MappingProxyType(found)


def _facts(db: Session, org_id: str) -> Iterator[_Facts]:
    c = CurrentContact
    # Dates as the driver gives them: SQLAlchemy's own parsing of SQLite's text
    # dates costs more than everything else here together.
    query = select(c.person_id, type_coerce(c.contact_date, String),
                   type_coerce(c.updated_at, String), c.municipality, c.nationality,
                   c.age_band, c.sleeping_situation, c.entitlement, c.referrals,
                   c.outcome).where(c.org_id == org_id)
    for row in db.connection().execute(query.execution_options(yield_per=2000)):
        person, day, moment, *rest = tuple(row)
        yield _Facts(person, _day(day), _moment(moment), *rest)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _moment(value: datetime | str) -> datetime:
    # Only compared with the same organisation's other rows, all read the same way.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _purged(db: Session, *, org_id: str, date_from: date | None, date_to: date | None,
            municipality: str | None) -> dict[str, int]:
    query = (select(PurgedCount.month, func.sum(PurgedCount.contacts))
             .where(PurgedCount.org_id == org_id).group_by(PurgedCount.month)
             .order_by(PurgedCount.month))
    if municipality:
        query = query.where(PurgedCount.municipality == municipality)
    if date_from:
        query = query.where(PurgedCount.month >= date_from.isoformat()[:7])
    if date_to:
        query = query.where(PurgedCount.month <= date_to.isoformat()[:7])
    return {month: int(total) for month, total in db.execute(query)}
