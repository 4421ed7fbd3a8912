"""Figures: the pilot's monitoring figures for a period and municipality, numbers and charts."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import flet as ft

from locales import format_number, format_percent, label
from server.services import stats
from server.web import downloads, ids, periods
from server.web.context import WebContext
from server.web.widgets.charts import bar_rows, column_chart
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import button, choice, tagged, text_field
from server.web.widgets.filters import ANY, DateProblem, parse_date, value_options
from server.web.widgets.shell import notice, page_title


@dataclasses.dataclass
class FiguresState:
    """The chosen period and municipality (kept per tab)."""

    preset: str = periods.THIS_MONTH
    date_from: date | None = None
    date_to: date | None = None
    municipality: str = ANY

    def __post_init__(self) -> None:
        self.choose(self.preset)

    def choose(self, preset: str) -> None:
        self.preset = preset
        if preset != periods.CUSTOM:
            self.date_from, self.date_to = periods.period(preset, on=periods.today())

    def params(self) -> dict[str, str | None]:
        """The same as plain text, for a download ticket."""
        return {"date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None,
                "municipality": None if self.municipality == ANY else self.municipality}

    def query(self) -> dict[str, Any]:
        """The stats service's arguments."""
        return {"date_from": self.date_from, "date_to": self.date_to,
                "municipality": None if self.municipality == ANY else self.municipality}


def preset_options(ctx: WebContext) -> list[tuple[str, str]]:
    _ = ctx.t.gettext
    names = {
        periods.THIS_MONTH: _("This month"), periods.LAST_MONTH: _("Last month"),
        periods.THIS_QUARTER: _("This quarter"), periods.LAST_QUARTER: _("Last quarter"),
        periods.THIS_YEAR: _("This year"), periods.LAST_YEAR: _("Last year"),
        periods.ALL_TIME: _("All time"), periods.CUSTOM: _("Chosen dates"),
    }
    return [(key, names[key]) for key in periods.PRESETS]


