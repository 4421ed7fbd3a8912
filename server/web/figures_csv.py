"""The monitoring figures as CSV (UTF-8 with BOM), labels in the chosen language; audited."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy.orm import Session

from locales import format_number, label, translator
from server.services import audit, stats
from server.services.audit import Action, Actor
from server.services.export import BOM
from server.services.principals import Principal
from server.web.filter_params import dates_from

# (stats key, value list the keys are labelled from)
BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("by_nationality", "nationality"), ("by_age_band", "age_band"),
    ("by_sleeping_situation", "sleeping_situation"),
    ("by_indication", "entitlement_indication"), ("by_referral", "referrals"),
    ("by_outcome", "outcome"),
)


def figures_csv(db: Session, *, principal: Principal, params: dict[str, Any], lang: str) -> str:
    """The figures for the period and municipality in `params`, as one CSV text.

    Raises:
        InvalidInput: an unknown municipality or an end before the start.
    """
    date_from, date_to = dates_from(params)
    found = stats.stats(db, principal=principal, date_from=date_from, date_to=date_to,
                        municipality=params.get("municipality") or None)
    audit.record(db, actor=Actor.of(principal), action=Action.EXPORT)
    db.commit()
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows(found, lang))
    return buffer.getvalue()


def rows(found: dict[str, Any], lang: str) -> list[list[str]]:
    """Header, the period, the totals, then every breakdown, one count per line."""
    _ = translator(lang).gettext
    place = found.get("municipality")
    lines = [
        [_("Figure"), _("Value"), _("Count")],
        [_("From"), found.get("date_from") or "", ""],
        [_("To"), found.get("date_to") or "", ""],
        [_("Municipality"), label("municipality", place, lang) if place
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
    for key, field in BREAKDOWNS:
        title = _section(key, lang)
        lines += [[title, _value_label(field, value, lang), str(n)]
                  for value, n in found[key].items()]
    return lines


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
