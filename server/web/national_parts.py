"""The national figures page's results: the outflow chart with the evaluation's reference
line, a line per period, and one period's municipalities, organisations and breakdowns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import flet as ft

from locales import UnknownLabel, format_number, label
from server.web import ids
from server.web.context import WebContext
from server.web.widgets.charts import bar_rows, percent_columns
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import choice, tagged
from server.web.widgets.table import Column, row, table

Pick = Callable[[str], Awaitable[None]]


class Shown(Protocol):
    shown: str | None


def count(ctx: WebContext, value: object) -> str:
    """A published count as written: a number, or "<5" / "x" as they are."""
    return format_number(value, ctx.lang) if isinstance(value, int) else str(value)


def percent(ctx: WebContext, value: float | None) -> str:
    return f"{format_number(value, ctx.lang)} %" if value is not None else "—"


def results(ctx: WebContext, found: dict[str, Any], state: Shown, pick: Pick
            ) -> list[ft.Control]:
    _ = ctx.t.gettext
    rows = found["periods"]
    keys = [p["period"] for p in rows]
    chosen = next((p for p in rows if p["period"] == state.shown), rows[-1])
    reference = float(found["reference_pct"])
    chart = percent_columns(ids.NATIONAL_OUTFLOW_CHART, [
        (_short(p["period"]), p["national"]["positive_outflow_pct"],
         percent(ctx, p["national"]["positive_outflow_pct"])) for p in rows],
        reference=reference, room=(ctx.page.width or 1280) - 100,
        reference_text=_("Evaluation: %(pct)s") % {"pct": percent(ctx, reference)})

    async def picked(e: ft.Event[ft.Dropdown]) -> None:
        await pick(str(e.control.value))

    period_choice = tagged(ids.NATIONAL_SHOWN, choice(
        label=_("Period shown below"), options=[(k, k) for k in keys],
        value=chosen["period"], on_select=picked, width=190), label=_("Period shown below"))
    whole = _("Pilot organisations") if found["pilot_only"] else _("Netherlands")
    own = found["scope"] != "national"
    return [
        card(_("Positive outflow per period"), [chart]),
        card(_("Per period"), [_table(ctx, ids.NATIONAL_PERIODS, _("Period"), [
            (p["period"], p["national"]) for p in rows])]),
        period_choice,
        card(_("By municipality"), [_table(ctx, ids.NATIONAL_MUNICIPALITIES, _("Municipality"), [
            (whole, chosen["national"]),
            *((_place(ctx, m), m) for m in chosen["municipalities"])])]),
        card(_("Your organisation beside the country") if own else _("By organisation"), [
            _table(ctx, ids.NATIONAL_ORGANISATIONS, _("Organisation"), [
                (whole, chosen["national"]),
                *((o["name"], o) for o in chosen["organisations"])])]),
        _breakdowns(ctx, chosen["national"]),
    ]


def _short(key: str) -> str:
    """A period's name under its column: `03` for March, `Q1`, `2026`."""
    return key[5:] if len(key) > 4 else key


def _place(ctx: WebContext, m: dict[str, Any]) -> str:
    if m["code"] == "other":
        return label("municipality", "other", ctx.lang)
    return f"{m['name']} ({m['code']})" if m["name"] != m["code"] else m["code"]


def _table(ctx: WebContext, identifier: str, first: str,
           lines: list[tuple[str, dict[str, Any]]]) -> ft.Control:
    _ = ctx.t.gettext
    columns = [Column(first, 5), Column(_("Contacts"), 3), Column(_("Unique persons"), 3),
               Column(_("New persons"), 3), Column(_("Positive outflow"), 3),
               Column(_("Forced return (not positive)"), 3)]
    body = [row(f"{identifier}.{i}", columns, [
        name, count(ctx, f["contacts"]), count(ctx, f["unique_persons"]),
        count(ctx, f["new_persons"]), percent(ctx, f["positive_outflow_pct"]),
        count(ctx, f["forced_return_persons"])]) for i, (name, f) in enumerate(lines)]
    return tagged(identifier, table(columns, body, page_width=ctx.page.width))


def _breakdowns(ctx: WebContext, figures: dict[str, Any]) -> ft.Control:
    _ = ctx.t.gettext

    def bars(field: str, counts: dict[str, object]) -> list[tuple[str, int, str]]:
        return [(_name(ctx, field, key), v if isinstance(v, int) else 0, count(ctx, v))
                for key, v in counts.items()]

    parts = [
        ("indication", _("Indication A/B/C (persons)"),
         bars("entitlement_indication", figures["by_indication"])),
        ("outcomes", _("Outcomes (persons)"), bars("outcome", figures["by_outcome"])),
        ("nationality", _("Nationality (persons)"), bars("nationality",
                                                         figures["by_nationality"])),
    ]
    return ft.ResponsiveRow(spacing=10, run_spacing=10, controls=[
        ft.Container(col={"xs": 12, "lg": 6}, content=card(title, [
            bar_rows(f"national.chart.{key}", lines) if lines else ft.Text("—")]))
        for key, title, lines in parts])


def _name(ctx: WebContext, field: str, key: str) -> str:
    if field == "entitlement_indication" and key == "none":
        return ctx.t.gettext("No indication")
    try:
        return label(field, key, ctx.lang)
    except UnknownLabel:
        return key

