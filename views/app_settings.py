"""The field app's non-secret settings, kept as a small JSON file in the data folder.

Nothing personal and nothing secret goes here (the device token lives in the
vault): the UI language, the auto-lock delay, the server and its CA bundle,
the organisation's name for the privacy notice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from locales import UI_LANGUAGES

DEFAULT_AUTO_LOCK_MINUTES = 5
AUTO_LOCK_CHOICES: tuple[int, ...] = (1, 2, 5, 10, 15, 30)
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class AppSettings:
    """What the worker chose for this phone; `ui_language` None means: not chosen yet."""

    ui_language: str | None = None
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    server_url: str | None = None
    ca_bundle: str | None = None
    organisation: str | None = None

    def with_changes(self, **changes: Any) -> AppSettings:
        """A copy with `changes` applied."""
        return dataclasses.replace(self, **changes)


class SettingsFile:
    """Reads and writes `AppSettings` atomically; a broken or missing file gives the defaults."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SETTINGS_FILE

    def load(self) -> AppSettings:
        """The stored settings, or the defaults."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return AppSettings()
        return _from_json(raw) if isinstance(raw, dict) else AppSettings()

    def save(self, settings: AppSettings) -> None:
        """Replace the stored settings (temp file, fsync, rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(dataclasses.asdict(settings), indent=2).encode("utf-8")
        prefix, suffix = ".settings-", ".tmp"  # i18n: ignore file names
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=prefix, suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise


def _from_json(raw: dict[str, Any]) -> AppSettings:
    defaults = AppSettings()
    language = raw.get("ui_language")
    minutes = raw.get("auto_lock_minutes")
    return AppSettings(
        ui_language=language if language in UI_LANGUAGES else None,
        auto_lock_minutes=(minutes if isinstance(minutes, int) and not isinstance(minutes, bool)
                           and 1 <= minutes <= 120 else defaults.auto_lock_minutes),
        server_url=_text_or_none(raw.get("server_url")),
        ca_bundle=_text_or_none(raw.get("ca_bundle")),
        organisation=_text_or_none(raw.get("organisation")),
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
