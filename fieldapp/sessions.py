"""The app's windows: each is let in by its own PIN, however many share one vault.

On a phone there is one window. Served to a browser (`main.py --web`) every tab
is a window of its own on the same data folder: a tab that has not entered the
PIN sees the unlock screen even while another tab has the vault open, and
enters with one key derivation that checks the PIN (`VaultKeeper.enter`).
A window is let in to one opening of the vault: once the vault closed, it is
out, whoever opens the vault next. Locking a window lets only that window out;
the vault closes with the last window that was in. When the vault closes for
any other reason (wiped, the phone revoked, ten wrong PINs), every window hears
of it and shows what the app's phase asks for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from fieldapp.vault import VaultKeeper

Heard = Callable[[], None]


class Window:
    """One window of the app: whether it was let in, and what it does when the vault closes."""

    def __init__(self, windows: Windows, on_vault_closed: Heard) -> None:
        self._windows = windows
        self.on_vault_closed = on_vault_closed
        self.let_in_to: int | None = None  # the opening of the vault it entered its PIN for

    @property
    def admitted(self) -> bool:
        """Whether this window may show the data now."""
        vault = self._windows.vault
        return vault.unlocked and self.let_in_to == vault.openings

    def create(self, pin: str) -> None:
        """Create the vault with this PIN (first run) and let this window in (slow)."""
        vault = self._windows.vault
        vault.create(pin)
        self.let_in_to = vault.openings

    def unlock(self, pin: str) -> None:
        """Let this window in with `pin` (slow). Raises WrongPin, DataWiped or DataDamaged."""
        self.let_in_to = self._windows.vault.enter(pin)

    def lock(self) -> None:
        """Let this window out; the vault closes if no other window is in."""
        self._windows.leave(self)

    def close(self) -> None:
        """The window is gone (tab closed, app ended): out, and forgotten."""
        self._windows.leave(self, forget=True)


class Windows:
    """Every open window of the app on one vault."""

    def __init__(self, vault: VaultKeeper) -> None:
        self.vault = vault
        self._guard = threading.Lock()
        self._open: list[Window] = []
        vault.when_closing(self._vault_closing)

    def open(self, *, on_vault_closed: Heard) -> Window:
        """A new window, not let in yet; `on_vault_closed` runs (on any thread) when the
        vault closes while the window is open."""
        window = Window(self, on_vault_closed)
        with self._guard:
            self._open.append(window)
        return window

    def leave(self, window: Window, *, forget: bool = False) -> None:
        """Let `window` out (and forget it); close the vault if no window is in any more."""
        with self._guard:
            window.let_in_to = None
            if forget and window in self._open:
                self._open.remove(window)
            last = not any(w.admitted for w in self._open)
        if last:
            self.vault.lock()

    def _vault_closing(self) -> None:
        with self._guard:
            told = list(self._open)
        for window in told:
            window.on_vault_closed()
