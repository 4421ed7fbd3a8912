"""The app's colours, light and dark, in one place; and the themes made from them.

Each palette fills the Material colour roles of a `ft.ColorScheme`. The page gets
a light and a dark theme and a theme mode (follow the phone, light or dark), so
Flutter itself switches every colour when the phone's setting changes: no screen
is redrawn and nothing typed is lost. Screens therefore never name a colour, only
a role — the constants at the end of this module say which role a mark or box uses.

`TEXT_PAIRS` lists every role drawn as text on another role; each pair has a
contrast of at least 4.5:1 (WCAG AA) in both palettes (tests/views/test_theme.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import flet as ft

SYSTEM = "system"
LIGHT_MODE = "light"
DARK_MODE = "dark"
THEME_MODES: dict[str, ft.ThemeMode] = {
    SYSTEM: ft.ThemeMode.SYSTEM, LIGHT_MODE: ft.ThemeMode.LIGHT, DARK_MODE: ft.ThemeMode.DARK,
}
SEED = "#3f51b5"  # indigo: what Flutter derives for the roles not set here
WCAG_AA = 4.5


@dataclass(frozen=True)
class Palette:
    """Colours (#rrggbb) for the colour roles the app uses; names are ColorScheme fields."""

    surface: str  # the screen
    on_surface: str  # text
    on_surface_variant: str  # quieter text
    primary: str  # main buttons, links
    on_primary: str
    primary_container: str  # "you", the privacy notice
    on_primary_container: str
    secondary_container: str  # a chosen chip, the PIN pad's keys (Flutter's tonal role)
    on_secondary_container: str
    tertiary_fixed: str  # waiting: not yet sent, a follow-up due, notices
    on_tertiary_fixed: str
    tertiary_container: str  # good: sent, online
    on_tertiary_container: str
    secondary_fixed: str  # attention: needs correction
    on_secondary_fixed: str
    error: str  # error text, offline, wipe
    on_error: str
    error_container: str  # refused by the server, a sync error
    on_error_container: str
    surface_container_low: str  # a closed section
    surface_container_highest: str  # neutral boxes: sync bar, details
    outline: str  # borders that mark a control
    outline_variant: str  # dividers


LIGHT = Palette(
    surface="#fcfcff", on_surface="#1b1b21", on_surface_variant="#45464f",
    primary="#3f51b5", on_primary="#ffffff",
    primary_container="#dee0ff", on_primary_container="#0e1a5c",
    secondary_container="#dde1f9", on_secondary_container="#141b3c",
    tertiary_fixed="#ffe08a", on_tertiary_fixed="#3b2800",
    tertiary_container="#c8e6c9", on_tertiary_container="#0f4a14",
    secondary_fixed="#ffdbc8", on_secondary_fixed="#5a1f00",
    error="#b3261e", on_error="#ffffff",  # i18n: ignore a colour
    error_container="#ffdad6", on_error_container="#410e0b",
    surface_container_low="#f3f3fa", surface_container_highest="#e3e4ec",
    outline="#6e707a", outline_variant="#c5c6d0",
)
DARK = Palette(
    surface="#121318", on_surface="#e4e1e9", on_surface_variant="#c6c5d0",
    primary="#bac3ff", on_primary="#15227a",
    primary_container="#283374", on_primary_container="#dee0ff",
    secondary_container="#3c4366", on_secondary_container="#dde1f9",
    tertiary_fixed="#523c00", on_tertiary_fixed="#ffe08a",
    tertiary_container="#1d4b21", on_tertiary_container="#c0efc0",
    secondary_fixed="#6b2b00", on_secondary_fixed="#ffdbc8",
    error="#ffb4ab", on_error="#690005",  # i18n: ignore a colour
    error_container="#8c1d18", on_error_container="#ffdad6",
    surface_container_low="#1b1b21", surface_container_highest="#34343b",
    outline="#8f909a", outline_variant="#45464f",
)

# (text role, background role): every way the screens draw text on a colour.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("on_surface", "surface"), ("on_surface_variant", "surface"), ("primary", "surface"),
    ("error", "surface"), ("on_primary", "primary"),
    ("on_primary_container", "primary_container"), ("on_surface", "primary_container"),
    ("on_secondary_container", "secondary_container"), ("on_surface", "secondary_container"),
    ("on_tertiary_fixed", "tertiary_fixed"), ("on_surface", "tertiary_fixed"),
    ("on_tertiary_container", "tertiary_container"), ("on_surface", "tertiary_container"),
    ("on_secondary_fixed", "secondary_fixed"), ("on_surface", "secondary_fixed"),
    ("on_error", "error"), ("on_error_container", "error_container"),
    ("on_surface", "error_container"), ("on_surface", "surface_container_low"),
    ("on_surface", "surface_container_highest"),
    ("on_surface_variant", "surface_container_highest"),
)


def page_theme(palette: Palette) -> ft.Theme:
    """A Flet theme with `palette`'s colours; routes change without an animation."""
    instant = ft.PageTransitionTheme.NONE
    return ft.Theme(
        color_scheme_seed=SEED, color_scheme=ft.ColorScheme(**dataclasses.asdict(palette)),
        visual_density=ft.VisualDensity.STANDARD,
        page_transitions=ft.PageTransitionsTheme(android=instant, ios=instant, linux=instant,
                                                 macos=instant, windows=instant))


def apply(page: ft.Page, mode: str) -> None:
    """Give `page` both themes and the mode chosen (an unknown one follows the phone)."""
    page.theme = page_theme(LIGHT)
    page.dark_theme = page_theme(DARK)
    page.theme_mode = THEME_MODES.get(mode, ft.ThemeMode.SYSTEM)


@dataclass(frozen=True)
class Look:
    """A background role and the role of text and icons drawn on it."""

    bg: str
    fg: str


# What the screens draw, by meaning. The roles follow the theme of the moment.
TEXT = ft.Colors.ON_SURFACE
QUIET_TEXT = ft.Colors.ON_SURFACE_VARIANT
ERROR_TEXT = ft.Colors.ERROR
BORDER = ft.Colors.OUTLINE
DIVIDER = ft.Colors.OUTLINE_VARIANT
CHOSEN = ft.Colors.SECONDARY_CONTAINER
NEUTRAL = Look(ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE)
CLOSED_SECTION = ft.Colors.SURFACE_CONTAINER_LOW
INFO = Look(ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER)
WAITING = Look(ft.Colors.TERTIARY_FIXED, ft.Colors.ON_TERTIARY_FIXED)
GOOD = Look(ft.Colors.TERTIARY_CONTAINER, ft.Colors.ON_TERTIARY_CONTAINER)
ATTENTION = Look(ft.Colors.SECONDARY_FIXED, ft.Colors.ON_SECONDARY_FIXED)
PROBLEM = Look(ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER)
ALARM = Look(ft.Colors.ERROR, ft.Colors.ON_ERROR)
