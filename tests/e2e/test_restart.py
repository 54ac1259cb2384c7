"""Nothing lost: a real bot process killed mid-song, stopped with SIGTERM, or disconnected."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.features.songs.live import LiveMessage
from bot.mock_api import STAGES, Faults, RunningSimulator
from tests.bot.cli.conftest import clean_env
from tests.conftest import TEST_KEY
from tests.e2e.helpers import Harness, bot_settings, fields, shows, start_bot, stop_bot
from tests.standin.discord.server import DiscordStandIn, Interaction


@pytest.fixture
async def spawn(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> AsyncIterator[Callable[[], Any]]:
    """Start ``python -m bot run`` against the stand-ins; wait until it has identified."""
    processes: list[asyncio.subprocess.Process] = []
    env = clean_env(
        DISCORD_TOKEN=discord_standin.token,
        SOUNDVERSE_API_KEY=TEST_KEY,
        SOUNDVERSE_API_URL=simulator.url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'songbot.db'}",
        DISCORD_API_URL=discord_standin.api_url,
        DISCORD_GATEWAY_URL=discord_standin.gateway_url,
        SONG_EDIT_INTERVAL="0.2",
        LOG_LEVEL="INFO",
    )

    async def start() -> asyncio.subprocess.Process:
        seen = discord_standin.identifies
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=(tmp_path / "bot.log").open("ab"),
        )  # fmt: skip
        processes.append(process)
        await discord_standin.wait_for(lambda: discord_standin.identifies > seen, limit=60)
        return process

    yield start
    for process in processes:
        if process.returncode is None:
            process.kill()
            await process.wait()


def final_edits(standin: DiscordStandIn, message_id: str) -> list[Any]:
    return [c for c in standin.calls if c.method == "PATCH" and c.files
            and c.path.endswith(message_id)]  # fmt: skip


async def song_in_flight(
    spawn: Callable[[], Any], standin: DiscordStandIn, simulator: RunningSimulator
) -> tuple[asyncio.subprocess.Process, Interaction]:
    """A bot process with a song that has started streaming and will take a few seconds."""
    simulator.simulator.config.faults = Faults.parse("slow=uploading_v1:3")
    process = await spawn()
    interaction = await standin.slash("song", {"prompt": "keep going"})
    await standin.wait_for(shows(standin, interaction, "preview 2"), limit=30)
    return process, interaction


async def test_killed_mid_song_then_restarted(
    spawn: Callable[[], Any], discord_standin: DiscordStandIn, simulator: RunningSimulator
) -> None:
    first, interaction = await song_in_flight(spawn, discord_standin, simulator)
    first.kill()  # SIGKILL: no chance to clean up
    await first.wait()

    await spawn()
    message = await discord_standin.wait_for(
        shows(discord_standin, interaction, "✅ Done"), limit=60
    )
    assert len(simulator.simulator.jobs) == 1  # never submitted twice
    assert len(message["attachments"]) == 3
    assert len(final_edits(discord_standin, message["id"])) == 1  # posted once


async def test_sigterm_stops_within_ten_seconds_and_the_song_carries_on(
    spawn: Callable[[], Any], discord_standin: DiscordStandIn, simulator: RunningSimulator
) -> None:
    first, interaction = await song_in_flight(spawn, discord_standin, simulator)
    first.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(first.wait(), 10)
    assert code == 0
    await discord_standin.wait_for(shows(discord_standin, interaction, "restarting"), limit=5)

    await spawn()
    await discord_standin.wait_for(shows(discord_standin, interaction, "✅ Done"), limit=60)
    assert len(simulator.simulator.jobs) == 1


async def test_a_song_asked_for_while_stopping_gets_a_friendly_reply(harness: Harness) -> None:
    harness.bot.songs.accepting = False
    interaction = await harness.discord.slash("song", {"prompt": "x"})
    [call] = await harness.discord.wait_for(lambda: harness.discord.calls_to("POST /interact"))
    assert "restarting" in call.json["data"]["content"]
    assert call.json["data"]["flags"] & 64
    assert interaction.id in call.path
    assert harness.simulator.simulator.calls == []


async def test_stopping_after_the_song_is_shown_keeps_it_shown(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stop while lyrics follow-ups go out must not turn the finished song into
    "restarting"."""
    h = harness
    sending_more = asyncio.Event()

    async def stuck(_live: LiveMessage, _screen: object) -> None:
        sending_more.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(LiveMessage, "send_more", stuck)
    lyrics = "\n\n".join(f"[Verse {n}]\n" + "la " * 230 for n in range(1, 9))  # 2 messages
    interaction = await h.discord.slash("song", {"prompt": "x", "lyrics": lyrics})
    await asyncio.wait_for(sending_more.wait(), 30)
    await h.bot.songs.stop()
    message = h.discord.original(interaction) or {}
    shown = json.dumps(message, ensure_ascii=False)
    assert "✅ Done" in shown
    assert "restarting" not in shown
    assert message["attachments"]


