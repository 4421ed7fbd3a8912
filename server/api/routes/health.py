"""Liveness: what the phone probes before it syncs."""

from __future__ import annotations

from fastapi import APIRouter

from server import __version__

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """`{"status": "ok", "version": ...}` while the server runs."""
    return {"status": "ok", "version": __version__}
