"""A fault-injecting HTTP/1.1 proxy on loopback, for tests against a real server.

    with FaultProxy("http://127.0.0.1:8091") as proxy:
        proxy.respond(500, path="/wp-json/wp/v2/posts", method="POST")   # next create answered 500, not forwarded
        client = WordPressClient(proxy.url, …)

Each client connection carries one request (the proxy asks the server for `Connection: close`). Faults are
matched in the order they were added, by method and path (a str is a path prefix, a compiled pattern must
match the whole path), and used up after `times` requests (None: until `clear()`):

* `drop_after(n)`      forward the first n bytes of the request, then cut both connections (mid-upload)
* `respond(status)`    answer at once without forwarding (the server never sees the request)
* `replace_response()` forward, let the server do its work, then answer `status` instead (answer lost)
* `delay(seconds)`     forward, then hold the answer back (a slow site)
* `hang()`             read the request and never answer (a timeout)

`count(path, method)` tells how many requests the proxy saw, faulted or not.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

PathMatch = str | re.Pattern[str]
FaultKind = Literal["drop", "respond", "replace", "delay", "hang"]
_HEAD_LIMIT = 256 * 1024
_CHUNK = 64 * 1024
_IO_TIMEOUT = 60.0
_REASONS = {200: "OK", 404: "Not Found", 413: "Payload Too Large", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


@dataclass
class _Fault:
    kind: FaultKind
    path: PathMatch
    method: str | None
    times: int | None
    n_bytes: int = 0
    status: int = 500
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    keep_headers: tuple[str, ...] = ()
    seconds: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and _path_matches(self.path, path)


def _path_matches(pattern: PathMatch, path: str) -> bool:
    if isinstance(pattern, str):
        return path.startswith(pattern)
    return pattern.fullmatch(path) is not None


@dataclass(frozen=True)
class _Request:
    method: str
    target: str
    path: str
    head_lines: list[bytes]
    body_start: bytes
    content_length: int | None
    chunked: bool


class FaultProxy:
    """Forward 127.0.0.1:<port> to `upstream` (an http:// URL), injecting the faults asked for."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream must be an http:// URL, not {upstream!r}")
        self.upstream = (parts.hostname, parts.port or 80)
        self._faults: list[_Fault] = []
        self._seen: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self.port = 0

    # ------------------------------------------------------------------ life cycle
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.2)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._spawn(self._accept_loop, "faultproxy-accept")
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for sock in list(self._open):
                _close(sock)
        for thread in list(self._threads):
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ faults
    def drop_after(self, n_bytes: int, *, path: PathMatch = "/", method: str | None = None,
                   times: int | None = 1) -> None:
        self._add(_Fault("drop", path, method, times, n_bytes=n_bytes))

    def respond(self, status: int, *, path: PathMatch = "/", method: str | None = None, times: int | None = 1,
                headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self._add(_Fault("respond", path, method, times, status=status,
                         headers=tuple((headers or {}).items()), body=body))

    def replace_response(self, status: int, *, path: PathMatch = "/", method: str | None = None,
                         times: int | None = 1, keep_headers: tuple[str, ...] = ()) -> None:
        self._add(_Fault("replace", path, method, times, status=status,
                         keep_headers=tuple(h.lower() for h in keep_headers)))

    def delay(self, seconds: float, *, path: PathMatch = "/", method: str | None = None,
              times: int | None = None) -> None:
        self._add(_Fault("delay", path, method, times, seconds=seconds))

    def hang(self, *, path: PathMatch = "/", method: str | None = None, times: int | None = 1) -> None:
        self._add(_Fault("hang", path, method, times))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def count(self, path: PathMatch = "/", method: str | None = None) -> int:
        """Requests seen whose path matches (prefix or pattern) and, if given, whose method is `method`."""
        with self._lock:
            return sum(1 for m, p in self._seen if (method is None or m == method) and _path_matches(path, p))

    def _add(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        with self._lock:
            self._seen.append((method, path))
            for fault in self._faults:
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    # ------------------------------------------------------------------ plumbing
    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._open.add(sock)
        return sock

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)
        _close(sock)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._serve, "faultproxy-conn", self._track(client))

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            client.settimeout(_IO_TIMEOUT)
            request = _read_head(client)
            if request is None:
                return
            fault = self._take_fault(request.method, request.path)
            kind = fault.kind if fault else None
            logger.debug("%s %s -> %s", request.method, request.target, kind or "forward")
            if fault is not None and fault.kind == "respond":
                _drain_body(client, request)
                client.sendall(_response_head(fault.status, list(fault.headers), len(fault.body)) + fault.body)
                return
            if fault is not None and fault.kind == "hang":
                _drain_body(client, request)
                while not self._stop.wait(0.1):
                    if _peer_closed(client):
                        return
                return
            upstream = self._track(socket.create_connection(self.upstream, timeout=_IO_TIMEOUT))
            head = _rewrite_head(request, f"{self.upstream[0]}:{self.upstream[1]}")
            if fault is not None and fault.kind == "drop":
                self._forward_then_drop(client, upstream, head, request, fault.n_bytes)
                return
            upstream.sendall(head + request.body_start)
            _copy_body(client, upstream, request)
            answer = _read_all(upstream)
            if fault is not None and fault.kind == "delay":
                self._stop.wait(fault.seconds)
            if fault is not None and fault.kind == "replace":
                answer = _replaced(answer, fault)
            client.sendall(answer)
        except OSError as exc:
            logger.debug("connection ended: %s", exc)
        finally:
            if upstream is not None:
                self._untrack(upstream)
            self._untrack(client)

    def _forward_then_drop(self, client: socket.socket, upstream: socket.socket, head: bytes, request: _Request,
                           n_bytes: int) -> None:
        """Forward the first n bytes of the request (head included), then reset both connections."""
        sent = 0
        pending = head + request.body_start
        while sent < n_bytes:
            if not pending:
                pending = client.recv(_CHUNK)
                if not pending:
                    break
            piece = pending[: n_bytes - sent]
            upstream.sendall(piece)
            sent += len(piece)
            pending = pending[len(piece):]
        time.sleep(0.05)  # let the server read what it got before the reset
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def _peer_closed(sock: socket.socket) -> bool:
    sock.settimeout(0)
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.settimeout(_IO_TIMEOUT)


