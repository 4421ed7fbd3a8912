"""The field app's non-secret settings, kept as a small JSON file in the data folder.

Nothing personal and nothing secret goes here (the device token and the
organisation's CA bundle live in the vault): the UI language, light or dark, the auto-lock
delay, how many days an approved contact stays on the phone, the server. An
earlier version also kept the path of a CA bundle file here; it is read into
the vault at the next unlock (`fieldapp.server_trust`) and then dropped. The
organisation's name comes from enrollment, never from here. The file is replaced with the
storage layer's durable write (`storage.fsio.atomic_write`).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from fieldapp.config import FieldAppConfig
from locales import UI_LANGUAGES
from storage import fsio
from storage.retention import RETENTION_DAYS

DEFAULT_AUTO_LOCK_MINUTES = 5
AUTO_LOCK_CHOICES: tuple[int, ...] = (1, 2, 5, 10, 15, 30)
# How long an approved contact may stay on the phone, in days, as a setting allows.
RETENTION_RANGE = range(1, 366)
SETTINGS_FILE = "settings.json"
# Light or dark screens: like the phone's own setting, or always one of them.
THEME_CHOICES: tuple[str, ...] = ("system", "light", "dark")


@dataclass(frozen=True)
class AppSettings:
    """What the worker chose for this phone; `ui_language` None means: not chosen yet."""

    ui_language: str | None = None
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    retention_days: int = RETENTION_DAYS
    server_url: str | None = None
    ca_bundle: str | None = None  # an earlier version's path of the CA bundle file
    theme: str = THEME_CHOICES[0]


class SettingsFile:
    """Reads and writes `AppSettings` durably; a broken or missing file gives the defaults."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SETTINGS_FILE

    def load(self) -> AppSettings:
        """The stored settings, or the defaults (leftovers of an interrupted write go)."""
        try:
            fsio.remove_temps(self.path)
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return AppSettings()
        return _from_json(raw) if isinstance(raw, dict) else AppSettings()

    def save(self, settings: AppSettings) -> None:
        """Replace the stored settings: all of them or none, durably."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(dataclasses.asdict(settings), indent=2).encode("utf-8")
        fsio.atomic_write(self.path, data)


class Settings:
    """The phone's settings as the screens read and change them; each change is saved at once."""

    def __init__(self, config: FieldAppConfig) -> None:
        self._config = config
        self._file = SettingsFile(config.data_dir)
        self.current = self._file.load()

    @property
    def ui_language(self) -> str:
        """The language of the screens (English until one is chosen)."""
        return self.current.ui_language or "en"

    @property
    def theme(self) -> str:
        """Light or dark screens: "system" (as the phone), "light" or "dark"."""
        return self.current.theme

    @property
    def auto_lock_seconds(self) -> float:
        """Idle time before the app locks itself (the command line may set it for tests)."""
        return self._config.auto_lock_seconds or self.current.auto_lock_minutes * 60.0

    @property
    def retention_days(self) -> int:
        """Days an approved contact stays on the phone after its last change."""
        return self.current.retention_days

    @property
    def default_server_url(self) -> str | None:
        """The server address to offer when enrolling."""
        return self.current.server_url or self._config.server_url

    def choose_language(self, lang: str) -> None:
        self._change(ui_language=lang)

    def choose_theme(self, theme: str) -> None:
        """Show the screens light, dark, or as the phone does.

        Raises:
            ValueError: `theme` is not one of `THEME_CHOICES`.
        """
        if theme not in THEME_CHOICES:
            raise ValueError("unknown theme")
        self._change(theme=theme)

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self._change(auto_lock_minutes=minutes)

    def set_retention_days(self, days: int) -> None:
        """Keep approved contacts this many days (the organisation's rule; 1 to 365).

        Raises:
            ValueError: `days` is outside that range.
        """
        if days not in RETENTION_RANGE:
            raise ValueError("retention days out of range")
        self._change(retention_days=days)

    def forget_ca_bundle_path(self) -> None:
        """An earlier version's CA bundle path is no longer needed: its content is in the vault."""
        self._change(ca_bundle=None)

    def remember_server(self, url: str) -> None:
        """The server this phone enrolled with: offered again after a wipe."""
        self._change(server_url=url)

    def forget_all_but_language(self) -> None:
        """Back to the defaults after the phone was wiped; the worker's language stays, and
        so do light or dark screens (a wipe at night must not turn the screen white)."""
        self._save(AppSettings(ui_language=self.current.ui_language, theme=self.current.theme))

    def _change(self, **changes: Any) -> None:
        self._save(dataclasses.replace(self.current, **changes))

    def _save(self, settings: AppSettings) -> None:
        self._file.save(settings)
        self.current = settings


def _from_json(raw: dict[str, Any]) -> AppSettings:
    defaults = AppSettings()
    language = raw.get("ui_language")
    minutes = raw.get("auto_lock_minutes")
    days = raw.get("retention_days")
    return AppSettings(
        ui_language=language if language in UI_LANGUAGES else None,
        auto_lock_minutes=(minutes if _whole(minutes) and 1 <= minutes <= 120
                           else defaults.auto_lock_minutes),
        retention_days=days if _whole(days) and days in RETENTION_RANGE else RETENTION_DAYS,
        server_url=_text_or_none(raw.get("server_url")),
        ca_bundle=_text_or_none(raw.get("ca_bundle")),
        theme=raw["theme"] if raw.get("theme") in THEME_CHOICES else defaults.theme,
    )


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
