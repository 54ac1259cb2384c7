"""The form for writing multi-line lyrics (slash-command options are single-line)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

LYRICS_LIMIT = 4000  # Discord's limit for one text input

LyricsDone = Callable[[discord.Interaction, str], Awaitable[None]]


class LyricsModal(discord.ui.Modal, title="Write your lyrics"):
    lyrics: discord.ui.TextInput[LyricsModal] = discord.ui.TextInput(
        label="Lyrics",
        style=discord.TextStyle.paragraph,
        placeholder="[Verse 1]\nLine one\nLine two\n\n[Chorus]\n…",
        max_length=LYRICS_LIMIT,
    )

    def __init__(self, done: LyricsDone, *, draft: str | None = None) -> None:
        super().__init__(timeout=15 * 60)
        self._done = done
        if draft:
            self.lyrics.default = draft[:LYRICS_LIMIT]

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self._done(interaction, self.lyrics.value)
