"""One page session of the field app: theme, locale, and the shell that runs the screens."""

from __future__ import annotations

import flet as ft

from fieldapp.app import FieldApp
from views.routes import ROUTES
from views.shell import Shell


def start_page(page: ft.Page, app: FieldApp) -> None:
    """Set the page up once (theme, title) and show the first screen."""
    page.title = "StreetContact"
    page.theme_mode = ft.ThemeMode.LIGHT
    # No route animations: a tap shows the next screen at once, on slow phones too.
    instant = ft.PageTransitionTheme.NONE
    page.theme = ft.Theme(
        color_scheme_seed=ft.Colors.INDIGO, visual_density=ft.VisualDensity.STANDARD,
        page_transitions=ft.PageTransitionsTheme(android=instant, ios=instant, linux=instant,
                                                 macos=instant, windows=instant))
    Shell(page, app, ROUTES).start()
