"""The queue on screen: a waiting song's message, and ``/songs queue``. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.core.embeds import FIELD_VALUE
from bot.core.formatting import collapsed, cut, fit, one_line
from bot.core.i18n import ENGLISH, Words
from bot.features.songs.card import SongCard
from bot.features.songs.heading import song_embed
from bot.features.songs.queue.gate import Pause
from bot.features.songs.queue.texts import about, pause_line, place_line
from bot.features.songs.render import COLOR_WAITING, Screen, buttons_for
from bot.features.songs.results.row import Action
from bot.soundverse import JobState


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a waiting song is."""

    position: int  # 1: next to start
    total: int  # songs waiting, on every server
    eta: float | None  # seconds until it starts, about
    pause: Pause | None  # why the API is not being asked, for everyone
    held: bool = False  # a moderator paused its server's queue


def queued_screen(card: SongCard, standing: Standing) -> Screen:
    """A waiting song's message: its place, how long, why it is not moving, and Cancel."""
    words = card.words
    embed = song_embed(JobState(), card, COLOR_WAITING, untitled="Waiting for its turn…")
    lines = [place_line(standing.position, standing.total, standing.eta, words)]
    why = pause_line(standing.pause, held=standing.held, words=words)
    if why:
        lines.append(why)
    embed.add_field(name=words("Queue"), value=cut("\n".join(lines), FIELD_VALUE), inline=False)
    buttons = buttons_for(card, (Action.CANCEL,))
    return Screen((embed,), buttons=buttons, waiting=True)


@dataclass(frozen=True, slots=True)
class LineEntry:
    """One waiting song on ``/songs queue``."""

    song_id: int
    position: int
    requester: str
    prompt: str | None
    mine: bool


MAX_SHOWN = 15


def queue_embed(
    entries: Sequence[LineEntry],
    total: int,
    pause: Pause | None,
    *,
    held: bool,
    moderator: bool,
    words: Words = ENGLISH,
) -> discord.Embed:
    """What is waiting on this server, in order, the member's own songs marked; in the
    member's words (only they see it)."""
    embed = discord.Embed(title=words("Songs waiting here"), colour=COLOR_WAITING)
    if not entries:
        embed.description = words("Nothing is waiting: a new song starts at once.")
    else:
        lines = [_line(entry, words) for entry in entries[:MAX_SHOWN]]
        if len(entries) > MAX_SHOWN:
            lines.append(words("…and {count} more.", count=len(entries) - MAX_SHOWN))
        embed.description = cut("\n".join(lines), 4000)
    if total == 1:
        status = [words("1 song waiting on every server.")]
    else:
        status = [words("{count} songs waiting on every server.", count=total)]
    why = pause_line(pause, held=held, words=words)
    if why:
        status.append(why)
    if moderator:
        status.append(
            words(
                "Moderators: **Cancel** under a song, or `/songadmin queue cancel:<number>`; "
                "`/songadmin queue paused:True` pauses this server's queue."
            )
        )
    embed.add_field(name=words("Status"), value=cut("\n".join(status), FIELD_VALUE), inline=False)
    return embed


def api_status(pause: Pause | None, *, running: int, waiting: int, cap: int) -> str:
    """The queue for the whole bot, for moderators: how full, and why it is paused."""
    text = f"{running} of {cap} songs at Soundverse now, {waiting} waiting on every server."
    why = pause_line(pause, held=False)
    if why is not None:
        text = f"{text}\n{why}\n`/songadmin queue retry_now:True` tries Soundverse again now."
    return text


def waiting_choices(entries: Sequence[LineEntry], typed: str) -> list[tuple[str, int]]:
    """Autocomplete for a waiting song: "3. #42 rain on the sea (Alice)", matching what was
    typed in the number, the prompt or the name."""
    wanted = typed.strip().lower()
    found = []
    for entry in entries:
        prompt = collapsed(entry.prompt or "from audio only", 50)
        name = f"{entry.position}. #{entry.song_id} {prompt} ({collapsed(entry.requester)})"
        if wanted in name.lower():
            found.append((name[:100], entry.song_id))
    return found[:25]


def _line(entry: LineEntry, words: Words) -> str:
    prompt = fit(entry.prompt, 60) if entry.prompt else words("*(from audio only)*")
    who = words("**you**") if entry.mine else one_line(entry.requester, 40)
    return f"`{entry.position:>3}` #{entry.song_id} {prompt} — {who}{' ⭐' if entry.mine else ''}"


__all__ = [
    "LineEntry",
    "Standing",
    "about",
    "api_status",
    "queue_embed",
    "queued_screen",
    "waiting_choices",
]