def _read_head(sock: socket.socket) -> _Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(_CHUNK)
        if not piece:
            return None
        data += piece
        if len(data) > _HEAD_LIMIT:
            raise OSError("request head too large")
    head, body_start = data.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    method, target, _version = lines[0].decode("latin-1").split(" ", 2)
    length: int | None = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    return _Request(method, target, urlsplit(target).path, lines, body_start, length, chunked)


def _rewrite_head(request: _Request, host: str) -> bytes:
    """The request head with the upstream's Host and `Connection: close` (one request per connection)."""
    kept = [line for line in request.head_lines[1:]
            if line.split(b":", 1)[0].strip().lower() not in (b"host", b"connection", b"keep-alive")]
    lines = [request.head_lines[0], f"Host: {host}".encode(), *kept, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _body_done(request: _Request, received: bytes, count: int) -> bool:
    if request.chunked:
        return received.endswith(b"0\r\n\r\n")
    return count >= (request.content_length or 0)


def _copy_body(source: socket.socket, sink: socket.socket | None, request: _Request) -> None:
    """Read the rest of the request body from `source`, forwarding it to `sink` (None: throw it away)."""
    count = len(request.body_start)
    tail = request.body_start[-5:]
    while not _body_done(request, tail, count):
        piece = source.recv(_CHUNK)
        if not piece:
            return
        count += len(piece)
        tail = (tail + piece)[-5:]
        if sink is not None:
            sink.sendall(piece)


def _drain_body(sock: socket.socket, request: _Request) -> None:
    _copy_body(sock, None, request)


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while piece := sock.recv(_CHUNK):
        chunks.append(piece)
    return b"".join(chunks)


def _response_head(status: int, headers: list[tuple[str, str]], length: int) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Fault')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if not any(name.lower() == "content-type" for name, _ in headers):
        lines.append("Content-Type: text/html; charset=utf-8")
    lines += [f"Content-Length: {length}", "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _replaced(answer: bytes, fault: _Fault) -> bytes:
    """A synthetic answer with the fault's status, keeping the named headers of the server's real answer."""
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    kept = [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in head)
            if name.strip().lower() in fault.keep_headers]
    body = b"<html><body><h1>Internal Server Error</h1></body></html>"
    return _response_head(fault.status, kept, len(body)) + body
