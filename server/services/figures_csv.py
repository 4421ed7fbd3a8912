"""The monitoring figures as CSV for the case conference, beside the contacts' CSV
(`server.services.export` writes both): labels in the chosen language; audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from locales import format_number, label, municipality_name, translator
from server.services import audit, stats
from server.services.audit import Action, Actor
from server.services.export import csv_chunks, separator
from server.services.principals import Principal

# (stats key, value list the keys are labelled from)
BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("by_nationality", "nationality"), ("by_age_band", "age_band"),
    ("by_sleeping_situation", "sleeping_situation"),
    ("by_indication", "entitlement_indication"), ("by_referral", "referrals"),
    ("by_outcome", "outcome"),
)


def figures_csv(db: Session, *, principal: Principal, lang: str, date_from: date | None = None,
                date_to: date | None = None, municipality: str | None = None,
                sep: str | None = None) -> str:
    """The figures for the period and municipality, as one CSV text (audited); cells
    separated by `sep` ("comma", "semicolon"), or as Excel in `lang` expects when None.

    Raises:
        Forbidden: the caller is not a supervisor or admin.
        InvalidInput: an unknown municipality, an end before the start, another separator.
    """
    delimiter = separator(sep, lang)
    found = stats.stats(db, principal=principal, date_from=date_from, date_to=date_to,
                        municipality=municipality)
    audit.record(db, actor=Actor.of(principal), action=Action.EXPORT)
    db.commit()
    return "".join(csv_chunks(rows(found, lang), delimiter=delimiter))


def rows(found: dict[str, Any], lang: str) -> list[list[str]]:
    """Header, the period, the totals, then every breakdown, one count per line."""
    _ = translator(lang).gettext
    place = found.get("municipality")
    lines = [
        [_("Figure"), _("Value"), _("Count")],
        [_("From"), found.get("date_from") or "", ""],
        [_("To"), found.get("date_to") or "", ""],
        [_("Municipality"), _place(place, found.get("municipality_name"), lang) if place
         else _("All municipalities"), ""],
    ]
    totals = (
        (_("Contacts"), "contacts"), (_("Unique persons"), "unique_persons"),
        (_("New persons"), "new_persons"), (_("Persons with an outcome"), "persons_with_outcome"),
        (_("Persons with a positive outflow"), "positive_outflow_persons"),
        (_("Forced return (not positive)"), "forced_return_persons"),
    )
    lines += [[name, "", str(found[key])] for name, key in totals]
    pct = found.get("positive_outflow_pct")
    lines.append([_("Positive outflow %"), "",
                  format_number(pct, lang) if pct is not None else ""])
    lines += [[_("Contacts per week"), week, str(n)]
              for week, n in found["contacts_per_week"].items()]
    # By code, as the organisation names each ("other" in the reader's language).
    lines += [[_("Municipality (contacts)"), _place(p["code"], p["name"], lang), str(p["contacts"])]
              for p in found.get("by_municipality", [])]
    for key, field in BREAKDOWNS:
        title = _section(key, lang)
        lines += [[title, _value_label(field, value, lang), str(n)]
                  for value, n in found[key].items()]
    return lines


def _place(code: str, name: str | None, lang: str) -> str:
    return municipality_name(code, name, lang)


def _section(key: str, lang: str) -> str:
    _ = translator(lang).gettext
    return {
        "by_nationality": _("Nationality (persons)"), "by_age_band": _("Age (persons)"),
        "by_sleeping_situation": _("Sleeping situation (persons)"),
        "by_indication": _("Indication A/B/C (persons)"),
        "by_referral": _("Referrals (contacts)"), "by_outcome": _("Outcomes (persons)"),
    }[key]


def _value_label(field: str, value: str, lang: str) -> str:
    if field == "entitlement_indication" and value == "none":
        return translator(lang).gettext("No indication")
    return label(field, value, lang)
