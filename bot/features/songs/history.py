"""A member's songs and a job's status, as embeds. Pure."""

from __future__ import annotations

import discord

from bot.core.embeds import bounded
from bot.core.formatting import collapsed, fit, link
from bot.core.i18n import ENGLISH, Words
from bot.core.timestamps import day
from bot.soundverse.status import JobSnapshot
from bot.store.records import Origin, SongStatus
from bot.store.song_records import SongRecord

_STATUS = {
    SongStatus.QUEUED: "⏳ waiting in the queue",
    SongStatus.RESERVED: "⏳ starting",
    SongStatus.RUNNING: "🔄 in progress",
    SongStatus.COMPLETED: "✅ done",
    SongStatus.FAILED: "❌ failed",
    SongStatus.RELEASED: "↩️ not made",
}

_ORIGIN = {
    Origin.REGENERATE: "🔁 regenerated from",
    Origin.REMIX: "🎛️ remix of",
    Origin.JAM: "🎶 written in",
    Origin.CHALLENGE: "🏆 made for",
}
_UNNAMED = {Origin.JAM: "a session", Origin.CHALLENGE: "a challenge"}


def message_link(song: SongRecord) -> str | None:
    if song.message_id is None:
        return None
    return f"https://discord.com/channels/{song.guild_id}/{song.channel_id}/{song.message_id}"


def history_embed(name: str, songs: list[SongRecord], words: Words = ENGLISH) -> discord.Embed:
    """In the member's words (only they see it)."""
    title = words("Recent songs by {name}", name=fit(name, 200))
    embed = discord.Embed(title=title, colour=discord.Colour.teal())
    if not songs:
        embed.description = words("No songs yet. Make one with `/song`!")
        return embed
    lines = []
    for song in songs:
        title = fit(song.song_name, 80) if song.song_name else words("*untitled*")
        link = message_link(song)
        if link and not song.deleted:
            title = f"[{title}]({link})"
        job = f" · `{song.job_id}`" if song.job_id else ""
        when = day(song.created_at)
        made = ""
        if song.origin:
            unnamed = words(_UNNAMED.get(song.origin, "an earlier song"))
            parent = fit(song.parent_name, 60) if song.parent_name else unnamed
            made = f" · {words(_ORIGIN[song.origin])} {parent}"
        gone = f" · {words('🗑️ deleted')}" if song.deleted else ""
        lines.append(f"{when} {title}{made} · {words(_STATUS[song.status])}{gone}{job}")
    embed.description = "\n".join(lines)
    embed.set_footer(text=words("/songs show JOB_ID posts a finished song again"))
    return bounded([embed])[0]


def status_embed(snapshot: JobSnapshot, job_id: str, words: Words = ENGLISH) -> discord.Embed:
    """In the member's words (only they see it); the API's own status words as it gave them."""
    if snapshot.failed:
        state, colour = words("❌ failed"), discord.Colour.red()
    elif snapshot.completed:
        state, colour = words("✅ finished"), discord.Colour.green()
    else:
        status = fit(snapshot.status, 40) if snapshot.status else words("in progress")
        state, colour = f"🔄 {status}", discord.Colour.blurple()
    name = snapshot.raw.get("song_name")
    title = fit(name, 200) if isinstance(name, str) and name else words("Song status")
    embed = discord.Embed(title=title, colour=colour)
    embed.add_field(name=words("Status"), value=state, inline=False)
    for number in sorted(snapshot.versions):
        event = snapshot.versions[number]
        url = getattr(event, "audio_url", None)
        value = link(words("audio"), url) if url else fit(event.status or words("working"), 40)
        embed.add_field(name=words("Version {number}", number=number), value=value, inline=True)
    embed.set_footer(text=words("Job {job_id}", job_id=job_id))
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
        name = collapsed(song.song_name or "untitled")
        if wanted and wanted not in name.lower() and wanted not in song.job_id.lower():
            continue
        label = f"{name[:60]} · {song.status} · {song.job_id}"
        choices.append((label[:100], song.job_id[:100]))
    return choices[:MAX_CHOICES]
