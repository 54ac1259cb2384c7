"""Listening parties on Discord: the front end the bot exposes as ``parties``. Each command,
click and form becomes a call of :class:`Parties` with plain values (who, where, the voice
channel they are in), and its outcome the answer; a started party is joined and played by a
:class:`PartyPlayer`. Voice state events feed the minute alone and end a party whose bot was
moved or disconnected by hand; at start, a party a stopped process left playing is ended with
its message saying so and a Listen again button."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import discord

from bot.core.acting import Refusal
from bot.core.i18n import ENGLISH, Said, Words
from bot.core.replies import (
    actor_of,
    guild_id_of,
    in_time,
    place_of,
    reply_privately,
    who_and_where,
)
from bot.features.parties.cache import OpusCache
from bot.features.parties.controls import AddForm, add_modal
from bot.features.parties.message import PartyMessages
from bot.features.parties.outcomes import Added, Control, Started
from bot.features.parties.plans import Ending, Party, Plan
from bot.features.parties.player import PartyPlayer
from bot.features.parties.service import Parties

log = logging.getLogger(__name__)

MAX_WAIT = 30.0  # the alone clock looks at least this often
CONNECT_TIMEOUT = 20.0
CLOSE_TIMEOUT = 10.0  # songbot stopping waits this long for its parties to end
ADDED = "Added to the party's line: {count} song(s)."
NO_PERMISSION = "I need the Connect and Speak permissions in {channel} to play there."
FULL_CHANNEL = "{channel} is full, so I can't join it to play there."


def voice_channel_of(interaction: discord.Interaction) -> int | None:
    """The voice channel the member is in, on this server (None: none)."""
    voice = getattr(interaction.user, "voice", None)
    channel = getattr(voice, "channel", None)
    return channel.id if channel is not None else None


def cannot_join(interaction: discord.Interaction) -> Said | None:
    """Why songbot could not play in the member's voice channel, said before any party is
    made: its permissions there (Connect, Speak), or a full channel. None: it can, or it is
    there already (the song joins the line)."""
    voice = getattr(interaction.user, "voice", None)
    channel = getattr(voice, "channel", None)
    if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
        return None
    me = channel.guild.me
    if me is None or me in channel.members:
        return None
    allowed = channel.permissions_for(me)
    if not (allowed.connect and allowed.speak):
        return Said(NO_PERMISSION, channel=channel.mention)
    full = channel.user_limit and len(channel.members) >= channel.user_limit
    if full and not allowed.move_members:  # Discord lets Move Members join a full channel
        return Said(FULL_CHANNEL, channel=channel.mention)
    return None


class PartyFront:
    def __init__(
        self,
        parties: Parties,
        cache: OpusCache,
        client: discord.Client,
        *,
        cover_allowed: Callable[[str], bool] = lambda _url: False,
        words_in: Callable[[str | None], Words] = lambda _locale: ENGLISH,
    ) -> None:
        self.parties = parties
        self.cache = cache
        self._client = client
        self._words_in = words_in
        self._messages = PartyMessages(client, cover_allowed, words_in)
        self.players: dict[int, PartyPlayer] = {}  # by server
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._changed = asyncio.Condition()  # a voice event handled, a party over

    # --- commands and buttons ------------------------------------------------------------

    async def listen(self, interaction: discord.Interaction, plan: Plan) -> None:
        """``/listen`` (and the Play in voice button): the member's party starts, grows, or
        they are told why not."""
        why_not = cannot_join(interaction)
        if why_not is not None:
            await reply_privately(interaction, why_not)
            return
        who, where = who_and_where(interaction)
        work = self.parties.start(who, where, voice_channel_of(interaction), plan)
        await self._answer(interaction, await in_time(interaction, work))

    async def pressed(
        self, interaction: discord.Interaction, control: Control, party_id: int
    ) -> None:
        voice = voice_channel_of(interaction)
        if control is Control.AGAIN:
            why_not = cannot_join(interaction)
            if why_not is not None:
                await reply_privately(interaction, why_not)
                return
            work = self.parties.again(actor_of(interaction), place_of(interaction), voice, party_id)
            outcome = await in_time(interaction, work)
            await self._answer(interaction, outcome)
            if isinstance(outcome, Started) and interaction.message is not None:
                with contextlib.suppress(discord.HTTPException):  # the button pressed goes
                    await interaction.message.edit(view=None)
            return
        guild_id = guild_id_of(interaction)
        controlled = await self.parties.control(
            actor_of(interaction), guild_id, party_id, voice, control
        )
        if isinstance(controlled, Refusal):
            await reply_privately(interaction, controlled.text)
            return
        if control is Control.QUEUE:
            words = self._words_in(interaction.locale.value)
            await interaction.response.send_modal(add_modal(party_id, words))
            return
        await interaction.response.defer()  # the now-playing message is edited instead
        await self._act(controlled.party, control)

    async def _act(self, party: Party, control: Control) -> None:
        player = self.players.get(party.guild_id)
        if player is None or player.party is not party:  # still joining the channel
            if party.ended:
                await self.parties.end(party, Ending.STOPPED)
            await self._messages.show(party, None)
            return
        if control is Control.PAUSE:
            await player.paused_or_resumed()
        elif control is Control.SKIP:
            player.skip()
        elif control is Control.STOP:
            await player.end(Ending.STOPPED)

    async def submitted(self, interaction: discord.Interaction, form: AddForm) -> None:
        """The Queue form: a song at the end of the line."""
        work = self.parties.add(
            actor_of(interaction), guild_id_of(interaction), form.party_id,
            voice_channel_of(interaction), wanted=form.song, version=form.version,
        )  # fmt: skip
        await self._answer(interaction, await in_time(interaction, work))

    async def _answer(
        self, interaction: discord.Interaction, outcome: Refusal | Started | Added
    ) -> None:
        if isinstance(outcome, Refusal):
            await reply_privately(interaction, outcome.text)
            return
        if isinstance(outcome, Added):
            await reply_privately(interaction, Said(ADDED, count=len(outcome.tracks)))
            player = self.players.get(outcome.party.guild_id)
            if player is not None:
                await player.show()
            return
        party = outcome.party
        try:
            party.message_id = await self._messages.post(interaction, party)
        except BaseException:
            await self.parties.end(party, Ending.NO_VOICE)
            raise
        await self.parties.posted(party)
        task = asyncio.create_task(self._play(party), name=f"party {party.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- playing -------------------------------------------------------------------------

    async def _play(self, party: Party) -> None:
        guild = self._client.get_guild(party.guild_id)
        channel = guild.get_channel(party.voice_channel_id) if guild else None
        try:
            if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
                raise discord.ClientException("no such voice channel")
            voice: discord.VoiceClient = await channel.connect(
                timeout=CONNECT_TIMEOUT, self_deaf=True
            )
        except (discord.DiscordException, TimeoutError) as exc:
            log.warning("party %d could not join its voice channel: %s", party.id, exc)
            await self.parties.end(party, Ending.NO_VOICE)
            await self._messages.show(party, None)
            return
        player = PartyPlayer(party, self.parties, voice, self.cache, self._messages.show)
        self.players[party.guild_id] = player
        self._count(channel, party)
        try:
            await player.run()
        except Exception:
            log.exception("party %d stopped playing", party.id)
        finally:
            if self.players.get(party.guild_id) is player:
                del self.players[party.guild_id]
            await self._notify()

    # --- voice events, the alone clock, restarts -----------------------------------------

    async def voice_changed(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        player = self.players.get(member.guild.id)
        if player is None or player.party.ended:
            return
        party = player.party
        me = self._client.user
        if me is not None and member.id == me.id:
            if after.channel is None:
                await player.end(Ending.DISCONNECTED)
            elif after.channel.id != party.voice_channel_id:
                await player.end(Ending.MOVED)
            return
        ids = {getattr(before.channel, "id", None), getattr(after.channel, "id", None)}
        channel = member.guild.get_channel(party.voice_channel_id)
        if party.voice_channel_id in ids and isinstance(channel, discord.VoiceChannel):
            self._count(channel, party)
            self.wake()
            await self._notify()

    def _count(self, channel: discord.VoiceChannel | discord.StageChannel, party: Party) -> None:
        """Tell the alone clock how many members (not bots) are listening."""
        me = self._client.user
        listening = 0
        for user_id in channel.voice_states:
            member = channel.guild.get_member(user_id)
            if (me is None or user_id != me.id) and (member is None or not member.bot):
                listening += 1
        self.parties.alone.listeners(party.guild_id, listening)

    def wake(self) -> None:
        """Look at the alone clock now (a member left, or a test moved the clock)."""
        self._wake.set()

    async def end_lonely(self) -> None:
        """End the parties that have been alone for a minute."""
        for guild_id in self.parties.alone.up():
            player = self.players.get(guild_id)
            if player is None:
                self.parties.alone.forget(guild_id)
            else:
                await player.end(Ending.ALONE)

    async def run(self) -> None:
        """:meth:`end_lonely` whenever a minute alone may be up; until cancelled."""
        while True:
            self._wake.clear()
            try:
                await self.end_lonely()
            except Exception:
                log.exception("the parties' alone clock failed; trying again")
            next_at = self.parties.alone.next_at()
            wait = MAX_WAIT if next_at is None else max(0.0, next_at - self.parties.now())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(MAX_WAIT, wait))

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def settled(self, predicate: Callable[[], object], limit: float = 20.0) -> None:
        """Wait until ``predicate()`` holds, re-checked whenever a voice event was handled or
        a party is over (what tests and benchmarks wait on, never a sleep)."""
        async with asyncio.timeout(limit), self._changed:
            while not predicate():
                await self._changed.wait()

    async def guild_available(self, guild_id: int) -> None:
        """A server came up: a party the store says plays there, but no process here does
        (songbot stopped or crashed while it played), is ended and its message says so."""
        record = await self.parties.left_over(guild_id)
        if record is not None:
            await self._messages.show(await self.parties.as_ended(record), None)

    async def close(self) -> None:
        """songbot is stopping: every party ends as a restart (Listen again on its message)."""
        ending = asyncio.gather(
            *(player.end(Ending.RESTART) for player in list(self.players.values())),
            return_exceptions=True,
        )
        try:
            await asyncio.wait_for(ending, CLOSE_TIMEOUT)
        except TimeoutError:  # the next start ends what is left (its message says so)
            log.warning("parties still playing after %.0f s of stopping", CLOSE_TIMEOUT)
        for task in list(self._tasks):
            task.cancel()
