"""The whole per-song path in one process, without sockets: what the bot's CPU does for each
song apart from the network itself, so a regression anywhere on it shows in one command.

One song's real API answer (its event stream, cover and audio, recorded once from the
simulator) is played back to a real :class:`SongService` on a real SQLite file: the limits
checked and the slot reserved, the song claimed from the queue, the first answer, the stream
decoded and parsed, every screen rendered in the song's language, every edit's request built
by discord.py as it would send it (the last one with the files, as multipart), the files
"downloaded" through the media fetcher, and every write of the song's life. Songs run one
after another, each screen sent as soon as it changes (no pacing), so the run is the same
each time; what it leaves out is aiohttp's and the kernel's share of each request.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import aiohttp
import discord
from discord.http import handle_message_parameters

from bot.core.acting import Actor, Place
from bot.core.metrics import Metrics
from bot.features.songs.card import SongCard
from bot.features.songs.delivery import MediaFetcher
from bot.features.songs.live import NO_PINGS, LiveMessage
from bot.features.songs.parts import SongConfig
from bot.features.songs.queue.gate import ApiGate
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.timers import LoopTimers
from bot.features.songs.render import Screen, progress_screen
from bot.features.songs.results.buttons import view_for
from bot.features.songs.service import Placed, SongOrder, SongService
from bot.features.usage.reservations import Reservations
from bot.mock_api import SimulatorConfig, serve
from bot.soundverse import JobState, SongRequest, SoundverseClient
from bot.soundverse.media import MediaPolicy
from bot.soundverse.sse import SSEDecoder
from bot.soundverse.stream import EventReader
from bot.store import GenerationRepository, ModerationRepository, open_database

PROMPT = "a song about benchmarks"
STAGES = ("reserve_and_claim", "answer", "song", "edit_requests")


@dataclass(frozen=True)
class Recording:
    """One song as the API gives it: its event stream and its files, by address."""

    api_url: str
    job_id: str
    stream: bytes
    files: dict[str, bytes]


async def record_song() -> Recording:
    """A song's stream and files from the simulator (at once: no stage gaps)."""
    config = SimulatorConfig(speed=float("inf"), song_seconds=2.0, check_inputs=False)
    async with serve(config) as sim, aiohttp.ClientSession() as http:
        body = {"prompt": PROMPT, "lyrics": "[Verse]\nla la la"}
        headers = {"Authorization": "Bearer benchmark"}
        async with http.post(f"{sim.url}/v7/generate/song", json=body, headers=headers) as got:
            stream = await got.read()
        state = _played(stream)
        files = {}
        for url in (state.album_art, *(v.audio_url for v in state.versions.values())):
            if url:
                async with http.get(url) as got:
                    files[url] = await got.read()
    return Recording(sim.url, state.job_id or "", stream, files)


def _played(stream: bytes) -> JobState:
    decoder, state, reader = SSEDecoder(), JobState(), EventReader(SSEDecoder())
    for message in decoder.feed(stream):
        event = reader.parse(message.data, state.job_id)
        if event is not None:
            state.apply(event)
    return state


class _Body:
    """An answer's body, in the pieces the network would bring it in."""

    def __init__(self, data: bytes, piece: int) -> None:
        self._pieces = [data[i : i + piece] for i in range(0, len(data), piece)]

    async def readany(self) -> bytes:
        await asyncio.sleep(0)  # each piece comes in a turn of the loop of its own
        return self._pieces.pop(0) if self._pieces else b""

    async def iter_chunked(self, _size: int) -> AsyncIterator[bytes]:
        while self._pieces:
            yield self._pieces.pop(0)


@dataclass
class _Answer:
    """What aiohttp's response is to the client and the fetcher: status, headers, body."""

    data: bytes
    piece: int
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.content = _Body(self.data, self.piece)
        self.content_length = len(self.data)

    def raise_for_status(self) -> None:
        """Always 200."""

    async def __aenter__(self) -> _Answer:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None


class RecordedApi:
    """Stands in for the aiohttp sessions of the song client and of the media fetcher; each
    song played back is a job of its own (the database keeps job ids unique)."""

    def __init__(self, recording: Recording) -> None:
        self._recording = recording
        self._jobs = 0
        self._renamed = re.compile(re.escape(recording.job_id) + r"-\d+")

    async def post(self, _url: str, **_options: Any) -> _Answer:
        self._jobs += 1
        job_id = f"{self._recording.job_id}-{self._jobs}".encode()
        stream = self._recording.stream.replace(self._recording.job_id.encode(), job_id)
        return _Answer(stream, 512)  # as the network splits it

    def get(self, url: str, **_options: Any) -> _Answer:
        return _Answer(self._recording.files[self._renamed.sub(self._recording.job_id, url)], 65536)


class _Sink:
    """Where a multipart body is written: nowhere, counted."""

    def __init__(self) -> None:
        self.size = 0

    async def write(self, data: bytes) -> None:
        self.size += len(data)


