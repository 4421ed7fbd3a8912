"""Passwords are kept as Argon2id hashes; the scrypt hashes of earlier versions still sign
in, and are replaced by Argon2id at that sign-in."""

from __future__ import annotations

import secrets

from sqlalchemy import update

from server.models import User
from server.security import hash_password, needs_rehash, verify_password
from server.services import accounts
from server.services.principals import Role
from tests.server.conftest import LiveServer, World
from tests.server.helpers import Api

# Made by the previous version's `hash_password("a password from before")`.
OLD_PASSWORD = "a password from before"
SCRYPT_HASH = "scrypt$32768$8$1$m5vhnOcnOkq8v099hUpZFQ==$Es3sFvy6PLKDe36E1iNnsosAycpPaQT+0DQ9vwiygKA="
OWASP_ARGON2ID = "$argon2id$v=19$m=19456,t=2,p=1$"


def test_a_new_password_is_an_argon2id_hash_with_owasps_parameters() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith(OWASP_ARGON2ID)
    assert stored != hash_password("correct horse battery")  # a salt of its own
    assert verify_password("correct horse battery", stored)
    assert not verify_password("correct horse batter", stored)
    assert not needs_rehash(stored)


def test_an_earlier_scrypt_hash_still_verifies_and_is_due_for_an_upgrade() -> None:
    assert verify_password(OLD_PASSWORD, SCRYPT_HASH)
    assert not verify_password("another password", SCRYPT_HASH)
    assert needs_rehash(SCRYPT_HASH)


def test_an_scrypt_hash_is_upgraded_at_the_next_sign_in(live: LiveServer, world: World) -> None:
    name = f"old-hash-{secrets.token_hex(4)}"
    with live.database.sessions() as db:
        user = accounts.set_user(db, org_id=world.alpha.id, username=name,
                                 password="x" * 12, role=Role.SUPERVISOR)
        db.execute(update(User).where(User.id == user.id).values(password_hash=SCRYPT_HASH))
        db.commit()

    def sign_in(password: str) -> int:
        return Api(live.base_url).post("/api/v1/session", json={
            "username": name, "password": password}).status_code

    def stored() -> str:
        with live.database.sessions() as db:
            found = db.get(User, user.id)
            assert found is not None
            return found.password_hash

    assert sign_in("a wrong password") == 401
    assert stored() == SCRYPT_HASH  # only a right password is hashed again
    assert sign_in(OLD_PASSWORD) == 200
    assert stored().startswith(OWASP_ARGON2ID)
    assert verify_password(OLD_PASSWORD, stored())
    assert sign_in(OLD_PASSWORD) == 200
