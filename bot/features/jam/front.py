"""Sessions on Discord: the front end the bot exposes as ``jam``. Each command, click and
form becomes a use case's call with plain values (:mod:`.opening`, :mod:`.service`,
:mod:`.host`, :mod:`.suggestions`), and its outcome the answer (:mod:`.responder`); opening
a session and making its song end here, where Discord is."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import discord

from bot.core.i18n import ENGLISH, Words
from bot.core.replies import NO_PINGS, actor_of, member_of, reply_privately, who_and_where
from bot.features.jam import texts
from bot.features.jam.actions import JamAction, LineVote, Tool
from bot.features.jam.controls import button_rows
from bot.features.jam.forms import AddForm, MakeForm
from bot.features.jam.host import HostTools, plain
from bot.features.jam.opening import Opening, Openings, from_song
from bot.features.jam.outcomes import Opened, Outcome, SongAsked
from bot.features.jam.render import sheet_screen
from bot.features.jam.responder import respond
from bot.features.jam.service import JamService
from bot.features.jam.settings import SessionSettings
from bot.features.jam.sheet import Channel, Sheets, Thread
from bot.features.jam.suggestions import Suggestions
from bot.features.jam.turns import Turns
from bot.features.songs import SongResponder
from bot.store import GenerationRepository, ModerationRepository
from bot.store.jams import JamRepository
from bot.store.records import Origin
from bot.store.song_records import SongDetail

log = logging.getLogger(__name__)


class JamFront:
    def __init__(
        self,
        service: JamService,
        openings: Openings,
        sheets: Sheets,
        songs: SongResponder,
        thread: Thread,
        *,
        settings: SessionSettings,
    ) -> None:
        self.service = service
        self.openings = openings
        self.settings = settings  # a server's rules for sessions (/songadmin jam)
        self.sheets = sheets
        self._songs = songs
        self._thread = thread

    @classmethod
    def assemble(
        cls,
        repo: JamRepository,
        songs: SongResponder,
        moderation: ModerationRepository,
        generations: GenerationRepository,
        *,
        channel: Channel,
        thread: Thread,
        interval: float,
        clock: Callable[[], float] = time.time,
        words_in: Callable[[str | None], Words] = lambda _locale: ENGLISH,
    ) -> JamFront:
        """Every part of the feature, wired to one another."""
        sheets = Sheets(repo, channel, thread, interval=interval, words_in=words_in)
        host = HostTools(repo, sheets, clock)
        turns = Turns(repo, sheets, clock)
        turns.end_idle = host.end
        service = JamService(
            repo, sheets, host, turns, Suggestions(repo, sheets, turns), clock=clock
        )
        openings = Openings(repo, moderation, generations, clock)
        return cls(service, openings, sheets, songs, thread, settings=SessionSettings(repo))

    @property
    def turns(self) -> Turns:
        return self.service.turns

    async def resume(self) -> int:
        return await self.service.resume()

    async def close(self) -> None:
        await self.sheets.close()

    # --- opening -------------------------------------------------------------------------

    async def start(
        self, interaction: discord.Interaction, opening: Opening, from_job: str | None = None
    ) -> None:
        """``/jam start``."""
        actor, place = who_and_where(interaction)
        if from_job:
            opened = await self.openings.start_from_job(actor, place, opening, from_job)
        else:
            opened = await self.openings.start(actor, place, opening)
        await self._answer(interaction, opened)

    async def from_song(self, interaction: discord.Interaction, song: SongDetail) -> None:
        """The Jam button under a song."""
        opened = await self.openings.start(*who_and_where(interaction), from_song(song))
        await self._answer(interaction, opened)

    # --- the controls and forms ------------------------------------------------------------

    async def pressed(
        self, interaction: discord.Interaction, action: JamAction, session_id: int
    ) -> None:
        await self._answer(
            interaction, await self.service.pressed(actor_of(interaction), action, session_id)
        )

    async def vote(self, interaction: discord.Interaction, vote: LineVote, line_id: int) -> None:
        outcome = await self.service.suggestions.vote(actor_of(interaction), vote, line_id)
        await self._answer(interaction, outcome)

    async def chose(
        self, interaction: discord.Interaction, tool: Tool, session_id: int, values: list[str]
    ) -> None:
        outcome = await self.service.host.chose(actor_of(interaction), tool, session_id, values)
        await self._answer(interaction, outcome)

    async def moved(self, interaction: discord.Interaction, line_id: int, section: str) -> None:
        outcome = await self.service.host.moved(actor_of(interaction), line_id, section)
        await self._answer(interaction, outcome)

    async def handed_over(
        self, interaction: discord.Interaction, session_id: int, user: discord.abc.User
    ) -> None:
        outcome = await self.service.host.handed_over(
            actor_of(interaction), session_id, member_of(user)
        )
        await self._answer(interaction, outcome)

    async def submitted(self, interaction: discord.Interaction, form: AddForm | MakeForm) -> None:
        actor = actor_of(interaction)
        if isinstance(form, AddForm):
            outcome = await self.service.add(actor, form.session_id, form.section, form.lines)
        else:
            outcome = await self.service.host.make(actor, form.session_id, form.style, form.lyrics)
        await self._answer(interaction, outcome)

    # --- answers ---------------------------------------------------------------------------

    async def _answer(self, interaction: discord.Interaction, outcome: Outcome) -> None:
        if isinstance(outcome, Opened):
            await self._post_sheet(interaction, outcome)
        elif isinstance(outcome, SongAsked):
            thread = await self._thread(outcome.thread_id) if outcome.thread_id else None
            await self._songs.begin(
                interaction, outcome.request, outcome.card, origin=Origin.JAM, place=thread
            )
        else:
            await respond(interaction, outcome)

    async def _post_sheet(self, interaction: discord.Interaction, opened: Opened) -> None:
        """The sheet answers the interaction, and a public thread starts on it."""
        session_id, title = opened.session_id, opened.title
        sheet = await self.sheets.sheet(session_id)
        if sheet is None:  # pragma: no cover - just written
            return
        screen = sheet_screen(sheet)
        answer = await interaction.response.send_message(
            embeds=list(screen.embeds),
            view=button_rows(session_id, screen.rows, sheet.words),
            allowed_mentions=NO_PINGS,
        )
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
        session = await self.openings.posted(session_id, thread_id, sheet_id)
        if thread_id is None:
            await reply_privately(interaction, texts.NO_THREAD)
        if session is not None:
            await self.sheets.say(session, texts.started(plain(title), self.sheets.words(session)))