async def test_gateway_drop_mid_song(harness: Harness) -> None:
    h = harness
    h.simulator.simulator.config.faults = Faults.parse("slow=uploading_v1:1")
    interaction = await h.discord.slash("song", {"prompt": "x"})
    await h.discord.wait_for(shows(h.discord, interaction, "preview 2"))
    await h.discord.drop_gateway()
    await h.discord.wait_for(lambda: h.discord.resumes or h.discord.identifies > 1)
    message = await h.discord.wait_for(shows(h.discord, interaction, "✅ Done"))
    await h.bot.songs.wait_idle()
    assert len(message["attachments"]) == 3
    again = await h.discord.slash("song", {"prompt": "after the reconnect"})
    await h.discord.wait_for(shows(h.discord, again, "✅ Done"))
    await h.bot.songs.wait_idle()


def _kind(filename: str) -> str:
    """ "cover.png", "version-1.wav": a file's role, without the song's name."""
    if filename.startswith("version-"):
        number = filename.split("-", 2)[1]
        return f"version-{number}{filename[filename.rfind('.') :]}"
    return filename.rsplit("-", 1)[-1]


def signature(message: dict[str, Any]) -> object:
    """What a final message looks like, without the values that differ from song to song."""
    embeds = [(e.get("title"), [f["name"] for f in e.get("fields", [])]) for e in message["embeds"]]
    files = sorted(_kind(a["filename"]) for a in message["attachments"])
    return embeds[1:], files, fields(message["embeds"][0])["Status"]


@pytest.mark.parametrize("stage", [s for s in STAGES if s != "completed"])
async def test_stream_drops_reach_the_same_final_message(harness: Harness, stage: str) -> None:
    h = harness
    unbroken = await h.discord.slash("song", {"prompt": "x"})
    baseline = await h.discord.wait_for(shows(h.discord, unbroken, "✅ Done"))
    await h.bot.songs.wait_idle()

    following = STAGES[STAGES.index(stage) + 1]  # a pause there keeps the job running a while
    h.simulator.simulator.config.faults = Faults.parse(f"drop_after={stage}; slow={following}:1")
    interaction = await h.discord.slash("song", {"prompt": "x"})
    message = await h.discord.wait_for(shows(h.discord, interaction, "✅ Done"))
    await h.bot.songs.wait_idle()
    job = list(h.simulator.simulator.jobs.values())[-1]
    assert len(h.simulator.simulator.jobs) == 2  # one per song: the dropped one was not resent
    assert signature(message) == signature(baseline)
    assert message["embeds"][0]["footer"]["text"] == f"Job {job.job_id}"
    assert fields(message["embeds"][1])["BPM"] == str(job.plan.bpm[0])
    if stage != "completed_v2":  # after that, status already shows audio for both versions
        shown = [json.dumps(c.json, ensure_ascii=False) for c in h.discord.calls if c.json]
        assert any("following your song by its job id" in text for text in shown)


async def test_picked_up_after_its_files_were_shown_it_posts_only_what_is_missing(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Stopped after the finished song was shown and the first of its lyrics follow-ups was
    posted: the next run (or the process taking it over) posts only the rest."""
    standin = discord_standin
    settings = bot_settings(standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, standin)
    original, posted, stuck = LiveMessage.send_more, [0], asyncio.Event()

    async def one_then_stuck(live: LiveMessage, screen: Any) -> Any:
        if posted[0] == 0:
            posted[0] += 1
            return await original(live, screen)
        stuck.set()
        await asyncio.Event().wait()
        return None

    monkeypatch.setattr(LiveMessage, "send_more", one_then_stuck)
    lyrics = "\n\n".join(f"[Verse {n}]\n" + "la " * 230 for n in range(1, 17))
    interaction = await standin.slash("song", {"prompt": "x", "lyrics": lyrics})
    await asyncio.wait_for(stuck.wait(), 30)  # the first follow-up is out, the second is not
    await stop_bot(bot, task, resources)
    monkeypatch.setattr(LiveMessage, "send_more", original)

    bot, task, resources = await start_bot(settings, standin)
    try:
        await standin.wait_for(lambda: len(follow_ups(standin)) > 1, limit=30)
        await bot.songs.wait_idle()
        message = standin.original(interaction) or {}
        files = [c for c in standin.calls if c.method == "PATCH" and c.files
                 and c.path.endswith((message["id"], "/messages/@original"))]  # fmt: skip
        assert len(files) == 1  # the finished song's files, once
        bodies = [json.dumps(c.json["embeds"]) for c in follow_ups(standin)]
        assert len(set(bodies)) == len(bodies)  # the first follow-up was not posted again
    finally:
        await stop_bot(bot, task, resources)


def follow_ups(standin: DiscordStandIn) -> list[Any]:
    """Messages posted under a song: through its interaction's webhook, or in the channel."""
    return [c for c in standin.calls if c.method == "POST" and (
        c.path.endswith("/messages") or "/webhooks/" in c.path)]  # fmt: skip
