"""No screen shows an English literal that bypasses the translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from locales.languages import LOCALES_DIR
from tests.locales.ui_strings import scan, scan_file

ROOT = LOCALES_DIR.parent
SCREEN_CODE = [ROOT / "views", ROOT / "server" / "web"]
# Literals that are the same in every language. Keep this short; say why.
ALLOWED = frozenset({
    "StreetContact",  # the product's name
})


def test_screens_show_no_untranslated_literal() -> None:
    findings = scan(SCREEN_CODE, allowed=ALLOWED)
    assert findings == [], "wrap these in t.gettext(...):\n" + "\n".join(map(str, findings))


def _write(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "screen.py"
    path.write_text(code, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "code",
    [
        'ft.Text("Save contact")',
        'ft.TextField(label="Alias")',
        'ft.TextField(hint_text="Street, park")',
        'ft.IconButton(icon=ft.Icons.SYNC, tooltip="Sync now")',
        'ft.Button("Send")',
        'ft.Button(content="Send")',
        'ft.DropdownOption(key="pl", text="Poland")',
        'ft.TextField(value="Unknown")',
        'ft.DatePicker(confirm_text="OK")',
        'ft.Text(f"{count} contacts")',
        'ft.Text("Yes" if ok else t.gettext("No"))',
        'ft.Text(t.gettext("Saved") + " just now")',
    ],
)
def test_scanner_catches_an_unwrapped_literal(tmp_path: Path, code: str) -> None:
    findings = scan_file(_write(tmp_path, f"import flet as ft\n{code}\n"))
    assert len(findings) == 1
    assert findings[0].line == 2


@pytest.mark.parametrize(
    "code",
    [
        'ft.Text(t.gettext("Save contact"))',
        'ft.TextField(label=field_label("alias", lang))',
        'ft.Text(t.ngettext("{n} contact", "{n} contacts", n).format(n=n))',
        'ft.Text(label("municipality", "den_haag", lang))',
        'ft.Text(f"{done}/{total}")',
        'ft.Text(": ")',
        'ft.Dropdown(value="den_haag")',
        'ft.Semantics(identifier="intake.nationality", content=dropdown)',
        'ft.Text(format_date(day, lang))',
        'ft.Text("StreetContact")',
        'ft.Text("Debug build")  # i18n: ignore shown only in development',
    ],
)
def test_scanner_accepts_translated_and_letterless_text(tmp_path: Path, code: str) -> None:
    path = _write(tmp_path, f"import flet as ft\n{code}\n")
    assert scan_file(path, allowed=frozenset({"StreetContact"})) == []


def test_scanner_walks_folders_and_skips_missing_ones(tmp_path: Path) -> None:
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "list.py").write_text('ft.Text("Contacts")\n', encoding="utf-8")
    findings = scan([tmp_path / "views", tmp_path / "server" / "web"])
    assert [(f.path.name, f.line, f.text) for f in findings] == [("list.py", 1, "Contacts")]
