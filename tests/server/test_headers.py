"""Every answer carries the security headers; HSTS only over TLS; no HTML API docs that would
load code from a CDN — the OpenAPI document stays."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from server.app import create_app
from server.config import Settings
from tests.server.conftest import ROOT, SERVER_ENV, LiveServer, World
from tests.server.helpers import wait_until
from tests.support import free_port

ONE_YEAR = 365 * 24 * 3600


def _assert_protected(response: requests.Response) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_every_kind_of_answer_carries_the_security_headers(live: LiveServer,
                                                           world: World) -> None:
    answers = [
        live.api().get("/api/v1/health"),                          # 200
        live.api().get("/api/v1/nothing-here"),                    # 404
        live.api().get("/api/v1/contacts"),                        # 401
        world.alpha.supervisor.get("/api/v1/contacts?limit=x"),    # 422
        world.alpha.supervisor.get("/api/v1/export/contacts.csv"),  # CSV
    ]
    assert [a.status_code for a in answers] == [200, 404, 401, 422, 200]
    for answer in answers:
        _assert_protected(answer)
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "Strict-Transport-Security" not in answer.headers  # plain http


def test_hsts_when_the_trusted_proxy_says_the_request_came_over_https(
        live: LiveServer) -> None:
    # The live server trusts 127.0.0.1 as its proxy (--forwarded-allow-ips).
    answer = live.api().get("/api/v1/health", headers={"X-Forwarded-Proto": "https"})
    assert int(answer.headers["Strict-Transport-Security"].split("max-age=")[1]) >= ONE_YEAR


def test_no_html_api_docs_and_the_openapi_document_stays(live: LiveServer) -> None:
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        answer = requests.get(live.base_url + path, timeout=30)
        assert "swagger" not in answer.text.lower() and "redoc" not in answer.text.lower()
        assert "cdn.jsdelivr.net" not in answer.text
    document = requests.get(live.base_url + "/openapi.json", timeout=30)
    assert document.status_code == 200 and document.json()["info"]["title"] == "StreetContact"


def test_production_has_no_html_api_docs_either(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, production=True, secret="p" * 40))
    paths = {getattr(route, "path", "") for route in app.routes}
    assert "/openapi.json" in paths
    assert not paths & {"/docs", "/redoc", "/docs/oauth2-redirect"}


@pytest.fixture(scope="module")
def tls_server(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`serve` with uvicorn's certificate options, a certificate for 127.0.0.1 of its own."""
    folder = tmp_path_factory.mktemp("tls")
    certfile, keyfile = _self_signed(folder)
    port = free_port()
    log = folder / "server.log"
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": live.database.url}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port), "--log-level",
             "warning", "--ssl-certfile", str(certfile), "--ssl-keyfile", str(keyfile)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"https://127.0.0.1:{port}"

    def up() -> bool:
        assert process.poll() is None, log.read_text()
        try:
            return requests.get(base + "/api/v1/health", timeout=1, verify=str(certfile)).ok
        except requests.ConnectionError:
            return False

    try:
        wait_until(up, timeout=60, what="the TLS server")
        yield base, certfile
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
def test_hsts_when_served_over_tls(tls_server: tuple[str, Path]) -> None:
    base, certfile = tls_server
    for path in ("/api/v1/health", "/"):
        answer = requests.get(base + path, timeout=30, verify=str(certfile))
        _assert_protected(answer)
        assert int(answer.headers["Strict-Transport-Security"].split("max-age=")[1]) >= ONE_YEAR


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return certfile, keyfile
