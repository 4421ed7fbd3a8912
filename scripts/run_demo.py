"""`make run`: the central server and the field app side by side, on 127.0.0.1.

The server listens on port 8000 with a SQLite database under ./data; on first
start it creates a demo organisation with one supervisor and one worker and
prints their passwords once. The field app runs in web mode on port 8550,
configured to sync with that server. Ctrl-C stops both.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SERVER_PORT = 8000
APP_PORT = 8550
SERVER_URL = f"http://127.0.0.1:{SERVER_PORT}"


def _has_server() -> bool:
    return importlib.util.find_spec("server.__main__") is not None


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    sys.path.insert(0, str(ROOT))
    # `kill` (SIGTERM) stops both programs as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    env = {**os.environ, "STREETCONTACT_DATA_DIR": str(DATA / "server")}
    children: list[subprocess.Popen[bytes]] = []
    if _has_server():
        subprocess.run([sys.executable, "-m", "server", "init"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "-m", "server", "demo"], cwd=ROOT, env=env, check=True)
        children.append(_start(["-m", "server", "serve", "--host", "127.0.0.1",
                                "--port", str(SERVER_PORT)], env))
        print(f"Server and supervisor pages: {SERVER_URL}/")
    else:
        print("The central server is not built yet.")
    if (ROOT / "main.py").exists():
        children.append(_start(["main.py", "--web", "--port", str(APP_PORT),
                                "--data-dir", str(DATA / "phone"), "--server", SERVER_URL], env))
        print(f"Field app: http://127.0.0.1:{APP_PORT}/")
    else:
        print("The field app is not built yet.")
    if not children:
        return 1
    print("Ctrl-C stops everything.")
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
    return 0


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":
    sys.exit(main())
