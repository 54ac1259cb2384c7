"""The floor: the least a bot must do for a song, with the same libraries (discord.py and
aiohttp) and the same traffic as songbot's, and nothing of songbot's own.

``python -m benchmarks.floor_bot`` takes the environment of ``benchmarks.bot_process`` and
reports the same way. For each ``/song``: the interaction answered with an embed, one stream
from the simulator read line by line and each event's JSON parsed, an edit of the message at
each new stage (at most one per :data:`INTERVAL`, as songbot paces them), the cover and both
versions downloaded, and a last edit carrying the three files. No database, no queue, no
checks, no screens beyond a line: what is left is the libraries' own cost.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import time
from typing import Any

import aiohttp
import discord
from discord import app_commands

from benchmarks.measure import LoopMonitor, cpu_by_thread, rss_bytes
from bot.app.discord_urls import use_discord_urls
from bot.app.runner import prepare_process
from bot.core.settings import PROGRESS_INTERVAL
from bot.features.songs.original import edit_original

INTERVAL = PROGRESS_INTERVAL
NOBODY = discord.AllowedMentions.none()


class FloorBot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True, voice_states=True))
        self.tree = app_commands.CommandTree(self)
        self.songs: set[asyncio.Task[None]] = set()  # songs and edits in flight
        self.api = os.environ["SOUNDVERSE_API_URL"]
        self.key = os.environ["SOUNDVERSE_API_KEY"]
        self._session: aiohttp.ClientSession | None = None

        @self.tree.command(name="song")
        async def song(interaction: discord.Interaction, prompt: str) -> None:
            await interaction.response.send_message(
                embed=discord.Embed(title="Queued", description=prompt), allowed_mentions=NOBODY
            )
            task = asyncio.create_task(self.make(interaction, prompt))
            self.songs.add(task)
            task.add_done_callback(self.songs.discard)

    async def setup_hook(self) -> None:
        # as songbot's: every song in flight holds one stream open, so no pool-wide cap
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, limit_per_host=0)
        )

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("not set up")
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        await super().close()

    async def make(self, interaction: discord.Interaction, prompt: str) -> None:
        screens: list[str] = []
        changed, editing = asyncio.Event(), asyncio.Lock()
        editor = asyncio.create_task(self.pace(interaction, screens, changed, editing))
        final: dict[str, Any] = {}
        urls: list[str] = []
        headers = {"Authorization": f"Bearer {self.key}"}
        async with self.session.post(
            f"{self.api}/v7/generate/song", json={"prompt": prompt}, headers=headers
        ) as response:
            async for line in response.content:
                if not line.startswith(b"data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("audio_url"):
                    urls.append(event["audio_url"])
                if event.get("isComplete"):
                    final = event
                    break
                screen = f"{event.get('status', '')} {event.get('version', '')}"
                if not screens or screens[-1] != screen:
                    screens.append(screen)
                    changed.set()
        editor.cancel()  # an edit in flight goes on; the last one waits for it (the lock)
        files = []
        for i, url in enumerate([final["album_art"], *urls]):
            async with self.session.get(url) as got:
                files.append(discord.File(io.BytesIO(await got.read()), f"f{i}.mp3"))
        async with editing:
            await self.edit(interaction, final.get("song_name", "done"), files)

    async def pace(
        self,
        interaction: discord.Interaction,
        screens: list[str],
        changed: asyncio.Event,
        editing: asyncio.Lock,
    ) -> None:
        """The newest screen, at most once per interval, the answer counting as the first."""

        async def edit(screen: str) -> None:
            async with editing:
                await self.edit(interaction, screen)

        shown = ""
        while True:
            await asyncio.sleep(INTERVAL)
            await changed.wait()
            changed.clear()
            if screens[-1] != shown:
                shown = screens[-1]
                # its own task, held in self.songs until done, so that cancelling the pacer
                # leaves an edit in flight to finish (the loop keeps only weak references)
                sending = asyncio.create_task(edit(shown))
                self.songs.add(sending)
                sending.add_done_callback(self.songs.discard)
                await asyncio.shield(sending)

    async def edit(
        self, interaction: discord.Interaction, title: str, files: list[discord.File] | None = None
    ) -> None:
        await edit_original(
            interaction, embeds=[discord.Embed(title=title)], view=discord.utils.MISSING,
            allowed_mentions=NOBODY, attachments=files or discord.utils.MISSING,
        )  # fmt: skip


async def main() -> None:
    prepare_process()
    use_discord_urls(os.environ["DISCORD_API_URL"], os.environ["DISCORD_GATEWAY_URL"])
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with FloorBot() as bot:
        await bot.login(os.environ["DISCORD_TOKEN"])  # first: 3.12+ wait_for awaits ready at once
        running = asyncio.create_task(bot.connect())
        await asyncio.wait_for(bot.wait_until_ready(), 60)
        monitor = LoopMonitor()
        monitor.start()
        rss_ready, cpu_ready, threads_ready = rss_bytes(), time.process_time(), cpu_by_thread()
        print("ready", flush=True)
        await stop.wait()
        while bot.songs:
            await asyncio.gather(*bot.songs, return_exceptions=True)
        cpu = time.process_time() - cpu_ready
        threads = {k: v - threads_ready[k] for k, v in cpu_by_thread().items()}
        monitor.stop()
        await bot.close()
        await running
    report = {"cpu_seconds": cpu, "cpu_by_thread": threads, "rss_ready": rss_ready,
              "rss_peak": monitor.peak_rss, "lags": monitor.lags, "gc_pauses": []}  # fmt: skip
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
