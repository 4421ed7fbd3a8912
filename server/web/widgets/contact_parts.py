"""The parts of the contact page: fields by section, indication, history, the person's timeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import flet as ft

from locales import disclaimer, label
from model import entitlement_indication
from model.values import EntitlementQuestion
from server.services.inbox import Verdict
from server.web import ids, present
from server.web.context import WebContext
from server.web.revisions import changed_fields
from server.web.widgets.fields import tagged
from server.web.widgets.table import state_chip

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Meeting", ("contact_date", "municipality", "municipality_other", "area", "location")),
    ("Person", ("consent", "person_language", "alias", "nationality", "gender", "age_band",
                "time_in_nl", "time_homeless", "sleeping_situation", "id_document",
                "brp_registered")),
    ("Health", ("health_physical", "health_mental", "addiction")),
    ("Needs and follow-up", ("acute_needs", "wish", "referrals", "outcome", "follow_up_on",
                             "notes")),
    ("Record", ("id", "person_id", "rev", "created_at", "updated_at")),
)


def section_title(ctx: WebContext, title: str) -> str:
    """The section headings, marked for translation here so the table above stays plain."""
    _ = ctx.t.gettext
    return {
        "Meeting": _("Meeting"), "Person": _("Person"), "Health": _("Health"),
        "Needs and follow-up": _("Needs and follow-up"), "Record": _("Record"),
    }[title]


def card(title: str, controls: list[ft.Control]) -> ft.Control:
    """A titled card."""
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(
        [ft.Text(title, size=16, weight=ft.FontWeight.W_600), *controls], spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )))


def pairs(ctx: WebContext, rows: list[tuple[str, str]]) -> ft.Control:
    """Label / value lines."""
    return ft.Column(spacing=4, controls=[
        ft.Row([ft.Text(name, width=230, color=ft.Colors.ON_SURFACE_VARIANT),
                ft.Text(text, expand=True)],
               vertical_alignment=ft.CrossAxisAlignment.START)
        for name, text in rows
    ])


def flag_lines(ctx: WebContext, *, fields: Sequence[str],
               reasons: Sequence[str]) -> list[tuple[str, str]]:
    """A correction's flagged fields and reasons as label / text lines (none without)."""
    lines = []
    if fields:
        lines.append((present.field_name(ctx, "review_fields"),
                      ", ".join(present.field_name(ctx, f) for f in fields)))
    if reasons:
        lines.append((present.field_name(ctx, "review_reasons"),
                      ", ".join(label("review_reasons", r, ctx.lang) for r in reasons)))
    return lines


def field_sections(ctx: WebContext, contact: dict[str, Any], workers: dict[str, str]
                   ) -> list[ft.Control]:
    """Every field of the contact, with translated labels, by section."""
    cards = []
    for title, fields in SECTIONS:
        rows = [(present.field_name(ctx, f), present.any_value(ctx, f, contact.get(f)))
                for f in fields]
        if title == "Meeting":
            worker = workers.get(str(contact.get("worker_id")), present.DASH)
            rows.append((present.field_name(ctx, "worker_id"), worker))
        cards.append(card(section_title(ctx, title), [pairs(ctx, rows)]))
    answers = contact.get("entitlement") or {}
    questions = [(label("entitlement_question", q.value, ctx.lang),
                  present.value(ctx, "entitlement", answers.get(q.value)))
                 for q in EntitlementQuestion]
    cards.insert(2, card(present.field_name(ctx, "entitlement"), [pairs(ctx, questions)]))
    return cards


def indication_card(ctx: WebContext, contact: dict[str, Any]) -> ft.Control:
    """The indication with its reasons, and the disclaimer every such screen shows."""
    _ = ctx.t.gettext
    found = entitlement_indication(contact.get("entitlement") or {})
    body: list[ft.Control]
    if found is None:
        body = [ft.Text(_("No entitlement questions were answered."))]
    else:
        meaning = label("entitlement_indication", found.code.value, ctx.lang)
        body = [
            ft.Text(meaning, size=18, weight=ft.FontWeight.BOLD),
            *[ft.Text(f"• {label('indication_reason', r, ctx.lang)}") for r in found.reasons],
        ]
    body.append(ft.Text(disclaimer(ctx.lang), italic=True, size=12,
                        color=ft.Colors.ON_SURFACE_VARIANT))
    return card(present.field_name(ctx, "entitlement_indication"), body)


