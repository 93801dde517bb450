"""The fault proxy itself, against a tiny local HTTP server: it forwards faithfully and injects each fault."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.faultproxy import FaultProxy
from tests.integration.tiny_http import Answer, TinyServer


def echo(method: str, path: str, body: bytes) -> Answer:
    headers = {"Content-Type": "text/plain", "X-Upstream-Id": "42", "X-Other": "dropped"}
    return (201 if method == "POST" else 200), headers, f"{method} {path} {len(body)}".encode()


@pytest.fixture
def upstream() -> Iterator[TinyServer]:
    with TinyServer(echo) as server:
        yield server


@pytest.fixture
def proxy(upstream: TinyServer) -> Iterator[FaultProxy]:
    with FaultProxy(upstream.url) as running:
        yield running


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client


def test_forwards_requests_and_bodies_unchanged_and_counts_them(
        upstream: TinyServer, proxy: FaultProxy, http: httpx.Client) -> None:
    body = bytes(range(256)) * 4000  # ~1 MB, every byte value
    assert http.get(f"{proxy.url}/a/b?x=1").text == "GET /a/b?x=1 0"
    posted = http.post(f"{proxy.url}/upload", content=body)
    assert (posted.status_code, posted.text) == (201, f"POST /upload {len(body)}")
    assert posted.headers["x-upstream-id"] == "42"
    assert upstream.received[-1].body == body
    assert proxy.count("/a") == 1
    assert proxy.count("/upload", method="POST") == 1
    assert proxy.count("/upload", method="GET") == 0
    assert proxy.count("/") == 2


def test_respond_answers_without_forwarding_then_clears(
        upstream: TinyServer, proxy: FaultProxy, http: httpx.Client) -> None:
    proxy.respond(500, path="/posts", method="POST")
    failed = http.post(f"{proxy.url}/posts", content=b"x" * 5000)
    assert failed.status_code == 500
    assert upstream.received == []  # the server never saw it
    assert http.post(f"{proxy.url}/posts", content=b"y").status_code == 201  # used up after one request
    assert [r.path for r in upstream.received] == ["/posts"]
    assert proxy.count("/posts") == 2


def test_respond_matches_method_and_exact_pattern(upstream: TinyServer, proxy: FaultProxy,
                                                   http: httpx.Client) -> None:
    proxy.respond(413, path=re.compile(r"/media"), method="POST", times=None,
                  headers={"Content-Type": "application/json"}, body=b'{"code":"too_big"}')
    assert http.get(f"{proxy.url}/media").status_code == 200  # other method
    assert http.post(f"{proxy.url}/media/7", content=b"x").status_code == 201  # longer path: no full match
    for _ in range(2):
        answer = http.post(f"{proxy.url}/media", content=b"x")
        assert (answer.status_code, answer.json()) == (413, {"code": "too_big"})
    proxy.clear()
    assert http.post(f"{proxy.url}/media", content=b"x").status_code == 201


def test_drop_after_cuts_the_upload_midway(upstream: TinyServer, proxy: FaultProxy, http: httpx.Client) -> None:
    proxy.drop_after(2000, path="/upload")
    with pytest.raises(httpx.TransportError):
        http.post(f"{proxy.url}/upload", content=b"z" * 2_000_000)
    assert upstream.received == []  # the server never got a whole request
    assert http.post(f"{proxy.url}/upload", content=b"z" * 10).status_code == 201


def test_replace_response_lets_the_server_act_but_loses_its_answer(
        upstream: TinyServer, proxy: FaultProxy, http: httpx.Client) -> None:
    proxy.replace_response(500, path="/posts", keep_headers=("X-Upstream-Id",))
    answer = http.post(f"{proxy.url}/posts", content=b"story")
    assert answer.status_code == 500
    assert answer.headers["x-upstream-id"] == "42"
    assert "x-other" not in answer.headers
    assert [(r.path, r.body) for r in upstream.received] == [("/posts", b"story")]


def test_delay_and_hang_make_a_client_time_out(upstream: TinyServer, proxy: FaultProxy) -> None:
    proxy.delay(3.0, path="/slow")
    proxy.hang(path="/never")
    with httpx.Client(timeout=0.3) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            impatient.get(f"{proxy.url}/slow")
        with pytest.raises(httpx.ReadTimeout):
            impatient.get(f"{proxy.url}/never")
        assert impatient.get(f"{proxy.url}/never").status_code == 200  # hang was used up
    assert proxy.count("/never") == 2


def test_stop_ends_hanging_connections(upstream: TinyServer) -> None:
    proxy = FaultProxy(upstream.url).start()
    proxy.hang(path="/")
    with httpx.Client(timeout=10) as http:
        proxy_url = proxy.url
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                http.get(f"{proxy_url}/x")
            except httpx.HTTPError as exc:
                outcome.append(exc)

        caller = threading.Thread(target=call)
        caller.start()
        while proxy.count("/x") == 0:
            caller.join(0.02)
        proxy.stop()
        caller.join(10)
    assert not caller.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], httpx.TransportError)
