"""New passwords for accounts: one generator for the admins' page and the demo accounts."""

from __future__ import annotations

import re

from server.services import accounts, auth
from server.services.principals import Role
from tests.server.services.world import World

READABLE = re.compile(r"[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}")


def test_a_new_password_has_nothing_to_misread_and_is_never_the_same() -> None:
    made = [accounts.new_password() for _ in range(200)]
    assert all(READABLE.fullmatch(p) for p in made)
    assert len(set(made)) == len(made)
    assert not set("".join(made)) & set("0O1lI")


def test_a_new_password_opens_the_account_it_was_made_for(world: World) -> None:
    admin = world.staff["admin_a"]
    password = accounts.new_password()
    with world.sessions() as db:
        made = accounts.create_user(db, principal=admin, username="handed-over",
                                    password=password, role=Role.SUPERVISOR)
        signed = auth.login(db, settings=world.settings, username="handed-over",
                            password=password, client="10.2.2.2")
    assert signed.principal.user_id == made["id"]