def history_card(ctx: WebContext, revisions: list[dict[str, Any]],
                 verdicts: list[Verdict]) -> ft.Control:
    """Revisions received (with what changed) and verdicts given, oldest first."""
    events: list[tuple[datetime, ft.Control]] = []
    previous: dict[str, Any] | None = None
    for revision in revisions:
        at = _parse(revision.get("received_at"))
        events.append((at, _revision(ctx, revision, previous)))
        previous = revision["content"]
    for number, verdict in enumerate(verdicts, start=1):
        events.append((verdict.at or datetime.min, _verdict(ctx, verdict, number)))
    events.sort(key=lambda e: e[0].replace(tzinfo=None))
    return card(ctx.t.gettext("History"), [e[1] for e in events])


def _revision(ctx: WebContext, revision: dict[str, Any],
              previous: dict[str, Any] | None) -> ft.Control:
    _ = ctx.t.gettext
    rev = int(revision["rev"])
    title = _("Version %(rev)s received %(when)s") % {
        "rev": rev, "when": present.moment(ctx, revision.get("received_at"))}
    lines: list[ft.Control] = [ft.Text(title, weight=ft.FontWeight.W_500)]
    if previous is not None:
        changes = changed_fields(previous, revision["content"])
        for field, before, after in changes:
            lines.append(_change(ctx, f"{present.field_name(ctx, field)}: "
                                      f"{present.any_value(ctx, field, before)}",
                                 present.any_value(ctx, field, after)))
        if not changes:
            lines.append(ft.Text(_("No field changed."), size=13))
    return tagged(ids.contact_revision(rev), ft.Column(lines, spacing=2))


def _change(ctx: WebContext, before: str, after: str) -> ft.Control:
    # An arrow icon, not "→": the fonts the pages come with have no arrow glyph, and the
    # browser would fetch a fallback font the server does not have (and draw a box).
    arrow = ft.Icon(ft.Icons.ARROW_FORWARD, size=13,
                    semantics_label=ctx.t.gettext("changed to"))
    return ft.Row([ft.Text(before, size=13), arrow, ft.Text(after, size=13)], spacing=4,
                  wrap=True)


def _verdict(ctx: WebContext, verdict: Verdict, number: int) -> ft.Control:
    _ = ctx.t.gettext
    when = verdict.at.isoformat() if verdict.at else None
    who = _("%(state)s by %(who)s, %(when)s") % {
        "state": label("review_state", verdict.state, ctx.lang),
        "who": verdict.reviewer or present.DASH, "when": present.moment(ctx, when)}
    lines: list[ft.Control] = [ft.Row([state_chip(who, verdict.state)])]
    flags = flag_lines(ctx, fields=verdict.fields, reasons=verdict.reasons)
    if flags:
        lines.append(pairs(ctx, flags))
    if verdict.comment:
        lines.append(ft.Text(verdict.comment, size=13, italic=True))
    return tagged(ids.contact_verdict(number), ft.Column(lines, spacing=2))


def timeline_card(ctx: WebContext, contact_id: str, timeline: list[dict[str, Any]],
                  go: Callable[[str], Awaitable[None]], actions: list[ft.Control]
                  ) -> ft.Control:
    """The person's contacts, oldest first; the others open with a click."""
    _ = ctx.t.gettext
    rows: list[ft.Control] = []
    for other in timeline:
        text = " · ".join([
            present.day(ctx, other.get("contact_date")),
            present.value(ctx, "municipality", other.get("municipality")),
            present.state(ctx, other),
            *([present.value(ctx, "outcome", other["outcome"])] if other.get("outcome") else []),
        ])
        if other["id"] == contact_id:
            this_one = _("this contact")
            rows.append(ft.Row([ft.Icon(ft.Icons.ARROW_RIGHT, size=18),
                                ft.Text(f"{text} ({this_one})", weight=ft.FontWeight.W_600,
                                        expand=True)], spacing=4))
            continue

        async def open_other(_e: Any, target: str = str(other["id"])) -> None:
            await go(f"/contacts/{target}")

        rows.append(tagged(ids.contact_timeline(str(other["id"])), ft.Container(
            content=ft.Row([ft.Icon(ft.Icons.OPEN_IN_NEW, size=16, color=ft.Colors.PRIMARY),
                            ft.Text(text, color=ft.Colors.PRIMARY, expand=True)], spacing=4),
            on_click=open_other, ink=True, padding=ft.Padding.symmetric(vertical=4),
        )))
    title = _("This person's contacts (%(n)s)") % {"n": len(timeline)}
    return card(title, [*rows, ft.Row(actions, wrap=True, spacing=8)])


def _parse(value: str | None) -> datetime:
    if not value:
        return datetime.min
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
