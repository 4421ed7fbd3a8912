"""The pages are a catch-all mounted last: they never answer for the API."""

from __future__ import annotations

import base64
import hashlib
import re

import requests

from tests.web.site import Site


def test_unknown_api_paths_and_methods_still_answer_the_apis_json(site: Site) -> None:
    missing = requests.get(site.api("/nothing-here"), timeout=10)
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    wrong = requests.put(site.api("/session"), timeout=10)
    assert (wrong.status_code, wrong.json()["error"]) == (405, "method_not_allowed")


def test_a_deep_link_is_served_the_web_client(site: Site) -> None:
    page = requests.get(f"{site.url}/contacts/0b6e5f1c-5d2a-4b47-9c63-1f2a3b4c5d6e", timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "flutter" in page.text.lower()


def test_a_made_up_download_ticket_is_gone(site: Site) -> None:
    assert requests.get(f"{site.url}/downloads/made-up", timeout=10).status_code == 410


def test_the_page_may_run_only_its_own_inline_scripts_and_nothing_from_outside(
        site: Site) -> None:
    page = requests.get(f"{site.url}/", timeout=10)
    policy = dict(part.strip().split(" ", 1) for part in
                  page.headers["Content-Security-Policy"].split(";"))
    scripts = policy["script-src"].split()
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert inline, "the page has inline scripts (its configuration)"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in scripts
    for directive in ("default-src", "connect-src", "font-src", "img-src", "style-src"):
        assert not any(source.startswith(("http", "*")) for source in policy[directive].split())
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert page.headers["X-Frame-Options"] == "DENY"
