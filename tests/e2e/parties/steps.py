"""What the party tests do, step by step: the real bot (its parties on a clock the tests
move, trusting the voice stand-in's TLS), songs made through ``/song``, members in voice
channels, ``/listen`` and the now-playing message."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.app.bot import SongBot
from bot.core.settings import Settings
from bot.features.parties.cache import VersionKey
from bot.features.parties.opus import OpusSong
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import Clock, Harness, a_song, answer, start_bot, stop_bot, use_faults
from tests.standin.discord.server import DiscordStandIn, Interaction


@dataclass
class Room:
    """The bot, the stand-ins, and the clock the parties' minute alone follows."""

    discord: DiscordStandIn
    simulator: RunningSimulator
    settings: Settings
    clock: Clock = field(default_factory=Clock)
    bot: SongBot = field(init=False)
    _running: tuple[asyncio.Task[None], Any] = field(init=False)

    async def start(self) -> SongBot:
        # a new connector each start: the bot's HTTP session closes its own when it stops
        voice_tls = aiohttp.TCPConnector(ssl=self.discord.voice.client_ssl())
        self.bot, task, resources = await start_bot(
            self.settings, self.discord, party_clock=self.clock, connector=voice_tls
        )
        self._running = task, resources
        return self.bot

    async def stop(self) -> None:
        await stop_bot(self.bot, *self._running)

    @property
    def harness(self) -> Harness:
        return Harness(self.bot, self.discord, self.simulator)

    @property
    def voice_rooms(self) -> list[str]:
        return self.discord.voice.channel_ids


async def made_song(r: Room, seconds: float = 1.0, faults: str = "", **options: Any) -> str:
    """A finished song of ``seconds`` made with ``/song`` by the member (the simulator's
    ``faults`` too): its job id."""
    use_faults(r.harness, f"song_seconds={seconds};{faults}")
    await a_song(r.harness, **options)
    [record] = await r.bot.resources.generations.history(
        int(r.discord.guild_id), int(r.discord.member["id"]), limit=1
    )
    assert record.job_id is not None
    return record.job_id


async def listen(
    r: Room, sub: str, user: dict[str, Any] | None = None, **options: Any
) -> Interaction:
    return await r.discord.slash("listen", options, group=sub, user=user)


async def now_playing(r: Room, interaction: Interaction) -> dict[str, Any]:
    """The party's message (the answer to ``/listen``), as it is now."""
    said = await answer(r.discord, interaction)
    assert said.get("embeds"), f"no party: {said.get('content')}"
    message: dict[str, Any] = await r.discord.wait_for(lambda: r.discord.original(interaction))
    return message


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("embeds", []), ensure_ascii=False)


async def shows(r: Room, message: dict[str, Any], text: str, limit: float = 20.0) -> None:
    """Wait until the message shows ``text``."""
    await r.discord.wait_for(lambda: text in text_of(r.discord.messages[message["id"]]), limit)


def labels(r: Room, message: dict[str, Any]) -> list[str]:
    current = r.discord.messages[message["id"]]
    return [c.get("label", "") for row in current.get("components", []) for c in row["components"]]


def encoded(r: Room, job_id: str, version: int = 1) -> OpusSong:
    """The frames the bot encoded for that version (its cache)."""
    song = r.bot.parties.cache.cached(VersionKey(job_id, version))
    assert song is not None, f"{job_id} v{version} was never encoded"
    return song


async def playing(r: Room) -> None:
    """Wait until the bot's voice connection has sent audio."""
    await r.discord.wait_for(lambda: (heard := r.discord.voice.heard()) and heard.frames())


async def session_songs(r: Room, count: int) -> tuple[int, list[str]]:
    """A lyric session (``/jam``) with a line from the member, whose host makes ``count``
    songs from it: the session's id and the songs' job ids, in the order they were made."""
    host = r.discord.owner
    start = await r.discord.slash("jam", {"title": "Harbour", "style": "sea shanty"},
                                  group="start", user=host)  # fmt: skip
    sheet: dict[str, Any] = await r.discord.wait_for(lambda: r.discord.original(start))
    click = await r.discord.click(sheet, "Add lines", user=r.discord.member)
    await r.discord.wait_for(lambda: click.modal)
    await answer(r.discord, await r.discord.submit_modal(click, {"lines": "morning comes"}))
    [session] = [s for s in await r.bot.resources.jams.live_sessions()
                 if s.sheet_id == int(sheet["id"])]  # fmt: skip
    use_faults(r.harness, "song_seconds=1")

    def done() -> int:
        return sum("✅ Done" in text_of(m) for m in r.discord.messages.values()
                   if m["channel_id"] == sheet["id"])  # fmt: skip

    for made in range(1, count + 1):
        make = await r.discord.click(sheet, "Make the song", user=host)
        await r.discord.wait_for(_modal_of(make))
        await answer(r.discord, await r.discord.submit_modal(make, {}, user=host))
        await r.discord.wait_for(_at_least(made, done), limit=30)
        await r.bot.songs.wait_idle()
    records = await r.bot.resources.generations.history(
        int(r.discord.guild_id), int(host["id"]), limit=count
    )
    jobs = [record.job_id for record in reversed(records) if record.job_id]
    assert len(jobs) == count
    return session.id, jobs


def _modal_of(click: Interaction) -> Callable[[], Any]:
    return lambda: click.modal


def _at_least(count: int, counted: Callable[[], int]) -> Callable[[], bool]:
    return lambda: counted() >= count
