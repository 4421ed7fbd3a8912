"""The drafts the worker kept, at the top of the list: a tap opens the form again."""

from __future__ import annotations

import flet as ft

from fieldapp.drafts import Draft
from locales import format_datetime, language_name
from views import ids, theme
from views.ui import Ui


def draft_rows(ui: Ui, drafts: list[Draft]) -> list[ft.Control]:
    """A heading and one row per draft, the newest first; nothing when there are none."""
    if not drafts:
        return []
    _ = ui.t.gettext
    rows: list[ft.Control] = [ft.Container(
        ft.Text(_("Drafts"), size=14, weight=ft.FontWeight.BOLD),
        padding=ft.Padding.only(top=10, bottom=4))]
    for index, draft in enumerate(drafts):
        rows.append(_row(ui, draft, index))
    return rows


def _row(ui: Ui, draft: Draft, index: int) -> ft.Control:
    _ = ui.t.gettext
    values = draft.values
    language = values.get("person_language")
    name = values.get("alias") or (language_name(language, ui.lang) if language else None)
    route = draft.open_route
    return ft.Semantics(identifier=ids.item(ids.LIST_DRAFT, index), button=True, content=(
        ft.Container(ft.Row([
            ft.Icon(ft.Icons.EDIT_NOTE, size=24),
            ft.Column([ft.Text(name or _("Unnamed draft"), size=16, weight=ft.FontWeight.W_600,
                               max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
                       ft.Text(_("Draft, kept {when}").format(
                           when=format_datetime(draft.kept_at, ui.lang)), size=14)],
                      spacing=2, expand=True)], spacing=10),
            on_click=ui.act(lambda: ui.go(route)), ink=True,
            padding=ft.Padding.symmetric(vertical=10, horizontal=6),
            bgcolor=theme.WAITING.bg, border_radius=8)))
