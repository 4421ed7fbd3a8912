"""The field app for one data folder: its parts, and what the worker must do next.

`main.py` builds one `FieldApp` from the configuration and hands it to the
screens, which reach its parts as attributes: `app.settings`, `app.vault`,
`app.windows`, `app.trust`, `app.contacts`, `app.persons`, `app.drafts`, `app.sync`.
Blocking calls (PIN, enrollment, save, wipe) are run off the screen's event loop by the
screens.
"""

from __future__ import annotations

from enum import StrEnum

from fieldapp.config import FieldAppConfig
from fieldapp.contacts import Contacts
from fieldapp.drafts import Drafts
from fieldapp.persons import Persons
from fieldapp.purge import Purge
from fieldapp.server_trust import ServerTrust
from fieldapp.sessions import Window, Windows
from fieldapp.settings import Settings
from fieldapp.sync_control import SyncControl
from fieldapp.vault import VaultKeeper

VERSION = "0.1.0"
# Who keeps the data when neither this phone nor the server names the organisation.
DEFAULT_ORGANISATION = "StreetContact"


class Phase(StrEnum):
    """Where the app is: what the worker must do before seeing contacts."""

    CHOOSE_LANGUAGE = "choose_language"
    CREATE_PIN = "create_pin"
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class FieldApp:
    """Everything the screens use, for one phone's data folder."""

    version = VERSION

    def __init__(self, config: FieldAppConfig) -> None:
        self.config = config
        self.settings = Settings(config)
        self.vault = VaultKeeper(config)
        self.windows = Windows(self.vault)
        self.trust = ServerTrust(self.vault, self.settings)
        self.sync = SyncControl(self.vault, self.settings, config=config)
        self.contacts = Contacts(self.vault, self.sync)
        self.persons = Persons(self.vault, self.contacts)
        self.drafts = Drafts(self.vault)
        self.purge = Purge(self.vault, days=lambda: self.settings.retention_days)
        # At every unlock: an earlier version's CA bundle path moves into the vault
        # before sync needs it, and what is past its time goes; sync runs exactly
        # while the vault is open.
        self.vault.when_open(self.trust.adopt_earlier_path)
        self.vault.when_open(self.purge.start)
        self.vault.when_open(self.sync.start)
        self.vault.when_closing(self.sync.stop)

    def phase(self, window: Window | None = None) -> Phase:
        """What the worker must do next: choose a language, create a PIN, unlock, or work.

        For `window`: work only once that window was let in by its own PIN.
        """
        if self.vault.unlocked and (window is None or window.admitted):
            return Phase.UNLOCKED
        if self.vault.exists():
            return Phase.LOCKED
        if self.settings.current.ui_language is None:
            return Phase.CHOOSE_LANGUAGE
        return Phase.CREATE_PIN

    def organisation_name(self) -> str:
        """Who keeps the data, as the privacy notice names it: as the server named it at
        enrollment."""
        return self.sync.organisation_name() or DEFAULT_ORGANISATION

    def wipe(self, pin: str) -> None:
        """Erase everything on this phone after checking the PIN (slow); the language stays."""
        self.vault.wipe(pin)
        self.settings.forget_all_but_language()
