"""A form the worker had not saved when the app locked, kept encrypted in the vault.

It comes back after unlocking, on the screen where it was left, and goes once
the worker saves it or leaves that screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fieldapp.vault import VaultKeeper
from model.form import FormValues, draft_json, draft_values

DRAFT = "app.draft"
# Only the contact forms keep drafts.
FORM_ROUTES = "/contacts/"


class Drafts:
    """The one unsaved form kept across a lock."""

    def __init__(self, vault: VaultKeeper) -> None:
        self._vault = vault

    def keep(self, route: str, values: FormValues) -> None:
        """Keep the worker's unsaved form before the app locks."""
        self._vault.open_vault().settings.set(DRAFT, {"route": route,
                                                      "values": draft_json(values)})

    def route(self) -> str | None:
        """Where the form kept at the last lock was, to go back there after unlocking."""
        draft = self._kept()
        route = draft.get("route") if draft is not None else None
        return route if isinstance(route, str) and route.startswith(FORM_ROUTES) else None

    def values_for(self, route: str) -> FormValues | None:
        """The form kept for `route`, if the worker left one there at the last lock."""
        draft = self._kept()
        if draft is None or draft.get("route") != route:
            return None
        return draft_values(draft.get("values"))

    def drop_unless_at(self, route: str) -> None:
        """The worker saved or left the kept form: it is not needed any more."""
        if self._kept() is not None and self.route() != route:
            self._vault.open_vault().settings.delete(DRAFT)

    def _kept(self) -> Mapping[str, Any] | None:
        if not self._vault.unlocked:
            return None
        value = self._vault.open_vault().settings.get(DRAFT)
        return value if isinstance(value, Mapping) else None
