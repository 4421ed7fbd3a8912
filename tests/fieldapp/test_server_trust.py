"""The organisation's CA bundle: checked, then kept (its content) in the encrypted vault.

Phones of an earlier version named the file by its path in the plain settings
file; at unlock its content moves into the vault and the path goes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import certifi

from fieldapp.app import FieldApp
from fieldapp.config import FieldAppConfig
from fieldapp.server_trust import MISSING, NOT_CERTIFICATES, TOO_LARGE
from sync.enrollment import ca_bundle
from sync.trust import MAX_CA_BUNDLE_BYTES

from .conftest import PIN

CERTIFI_COUNT = certifi.contents().count("BEGIN CERTIFICATE")


def settings_file(app: FieldApp) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        (app.config.data_dir / "settings.json").read_text(encoding="utf-8"))
    return loaded


def test_a_ca_bundle_is_checked_then_its_content_is_kept_in_the_vault(
        app: FieldApp, tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n", encoding="utf-8")
    huge = tmp_path / "huge.pem"
    huge.write_bytes(b"#" * (MAX_CA_BUNDLE_BYTES + 1))
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)))
    problems = {str(tmp_path / "nowhere.pem"): MISSING, str(tmp_path): MISSING,
                str(garbage): NOT_CERTIFICATES, str(huge): TOO_LARGE,
                str(empty): NOT_CERTIFICATES, str(binary): NOT_CERTIFICATES}
    for path, problem in problems.items():
        assert app.trust.keep_file(path) == problem, path
    assert app.trust.certificates() == 0

    bundle = tmp_path / "org-ca.pem"
    shutil.copyfile(certifi.where(), bundle)
    assert app.trust.keep_file(str(bundle)) is None
    bundle.unlink()  # the content is kept, not the path
    assert app.trust.certificates() == CERTIFI_COUNT
    assert ca_bundle(app.vault.open_vault()) == certifi.contents()
    assert "BEGIN CERTIFICATE" not in (app.config.data_dir / "settings.json").read_text("utf-8")

    assert app.trust.keep_file(str(garbage)) == NOT_CERTIFICATES  # a bad file changes nothing
    assert app.trust.certificates() == CERTIFI_COUNT
    app.trust.forget()
    assert app.trust.certificates() == 0


def test_an_earlier_versions_path_moves_into_the_vault_at_unlock(
        app: FieldApp, tmp_path: Path) -> None:
    bundle = tmp_path / "org-ca.pem"
    shutil.copyfile(certifi.where(), bundle)
    app.vault.lock()
    stored = settings_file(app)
    (app.config.data_dir / "settings.json").write_text(
        json.dumps({**stored, "ca_bundle": str(bundle)}), encoding="utf-8")

    updated = FieldApp(FieldAppConfig(data_dir=app.config.data_dir, fast_kdf=True))
    assert updated.settings.current.ca_bundle == str(bundle)
    bundle_missing = bundle.rename(tmp_path / "elsewhere.pem")
    updated.vault.unlock(PIN)  # the file cannot be read now: the path stays for next time
    assert updated.trust.certificates() == 0
    assert settings_file(updated)["ca_bundle"] == str(bundle)
    updated.vault.lock()

    bundle_missing.rename(bundle)
    updated.vault.unlock(PIN)
    assert updated.trust.certificates() == CERTIFI_COUNT
    assert updated.settings.current.ca_bundle is None
    assert settings_file(updated)["ca_bundle"] is None
    bundle.unlink()  # never read again
    updated.vault.lock()
    updated.vault.unlock(PIN)
    assert updated.trust.certificates() == CERTIFI_COUNT
    updated.vault.lock()


def test_an_earlier_versions_path_to_something_unusable_is_dropped(
        app: FieldApp, tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("shopping list", encoding="utf-8")
    app.vault.lock()
    (app.config.data_dir / "settings.json").write_text(
        json.dumps({**settings_file(app), "ca_bundle": str(garbage)}), encoding="utf-8")
    updated = FieldApp(FieldAppConfig(data_dir=app.config.data_dir, fast_kdf=True))
    updated.vault.unlock(PIN)
    assert updated.trust.certificates() == 0
    assert updated.settings.current.ca_bundle is None
    updated.vault.lock()
