"""Where the phone is, coarsely: what "add location" asks of the phone's location service.

Only when the worker taps the button, only with the person's consent (the
form shows the button then), at low accuracy, rounded to about 100 m by the
model before anything keeps it. The phone's location service is Flet's
`Geolocator`, created once per page session.
"""

from __future__ import annotations

import asyncio
import logging
from enum import Enum

import flet as ft
from flet_geolocator import (
    Geolocator,
    GeolocatorConfiguration,
    GeolocatorPermissionStatus,
    GeolocatorPositionAccuracy,
)

from model import Location

log = logging.getLogger(__name__)

# Longer than this and the worker is better off without a location.
WAIT_SECONDS = 20.0
_ALLOWED = frozenset({GeolocatorPermissionStatus.WHILE_IN_USE, GeolocatorPermissionStatus.ALWAYS})


class LocationProblem(Enum):
    """Why no location could be added; the form says it in the worker's language."""

    DENIED = "denied"              # the worker (or the phone's settings) did not allow it
    SERVICE_OFF = "service_off"    # location is switched off on the phone
    TIMEOUT = "timeout"            # no fix in time (indoors, no sky)
    UNAVAILABLE = "unavailable"    # this phone or browser cannot tell


class LocationFailed(Exception):
    def __init__(self, problem: LocationProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class Locator:
    """Asks the phone for its position once, at low accuracy."""

    def __init__(self, service: Geolocator | None = None, *,
                 wait_seconds: float = WAIT_SECONDS) -> None:
        self._service = service
        self._wait = wait_seconds

    async def current(self) -> Location:
        """The phone's position, rounded; raises `LocationFailed` with the reason."""
        service = self._geolocator()
        try:
            return await asyncio.wait_for(self._ask(service), self._wait)
        except LocationFailed:
            raise
        except TimeoutError:
            raise LocationFailed(LocationProblem.TIMEOUT) from None
        except Exception as error:  # the platform's own errors: no position, nothing more
            log.info("no location: %s", type(error).__name__)
            raise LocationFailed(LocationProblem.UNAVAILABLE) from None

    async def _ask(self, service: Geolocator) -> Location:
        if not await service.is_location_service_enabled():
            raise LocationFailed(LocationProblem.SERVICE_OFF)
        status = await service.get_permission_status()
        if status not in _ALLOWED:
            status = await service.request_permission()
        if status not in _ALLOWED:
            raise LocationFailed(LocationProblem.DENIED)
        position = await service.get_current_position(GeolocatorConfiguration(
            accuracy=GeolocatorPositionAccuracy.LOW,
            time_limit=ft.Duration(seconds=int(self._wait))))
        if position.latitude is None or position.longitude is None:
            raise LocationFailed(LocationProblem.UNAVAILABLE)
        return Location.rounded(float(position.latitude), float(position.longitude))

    def _geolocator(self) -> Geolocator:
        if self._service is None:
            # Registers with the page of the running session (Flet's service rule).
            self._service = Geolocator()
        return self._service
