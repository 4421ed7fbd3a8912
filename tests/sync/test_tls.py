"""TLS: an organisation's self-signed server is refused until its CA is configured."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests.adapters
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from storage.kdf import ScryptParams
from storage.repository import ContactRepository
from storage.vault import Vault
from sync.client import ApiClient, check_server_url
from sync.engine import SyncEngine
from sync.enrollment import enroll, keep_ca_bundle
from sync.errors import BadCaBundle, BadServerUrl, InsecureUrl, UntrustedServer
from tests.sync.live_server import LiveServer


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject: str, key: ec.EllipticCurvePrivateKey, *, issuer: str,
                 issuer_key: ec.EllipticCurvePrivateKey, ca: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                        critical=False).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write_ca(folder: Path, name: str) -> tuple[Path, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(name, key, issuer=name, issuer_key=key, ca=True)
    path = folder / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, key


@pytest.fixture(scope="module")
def tls_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def org_ca(tls_folder: Path) -> tuple[Path, ec.EllipticCurvePrivateKey]:
    return _write_ca(tls_folder, "Outreach Test CA")


@pytest.fixture(scope="module")
def tls_server(tls_folder: Path, org_ca) -> Iterator[LiveServer]:
    ca_file, ca_key = org_ca
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate("localhost", key, issuer="Outreach Test CA", issuer_key=ca_key, ca=False)
    certfile, keyfile = tls_folder / "server.pem", tls_folder / "server.key"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    server = LiveServer(tls_folder / "server", tls=(certfile, keyfile, ca_file)).start()
    yield server
    server.stop()


def https_url(server: LiveServer, host: str = "localhost") -> str:
    return f"https://{host}:{server.port}"


def test_a_self_signed_server_is_refused_by_default(tls_server: LiveServer) -> None:
    with ApiClient(https_url(tls_server)) as api, pytest.raises(UntrustedServer):
        api.health()


def test_the_organisations_ca_makes_it_trusted(tls_server: LiveServer, org_ca) -> None:
    with ApiClient(https_url(tls_server), ca_pem=org_ca[0].read_text()) as api:
        assert api.health()["status"] == "ok"


def test_another_ca_is_not_enough(tls_server: LiveServer, tls_folder: Path) -> None:
    other, _key = _write_ca(tls_folder, "Somebody Else CA")
    with ApiClient(https_url(tls_server), ca_pem=other.read_text()) as api, \
            pytest.raises(UntrustedServer):
        api.health()


def test_a_certificate_for_another_name_is_refused(tls_server: LiveServer, org_ca) -> None:
    # The certificate names "localhost"; reaching the same server as 127.0.0.1 must fail.
    url = https_url(tls_server, "127.0.0.1")
    with ApiClient(url, ca_pem=org_ca[0].read_text()) as api, pytest.raises(UntrustedServer):
        api.health()


def test_with_the_organisations_ca_the_usual_cas_are_not_trusted_as_well(
        tls_server: LiveServer, tls_folder: Path, org_ca,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A CA the usual bundle holds (made so here: requests' default bundle is swapped for
    # one holding the server's CA) opens the door without an organisation's CA...
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", str(org_ca[0]))
    with ApiClient(https_url(tls_server)) as api:
        assert api.health()["status"] == "ok"
    # ...and not with one: then that CA alone is trusted.
    other, _key = _write_ca(tls_folder, "Somebody Else CA")
    with ApiClient(https_url(tls_server), ca_pem=other.read_text()) as api, \
            pytest.raises(UntrustedServer):
        api.health()


@pytest.mark.parametrize(("pem", "reason"), [
    ("", "not_certificates"), ("   \n", "not_certificates"), ("shopping list", "not_certificates"),
    ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "not_certificates"),
    ("#" * (256 * 1024 + 1), "too_large"),
])
def test_a_ca_bundle_without_certificates_is_refused_before_anything_is_sent(
        pem: str, reason: str) -> None:
    with pytest.raises(BadCaBundle) as refused:
        ApiClient("https://sc.example.org", ca_pem=pem)
    assert refused.value.reason == reason


def test_enrolling_and_syncing_trust_the_ca_kept_in_the_vault(
        tls_server: LiveServer, org_ca, tmp_path: Path) -> None:
    worker = tls_server.add_user("worker")
    vault = Vault.create(tmp_path / "vault", "482915", kdf=ScryptParams(log2_n=10))
    with pytest.raises(UntrustedServer):
        enroll(vault, server_url=https_url(tls_server), username=worker[0],
               password=worker[1], device_name="test phone")
    assert keep_ca_bundle(vault, org_ca[0].read_text()) == 1
    enroll(vault, server_url=https_url(tls_server), username=worker[0], password=worker[1],
           device_name="test phone")
    engine = SyncEngine.open(vault, ContactRepository(vault))
    try:
        assert engine.run().ok
    finally:
        engine.close()
        vault.lock()


@pytest.mark.parametrize("url", [
    "http://192.0.2.10:8000", "http://streetcontact.example.org", "http://10.0.0.1/api",
    "ftp://127.0.0.1/", "http://[::ffff:192.0.2.1]/", "http://127.0.0.1.nip.io/",
])
def test_plain_http_to_another_machine_is_refused_before_any_request(url: str) -> None:
    started = time.monotonic()
    with pytest.raises(InsecureUrl):
        ApiClient(url)
    assert time.monotonic() - started < 0.5  # nothing was even tried


@pytest.mark.parametrize("url", [
    "https://user:secret@streetcontact.example.org", "https://streetcontact.example.org/?x=1",
    "https://streetcontact.example.org/#frag", "not a url", "https://:443", "https://host:port",
])
def test_an_address_that_is_not_a_plain_server_address_is_refused(url: str) -> None:
    with pytest.raises((BadServerUrl, InsecureUrl)):
        check_server_url(url)


@pytest.mark.parametrize(("url", "base"), [
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
    ("http://127.8.9.10:8000", "http://127.8.9.10:8000"),
    ("http://localhost:8000", "http://localhost:8000"),
    ("http://[::1]:8000", "http://[::1]:8000"),
    ("https://sc.example.org/streetcontact/", "https://sc.example.org/streetcontact"),
    ("  https://sc.example.org ", "https://sc.example.org"),
])
def test_https_anywhere_and_http_only_to_this_machine(url: str, base: str) -> None:
    assert check_server_url(url) == base