def figures_state(ctx: WebContext) -> FiguresState:
    state = ctx.state.get("figures")
    if not isinstance(state, FiguresState):
        state = ctx.state["figures"] = FiguresState()
    return state


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The figures for the period and municipality chosen in this tab.

    Changing the choices reloads the figures only, so the focus stays put.
    """
    state = figures_state(ctx)
    results = ft.Column(spacing=14)

    async def show() -> None:
        found = await ctx.call(stats.stats, **state.query())
        results.controls = [_tiles(ctx, found), *_purged(ctx, found), _charts(ctx, found)]

    async def show_again() -> None:
        await show()
        results.update()

    await show()
    return ft.Column(spacing=14, controls=[
        page_title(ctx.t.gettext("Figures")), _choices(ctx, state, show_again), results,
    ])


def _choices(ctx: WebContext, state: FiguresState,
             show_again: Callable[[], Awaitable[None]]) -> ft.Control:
    _ = ctx.t.gettext
    hint = _("YYYY-MM-DD")
    date_from = text_field(label=_("From"), hint=hint, width=150)
    date_to = text_field(label=_("To"), hint=hint, width=150)

    def show_dates() -> None:
        date_from.value = state.date_from.isoformat() if state.date_from else ""
        date_to.value = state.date_to.isoformat() if state.date_to else ""
        date_from.error = None

    async def pick_preset(e: ft.Event[ft.Dropdown]) -> None:
        state.choose(str(e.control.value))
        show_dates()
        date_from.update()
        date_to.update()
        await show_again()

    async def pick_municipality(e: ft.Event[ft.Dropdown]) -> None:
        state.municipality = str(e.control.value)
        await show_again()

    async def apply(_e: Any) -> None:
        try:
            chosen = parse_date(date_from.value), parse_date(date_to.value)
        except DateProblem:
            date_from.error = _("Use the form YYYY-MM-DD")
            date_from.update()
            return
        if chosen != (state.date_from, state.date_to):
            state.date_from, state.date_to = chosen
            preset.value = state.preset = periods.CUSTOM
            preset.update()
        date_from.error = None
        date_from.update()
        await show_again()

    async def export(_e: Any) -> None:
        await downloads.start(ctx, downloads.FIGURES, {**state.params(), "lang": ctx.lang})

    show_dates()
    date_from.on_submit = apply
    date_to.on_submit = apply
    preset = choice(label=_("Period"), options=preset_options(ctx), value=state.preset,
                    on_select=pick_preset, width=190)
    place = choice(label=_("Municipality"), value=state.municipality,
                   options=value_options(ctx, "municipality", _("All municipalities")),
                   on_select=pick_municipality, width=220)
    return ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
        tagged(ids.FIGURES_PRESET, preset, label=_("Period")),
        tagged(ids.filter_control(ids.FIGURES, ids.FILTER_DATE_FROM), date_from),
        tagged(ids.filter_control(ids.FIGURES, ids.FILTER_DATE_TO), date_to),
        tagged(ids.filter_control(ids.FIGURES, ids.FILTER_MUNICIPALITY), place,
               label=_("Municipality")),
        button(ids.filter_control(ids.FIGURES, ids.FILTER_APPLY), _("Apply"), on_click=apply,
               icon=ft.Icons.REFRESH),
        button(ids.FIGURES_EXPORT, _("Download as CSV"), on_click=export,
               icon=ft.Icons.DOWNLOAD),
    ])


def _tile(identifier: str, title: str, number: str, note: str | None = None) -> ft.Control:
    """A figure in big type, with what it is and, optionally, what it is based on."""
    lines: list[ft.Control] = [
        ft.Text(title, size=13, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Text(number, size=28, weight=ft.FontWeight.BOLD),
    ]
    if note:
        lines.append(ft.Text(note, size=12))
    tile = tagged(identifier, ft.Card(
        content=ft.Container(padding=14, content=ft.Column(lines, spacing=2)),
    ))
    tile.col = {"xs": 6, "md": 4, "xl": 2.4}
    return tile


def _tiles(ctx: WebContext, found: dict[str, Any]) -> ft.Control:
    _ = ctx.t.gettext

    def n(value: int) -> str:
        return format_number(value, ctx.lang)

    with_outcome = int(found["persons_with_outcome"])
    positive = int(found["positive_outflow_persons"])
    outflow = format_percent(positive / with_outcome, ctx.lang) if with_outcome else "—"
    basis = ctx.t.ngettext("%(positive)s of %(total)s person with an outcome",
                           "%(positive)s of %(total)s persons with an outcome",
                           with_outcome) % {"positive": n(positive), "total": n(with_outcome)}
    return ft.ResponsiveRow(spacing=10, run_spacing=10, controls=[
        _tile(ids.FIGURES_CONTACTS, _("Contacts"), n(found["contacts"])),
        _tile(ids.FIGURES_UNIQUE, _("Unique persons"), n(found["unique_persons"])),
        _tile(ids.FIGURES_NEW, _("New persons"), n(found["new_persons"])),
        _tile(ids.FIGURES_OUTFLOW, _("Positive outflow"), outflow, basis),
        _tile(ids.FIGURES_FORCED_RETURN, _("Forced return (not positive)"),
              n(found["forced_return_persons"]), _("persons, counted separately")),
    ])


def _purged(ctx: WebContext, found: dict[str, Any]) -> list[ft.Control]:
    purged = int((found.get("purged") or {}).get("contacts", 0))
    if not purged:
        return []
    return [notice(ctx.t.ngettext(
        "%(n)s more contact in this period was deleted after the retention period; "
        "only its count is kept.",
        "%(n)s more contacts in this period were deleted after the retention period; "
        "only their count is kept.", purged) % {"n": format_number(purged, ctx.lang)})]


def _charts(ctx: WebContext, found: dict[str, Any]) -> ft.Control:
    _ = ctx.t.gettext

    def rows(field: str, counts: dict[str, int]) -> list[tuple[str, int, str]]:
        return [(_name(ctx, field, key), int(v), format_number(int(v), ctx.lang))
                for key, v in counts.items()]

    weeks = list(found["contacts_per_week"].items())
    every = max(1, len(weeks) // 12)
    parts = [
        ("weeks", _("Contacts per week"),
         column_chart(ids.figures_chart("weeks"), weeks, label_every=every)
         if weeks else ft.Text("—")),
        ("indication", _("Indication A/B/C (persons)"),
         bar_rows(ids.figures_chart("indication"),
                  rows("entitlement_indication", found["by_indication"]))),
        ("nationality", _("Nationality (persons)"),
         bar_rows(ids.figures_chart("nationality"), rows("nationality",
                                                          found["by_nationality"]))),
        ("referrals", _("Referrals (contacts)"),
         bar_rows(ids.figures_chart("referrals"), rows("referrals", found["by_referral"]))),
        ("outcomes", _("Outcomes (persons)"),
         bar_rows(ids.figures_chart("outcomes"), rows("outcome", found["by_outcome"]))),
        ("age", _("Age (persons)"),
         bar_rows(ids.figures_chart("age"), rows("age_band", found["by_age_band"]))),
        ("sleeping", _("Sleeping situation (persons)"),
         bar_rows(ids.figures_chart("sleeping"), rows("sleeping_situation",
                                                       found["by_sleeping_situation"]))),
    ]
    return ft.ResponsiveRow(spacing=10, run_spacing=10, controls=[
        ft.Container(col={"xs": 12, "lg": 12 if key == "weeks" else 6},
                     content=card(title, [body]))
        for key, title, body in parts
    ])


def _name(ctx: WebContext, field: str, key: str) -> str:
    if field == "entitlement_indication" and key == "none":
        return ctx.t.gettext("No indication")
    return label(field, key, ctx.lang)
