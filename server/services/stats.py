"""The monitoring figures (docs/domain.md) of an organisation, per period and municipality.

The live figures are computed by the database (`figures_sql`, the same
definitions as `model.monitoring_figures`). Months whose contacts were purged
keep only their contact counts per municipality.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from model import Period, municipalities
from model.municipalities import OTHER, name_of
from server.errors import InvalidInput, field_errors
from server.models import PurgedCount
from server.services import figures_sql
from server.services import municipalities as org_municipalities
from server.services.principals import Principal, Role


def stats(db: Session, *, principal: Principal, date_from: date | None = None,
          date_to: date | None = None, municipality: str | None = None) -> dict[str, Any]:
    """The figures for the period (contact dates, ends included) and municipality (None = all).

    Raises:
        InvalidInput: an unknown municipality or an end before the start.
    """
    principal.require(Role.SUPERVISOR)
    problems: list[tuple[str, str, dict[str, Any]]] = []
    if municipality is not None and not municipalities.is_valid(municipality):
        problems.append(("municipality", "invalid_format", {}))
    if date_from and date_to and date_to < date_from:
        problems.append(("date_to", "before_start", {}))
    if problems:
        raise InvalidInput(field_errors(*problems))
    figures = figures_sql.figures(db, org_id=principal.org_id, period=Period(date_from, date_to),
                                  municipality=municipality)
    purged = _purged(db, org_id=principal.org_id, date_from=date_from, date_to=date_to,
                     municipality=municipality)
    known = org_municipalities.names(db, org_id=principal.org_id)
    per_place = figures_sql.per_municipality(db, org_id=principal.org_id,
                                             period=Period(date_from, date_to))
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "municipality": municipality,
        "municipality_name": place_name(municipality, known) if municipality else None,
        **figures.as_dict(),
        # Grouped by code; named as the organisation names it (else CBS, else the code).
        "by_municipality": [{"code": code, "name": place_name(code, known), "contacts": n}
                            for code, n in per_place.items()],
        "purged": {"contacts": sum(purged.values()), "by_month": purged},
    }


def place_name(code: str, known: dict[str, str]) -> str | None:
    """A municipality's name for figures; None for "other" (each page says that its way)."""
    return None if code == OTHER else name_of(code, known)


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
