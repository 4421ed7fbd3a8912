"""Who is calling: a signed-in user or an enrolled device."""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from server.errors import Forbidden


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


_RANK = {Role.WORKER: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}


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


@dataclasses.dataclass(frozen=True)
class DevicePrincipal:
    """An enrolled, not revoked device, acting for one worker."""

    device_id: str
    worker_id: str
    org_id: str
