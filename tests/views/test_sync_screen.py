"""The sync screen of a phone the server no longer knows, with a contact it once refused:
what the worker reads and can do, in Bulgarian, at 390×844."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from fieldapp.app import FieldApp
from fieldapp.config import FieldAppConfig
from locales import translator
from model import FieldError
from model.protocol import PushResult
from sync.enrollment import current_enrollment, enroll
from tests.factories import make_contact
from tests.sync.live_server import LiveServer
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_forgotten_phone_asks_to_be_connected_again_and_keeps_its_refused_contact(
        open_app: OpenApp, server: LiveServer, tmp_path: Path) -> None:
    worker = server.add_user("worker")
    # The phone as it was: enrolled, one contact the server refused, in Bulgarian.
    before = FieldApp(FieldAppConfig(data_dir=tmp_path / "app", fast_kdf=True))
    before.settings.choose_language("bg")
    before.vault.create(flows.PIN)
    vault = before.vault.open_vault()
    enroll(vault, server_url=server.url, username=worker[0], password=worker[1],
           device_name="test phone")
    refused = make_contact(consent="given", alias="Georgi")
    before.vault.repository().add(refused)
    before.vault.repository().mark_sent(
        [PushResult(refused.id, 1, "invalid", (FieldError("age_band", "invalid_choice"),))])
    enrollment = current_enrollment(vault)
    assert enrollment is not None
    before.vault.lock()
    server.forget_device(enrollment.device_id)  # its database restored from an older backup

    app = open_app(server_url=server.url).app
    flows.unlock(app)
    t = translator("bg")
    expect(app.by_id(ids.LIST_SYNC_STATUS)).to_contain_text(
        t.gettext("Connect this phone to the server again"), timeout=20_000)
    flows.navigate(app, ids.LIST_TO_SYNC, then=ids.SYNC_STATE)
    told = t.gettext("The server no longer knows this phone. Connect it again with your "
                     "username and password: nothing on the phone is lost, and what waits is "
                     "sent then.")
    expect(app.by_id(ids.SYNC_STATE)).to_contain_text(told)
    expect(app.page.get_by_text("Georgi")).to_be_visible()
    expect(app.by_id(ids.item(ids.SYNC_RETRY, 0))).to_be_visible()
    expect(app.by_id(ids.item(ids.SYNC_RETRY, "edit.0"))).to_be_visible()
    flows.wait_for(app, ids.ENROLL_SUBMIT)
    assert flows.untranslated(app, "bg") == set()
    app.screenshot("sync-connect-again-bg")
