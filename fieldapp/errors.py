"""What goes wrong in the field app as the screens see it; they translate each one."""

from __future__ import annotations


class WrongPin(Exception):
    """The PIN was wrong; `attempts_left` tries remain before the data is erased."""

    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"attempts_left={attempts_left}")
        self.attempts_left = attempts_left


class DataWiped(Exception):
    """Too many wrong PINs: the data on this phone was erased."""


class DataDamaged(Exception):
    """The data on this phone cannot be read (damaged or tampered with); nothing was erased."""


class ContactGone(Exception):
    """The contact is no longer on this phone (erased at the person's request, or purged)."""


class Locked(Exception):
    """The vault was locked while a screen still asked for its data."""
