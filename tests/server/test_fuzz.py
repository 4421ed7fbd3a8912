"""Every operation of /openapi.json fuzzed with the supervisor's and the device's credentials:
no 5xx for any generated request, nothing that breaks the schema accepted; and the same
requests again with bad text put in — NUL characters, lone surrogates, overlong strings —
which are refused, never a server error.

The cases come from schemathesis' strategies and run under hypothesis here
(schemathesis' own pytest loader does not work with this pytest), against
the live server of each backend.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import negative_data_rejection, not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode

from server.app import create_app
from server.config import Settings
from tests.server.conftest import LiveServer, World, signed_in
from tests.server.helpers import new_address

FUZZ_ADDRESS = new_address()
# The document the live servers publish, read here only to list the operations.
_PATHS = create_app(Settings(database_url="sqlite://")).openapi()["paths"]
CASES = sorted(
    (method.upper(), path, mode)
    for path, methods in _PATHS.items()
    for method, spec in methods.items()
    for mode in GenerationMode
    # Without parameters or a body there is nothing to get wrong.
    if mode == GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody")
)
WITH_INPUT = sorted((method, path) for method, path, mode in CASES
                    if mode == GenerationMode.NEGATIVE)
OVERLONG = "x" * 5000
# JSON carries a lone surrogate as an escape ("\ud800"); a URL only as the bytes one would
# have in UTF-8 (which are no UTF-8), so a path gets those, percent-encoded. requests
# cannot send such bytes in a query value: the query gets NUL and overlong text.
BAD_JSON_TEXT = ("\x00", "a\x00b", "\ud800", "x\udfffy", "\ud83d", OVERLONG)
BAD_PATH_TEXT = ("%00", "a%00b", "%ED%A0%80", "x%ED%BF%BFy", OVERLONG)
BAD_QUERY_TEXT = ("\x00", "a\x00b", OVERLONG)


@pytest.fixture(scope="session")
def api_schema(live: LiveServer) -> Any:
    published = requests.get(live.base_url + "/openapi.json", timeout=30).json()
    return schemathesis.openapi.from_dict(published)


def _token(live: LiveServer, world: World, method: str, path: str) -> str | None:
    if path.startswith("/api/v1/sync/"):
        return world.alpha.worker.token
    if (method, path) == ("DELETE", "/api/v1/session"):
        return signed_in(live, "alpha-supervisor").token  # its own, so others keep theirs
    return world.alpha.admin.token


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_no_server_error_and_nothing_invalid_accepted(
    api_schema: Any, live: LiveServer, world: World, method: str, path: str,
    mode: GenerationMode,
) -> None:
    token = _token(live, world, method, path)
    operation = api_schema[path][method]

    @settings(max_examples=20, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        headers = {"X-Forwarded-For": FUZZ_ADDRESS}
        if case.meta.components.get(ParameterLocation.HEADER, mode) == GenerationMode.POSITIVE:
            headers["Authorization"] = f"Bearer {token}"  # else: leave its broken one
        case.call_and_validate(base_url=live.base_url, headers=headers,
                               checks=[not_a_server_error, negative_data_rejection])

    run()


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), WITH_INPUT)
def test_bad_text_anywhere_is_refused_never_a_server_error(
    api_schema: Any, live: LiveServer, world: World, method: str, path: str,
) -> None:
    token = _token(live, world, method, path)
    operation = api_schema[path][method]
    query_names = [p["name"] for p in _PATHS[path][method.lower()].get("parameters", ())
                   if p["in"] == "query" and _takes_text(p["schema"])]

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        request = case.as_transport_kwargs(base_url=live.base_url)
        # Signed in: what is tried here is the text, not the credentials.
        request["headers"] = {**request.get("headers", {}), "X-Forwarded-For": FUZZ_ADDRESS,
                              "Authorization": f"Bearer {token}"}
        _spoil(request, data, path=path, path_values=case.path_parameters or {},
               query_names=query_names)
        response = requests.request(**request, timeout=60)
        assert response.status_code < 500, response.text
        if path == "/api/v1/sync/push" and response.status_code == 200:
            assert {r["status"] for r in response.json()["results"]} <= {"invalid"}
        else:
            assert 400 <= response.status_code < 500, (response.status_code, response.text)

    run()


def _spoil(request: dict[str, Any], data: st.DataObject, *, path: str,
           path_values: dict[str, Any], query_names: list[str]) -> None:
    """Put bad text into one text of a request made from a case: a path id, a query value
    or, anywhere in the JSON body, a string or a key."""
    body = request.get("json")
    body_spots = list(_texts_in(body)) if isinstance(body, dict | list) else []
    spots = ([("path", n) for n in path_values] + [("query", n) for n in query_names]
             + [("body", s) for s in body_spots])
    where, what = data.draw(st.sampled_from(spots))
    if where == "path":
        values = {k: quote(str(v), safe="") for k, v in path_values.items()}
        values[what] = data.draw(st.sampled_from(BAD_PATH_TEXT))
        request["url"] = request["url"].split("/api/v1/")[0] + path.format(**values)
    elif where == "query":
        bad = data.draw(st.sampled_from(BAD_QUERY_TEXT))
        request["params"] = {**(request.get("params") or {}), what: bad}
    else:
        request["json"] = _replaced(body, what, data.draw(st.sampled_from(BAD_JSON_TEXT)))


def _texts_in(value: Any, at: tuple[Any, ...] = ()) -> Any:
    """Where `value` holds text: (path, "value") for a string, (path, "key") for a key."""
    if isinstance(value, str):
        yield (at, "value")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield ((*at, key), "key")
            yield from _texts_in(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_in(item, (*at, index))


def _replaced(value: Any, spot: tuple[tuple[Any, ...], str], bad: str) -> Any:
    at, kind = spot
    if not at:
        return bad
    head, rest = at[0], at[1:]
    if isinstance(value, list):
        return [_replaced(v, (rest, kind), bad) if i == head else v for i, v in enumerate(value)]
    if kind == "key" and not rest:
        return {(bad if k == head else k): v for k, v in value.items()}
    return {k: _replaced(v, (rest, kind), bad) if k == head else v for k, v in value.items()}


def _takes_text(schema: dict[str, Any]) -> bool:
    kinds = [schema.get("type"), *(s.get("type") for s in schema.get("anyOf", ()))]
    return "string" in kinds or any("enum" in s for s in (schema, *schema.get("anyOf", ())))
