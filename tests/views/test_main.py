"""The field app's command line and environment become one configuration."""

from __future__ import annotations

from pathlib import Path

from main import config_from, parse_args


def test_arguments_for_trying_it_and_for_tests(tmp_path: Path) -> None:
    args = parse_args(["--web", "--port", "8601", "--data-dir", str(tmp_path),
                       "--server", "https://streetcontact.example", "--auto-lock-seconds", "3"])
    config = config_from(args, {})
    assert args.web and args.port == 8601
    assert config.data_dir == tmp_path.resolve()
    assert config.server_url == "https://streetcontact.example"
    assert config.auto_lock_seconds == 3
    assert config.fast_kdf is False
    assert config.device_secret == "auto"
    assert config_from(parse_args(["--device-secret", "secure-storage"]), {}).device_secret \
        == "secure-storage"


def test_on_a_phone_the_data_lives_in_the_apps_own_folder(tmp_path: Path) -> None:
    config = config_from(parse_args([]), {"FLET_APP_STORAGE_DATA": str(tmp_path)})
    assert config.data_dir == tmp_path.resolve()


def test_weak_kdf_only_when_asked_for_explicitly() -> None:
    assert config_from(parse_args([]), {"STREETCONTACT_FAST_KDF": "1"}).fast_kdf
    assert not config_from(parse_args([]), {"STREETCONTACT_FAST_KDF": "yes"}).fast_kdf
