"""The server's one settings object, read once at start from the environment and arguments."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "insecure-development-secret"  # noqa: S105 - a marker, refused in production

# Environment variable for each setting; the command line may override any of them.
ENVIRONMENT: dict[str, str] = {
    "database_url": "DATABASE_URL",
    "data_dir": "STREETCONTACT_DATA_DIR",
    "secret": "STREETCONTACT_SECRET",
    "production": "STREETCONTACT_PRODUCTION",
    "max_body_bytes": "STREETCONTACT_MAX_BODY_BYTES",
    "login_limit_account": "STREETCONTACT_LOGIN_LIMIT_ACCOUNT",
    "login_limit_address": "STREETCONTACT_LOGIN_LIMIT_ADDRESS",
    "login_window_seconds": "STREETCONTACT_LOGIN_WINDOW_SECONDS",
    "session_idle_seconds": "STREETCONTACT_SESSION_IDLE_SECONDS",
}


class SettingsError(Exception):
    """The settings are incomplete or unsafe for the chosen mode."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the server can be configured with; see README for each variable."""

    database_url: str = ""
    data_dir: Path = Path("data")
    secret: str = DEFAULT_SECRET
    production: bool = False
    max_body_bytes: int = 8 * 1024 * 1024
    login_limit_account: int = 10
    login_limit_address: int = 50
    login_window_seconds: int = 300
    session_idle_seconds: int = 30 * 60

    def __post_init__(self) -> None:
        if not self.database_url:
            sqlite_file = (self.data_dir / "streetcontact.sqlite3").resolve()
            object.__setattr__(self, "database_url", f"sqlite:///{sqlite_file}")
        for name in ("max_body_bytes", "login_limit_account", "login_limit_address",
                     "login_window_seconds", "session_idle_seconds"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1")

    def check_safe(self) -> None:
        """Refuse a production start with the default or a weak secret.

        Raises:
            SettingsError: production mode with a secret that is not set or too short.
        """
        if self.production and (self.secret == DEFAULT_SECRET or len(self.secret) < 32):
            raise SettingsError(
                "production mode needs STREETCONTACT_SECRET: at least 32 random characters"
            )

    def as_environment(self) -> dict[str, str]:
        """The settings as environment variables, for worker processes started later."""
        values = dataclasses.asdict(self)
        return {
            env: ("1" if values[name] is True else "0" if values[name] is False
                  else str(values[name]))
            for name, env in ENVIRONMENT.items()
        }


def load_settings(
    environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Settings from environment variables, then `overrides` (command-line values, not None).

    Raises:
        SettingsError: a value cannot be read.
    """
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Settings):
        raw = environ.get(ENVIRONMENT[field.name])
        if raw is not None and raw != "":
            values[field.name] = _convert(field.name, raw)
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = value
    return Settings(**values)


def _convert(name: str, raw: str) -> Any:
    default = getattr(Settings(), name) if name != "database_url" else ""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{ENVIRONMENT[name]} must be a whole number") from None
    if isinstance(default, Path):
        return Path(raw)
    return raw
