"""Fetching the API's files: the media policy at every hop, a size limit, real media only.
Against real loopback servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from bot.features.songs.fetch import Download, Unattached, fetch, sniff
from bot.soundverse.media import GuardedResolver, MediaPolicy

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64
Serve = Callable[[web.Application], Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    runners: list[web.AppRunner] = []

    async def start(app: web.Application) -> str:
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    yield start
    for runner in runners:
        await runner.cleanup()


def app_with(
    routes: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]],
) -> web.Application:
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    return app


def body(data: bytes) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=data)

    return handler


@pytest.fixture
def secret_server_hits() -> list[str]:
    return []


@pytest.fixture
async def secret(serve: Serve, secret_server_hits: list[str]) -> str:
    """An "admin port" on loopback that must never be read."""

    async def handler(request: web.Request) -> web.Response:
        secret_server_hits.append(request.path)
        return web.Response(body=WAV)

    return await serve(app_with({"/{tail:.*}": handler}))


async def guarded(policy: MediaPolicy) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(resolver=GuardedResolver(policy)))


async def test_the_api_origin_serves_files(serve: Serve) -> None:
    api = await serve(app_with({"/a.wav": body(WAV)}))
    policy = MediaPolicy.for_api(api)
    async with await guarded(policy) as session:
        got = await fetch(session, policy, f"{api}/a.wav", 1000)
    assert isinstance(got, Download)
    assert (got.extension, got.size) == (".wav", len(WAV))
    got.close()


async def test_another_loopback_port_is_never_contacted(
    serve: Serve, secret: str, secret_server_hits: list[str]
) -> None:
    api = await serve(app_with({}))
    policy = MediaPolicy.for_api(api, ("localhost",))
    async with await guarded(policy) as session:
        assert await fetch(session, policy, f"{secret}/x.wav", 1000) is Unattached.NOT_ALLOWED
        # a listed name that resolves to loopback is refused at connect time
        port = secret.rsplit(":", 1)[1]
        local = f"http://localhost:{port}/x.wav"
        assert await fetch(session, policy, local, 1000) is Unattached.NOT_ALLOWED
    assert secret_server_hits == []


async def test_a_redirect_is_checked_again(
    serve: Serve, secret: str, secret_server_hits: list[str]
) -> None:
    async def to_secret(_request: web.Request) -> web.Response:
        raise web.HTTPFound(f"{secret}/latest/meta-data")

    async def to_local(_request: web.Request) -> web.Response:
        raise web.HTTPFound("/b.wav")

    api = await serve(app_with({"/a.wav": to_secret, "/c.wav": to_local, "/b.wav": body(WAV)}))
    policy = MediaPolicy.for_api(api)
    async with await guarded(policy) as session:
        assert await fetch(session, policy, f"{api}/a.wav", 1000) is Unattached.NOT_ALLOWED
        moved = await fetch(session, policy, f"{api}/c.wav", 1000)
    assert isinstance(moved, Download)
    moved.close()
    assert secret_server_hits == []


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<html><script>alert(1)</script></html>", Unattached.NOT_MEDIA),
        (b"MZ\x90\x00" + b"\x00" * 60, Unattached.NOT_MEDIA),  # a Windows program
        (b"", Unattached.NOT_MEDIA),
        (WAV * 100, Unattached.TOO_LARGE),
    ],
)
async def test_what_is_not_a_song_file_is_not_attached(
    serve: Serve, data: bytes, why: Unattached
) -> None:
    api = await serve(app_with({"/song.wav": body(data)}))
    policy = MediaPolicy.for_api(api)
    async with await guarded(policy) as session:
        assert await fetch(session, policy, f"{api}/song.wav", 1000) is why


async def test_an_unreachable_file_says_so() -> None:
    policy = MediaPolicy.for_api("http://127.0.0.1:9")
    async with await guarded(policy) as session:
        got = await fetch(session, policy, "http://127.0.0.1:9/a.wav", 1000)
    assert got is Unattached.UNREACHABLE


@pytest.mark.parametrize(
    ("head", "extension"),
    [
        (WAV[:16], ".wav"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ".webp"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", ".mp3"),
        (b"\xff\xfb\x90\x00" + b"\x00" * 12, ".mp3"),
        (b"OggS" + b"\x00" * 12, ".ogg"),
        (b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 4, ".m4a"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, ".png"),
        (b"GIF89a" + b"\x00" * 10, ".gif"),
        (b"%PDF-1.7" + b"\x00" * 8, None),
    ],
)
def test_sniff(head: bytes, extension: str | None) -> None:
    assert sniff(head) == extension