class RequestsOnly(LiveMessage):
    """A song's message whose edits are built as discord.py would send them, and not sent:
    its payload builder, the buttons' view, the JSON (or the multipart body with the files)."""

    def __init__(self) -> None:
        super().__init__(None, 1, channel=None, token_lifetime=900.0)
        self.sent_bytes = 0
        self.spent = 0.0  # CPU seconds building requests

    async def show(self, screen: Screen, files: Iterable[discord.File] | None = None) -> None:
        self.edits += 1
        began = time.process_time()
        try:
            await self._build(screen, files)
        finally:
            self.spent += time.process_time() - began

    async def _build(self, screen: Screen, files: Iterable[discord.File] | None) -> None:
        attachments = list(files) if files is not None else discord.utils.MISSING
        with handle_message_parameters(
            content=screen.content, embeds=list(screen.embeds), attachments=attachments,
            view=view_for(screen.buttons), allowed_mentions=NO_PINGS,
        ) as params:  # fmt: skip
            if not params.multipart:
                self.sent_bytes += len(discord.utils._to_json(params.payload))
                return
            form = aiohttp.FormData(quote_fields=False)
            for part in params.multipart:
                form.add_field(**part)
            sink = _Sink()
            await form().write(cast(Any, sink))
            self.sent_bytes += sink.size

    async def has_files(self) -> bool:
        return False


@dataclass
class PathRun:
    """CPU seconds spent in each stage over every song, and what went out."""

    songs: int = 0
    edits: int = 0
    sent_bytes: int = 0
    spent: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    total: float = 0.0  # CPU seconds of the whole run

    def per_song_us(self) -> dict[str, float]:
        """By stage when the songs ran one at a time (together, their stages overlap)."""
        result = {f"{stage}_us": self.spent[stage] / self.songs * 1e6 for stage in STAGES}
        result["total_us"] = self.total / self.songs * 1e6
        return result


async def run_songs(
    recording: Recording, songs: int, folder: Path, *, together: int = 1
) -> PathRun:
    """``songs`` songs through a whole song service, ``together`` at a time (then writes
    that arrive together share their trips to the database, as in a busy bot); CPU time by
    stage (the database's thread included: it is this process's time)."""
    database = await open_database(folder / "songbot.db")
    api = cast(aiohttp.ClientSession, RecordedApi(recording))
    service = SongService(
        SoundverseClient(api, "benchmark", base_url=recording.api_url),
        MediaFetcher(api, MediaPolicy.for_api(recording.api_url)),
        GenerationRepository(database),
        SongConfig(edit_interval=0.0, token_lifetime=900.0, retry_delays=()),
        reserve=Reservations(database).reserve,
        policy_of=ModerationRepository(database).policy,
        queue=SongQueue(songs + 1, ApiGate(), timers=LoopTimers()),
        metrics=Metrics(),
    )
    run = PathRun()
    began = time.process_time()
    try:
        for first in range(0, songs, together):
            wave = range(first, min(songs, first + together))
            await asyncio.gather(*(_one_song(service, n, run) for n in wave))
        run.total = time.process_time() - began
    finally:
        await service.stop()
        await database.close()
    return run


async def _one_song(service: SongService, n: int, run: PathRun) -> None:
    order = SongOrder(SongRequest(prompt=PROMPT), SongCard(f"member {n}", PROMPT))
    began = time.process_time()
    placed = await service.begin(Actor(1000 + n, f"member {n}"), Place(1, 10 + n % 5), order)
    if not isinstance(placed, Placed) or not placed.started:
        raise RuntimeError(f"song {n} did not start at once: {placed!r}")
    reserved = time.process_time()
    live = RequestsOnly()
    await live.show(progress_screen(JobState(), placed.card))
    await service.attach_message(placed.song_id, 1)
    answered, live.spent = time.process_time(), 0.0  # the answer's request is counted apart
    service.follow(placed, live)
    await service.wait_idle()
    ended = time.process_time()
    # the song's own time, and what of it went into building its edits' requests
    spent = (reserved - began, answered - reserved, ended - answered - live.spent, live.spent)
    for stage, seconds in zip(STAGES, spent, strict=True):
        run.spent[stage] += seconds
    run.songs += 1
    run.edits += live.edits
    run.sent_bytes += live.sent_bytes


def whole_songs(
    recording: Recording, songs: int, folder: Path, *, together: int = 1
) -> dict[str, Any]:
    """Run :func:`run_songs` in a loop of its own; microseconds of CPU per song (by stage when
    one at a time)."""
    run = asyncio.run(run_songs(recording, songs, folder, together=together))
    result: dict[str, Any] = (
        run.per_song_us() if together == 1 else {"total_us": run.per_song_us()["total_us"]}
    )
    result.update(songs=run.songs, edits_per_song=run.edits / run.songs,
                  bytes_sent_per_song=run.sent_bytes / run.songs)  # fmt: skip
    return result
