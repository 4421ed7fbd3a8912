"""Sync and device: enrollment, server, what waits to be sent, what the server refused."""

from __future__ import annotations

import functools

import flet as ft

from fieldapp.sync_control import SyncSummary
from locales import format_datetime
from views import ids, messages, theme
from views.first_run import EnrollForm
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.badges import online_badge
from views.widgets.inputs import big_button, section_title


def sync_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """The state of sync, "sync now", and "try again" for each refused contact."""
    _ = ui.t.gettext
    body = ft.Column(spacing=12)
    enroll = EnrollForm(ui, done_route="/sync")

    def refresh() -> None:
        status = ui.app.sync.summary()
        body.controls = [*_state(ui, status), *_queue(ui)]
        if not status.enrolled:
            title = _("Connect to the server again") if status.reconnect else _(
                "Connect to the server")
            body.controls += [section_title(title), *enroll.controls]

    refresh()
    view = screen_view(ui, "/sync", title=_("Sync and device"), controls=[body], back_to="/")
    return Screen(view, refresh=refresh)


def _state(ui: Ui, summary: SyncSummary) -> list[ft.Control]:
    _ = ui.t.gettext
    status = summary.status
    lines: list[ft.Control] = [ft.Row([online_badge(status.reachable, ui.t)])]
    if summary.enrolled:
        lines.append(ft.Text(_("Connected to {server}").format(server=summary.server_url),
                             size=15))
    elif summary.reconnect:
        lines.append(ft.Text(_("The server no longer knows this phone. Connect it again with "
                               "your username and password: nothing on the phone is lost, and "
                               "what waits is sent then."), size=15,
                             weight=ft.FontWeight.W_600))
    else:
        lines.append(ft.Text(_("Not connected to a server yet"), size=15))
    lines.append(ft.Text(ui.t.ngettext("{n} not yet sent", "{n} not yet sent", summary.pending)
                         .format(n=summary.pending), size=15))
    if status.last_success is not None:
        lines.append(ft.Text(_("Last sync: {when}").format(
            when=format_datetime(status.last_success, ui.lang)), size=15))
    report = status.last_report
    if report is not None and not summary.reconnect:  # said above, at more length
        result = (messages.sync_went_well(sent=report.acknowledged, pulled=report.pulled,
                                          t=ui.t) if report.ok
                  else messages.sync_error(report.error, ui.t))
        lines.append(ft.Semantics(identifier=ids.SYNC_LAST_RESULT,
                                  content=ft.Text(result, size=15)))
    if status.running:
        lines.append(ft.ProgressBar(value=None))
    state = ft.Semantics(identifier=ids.SYNC_STATE, container=True, live_region=True,
                         content=ft.Column(lines, spacing=6))
    if not summary.enrolled:
        return [state]
    return [state, big_button(_("Sync now"), identifier=ids.SYNC_NOW, icon=ft.Icons.SYNC,
                              on_click=ui.act(ui.app.sync.sync_now))]


def _queue(ui: Ui) -> list[ft.Control]:
    _ = ui.t.gettext
    refused = ui.app.contacts.refused()
    if not refused:
        return []
    out: list[ft.Control] = [section_title(_("Refused by the server"))]
    for index, summary in enumerate(refused):
        contact = summary.contact
        out.append(ft.Container(ft.Column([
            ft.Text(contact.alias or _("Anonymous"), size=16, weight=ft.FontWeight.W_600),
            *[ft.Text(text, size=14) for text in messages.contact_problems(summary, ui.lang)],
            # One under the other: buttons in a wrapping row are not drawn by the client.
            big_button(_("Edit"), identifier=ids.item(ids.SYNC_RETRY, f"edit.{index}"),
                       primary=False, expand=False,
                       on_click=ui.act(functools.partial(ui.go, f"/contacts/{contact.id}/edit"))),
            big_button(_("Try again"), identifier=ids.item(ids.SYNC_RETRY, index), expand=False,
                       on_click=ui.act(functools.partial(ui.app.contacts.retry, contact.id))),
        ], spacing=8), bgcolor=theme.PROBLEM.bg, border_radius=8, padding=12))
    return out
