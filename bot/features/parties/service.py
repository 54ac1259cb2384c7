"""Listening parties' use cases: plain values in (who acts, where, which voice channel they
are in, what to play), a :class:`~bot.core.acting.Refusal` or an outcome out. No Discord here:
the front end (``front.py``) joins the voice channel and plays what these decide.

One party per server: this process keeps the parties it plays (by server), and the store's
partial unique index keeps one per server across processes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence

from bot.core.acting import Actor, Place, Refusal
from bot.core.i18n import Said
from bot.features.parties import texts
from bot.features.parties.alone import AloneClock
from bot.features.parties.outcomes import Added, Control, Controlled, Started
from bot.features.parties.plans import (
    ChallengeEntries,
    Ending,
    OneSong,
    Party,
    Plan,
    SessionSongs,
    Track,
)
from bot.features.usage import allows_channel
from bot.store import ModerationRepository
from bot.store.parties import NewParty, PartyRecord, PartyRepository

MAX_LINE = 100  # songs in one party's line; more is not an evening
Shuffle = Callable[[list[Track]], None]


class Parties:
    def __init__(
        self,
        repo: PartyRepository,
        moderation: ModerationRepository,
        clock: Callable[[], float] = time.time,
        shuffle: Shuffle = random.shuffle,
    ) -> None:
        self._repo = repo
        self._moderation = moderation
        self._clock = clock
        self._shuffle = shuffle
        self.running: dict[int, Party] = {}  # by server: the parties this process plays
        self.alone = AloneClock(clock)

    # --- starting ------------------------------------------------------------------------

    async def start(
        self, who: Actor, where: Place, voice_channel_id: int | None, plan: Plan
    ) -> Refusal | Started | Added:
        """``/listen`` (and the Play in voice button): ``who``, in the text channel of
        ``where``, standing in ``voice_channel_id`` (None: in no voice channel), wants
        ``plan`` played. A server's party playing in that same voice channel gets the songs
        at the end of its line (:class:`Added`); one elsewhere is named in the refusal."""
        refusal = await self._may_start(who, where, voice_channel_id)
        if refusal is not None or voice_channel_id is None:
            return refusal or Refusal(texts.NOT_IN_VOICE)
        tracks = await self._tracks(where.guild_id, plan)
        if isinstance(tracks, Refusal):
            return tracks
        playing = self.running.get(where.guild_id)
        if playing is not None:
            return await self._add(playing, tracks)
        shuffled = isinstance(plan, ChallengeEntries)
        return await self._create(who, where, voice_channel_id, tracks, shuffled=shuffled)

    async def again(
        self, who: Actor, where: Place, voice_channel_id: int | None, party_id: int
    ) -> Refusal | Started | Added:
        """Listen again: a party ended by a restart starts again from the song after the one
        that was playing, in ``who``'s voice channel."""
        record = await self._repo.party(party_id)
        if record is None or record.guild_id != where.guild_id:
            return Refusal(texts.ENDED)
        ids = [generation_id for generation_id, _ in record.line[record.position + 1 :]]
        shown = await self._repo.songs.by_ids(where.guild_id, ids)
        tracks = [Track(shown[g], v) for g, v in record.line[record.position + 1 :] if g in shown]
        refusal = await self._may_start(who, where, voice_channel_id)
        if refusal is not None or voice_channel_id is None:
            return refusal or Refusal(texts.NOT_IN_VOICE)
        if not tracks:
            return Refusal(texts.NOTHING_AFTER)
        playing = self.running.get(where.guild_id)
        if playing is not None:
            return await self._add(playing, tracks)
        return await self._create(who, where, voice_channel_id, tracks, shuffled=False)

    async def _may_start(
        self, who: Actor, where: Place, voice_channel_id: int | None
    ) -> Refusal | None:
        if await self._repo.is_blocked(where.guild_id, who.member_id):
            return Refusal(texts.BLOCKED)
        policy = await self._moderation.policy(where.guild_id)
        if not allows_channel(policy, where.channel_id):
            places = ", ".join(f"<#{c}>" for c in sorted(policy.allowed_channels))
            return Refusal(Said(texts.CHANNEL, channels=places))
        if voice_channel_id is None:
            return Refusal(texts.NOT_IN_VOICE)
        playing = self.running.get(where.guild_id) or await self._repo.playing(where.guild_id)
        if playing is not None and playing.voice_channel_id != voice_channel_id:
            return Refusal(Said(texts.ELSEWHERE, channel=f"<#{playing.voice_channel_id}>"))
        return None

    async def _tracks(self, guild_id: int, plan: Plan) -> list[Track] | Refusal:
        songs = self._repo.songs
        if isinstance(plan, OneSong):
            song = await songs.by_job(guild_id, plan.job_id.strip())
            if song is None:
                return Refusal(texts.NO_SONG)
            if plan.version not in song.audio_urls:
                return Refusal(Said(texts.NO_VERSION, version=plan.version))
            return [Track(song, plan.version)]
        if isinstance(plan, SessionSongs):
            found, empty = await songs.of_session(guild_id, plan.session_id), texts.NO_SESSION_SONGS
        elif isinstance(plan, ChallengeEntries):
            found, empty = await songs.of_challenge(guild_id, plan.challenge_id), texts.NO_ENTRIES
        else:
            found, empty = await songs.recent(guild_id, plan.songs), texts.NO_RECENT
        tracks = [Track(song) for song in found if song.audio_urls]
        if not tracks:
            return Refusal(empty)
        if isinstance(plan, ChallengeEntries):
            self._shuffle(tracks)
        return tracks

    async def _create(
        self,
        who: Actor,
        where: Place,
        voice_channel_id: int,
        tracks: list[Track],
        *,
        shuffled: bool,
    ) -> Refusal | Started:
        line = tracks[:MAX_LINE]
        new = NewParty(where.guild_id, voice_channel_id, where.channel_id, who.member_id,
                       who.name, _stored(line), where.locale, self._clock())  # fmt: skip
        party_id = await self._repo.create(new)
        if party_id is None:  # another process (or a press a moment ago) started one
            record = await self._repo.playing(where.guild_id)
            channel = f"<#{record.voice_channel_id}>" if record else "another channel"
            return Refusal(Said(texts.ELSEWHERE, channel=channel))
        party = Party(party_id, where.guild_id, voice_channel_id, where.channel_id,
                      who.member_id, who.name, where.locale, line, shuffled=shuffled)  # fmt: skip
        self.running[where.guild_id] = party
        return Started(party)

    # --- while it plays ------------------------------------------------------------------

    async def add(
        self,
        who: Actor,
        guild_id: int,
        party_id: int,
        voice_channel_id: int | None,
        *,
        wanted: str,
        version: int,
    ) -> Refusal | Added:
        """The Queue form: a song by job id (or name) at the end of the party's line."""
        party = self._party(guild_id, party_id)
        refusal = self.may_control(who, party, voice_channel_id)
        if refusal is not None or party is None:
            return refusal or Refusal(texts.ENDED)
        if await self._repo.is_blocked(guild_id, who.member_id):
            return Refusal(texts.BLOCKED)
        if version not in {1, 2}:
            return Refusal(texts.BAD_VERSION)
        songs = self._repo.songs
        song = await songs.by_job(guild_id, wanted.strip()) or await songs.by_name(
            guild_id, " ".join(wanted.split())
        )
        if song is None:
            return Refusal(texts.NO_SONG)
        if version not in song.audio_urls:
            return Refusal(Said(texts.NO_VERSION, version=version))
        return await self._add(party, [Track(song, version)])

    async def _add(self, party: Party, tracks: Sequence[Track]) -> Refusal | Added:
        room = MAX_LINE - len(party.line)
        if room <= 0:
            return Refusal(texts.FULL)
        added = tuple(tracks[:room])
        party.line.extend(added)
        await self._repo.moved_on(party.id, _stored(party.line), party.position)
        return Added(party, added)

    def may_control(
        self, who: Actor, party: Party | None, voice_channel_id: int | None
    ) -> Refusal | None:
        """The starter, members in the party's voice channel and moderators may; nobody may
        once it ended."""
        if party is None or party.ended:
            return Refusal(texts.ENDED)
        if who.member_id == party.starter_id or who.moderator:
            return None
        if voice_channel_id is not None and voice_channel_id == party.voice_channel_id:
            return None
        return Refusal(texts.NOT_YOURS)

    async def control(
        self,
        who: Actor,
        guild_id: int,
        party_id: int,
        voice_channel_id: int | None,
        control: Control,
    ) -> Refusal | Controlled:
        """A control pressed: whether it may act, and what it changes (paused, stopped by
        whom); the front end then does it to the voice connection."""
        party = self._party(guild_id, party_id)
        refusal = self.may_control(who, party, voice_channel_id)
        if refusal is not None or party is None:
            return refusal or Refusal(texts.ENDED)
        if control is Control.PAUSE:
            party.paused = not party.paused
        elif control is Control.STOP:
            party.ending, party.ended_by = Ending.STOPPED, who.name
        return Controlled(party, control)

    def _party(self, guild_id: int, party_id: int) -> Party | None:
        party = self.running.get(guild_id)
        return party if party is not None and party.id == party_id else None

    async def next_song(self, party: Party, *, first: bool = False) -> Track | None:
        """The song to play now: the first (``first``) or the one after; a song hidden or
        deleted meanwhile is passed over. None: the line is over."""
        position = party.position if first else party.position + 1
        while position < len(party.line):
            track = party.line[position]
            shown = await self._repo.songs.by_ids(party.guild_id, [track.song.generation_id])
            if shown:
                break
            position += 1
        party.position, party.paused = position, False
        await self._repo.moved_on(party.id, _stored(party.line), min(position, len(party.line)))
        if position >= len(party.line):
            return None
        party.song_started_at = self._clock()
        return party.line[position]

    async def posted(self, party: Party) -> None:
        """Its now-playing message is ``party.message_id``."""
        if party.message_id is not None:
            await self._repo.posted(party.id, party.message_id)

    def now(self) -> float:
        return self._clock()

    async def end(self, party: Party, ending: Ending, by: str | None = None) -> None:
        """The party is over; the first reason given is how (a Stop keeps who pressed it)."""
        party.ending, party.ended_by = party.ending or ending, party.ended_by or by
        if self.running.get(party.guild_id) is party:
            del self.running[party.guild_id]
        self.alone.forget(party.guild_id)
        await self._repo.end(party.id, party.ending or ending, party.ended_by, self._clock())

    async def left_over(self, guild_id: int) -> PartyRecord | None:
        """At start: the server's party the store says is playing though no process here
        plays it (its process stopped): ended as a restart, returned for its message."""
        if guild_id in self.running:
            return None
        record = await self._repo.playing(guild_id)
        if record is None:
            return None
        ended = await self._repo.end(record.id, Ending.RESTART, None, self._clock())
        return record if ended else None

    async def as_ended(self, record: PartyRecord) -> Party:
        """A stored party that ended, as its message shows it (its songs still shown)."""
        ids = [generation_id for generation_id, _ in record.line]
        shown = await self._repo.songs.by_ids(record.guild_id, ids)
        line = [Track(shown[g], v) for g, v in record.line if g in shown]
        before = sum(1 for g, _ in record.line[: record.position] if g in shown)
        return Party(record.id, record.guild_id, record.voice_channel_id, record.channel_id,
                     record.starter_id, record.starter_name, record.locale, line,
                     position=before, message_id=record.message_id,
                     ending=Ending(record.ending or Ending.RESTART),
                     ended_by=record.ended_by)  # fmt: skip


def _stored(line: Sequence[Track]) -> tuple[tuple[int, int], ...]:
    return tuple((track.song.generation_id, track.version) for track in line)
