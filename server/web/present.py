"""How the parts of a contact read on screen, in the chosen language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from locales import (
    UnknownLabel,
    field_label,
    format_date,
    format_datetime,
    format_time,
    label,
    municipality_name,
)
from locales.languages import DISPLAY_TIMEZONE
from model import entitlement_indication
from model.values import FIELD_VALUES
from server.services import municipalities as org_municipalities
from server.web.context import WebContext

DASH = "—"
_SHOWN_ZONE = ZoneInfo(DISPLAY_TIMEZONE)


def day(ctx: WebContext, value: str | None) -> str:
    """An ISO date as the language writes it."""
    return format_date(date.fromisoformat(value), ctx.lang) if value else DASH


def moment(ctx: WebContext, value: str | None) -> str:
    """An ISO timestamp (UTC) as the clock in the Netherlands shows it."""
    if not value:
        return DASH
    return format_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")), ctx.lang)


def recorded(ctx: WebContext, contact: dict[str, Any]) -> str:
    """When the contact was recorded, as the clock in the Netherlands showed it: the time
    alone on the contact's date, date and time when it was recorded on another day."""
    value = contact.get("created_at")
    if not value:
        return DASH
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if str(moment.astimezone(_SHOWN_ZONE).date()) == contact.get("contact_date"):
        return format_time(moment, ctx.lang)
    return ctx.t.gettext("recorded %(when)s") % {"when": format_datetime(moment, ctx.lang)}


def alias(ctx: WebContext, contact: dict[str, Any]) -> str:
    """The alias, or "anonymous" when there is none (no consent, or none given)."""
    return str(contact.get("alias") or ctx.t.gettext("anonymous"))


def value(ctx: WebContext, field: str, raw: Any) -> str:
    """One value of a value list, labelled; a dash when empty."""
    if raw is None or raw == "":
        return DASH
    names = ctx.state.get(PLACE_NAMES) or {} if field == "municipality" else {}
    # Beyond the pilot's six: the organisation's name (the six keep the reader's words).
    if str(raw) in names:
        return municipality_name(str(raw), str(names[str(raw)]), ctx.lang)
    return label(field, str(raw), ctx.lang)


PLACE_NAMES = "municipality_names"


async def know_place_names(ctx: WebContext) -> None:
    """Load the organisation's municipality names for `value` (once per page shown)."""
    found = await ctx.call(org_municipalities.listed_for)
    ctx.state[PLACE_NAMES] = {m.code: m.name for m in found}


def values(ctx: WebContext, field: str, raw: Any) -> str:
    """A set of values (referrals, acute needs), labelled and comma-separated."""
    items = sorted(raw or [])
    return ", ".join(label(field, v, ctx.lang) for v in items) if items else DASH


def indication_code(contact: dict[str, Any]) -> str | None:
    """A, B or C for the contact's answers; None when no question was answered."""
    found = entitlement_indication(contact.get("entitlement") or {})
    return found.code.value if found else None


def state(ctx: WebContext, contact: dict[str, Any]) -> str:
    """The review state's label."""
    return label("review_state", str(contact["review"]["state"]), ctx.lang)


SET_FIELDS = frozenset({"acute_needs", "referrals"})
DATE_FIELDS = frozenset({"contact_date", "follow_up_on"})
MOMENT_FIELDS = frozenset({"created_at", "updated_at"})


def field_name(ctx: WebContext, field: str) -> str:
    """A field's label; the raw name for a field the translations do not know."""
    try:
        return field_label(field, ctx.lang)
    except UnknownLabel:
        return field


def any_value(ctx: WebContext, field: str, raw: Any) -> str:
    """Any field of a wire contact, written for reading."""
    if raw is None or raw in ("", [], {}):
        return DASH
    if field.startswith("entitlement."):
        return value(ctx, "entitlement", raw)
    if field in SET_FIELDS:
        return values(ctx, field, raw)
    if field in DATE_FIELDS:
        return day(ctx, raw)
    if field in MOMENT_FIELDS:
        return moment(ctx, raw)
    if field == "location" and isinstance(raw, dict):
        return f"{raw.get('lat')}, {raw.get('lon')}"
    if field in FIELD_VALUES:
        return value(ctx, field, raw)
    return str(raw)
