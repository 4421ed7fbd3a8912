"""Unsaved forms, kept encrypted in the vault.

Two kinds:
- the form the app locked on: it comes back after unlocking, on the screen
  where it was left, and goes once the worker saves it or leaves that screen;
- drafts the worker kept on purpose (Back on a changed form, "keep as
  draft"): several, each under its own id, offered again from the list until
  saved or discarded.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fieldapp.vault import VaultKeeper
from model.form import FormValues, draft_json, draft_values

DRAFT = "app.draft"
NAMED = "app.drafts"
# Only the contact forms keep drafts.
FORM_ROUTES = ("/contacts/", "/persons/")


@dataclass(frozen=True)
class Draft:
    """A form the worker kept to finish later: where it was, what it holds, since when."""

    id: str
    route: str
    values: FormValues
    kept_at: datetime

    @property
    def open_route(self) -> str:
        """The route that opens the form again with this draft."""
        return f"{self.route}?draft={self.id}"


class Drafts:
    """The unsaved forms of this phone."""

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

    def save(self, route: str, values: FormValues, draft_id: str | None = None) -> str:
        """Keep the form at `route` as a draft (replacing draft `draft_id`); its id."""
        kept = dict(self._named())
        draft_id = draft_id or str(uuid.uuid4())
        kept[draft_id] = {"route": route, "values": draft_json(values),
                          "kept_at": datetime.now(UTC).isoformat()}
        self._vault.open_vault().settings.set(NAMED, kept)
        return draft_id

    def named(self) -> list[Draft]:
        """The drafts kept on purpose, the newest first (damaged ones left out)."""
        found = [draft for draft_id, data in self._named().items()
                 if (draft := _draft(draft_id, data)) is not None]
        return sorted(found, key=lambda d: d.kept_at, reverse=True)

    def get(self, draft_id: str) -> Draft | None:
        """Draft `draft_id`, if it is still kept."""
        return _draft(draft_id, self._named().get(draft_id))

    def discard(self, draft_id: str) -> None:
        """The draft was saved as a contact, or the worker threw it away."""
        kept = dict(self._named())
        if kept.pop(draft_id, None) is not None:
            self._vault.open_vault().settings.set(NAMED, kept)

    def _named(self) -> Mapping[str, Any]:
        if not self._vault.unlocked:
            return {}
        value = self._vault.open_vault().settings.get(NAMED)
        return value if isinstance(value, Mapping) else {}

    def _kept(self) -> Mapping[str, Any] | None:
        if not self._vault.unlocked:
            return None
        value = self._vault.open_vault().settings.get(DRAFT)
        return value if isinstance(value, Mapping) else None


def _draft(draft_id: str, data: object) -> Draft | None:
    if not isinstance(data, Mapping) or not isinstance(data.get("route"), str):
        return None
    values = draft_values(data.get("values"))
    try:
        kept_at = datetime.fromisoformat(str(data.get("kept_at")))
    except ValueError:
        return None
    if values is None or not data["route"].startswith(FORM_ROUTES):
        return None
    return Draft(draft_id, data["route"], values, kept_at)
