"""Figures: the pilot's monitoring figures for a period and municipality, numbers and charts."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import flet as ft

from locales import format_number, format_percent, label, municipality_name
from server.services import municipalities, stats
from server.web import ids, periods
from server.web.context import WebContext
from server.web.widgets.charts import bar_rows, column_chart
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import tagged
from server.web.widgets.figure_choices import FigureChoices
from server.web.widgets.filters import ANY
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

    @property
    def dates(self) -> tuple[date | None, date | None]:
        return self.date_from, self.date_to

    def set_dates(self, chosen: tuple[date | None, date | None]) -> None:
        """Dates typed by the reader: the period is no longer a preset."""
        self.date_from, self.date_to = chosen
        self.preset = periods.CUSTOM

    def query(self) -> dict[str, Any]:
        """The period and municipality as the stats service and the figures ticket take them."""
        return {"date_from": self.date_from, "date_to": self.date_to,
                "municipality": None if self.municipality == ANY else self.municipality}


def figures_state(ctx: WebContext) -> FiguresState:
    return ctx.kept("figures", FiguresState, FiguresState)


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
    places = await ctx.call(municipalities.listed_for)
    return ft.Column(spacing=14, controls=[
        page_title(ctx.t.gettext("Figures")), FigureChoices(ctx, state, show_again, places).view(),
        results,
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

    weeks = periods.every_week(found["contacts_per_week"])
    every = max(1, len(weeks) // 12)
    parts = [
        ("weeks", _("Contacts per week"),
         column_chart(ids.figures_chart("weeks"), weeks, label_every=every)
         if weeks else ft.Text("—")),
        ("municipalities", _("Municipality (contacts)"),
         bar_rows(ids.figures_chart("municipalities"), [
             (municipality_name(place["code"], place["name"], ctx.lang),
              int(place["contacts"]), format_number(int(place["contacts"]), ctx.lang))
             for place in found["by_municipality"]])),
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
