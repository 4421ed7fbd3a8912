"""The audit log: every audited action leaves one row of ids, never personal data."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from model import Enrollment
from server.models import AuditEntry
from server.services import accounts
from server.services.principals import Role
from tests.server.conftest import PASSWORD, LiveServer, enrolled, signed_in
from tests.server.helpers import Api, contact, wire


def test_each_audited_action_is_logged_without_personal_data(live: LiveServer) -> None:
    tag = secrets.token_hex(3)
    secret_alias = "ALIAS" + secrets.token_hex(6)
    secret_comment = "COMMENT" + secrets.token_hex(6)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Delta-{tag}")
        worker = accounts.set_user(db, org_id=org.id, username=f"delta-w-{tag}",
                                   password=PASSWORD, role=Role.WORKER)
        admin = accounts.set_user(db, org_id=org.id, username=f"delta-a-{tag}",
                                  password=PASSWORD, role=Role.ADMIN)
        # The command line's password reset of an existing user is a reset, not a creation.
        accounts.set_user(db, org_id=org.id, username=f"delta-a-{tag}", password=PASSWORD,
                          role=Role.ADMIN)
    bad = Api(live.base_url).post("/api/v1/session", json={"username": f"delta-a-{tag}",
                                                            "password": "wrong password"})
    assert bad.status_code == 401
    supervisor = signed_in(live, f"delta-a-{tag}")
    phone, device_id = enrolled(live, f"delta-w-{tag}")
    record = contact(Enrollment(worker.id, device_id, org.id), consent="given",
                     alias=secret_alias, notes=secret_alias)
    phone.push([wire(record)])
    supervisor.get(f"/api/v1/contacts/{record.id}")
    supervisor.get(f"/api/v1/persons/{record.person_id}")
    supervisor.post(f"/api/v1/contacts/{record.id}/review",
                    json={"state": "has_issues", "comment": secret_comment})
    assert supervisor.get("/api/v1/export/contacts.csv").status_code == 200
    new_user = supervisor.post("/api/v1/users", json={"username": f"delta-n-{tag}",
                                                      "password": PASSWORD, "role": "worker"})
    supervisor.post(f"/api/v1/devices/{device_id}/revoke")
    supervisor.delete(f"/api/v1/persons/{record.person_id}")

    log = supervisor.get("/api/v1/audit", params={"limit": 500}).json()["items"]
    done = [(e["action"], e["object_id"]) for e in reversed(log)]
    assert done == [
        ("create_user", worker.id), ("create_user", admin.id), ("reset_password", admin.id),
        ("login_failed", admin.id),
        ("login", admin.id), ("enroll", device_id), ("read_contact", record.id),
        ("read_person", record.person_id), ("review", record.id), ("export", None),
        ("create_user", new_user.json()["id"]), ("revoke", device_id),
        ("erase", record.person_id),
    ]
    assert all(e["org_id"] == org.id and e["at"] for e in log)
    assert {e["actor_id"] for e in log if e["actor_kind"] == "user"} == {admin.id, worker.id}
    with live.database.sessions() as db:
        rows = db.execute(select(AuditEntry.__table__)).all()
    dump = repr(rows)
    for personal in (secret_alias, secret_comment, PASSWORD, f"delta-w-{tag}"):
        assert personal not in dump


def test_audit_filter_by_action(live: LiveServer) -> None:
    tag = secrets.token_hex(3)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Epsilon-{tag}")
        accounts.set_user(db, org_id=org.id, username=f"eps-{tag}", password=PASSWORD,
                          role=Role.SUPERVISOR)
    api = signed_in(live, f"eps-{tag}")
    signed_in(live, f"eps-{tag}")
    logins = api.get("/api/v1/audit", params={"action": "login"}).json()["items"]
    assert [e["action"] for e in logins] == ["login", "login"]
    page = api.get("/api/v1/audit", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = api.get("/api/v1/audit", params={"cursor": page["next_cursor"]}).json()["items"]
    assert page["items"][0]["id"] not in [e["id"] for e in rest]


@pytest.mark.parametrize("change", ["update", "delete"])
def test_the_database_refuses_to_change_the_log(live: LiveServer, change: str) -> None:
    statement = (update(AuditEntry).values(action="nothing") if change == "update"
                 else delete(AuditEntry))
    with live.database.sessions() as db:
        assert db.scalar(select(AuditEntry.id).limit(1)) is not None
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(statement)
        db.rollback()
        assert db.execute(text("SELECT count(*) FROM audit_log")).scalar_one() > 0
