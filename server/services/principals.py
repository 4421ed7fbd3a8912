"""Who is calling: a signed-in user or an enrolled device."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from server.errors import Forbidden


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    # Watches the pilot nationally (a ministry, the VNG): aggregated figures only. Below every
    # other role, so whatever requires a worker, supervisor or admin refuses a monitor.
    MONITOR = "monitor"


_RANK = {Role.MONITOR: -1, Role.WORKER: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}
# The organisation row that holds the monitors' accounts: it has no contacts, devices or
# phones, so a monitor scoped to it by mistake would still see nothing of anyone.
MONITORS_ORG_ID = "00000000-0000-0000-0000-00000000a0a0"
MONITORS_ORG_NAME = "(national monitoring)"


@dataclasses.dataclass(frozen=True)
class Principal:
    """A signed-in user: the organisation scopes everything they see."""

    user_id: str
    org_id: str
    role: Role
    name: str

    def require(self, role: Role) -> None:
        """Raise `Forbidden` unless the user has `role` or a higher one (admin ⊇ supervisor)."""
        if _RANK[self.role] < _RANK[role]:
            raise Forbidden()

    @property
    def is_monitor(self) -> bool:
        return self.role == Role.MONITOR


@dataclasses.dataclass(frozen=True)
class DevicePrincipal:
    """An enrolled, not revoked device, acting for one worker."""

    device_id: str
    worker_id: str
    org_id: str
