"""One page session of the field app: theme, locale, and the shell that runs the screens."""

from __future__ import annotations

import flet as ft

from fieldapp.app import FieldApp
from views import theme
from views.routes import ROUTES
from views.shell import Shell


def start_page(page: ft.Page, app: FieldApp) -> None:
    """Set the page up once (theme, title) and show the first screen."""
    page.title = "StreetContact"
    theme.apply(page, app.settings.theme)
    Shell(page, app, ROUTES).start()
