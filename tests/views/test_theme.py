"""The palettes: every text colour on its background reads well (WCAG AA) in light and dark,
and the screens name colour roles from the theme, never a fixed colour."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import flet as ft
import pytest

from views import theme
from views.theme import DARK, LIGHT, TEXT_PAIRS, Palette

VIEWS = Path(__file__).resolve().parents[2] / "views"


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def too_low(palette: Palette) -> dict[tuple[str, str], float]:
    """The text/background pairs of `palette` under 4.5:1."""
    colours = dataclasses.asdict(palette)
    ratios = {(fg, bg): contrast(colours[fg], colours[bg]) for fg, bg in TEXT_PAIRS}
    return {pair: round(ratio, 2) for pair, ratio in ratios.items() if ratio < theme.WCAG_AA}


def test_the_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_on_its_background_has_a_contrast_of_at_least_4_5(palette: Palette) -> None:
    assert too_low(palette) == {}


def test_a_pair_changed_to_a_low_contrast_is_found() -> None:
    greyed = dataclasses.replace(DARK, on_tertiary_container="#3a5a3c")
    assert set(too_low(greyed)) == {("on_tertiary_container", "tertiary_container")}


def test_every_role_of_the_palette_is_drawn_as_text_or_behind_it() -> None:
    used = {role for pair in TEXT_PAIRS for role in pair}
    borders = {"outline", "outline_variant"}  # lines, not text
    assert used | borders == {f.name for f in dataclasses.fields(Palette)}


def test_the_light_palette_is_light_and_the_dark_one_dark() -> None:
    assert luminance(LIGHT.surface) > 0.9
    assert luminance(DARK.surface) < 0.02


def test_screens_name_theme_roles_and_no_fixed_colour() -> None:
    roles = {f.name.replace("_", "") for f in dataclasses.fields(Palette)}
    fixed: list[str] = []
    for path in VIEWS.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name in re.findall(r"ft\.Colors\.([A-Z0-9_]+)", source):
            if getattr(ft.Colors, name).value not in roles:
                fixed.append(f"{path.name}: {name}")
        fixed += [f"{path.name}: {code}" for code in re.findall(r"\"#[0-9a-fA-F]{6}\"", source)
                  if path.name != "theme.py"]
    assert fixed == []
