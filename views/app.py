"""One page session of the field app: theme, locale, and the shell that runs the screens."""

from __future__ import annotations

import flet as ft

from views.routes import ROUTES
from views.services import AppServices
from views.shell import Shell


def start_page(page: ft.Page, services: AppServices) -> None:
    """Set the page up once (theme, title) and show the first screen."""
    page.title = "StreetContact"
    page.theme_mode = ft.ThemeMode.LIGHT
    page.theme = ft.Theme(color_scheme_seed=ft.Colors.INDIGO,
                          visual_density=ft.VisualDensity.STANDARD)
    Shell(page, services, ROUTES).start()
