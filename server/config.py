"""The server's one settings object, read once at start from the environment and arguments."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "insecure-development-secret"  # noqa: S105 - a marker, refused in production
# `python -m server init` writes a random secret here (in the data folder); the server
# uses it when STREETCONTACT_SECRET is not set.
SECRET_FILE = "secret"  # noqa: S105 - a file name, not a secret

# Environment variable for each setting; the command line may override any of them.
ENVIRONMENT: dict[str, str] = {
    "database_url": "DATABASE_URL",
    "data_dir": "STREETCONTACT_DATA_DIR",
    "secret": "STREETCONTACT_SECRET",
    "production": "STREETCONTACT_PRODUCTION",
    "max_body_bytes": "STREETCONTACT_MAX_BODY_BYTES",
    "login_limit_account": "STREETCONTACT_LOGIN_LIMIT_ACCOUNT",
    "login_limit_address": "STREETCONTACT_LOGIN_LIMIT_ADDRESS",
    "login_limit_account_backstop": "STREETCONTACT_LOGIN_LIMIT_ACCOUNT_BACKSTOP",
    "login_window_seconds": "STREETCONTACT_LOGIN_WINDOW_SECONDS",
    "session_idle_seconds": "STREETCONTACT_SESSION_IDLE_SECONDS",
    "session_max_seconds": "STREETCONTACT_SESSION_MAX_SECONDS",
    "purge_every_seconds": "STREETCONTACT_PURGE_EVERY_SECONDS",
    "outflow_reference_pct": "STREETCONTACT_OUTFLOW_REFERENCE_PCT",
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
    login_limit_account_backstop: int = 100
    login_window_seconds: int = 300
    session_idle_seconds: int = 30 * 60
    session_max_seconds: int = 12 * 3600
    purge_every_seconds: int = 24 * 3600  # 0: the server never purges by itself
    # The reference line of the national charts: the pilot evaluation's positive outflow.
    outflow_reference_pct: float = 62.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        if not self.database_url:
            sqlite_file = (self.data_dir / "streetcontact.sqlite3").resolve()
            object.__setattr__(self, "database_url", f"sqlite:///{sqlite_file}")
        for name in ("max_body_bytes", "login_limit_account", "login_limit_address",
                     "login_limit_account_backstop",
                     "login_window_seconds", "session_idle_seconds", "session_max_seconds"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1")
        if self.purge_every_seconds < 0:
            raise SettingsError("purge_every_seconds must be 0 (off) or more")
        if not 0 <= self.outflow_reference_pct <= 100:
            raise SettingsError("outflow_reference_pct must be between 0 and 100")

    @property
    def secret_file(self) -> Path:
        """Where `init` keeps the server's own random secret."""
        return self.data_dir / SECRET_FILE

    def check_serving(self, *, host: str, proxied: bool) -> None:
        """Refuse to serve with the development secret where others can reach the server.

        The development secret is public (it is in the source): anyone who can reach a
        server using it can forge download links. It is accepted only on a loopback
        address with no proxy in front.

        Raises:
            SettingsError: the development secret on another address or behind a proxy,
                or an unsafe secret in production mode.
        """
        self.check_safe()
        if self.secret == DEFAULT_SECRET and (proxied or not _is_loopback(host)):
            raise SettingsError(
                "the development secret is only for 127.0.0.1 without a proxy: run "
                "`python -m server init` (it creates a secret in the data folder) "
                "or set STREETCONTACT_SECRET"
            )

    def check_safe(self) -> None:
        """Refuse a production start with the default or a weak secret.

        Raises:
            SettingsError: production mode with a secret that is not set or too short.
        """
        if self.production and (self.secret == DEFAULT_SECRET or len(self.secret) < 32):
            raise SettingsError(
                "production mode needs a secret of at least 32 random characters: "
                "STREETCONTACT_SECRET, or the one `python -m server init` creates"
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
    if "secret" not in values:
        stored = _read_secret(Path(values.get("data_dir", Settings.data_dir)) / SECRET_FILE)
        if stored:
            values["secret"] = stored
    return Settings(**values)


def create_secret_file(settings: Settings) -> bool:
    """Write a new random secret to `settings.secret_file` (mode 0600) unless one is there.

    The file appears whole or not at all, and an existing one is never replaced
    (download links and stored keyed hashes depend on it). Returns whether one was made.
    """
    target = settings.secret_file
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if target.exists():
        return False
    draft = target.with_name(f".{SECRET_FILE}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(draft, target)  # fails if another `init` was quicker: that one stays
    except FileExistsError:
        return False
    finally:
        draft.unlink(missing_ok=True)
    return True


def _read_secret(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeError) as error:
        raise SettingsError(f"cannot read the secret file {path}: {type(error).__name__}") \
            from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _convert(name: str, raw: str) -> Any:
    default = getattr(Settings(), name) if name != "database_url" else ""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{ENVIRONMENT[name]} must be a whole number") from None
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(f"{ENVIRONMENT[name]} must be a number") from None
    if isinstance(default, Path):
        return Path(raw)
    return raw
