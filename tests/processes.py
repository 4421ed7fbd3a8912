"""Start the product's own programs as subprocesses for tests, and stop them cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import requests

ROOT = Path(__file__).resolve().parent.parent


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `check` until it is true, or fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


class Program:
    """One of our programs in a subprocess, its output in a log file (never an unread pipe)."""

    def __init__(
        self, args: list[str], *, log: Path, ready_url: str, env: dict[str, str] | None = None
    ) -> None:
        self.args = args
        self.log = log
        self.ready_url = ready_url
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 60) -> Program:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, *self.args], cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._ready, timeout=timeout, what=f"{self.ready_url} (log: {self.log})")
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.args} exited with {self.process.returncode}; see {self.log}")
        try:
            return requests.get(self.ready_url, timeout=1).status_code < 500
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Terminate, wait, and kill if it does not go."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Program:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
