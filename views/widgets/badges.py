"""Small status marks: a contact's state, a nationality code, the online/offline mark.

State is never shown by colour alone: each mark has an icon and a word.
"""

from __future__ import annotations

import flet as ft

from fieldapp.summaries import RowState
from locales import Translator
from views import messages

_STATE_LOOK: dict[RowState, tuple[ft.IconData, str, str]] = {
    RowState.NOT_SENT: (ft.Icons.SCHEDULE, ft.Colors.AMBER_100, ft.Colors.BROWN_900),
    RowState.SENT: (ft.Icons.CLOUD_DONE, ft.Colors.GREEN_100, ft.Colors.GREEN_900),
    RowState.NEEDS_CORRECTION: (ft.Icons.EDIT_NOTE, ft.Colors.ORANGE_100,
                                ft.Colors.DEEP_ORANGE_900),
    RowState.QUARANTINED: (ft.Icons.REPORT, ft.Colors.RED_100, ft.Colors.RED_900),
}


def pill(text: str, *, icon: ft.IconData | None, bg: str, fg: str) -> ft.Container:
    """A rounded mark with an optional icon."""
    parts: list[ft.Control] = []
    if icon is not None:
        parts.append(ft.Icon(icon, size=16, color=fg))
    parts.append(ft.Text(text, size=13, color=fg, weight=ft.FontWeight.W_600, no_wrap=True))
    return ft.Container(ft.Row(parts, spacing=4, tight=True), bgcolor=bg,
                        border_radius=12, padding=ft.Padding.symmetric(vertical=3, horizontal=8))


def state_badge(state: RowState, t: Translator) -> ft.Container:
    """A contact's state: not yet sent, sent, needs correction, refused by the server."""
    icon, bg, fg = _STATE_LOOK[state]
    return pill(messages.row_state(state, t), icon=icon, bg=bg, fg=fg)


def country_chip(code: str, t: Translator) -> ft.Container:
    """A nationality as its ISO code (emoji flags need a font the offline web client lacks)."""
    text = "?" if code == "unknown" else code
    return ft.Container(ft.Text(text, size=13, weight=ft.FontWeight.BOLD,
                                color=ft.Colors.BLUE_GREY_900),
                        border=ft.Border.all(1, ft.Colors.BLUE_GREY_700), border_radius=4,
                        padding=ft.Padding.symmetric(vertical=1, horizontal=5),
                        tooltip=t.gettext("Nationality"))


def online_badge(online: bool | None, t: Translator) -> ft.Container:
    """Unmistakable: offline is a dark red mark with a crossed-out cloud."""
    _ = t.gettext
    if online is False:
        return pill(_("Offline"), icon=ft.Icons.CLOUD_OFF, bg=ft.Colors.RED_900, fg=ft.Colors.WHITE)
    if online is None:
        return pill(_("Not checked yet"), icon=ft.Icons.CLOUD_QUEUE, bg=ft.Colors.GREY_300,
                    fg=ft.Colors.GREY_900)
    return pill(_("Online"), icon=ft.Icons.CLOUD_DONE, bg=ft.Colors.GREEN_100,
                fg=ft.Colors.GREEN_900)
