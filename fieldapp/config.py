"""The field app's configuration, read once at start from arguments and environment (main.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class SecretPlace(StrEnum):
    """Where the device secret goes (`main.py --device-secret`)."""

    AUTO = "auto"  # the phone's secure storage on a phone, the file elsewhere
    FILE = "file"
    SECURE_STORAGE = "secure-storage"  # also in a browser: for trying the phone's way


@dataclass(frozen=True)
class FieldAppConfig:
    """The field app's configuration for one data folder."""

    data_dir: Path
    server_url: str | None = None
    auto_lock_seconds: float | None = None
    sync_probe_seconds: float | None = None
    fast_kdf: bool = False
    device_secret: SecretPlace = SecretPlace.AUTO
