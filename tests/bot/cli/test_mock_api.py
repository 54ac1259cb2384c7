"""``songbot mock-api`` as a separate process: it serves, honours --fault, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys

import aiohttp

from tests.bot.cli.conftest import Songbot, clean_env
from tests.conftest import TEST_KEY


async def test_serves_until_sigterm(http: aiohttp.ClientSession) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "mock-api", "--port", "0", "--speed", "inf",
        "--fault", "song_name=Terminal Velocity", "--api-key", TEST_KEY,
        env=clean_env(), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert line.startswith("Soundverse simulator listening on http://127.0.0.1:")
        url = line.split()[-1]
        headers = {"Authorization": f"Bearer {TEST_KEY}"}
        async with http.post(
            f"{url}/v7/generate/song/sync", json={"prompt": "x"}, headers=headers
        ) as response:
            body = await response.json()
        assert body["audio_data"][0]["song_name"] == "Terminal Velocity"
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 30)
    assert code == 0


async def test_bad_options_exit_2(songbot: Songbot) -> None:
    fault = await songbot("mock-api", "--fault", "drop_after=never")
    assert fault.code == 2
    assert "drop_after must be one of" in fault.err
    speed = await songbot("mock-api", "--speed", "0")
    assert speed.code == 2
    assert "must be more than 0" in speed.err
    port = await songbot("mock-api", "--port", "99999")
    assert port.code == 2
    assert port.err.splitlines()[-1] == (
        "songbot mock-api: error: argument --port: 99999 is not a port: 0 (any free one) to 65535"
    )
