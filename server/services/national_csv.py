"""The national figures as CSV: one line per period and row (the country, each municipality,
each organisation the caller may see), the same suppressed cells as the API; audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from locales import UnknownLabel, format_number, label, translator
from model.values import FIELD_VALUES
from server.config import Settings
from server.services import audit, national
from server.services.audit import Action, Actor
from server.services.export import csv_chunks, separator
from server.services.national import NationalQuery
from server.services.principals import Principal

INDICATIONS = ("A", "B", "C", "none")


def national_csv(db: Session, *, principal: Principal, settings: Settings,
                 query: NationalQuery, today: date, lang: str, sep: str | None = None) -> str:
    """The national figures asked for, as CSV text in `lang` (audited as an export).

    Raises:
        Forbidden: a worker.
        InvalidInput: see `NationalQuery.check`, or another separator.
    """
    delimiter = separator(sep, lang)
    found = national.answer(db, principal=principal, query=query, today=today,
                             reference=settings.outflow_reference_pct)
    audit.record(db, actor=Actor.of(principal), action=Action.NATIONAL_EXPORT)
    db.commit()
    return "".join(csv_chunks(rows(found, lang), delimiter=delimiter))


def rows(found: dict[str, Any], lang: str) -> list[list[str]]:
    """A header, then per period the country, its municipalities and organisations."""
    _ = translator(lang).gettext
    outcomes = list(FIELD_VALUES["outcome"])
    whole = _("Pilot organisations") if found["pilot_only"] else _("Netherlands")
    nationalities = sorted({n for p in found["periods"] for _l, row, _n in _named(p, whole, lang)
                            for n in row["by_nationality"]})
    header = [_("Period"), _("Level"), _("Name"), _("Contacts"), _("Unique persons"),
              _("New persons"), _("Persons with an outcome"),
              _("Persons with a positive outflow"), _("Positive outflow %"),
              _("Forced return (not positive)"),
              *(_name("entitlement_indication", i, lang) for i in INDICATIONS),
              *(_name("outcome", o, lang) for o in outcomes),
              *(_name("nationality", n, lang) for n in nationalities)]
    lines = [header]
    for period in found["periods"]:
        for level, row, name in _named(period, whole, lang):
            pct = row["positive_outflow_pct"]
            lines.append([
                period["period"], level, name,
                *(str(row[k]) for k in ("contacts", "unique_persons", "new_persons",
                                        "persons_with_outcome", "positive_outflow_persons")),
                format_number(pct, lang) if pct is not None else "",
                str(row["forced_return_persons"]),
                *(str(row["by_indication"].get(i, 0)) for i in INDICATIONS),
                *(str(row["by_outcome"].get(o, 0)) for o in outcomes),
                *(str(row["by_nationality"].get(n, 0)) for n in nationalities),
            ])
    return lines


def _named(period: dict[str, Any], whole: str, lang: str = "en"
           ) -> list[tuple[str, dict[str, Any], str]]:
    _ = translator(lang).gettext
    found = [(_("Total"), period["national"], whole)]
    found += [(_("Municipality"), m, _place(m, lang)) for m in period["municipalities"]]
    found += [(_("Organisation"), o, o["name"]) for o in period["organisations"]]
    return found


def _place(row: dict[str, Any], lang: str) -> str:
    if row["code"] == "other":
        return label("municipality", "other", lang)
    return f"{row['name']} ({row['code']})" if row["name"] != row["code"] else row["code"]


def _name(field: str, value: str, lang: str) -> str:
    if field == "entitlement_indication" and value == "none":
        return translator(lang).gettext("No indication")
    try:
        return label(field, value, lang)
    except UnknownLabel:
        return value
