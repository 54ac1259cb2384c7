"""Opening a session: the rules checked and the session written in one transaction, the
lyric sheet answering the command, and a public thread started on the sheet."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord

from bot.core.i18n import servers_words
from bot.core.replies import NO_PINGS, is_moderator, reply_privately
from bot.features.jam import sections, texts
from bot.features.jam.actions import Mode
from bot.features.jam.controls import button_rows
from bot.features.jam.host import plain
from bot.features.jam.render import sheet_screen
from bot.features.jam.rules import Rules, start_refusal
from bot.features.jam.sheet import Sheets
from bot.soundverse import LyricsSection
from bot.store import jams
from bot.store.jams import JamRepository
from bot.store.sql import guild_lock

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Opening:
    """What a new session starts with. ``lyrics`` pre-fill the sheet (from a finished
    song), credited to ``credit`` (the member's id and name)."""

    title: str
    style: str | None
    mode: Mode = Mode.OPEN
    lyrics: list[LyricsSection] | None = None
    credit: tuple[int, str] | None = None


async def open_session(
    repo: JamRepository,
    sheets: Sheets,
    interaction: discord.Interaction,
    opening: Opening,
    *,
    now: float,
) -> None:
    """Open a session: the sheet answers the interaction, and a thread starts on it."""
    title, style, mode = opening.title, opening.style, opening.mode
    lyrics, credit = opening.lyrics, opening.credit
    guild_id, user = interaction.guild_id or 0, interaction.user
    async with repo.database.transaction(lock=guild_lock(guild_id)) as db:
        if await jams.is_blocked(db, guild_id, user.id):
            refusal: str | None = texts.BLOCKED
        else:
            rules = Rules.of(await jams.settings(db, guild_id))
            refusal = start_refusal(
                rules, open_now=await jams.open_sessions(db, guild_id),
                role_ids=frozenset(r.id for r in getattr(user, "roles", [])),
                moderator=is_moderator(interaction),
            )  # fmt: skip
        if refusal is None:
            session_id = await jams.create_session(db, {
                "guild_id": guild_id, "channel_id": interaction.channel_id or 0,
                "host_id": user.id, "host_name": user.display_name, "title": title,
                "style": style, "mode": mode, "now": now,
                "locale": servers_words(interaction).locale,
            })  # fmt: skip
            author_id, author = credit or (user.id, user.display_name)
            for line_section, line in sections.from_lyrics(lyrics or []):
                await jams.insert_line(db, {
                    "session_id": session_id, "section": line_section, "text": line,
                    "author_id": author_id, "author_name": author, "status": "live",
                    "now": now,
                })  # fmt: skip
    if refusal is not None:
        await reply_privately(interaction, refusal)
        return
    sheet = await sheets.sheet(session_id)
    if sheet is None:  # pragma: no cover - just written
        return
    screen = sheet_screen(sheet)
    answer = await interaction.response.send_message(
        embeds=list(screen.embeds), view=button_rows(session_id, screen.rows, sheet.words),
        allowed_mentions=NO_PINGS,
    )  # fmt: skip
    sheet_id = int(answer.message_id or 0)
    thread_id = None
    channel = interaction.channel
    if isinstance(channel, discord.TextChannel):
        try:
            thread = await channel.get_partial_message(sheet_id).create_thread(
                name=title[:100], auto_archive_duration=1440
            )
            thread_id = thread.id
        except discord.HTTPException as exc:
            log.info("no thread for session %s: %s", session_id, exc)
    await repo.attach(session_id, thread_id, sheet_id)
    if thread_id is None:
        await reply_privately(interaction, texts.NO_THREAD)
    session = await repo.session(session_id)
    if session is not None:
        await sheets.say(session, texts.started(plain(title), sheets.words(session)))
