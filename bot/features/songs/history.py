"""A member's songs and a job's status, as embeds. Pure."""

from __future__ import annotations

import discord

from bot.core.embeds import bounded
from bot.core.formatting import link
from bot.core.replies import day
from bot.features.songs.render import clean
from bot.soundverse.status import JobSnapshot
from bot.store.generations import SongRecord
from bot.store.records import Origin, SongStatus

_STATUS = {SongStatus.QUEUED: "⏳ waiting in the queue", SongStatus.RESERVED: "⏳ starting",
           SongStatus.RUNNING: "🔄 in progress",
           SongStatus.COMPLETED: "✅ done", SongStatus.FAILED: "❌ failed",
           SongStatus.RELEASED: "↩️ not made"}  # fmt: skip

_ORIGIN = {Origin.REGENERATE: "🔁 regenerated from", Origin.REMIX: "🎛️ remix of",
           Origin.JAM: "🎶 written in"}  # fmt: skip


def message_link(song: SongRecord) -> str | None:
    if song.message_id is None:
        return None
    return f"https://discord.com/channels/{song.guild_id}/{song.channel_id}/{song.message_id}"


def history_embed(name: str, songs: list[SongRecord]) -> discord.Embed:
    embed = discord.Embed(title=f"Recent songs by {clean(name, 200)}", colour=discord.Colour.teal())
    if not songs:
        embed.description = "No songs yet. Make one with `/song`!"
        return embed
    lines = []
    for song in songs:
        title = clean(song.song_name, 80) if song.song_name else "*untitled*"
        link = message_link(song)
        if link and not song.deleted:
            title = f"[{title}]({link})"
        job = f" · `{song.job_id}`" if song.job_id else ""
        when = day(song.created_at)
        made = ""
        if song.origin:
            unnamed = "a session" if song.origin is Origin.JAM else "an earlier song"
            parent = clean(song.parent_name, 60) if song.parent_name else unnamed
            made = f" · {_ORIGIN[song.origin]} {parent}"
        gone = " · 🗑️ deleted" if song.deleted else ""
        lines.append(f"{when} {title}{made} · {_STATUS[song.status]}{gone}{job}")
    embed.description = "\n".join(lines)
    embed.set_footer(text="/songs show JOB_ID posts a finished song again")
    return bounded([embed])[0]


def status_embed(snapshot: JobSnapshot, job_id: str) -> discord.Embed:
    if snapshot.failed:
        state, colour = "❌ failed", discord.Colour.red()
    elif snapshot.completed:
        state, colour = "✅ finished", discord.Colour.green()
    else:
        state, colour = (
            f"🔄 {clean(snapshot.status or 'in progress', 40)}",
            discord.Colour.blurple(),
        )
    name = snapshot.raw.get("song_name")
    embed = discord.Embed(
        title=clean(name, 200) if isinstance(name, str) and name else "Song status", colour=colour
    )
    embed.add_field(name="Status", value=state, inline=False)
    for number in sorted(snapshot.versions):
        event = snapshot.versions[number]
        url = getattr(event, "audio_url", None)
        value = link("audio", url) if url else clean(event.status or "working", 40)
        embed.add_field(name=f"Version {number}", value=value, inline=True)
    embed.set_footer(text=f"Job {job_id}")
    return bounded([embed])[0]


MAX_CHOICES = 25  # Discord's limit for autocomplete


def job_choices(songs: list[SongRecord], typed: str) -> list[tuple[str, str]]:
    """Autocomplete for a job id: the member's songs that match what they typed (by name or
    id), newest first, as (what Discord shows, the job id)."""
    wanted = typed.strip().lower()
    choices = []
    for song in songs:
        if not song.job_id or song.deleted:
            continue
        name = " ".join((song.song_name or "untitled").split())
        if wanted and wanted not in name.lower() and wanted not in song.job_id.lower():
            continue
        label = f"{name[:60]} · {song.status} · {song.job_id}"
        choices.append((label[:100], song.job_id[:100]))
    return choices[:MAX_CHOICES]
