"""The sync bar on the list: online or not, how many wait, the last good sync, sync now."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.sync_control import SyncSummary
from locales import Translator, format_datetime
from views import ids, theme
from views.widgets.badges import online_badge
from views.widgets.inputs import icon_button


class SyncBar:
    """Rebuilt in place by `show(status)` whenever sync reports something."""

    def __init__(self, *, t: Translator, on_sync_now: Callable[[object], None],
                 on_open: Callable[[object], None]) -> None:
        self.t = t
        self._badge = ft.Container()
        self._pending = ft.Text("", size=15, weight=ft.FontWeight.W_600)
        self._last = ft.Text("", size=13)
        self._progress = ft.ProgressBar(value=None, visible=False)
        sync_now = icon_button(ft.Icons.SYNC, tooltip=t.gettext("Sync now"), size=28,
                               on_click=on_sync_now)
        self._info = ft.Semantics(
            identifier=ids.LIST_SYNC_STATUS, live_region=True, button=True, on_tap=on_open,
            expand=True,
            content=ft.Container(ft.Column([ft.Row([self._badge, self._pending], wrap=True),
                                            self._last], spacing=2, tight=True),
                                 on_click=on_open, expand=True))
        self.control = ft.Container(
            ft.Column([
                ft.Row([self._info,
                        ft.Semantics(identifier=ids.LIST_SYNC_NOW, content=sync_now)],
                       vertical_alignment=ft.CrossAxisAlignment.CENTER),
                self._progress,
            ], spacing=4, tight=True),
            bgcolor=theme.NEUTRAL.bg, border_radius=8,
            padding=ft.Padding.symmetric(vertical=6, horizontal=10),
        )

    def show(self, summary: SyncSummary) -> None:
        """Show `summary`."""
        t = self.t
        status = summary.status
        self._badge.content = online_badge(status.reachable, t)
        self._pending.value = t.ngettext("{n} not yet sent", "{n} not yet sent",
                                         summary.pending).format(n=summary.pending)
        if summary.reconnect:
            self._last.value = t.gettext("Connect this phone to the server again")
        elif not summary.enrolled:
            self._last.value = t.gettext("Not connected to a server yet")
        elif status.last_success is None:
            self._last.value = t.gettext("Never synced")
        else:
            self._last.value = t.gettext("Last sync: {when}").format(
                when=format_datetime(status.last_success, t.lang))
        self._progress.visible = status.running
        progress = status.progress
        self._progress.value = (progress.done / progress.total
                                if progress and progress.total else None)
