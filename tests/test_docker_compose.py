"""The compose files, read as compose reads them (Docker itself is not on the test machine).

What is checked here is what Docker would only show at run time: the simulator's media links
are on the address the bot calls, so the bot's media policy lets it attach the files (the real
simulator is started with the compose file's own flags, and every link it answers with is put
to the real policy); no service inherits a health check it cannot pass; the database password
never goes into a URL, and is never given a default.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
import yaml

from bot.cli import build_parser
from bot.mock_api import SimulatorConfig, serve
from bot.soundverse.media import MediaPolicy
from bot.soundverse.sse import SSEDecoder

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "docker-compose.yml"
POSTGRES = ROOT / "docker-compose.postgres.yml"
DOCKER_NETWORK_ADDRESS = "172.18.0.3"  # what compose's network gives a container: private


def services(path: Path) -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text())["services"]
    return loaded


def songbot_services() -> dict[str, dict[str, Any]]:
    both = {**services(MAIN), **services(POSTGRES)}
    return {name: s for name, s in both.items() if s.get("image") == "songbot"}


def documented_api_url() -> str:
    """The SOUNDVERSE_API_URL the compose file tells the reader to set for the simulator."""
    found = re.search(r"SOUNDVERSE_API_URL=(\S+)", MAIN.read_text())
    assert found, "docker-compose.yml says which SOUNDVERSE_API_URL reaches the simulator"
    return found.group(1)


async def test_the_mock_profile_attaches_the_simulators_files() -> None:
    mock = services(MAIN)["mock-api"]
    args = build_parser().parse_args(mock["command"])
    api_url = documented_api_url()
    # The bot reaches the simulator by its service name, on the port it listens on.
    assert api_url == f"http://mock-api:{args.port}"
    config = SimulatorConfig(speed=float("inf"), song_seconds=1.0, public_url=args.public_url)
    async with serve(config) as running, aiohttp.ClientSession() as http:
        headers = {"Authorization": "Bearer any"}
        path = "/v7/generate/song"
        async with http.post(running.url + path, json={"prompt": "x"}, headers=headers) as r:
            body = await r.read()
    events = [json.loads(e.data) for e in SSEDecoder().feed(body)]
    links = set(re.findall(r'https?://[^"\s]+', json.dumps(events)))
    assert len(links) >= 5  # the cover, two previews, two versions
    policy = MediaPolicy.for_api(api_url)
    for link in links:
        assert policy.refusal(link) is None, link
        parts = urlsplit(link)
        host, port = parts.hostname or "", parts.port or 80
        assert policy.address_allowed(host, port, DOCKER_NETWORK_ADDRESS)


def test_one_image_built_once_and_never_pulled() -> None:
    ours = songbot_services()
    assert {"bot", "mock-api", "shard-0", "shard-1", "copy-to-postgres"} <= ours.keys()
    built = [name for name, s in ours.items() if "build" in s]
    assert built == ["bot"]
    assert all(s.get("pull_policy") == "never" for name, s in ours.items() if name != "bot")


def test_no_service_inherits_a_health_check_it_cannot_pass() -> None:
    # The image's HEALTHCHECK asks the bot's /healthz; the simulator has none.
    for name, service in songbot_services().items():
        if service.get("command", ["run"])[0] != "run":
            assert "healthcheck" in service, name


def test_the_database_password_is_required_and_never_in_a_url() -> None:
    text = POSTGRES.read_text()
    assert "change-me" not in text
    uses = re.findall(r"\$\{POSTGRES_PASSWORD[^}]*\}", text)
    assert uses
    assert all(use.startswith("${POSTGRES_PASSWORD:?") for use in uses)
    for service in services(POSTGRES).values():
        environment = service.get("environment", {})
        url = environment.get("DATABASE_URL", "")
        assert "POSTGRES_PASSWORD" not in url
        if url or service.get("command", [""])[0] == "db":
            assert environment["PGPASSWORD"].startswith("${POSTGRES_PASSWORD:?")


@pytest.mark.parametrize("shard", ["shard-0", "shard-1"])
def test_each_shard_is_one_of_two(shard: str) -> None:
    environment = services(POSTGRES)[shard]["environment"]
    assert environment["DISCORD_SHARD_COUNT"] == "2"
    assert environment["DISCORD_SHARD_IDS"] == shard.removeprefix("shard-")
