"""The values the field app's services hand to the screens (no Flet, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from model import Contact, FieldError
from sync.report import SyncStatus


class WrongPin(Exception):
    """The PIN was wrong; `attempts_left` tries remain before the data is erased."""

    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"attempts_left={attempts_left}")
        self.attempts_left = attempts_left


class DataWiped(Exception):
    """Too many wrong PINs: the data on this phone was erased."""


class ContactGone(Exception):
    """The contact is no longer on this phone (erased at the person's request, or purged)."""


class DataDamaged(Exception):
    """The data on this phone cannot be read: a file is damaged or was tampered with.

    Nothing is erased: whoever supports the phone can still look at it.
    """


class Phase(StrEnum):
    """Where the app is: what the worker must do before seeing contacts."""

    CHOOSE_LANGUAGE = "choose_language"
    CREATE_PIN = "create_pin"
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class RowState(StrEnum):
    """A contact's state as the worker sees it."""

    NOT_SENT = "not_sent"
    SENT = "sent"
    NEEDS_CORRECTION = "needs_correction"
    QUARANTINED = "quarantined"


class ListFilter(StrEnum):
    """The contact list's filters."""

    ALL = "all"
    NEEDS_ATTENTION = "needs_attention"
    FOLLOW_UP_DUE = "follow_up_due"
    NOT_SENT = "not_sent"


@dataclass(frozen=True)
class ContactSummary:
    """A contact with what the screens show about it besides its fields."""

    contact: Contact
    state: RowState
    revisions: int
    errors: tuple[FieldError, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class SyncSummary:
    """What the sync bar and the sync screen show: the sync status, and what waits."""

    enrolled: bool
    server_url: str | None
    pending: int
    status: SyncStatus


@dataclass(frozen=True)
class FieldAppConfig:
    """The field app's configuration, read once at start (main.py)."""

    data_dir: Path
    server_url: str | None = None
    auto_lock_seconds: float | None = None
    sync_probe_seconds: float | None = None
    fast_kdf: bool = False
    # Where the device secret goes: "auto", "file" or "secure-storage" (views/device_keys.py).
    device_secret: str = "auto"  # noqa: S105  # a place, not a secret


def matches_filter(summary: ContactSummary, wanted: ListFilter, *, today: date) -> bool:
    """Whether a contact belongs in the list under `wanted`."""
    if wanted is ListFilter.NEEDS_ATTENTION:
        return summary.state in (RowState.NEEDS_CORRECTION, RowState.QUARANTINED)
    if wanted is ListFilter.FOLLOW_UP_DUE:
        due = summary.contact.follow_up_on
        return due is not None and due <= today
    if wanted is ListFilter.NOT_SENT:
        return summary.state in (RowState.NOT_SENT, RowState.QUARANTINED)
    return True

