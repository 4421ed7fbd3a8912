"""A flaky network between the phone and the server, for tests: a TCP proxy on 127.0.0.1.

It reads HTTP/1.1 one exchange at a time (keep-alive included) and asks its
plan what to do with each: pass it on, refuse it, cut the request after N
bytes, let the server commit and then lose the answer, hold the answer back,
or answer itself (a 503, a proxy's 401, a captive portal's page). A connection
that met a fault is closed, as a real broken link would be.
"""

from __future__ import annotations

import collections
import contextlib
import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """What happens to one HTTP exchange."""

    kind: str
    after_bytes: int = 0
    seconds: float = 0.0
    response: bytes = b""


def answer(status: int, body: bytes = b"", *, headers: dict[str, str] | None = None) -> Fault:
    """Answer with this status and body without asking the server (a proxy, a portal)."""
    lines = [f"HTTP/1.1 {status} Canned", f"Content-Length: {len(body)}", "Connection: close",
             *(f"{name}: {value}" for name, value in (headers or {}).items())]
    return Fault("answer", response="\r\n".join(lines).encode() + b"\r\n\r\n" + body)


PASS = Fault("pass")
REFUSE = Fault("refuse")  # reset the connection before anything reaches the server
DROP_RESPONSE = Fault("drop_response")  # the server commits, the answer is lost
UNAVAILABLE = answer(503, b'{"error": "unavailable"}')


def cut(after_bytes: int) -> Fault:
    """Forward only the first `after_bytes` bytes of the request, then break both links."""
    return Fault("cut", after_bytes=after_bytes)


def delay(seconds: float) -> Fault:
    """Hold the server's answer back for `seconds` (the server has committed meanwhile)."""
    return Fault("delay", seconds=seconds)


class _Closed(Exception):
    """The other side closed the connection before a whole message arrived."""


class FaultProxy:
    """Listens on 127.0.0.1 and forwards to `upstream_port`, applying faults per exchange.

    Faults come first from `queue` (one per exchange, in order), then from
    `plan`, which sees the whole request (to pick, say, only large pushes).
    """

    def __init__(self, upstream_port: int, *,
                 plan: Callable[[bytes], Fault] | None = None) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.plan = plan or (lambda _request: PASS)
        self.queue: collections.deque[Fault] = collections.deque()
        self.applied: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopping = False
        self._thread = threading.Thread(target=self._accept, name="faultproxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self._listener.close()
        with self._lock:
            for sock in list(self._sockets):
                _reset(sock)
        self._thread.join(5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _decide(self, request: bytes) -> Fault:
        with self._lock:
            fault = self.queue.popleft() if self.queue else self.plan(request)
            self.applied[fault.kind] += 1
            return fault

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.add(sock)
        return sock

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._track(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: list[socket.socket] = []
        broken = True
        try:
            broken = self._exchanges(client, upstream)
        except (OSError, _Closed):
            pass
        finally:
            for sock in (client, *upstream):
                _reset(sock) if broken else _close(sock)
                with self._lock:
                    self._sockets.discard(sock)

    def _exchanges(self, client: socket.socket, upstream: list[socket.socket]) -> bool:
        """Serve one connection; True when it ended broken (a fault), False when cleanly."""
        reader = _Reader(client)
        upstream_reader: _Reader | None = None
        while True:
            request = reader.message(request=True)
            if request is None:
                return False
            fault = self._decide(request)
            if fault.kind == "refuse":
                return True
            if fault.kind == "answer":
                client.sendall(fault.response)
                return False
            if upstream_reader is None or _closed_by_peer(upstream[-1]):
                # The server closes idle keep-alive connections: like a real proxy, reconnect.
                upstream.append(self._track(socket.create_connection(self.upstream, timeout=60)))
                upstream_reader = _Reader(upstream[-1])
            if fault.kind == "cut":
                upstream[-1].sendall(request[: min(fault.after_bytes, len(request) - 1)])
                return True
            upstream[-1].sendall(request)
            response = upstream_reader.message(request=False)
            if response is None or fault.kind == "drop_response":
                return True
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            client.sendall(response)
            if b"\r\nconnection: close\r\n" in response.split(b"\r\n\r\n", 1)[0].lower() + b"\r\n":
                return False  # the server ends the connection: so do we, cleanly


class _Reader:
    """Reads whole HTTP/1.1 messages (Content-Length or chunked framing) from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def message(self, *, request: bool) -> bytes | None:
        """The next whole message as bytes, or None at a clean end of the connection."""
        head_end = self._find(b"\r\n\r\n", allow_eof=True)
        if head_end is None:
            return None
        head = self._take(head_end + 4)
        fields = _header_fields(head)
        if fields.get("transfer-encoding", "").lower() == "chunked":
            return head + self._chunked()
        length = fields.get("content-length")
        if length is not None:
            return head + self._exactly(int(length))
        status = head.split(b" ", 2)[1] if not request else b""
        if request or status in (b"204", b"304") or status.startswith(b"1"):
            return head
        return head + self._until_close()

    def _chunked(self) -> bytes:
        body = b""
        while True:
            line_end = self._need(b"\r\n")
            line = self._take(line_end + 2)
            size = int(line.split(b";")[0].strip(), 16)
            body += line
            if size == 0:
                trailer_end = self._need(b"\r\n\r\n") if not self.buffer.startswith(b"\r\n") else 0
                return body + self._take(trailer_end + (2 if trailer_end == 0 else 4))
            body += self._exactly(size + 2)

    def _need(self, marker: bytes) -> int:
        found = self._find(marker, allow_eof=False)
        assert found is not None
        return found

    def _find(self, marker: bytes, *, allow_eof: bool) -> int | None:
        while (at := self.buffer.find(marker)) < 0:
            data = self.sock.recv(65536)
            if not data:
                if allow_eof and not self.buffer:
                    return None
                raise _Closed()
            self.buffer += data
        return at

    def _exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            data = self.sock.recv(65536)
            if not data:
                raise _Closed()
            self.buffer += data
        return self._take(count)

    def _until_close(self) -> bytes:
        while data := self.sock.recv(65536):
            self.buffer += data
        return self._take(len(self.buffer))

    def _take(self, count: int) -> bytes:
        taken, self.buffer = self.buffer[:count], self.buffer[count:]
        return taken


def _header_fields(head: bytes) -> dict[str, str]:
    fields = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields


def _closed_by_peer(sock: socket.socket) -> bool:
    """Whether the other side has closed this (idle) connection."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _close(sock: socket.socket) -> None:
    """Close cleanly: what was sent arrives before the end of the connection."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
    sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a broken mobile link looks to the other side."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
