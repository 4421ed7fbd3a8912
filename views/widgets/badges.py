"""Small status marks: a contact's state, a nationality code, the online/offline mark.

State is never shown by colour alone: each mark has an icon and a word.
"""

from __future__ import annotations

import flet as ft

from fieldapp.summaries import RowState
from locales import Translator
from views import messages, theme

_STATE_LOOK: dict[RowState, tuple[ft.IconData, theme.Look]] = {
    RowState.NOT_SENT: (ft.Icons.SCHEDULE, theme.WAITING),
    RowState.SENT: (ft.Icons.CLOUD_DONE, theme.GOOD),
    RowState.NEEDS_CORRECTION: (ft.Icons.EDIT_NOTE, theme.ATTENTION),
    RowState.QUARANTINED: (ft.Icons.REPORT, theme.PROBLEM),
}


def pill(text: str, *, icon: ft.IconData | None, look: theme.Look) -> ft.Container:
    """A rounded mark with an optional icon, in the theme's colours for what it means."""
    fg = look.fg
    parts: list[ft.Control] = []
    if icon is not None:
        parts.append(ft.Icon(icon, size=16, color=fg))
    parts.append(ft.Text(text, size=13, color=fg, weight=ft.FontWeight.W_600, no_wrap=True))
    return ft.Container(ft.Row(parts, spacing=4, tight=True), bgcolor=look.bg,
                        border_radius=12, padding=ft.Padding.symmetric(vertical=3, horizontal=8))


def state_badge(state: RowState, t: Translator) -> ft.Container:
    """A contact's state: not yet sent, sent, needs correction, refused by the server."""
    icon, look = _STATE_LOOK[state]
    return pill(messages.row_state(state, t), icon=icon, look=look)


def country_chip(code: str, t: Translator) -> ft.Container:
    """A nationality as its ISO code (emoji flags need a font the offline web client lacks)."""
    text = "?" if code == "unknown" else code
    return ft.Container(ft.Text(text, size=13, weight=ft.FontWeight.BOLD,
                                color=theme.TEXT),
                        border=ft.Border.all(1, theme.BORDER), border_radius=4,
                        padding=ft.Padding.symmetric(vertical=1, horizontal=5),
                        tooltip=t.gettext("Nationality"))


def online_badge(online: bool | None, t: Translator) -> ft.Container:
    """Unmistakable: offline is a dark red mark with a crossed-out cloud."""
    _ = t.gettext
    if online is False:
        return pill(_("Offline"), icon=ft.Icons.CLOUD_OFF, look=theme.ALARM)
    if online is None:
        return pill(_("Not checked yet"), icon=ft.Icons.CLOUD_QUEUE, look=theme.NEUTRAL)
    return pill(_("Online"), icon=ft.Icons.CLOUD_DONE, look=theme.GOOD)
