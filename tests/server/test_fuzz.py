"""Every operation of /openapi.json fuzzed with the supervisor's and the device's credentials:
no 5xx for any generated request, nothing that breaks the schema accepted.

The cases come from schemathesis' strategies and run under hypothesis here
(schemathesis' own pytest loader does not work with this pytest), against
the live server of each backend.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
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


@pytest.fixture(scope="session")
def api_schema(live: LiveServer) -> Any:
    published = requests.get(live.base_url + "/openapi.json", timeout=30).json()
    return schemathesis.openapi.from_dict(published)


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_no_server_error_and_nothing_invalid_accepted(
    api_schema: Any, live: LiveServer, world: World, method: str, path: str,
    mode: GenerationMode,
) -> None:
    if path.startswith("/api/v1/sync/"):
        token = world.alpha.worker.token
    elif (method, path) == ("DELETE", "/api/v1/session"):
        token = signed_in(live, "alpha-supervisor").token  # its own, so others keep theirs
    else:
        token = world.alpha.admin.token
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
