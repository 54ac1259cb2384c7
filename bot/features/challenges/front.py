"""Challenges on Discord: the front end the bot exposes as ``challenges``. Each command,
click and form becomes a use case's call with plain values, and its outcome the answer
(:mod:`.responder`); posting the announcement and making an entry's song end here, where
Discord is."""

from __future__ import annotations

import time
from collections.abc import Callable

import discord

from bot.core.acting import Done
from bot.core.i18n import ENGLISH, Words, servers_words
from bot.core.replies import NO_PINGS, actor_of, place_of, who_and_where
from bot.features.challenges.controls import Action, MakeForm, announcement_view
from bot.features.challenges.deadlines import Deadlines
from bot.features.challenges.entering import Entries
from bot.features.challenges.entry_posts import EntryPosts
from bot.features.challenges.opening import CLAIM_SECONDS, Start, Starts
from bot.features.challenges.outcomes import Outcome, SongAsked, Started
from bot.features.challenges.posts import Channel, DiscordBoard, Guild, Thread
from bot.features.challenges.render import announcement
from bot.features.challenges.responder import answer
from bot.features.challenges.standings import Standings
from bot.features.challenges.tools import ModeratorTools
from bot.features.challenges.voting import Votes
from bot.features.songs import MediaFetcher, SongCard, SongResponder
from bot.store.challenges import ChallengeRepository
from bot.store.records import Origin


class ChallengeFront:
    def __init__(  # noqa: PLR0917 - every part of the feature, wired by assemble
        self, starts: Starts, entries: Entries, votes: Votes, deadlines: Deadlines,
        tools: ModeratorTools, standings: Standings, board: DiscordBoard, songs: SongResponder,
        thread: Thread,
    ) -> None:  # fmt: skip
        self.starts, self.entries, self.votes = starts, entries, votes
        self.deadlines, self.tools, self.standings = deadlines, tools, standings
        self._board, self._songs, self._thread = board, songs, thread

    @classmethod
    def assemble(
        cls,
        repo: ChallengeRepository,
        songs: SongResponder,
        media: MediaFetcher,
        *,
        channel: Channel,
        thread: Thread,
        guild: Guild = lambda _id: None,
        clock: Callable[[], float] = time.time,
        claim_seconds: float = CLAIM_SECONDS,
        words_in: Callable[[str | None], Words] = lambda _locale: ENGLISH,
    ) -> ChallengeFront:
        """``claim_seconds``: how long a process posting a challenge's message or an entry
        holds it (if it dies meanwhile, another posts it after that)."""
        board = DiscordBoard(channel, thread, media, guild=guild, words_in=words_in)
        entries = Entries(repo, EntryPosts(repo, board, clock, claim_seconds), clock)
        deadlines = Deadlines(repo, board, entries, clock, claim_seconds)
        tools = ModeratorTools(repo, board, deadlines, clock)
        return cls(Starts(repo, clock, claim_seconds), entries, Votes(repo, clock), deadlines,
                   tools, Standings(repo), board, songs, thread)  # fmt: skip

    # --- commands --------------------------------------------------------------------------

    async def start(self, interaction: discord.Interaction, start: Start) -> None:
        await self._answer(
            interaction,
            await self.starts.start(*who_and_where(interaction), start),
        )

    async def show(self, interaction: discord.Interaction) -> None:
        outcome = await self.standings.show(*who_and_where(interaction))
        await self._answer(interaction, outcome)

    async def leaderboard(self, interaction: discord.Interaction) -> None:
        await self._answer(interaction, await self.standings.leaderboard(place_of(interaction)))

    async def extend(self, interaction: discord.Interaction, by: str) -> None:
        outcome = await self.tools.extend(*who_and_where(interaction), by)
        await self._answer(interaction, outcome)

    async def disqualify(self, interaction: discord.Interaction, number: int, reason: str) -> None:
        actor, place = who_and_where(interaction)
        await self._answer(interaction, await self.tools.disqualify(actor, place, number, reason))

    async def cancel(self, interaction: discord.Interaction) -> None:
        outcome = await self.tools.cancel(*who_and_where(interaction))
        await self._answer(interaction, outcome)

    async def new_season(self, interaction: discord.Interaction) -> None:
        outcome = await self.tools.new_season(*who_and_where(interaction))
        await self._answer(interaction, outcome)

    # --- controls and the form -------------------------------------------------------------

    async def pressed(
        self, interaction: discord.Interaction, action: Action, challenge_id: int
    ) -> None:
        actor = actor_of(interaction)
        if action is Action.ENTER:
            outcome: Outcome = await self.entries.offer(actor, challenge_id)
        elif action is Action.MAKE:
            outcome = await self.entries.ask_make(actor, challenge_id)
        else:
            outcome = await self.tools.end_now(actor, challenge_id)
        await self._answer(interaction, outcome)

    async def picked(
        self, interaction: discord.Interaction, challenge_id: int, values: list[str]
    ) -> None:
        generation_id = int(values[0]) if values and values[0].isdigit() else 0
        outcome = await self.entries.enter(actor_of(interaction), challenge_id, generation_id)
        await self._answer(interaction, outcome)

    async def vote(self, interaction: discord.Interaction, entry_id: int) -> None:
        await self._answer(interaction, await self.votes.vote(actor_of(interaction), entry_id))

    async def submitted(self, interaction: discord.Interaction, form: MakeForm) -> None:
        outcome = await self.entries.make(
            actor_of(interaction), form.challenge_id, form.prompt, form.lyrics or None
        )
        await self._answer(interaction, outcome)

    # --- answers ---------------------------------------------------------------------------

    async def _answer(self, interaction: discord.Interaction, outcome: Outcome) -> None:
        if isinstance(outcome, Started):
            await self._announce(interaction, outcome)
        elif isinstance(outcome, SongAsked):
            await self._make(interaction, outcome)
        else:
            await answer(interaction, outcome)
            if isinstance(outcome, Done) and outcome.then is not None:
                await outcome.then()  # what others see, once the member has their answer

    async def _make(self, interaction: discord.Interaction, asked: SongAsked) -> None:
        """The one call into the song feature: the normal song path, in the thread."""
        thread = await self._thread(asked.thread_id) if asked.thread_id else None
        card = SongCard(
            requester=interaction.user.display_name, prompt=asked.request.prompt,
            lyrics_source=asked.lyrics_source, words=servers_words(interaction),
        )  # fmt: skip
        await self._songs.begin(
            interaction, asked.request, card, origin=Origin.CHALLENGE, place=thread
        )
        self.deadlines.wake()  # it looks for the song being done

    async def _announce(self, interaction: discord.Interaction, started: Started) -> None:
        """The announcement answers the command, and a public thread starts on it."""
        challenge = started.challenge
        words = self._board.words(challenge)
        answer = await interaction.response.send_message(
            embed=announcement(challenge, words),
            view=announcement_view(challenge.id, challenge.state, words),
            allowed_mentions=NO_PINGS,
        )
        message_id = int(answer.message_id or 0)
        thread_id = await self._board.start_thread(challenge, message_id)
        await self.starts.posted(challenge.id, message_id, thread_id)
        self.deadlines.wake()
