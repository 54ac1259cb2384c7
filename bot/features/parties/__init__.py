"""Listening parties: the server hears its songs together, in a voice channel.

Use cases (plain values, no ``discord`` import; a contract in ``pyproject.toml`` checks it):

- ``plans.py``: what a party plays (:class:`OneSong`, :class:`SessionSongs`,
  :class:`ChallengeEntries`, :class:`Radio`), its line (:class:`Track`) and the
  :class:`Party` as this process plays it, with how it ended (:class:`Ending`);
- ``service.py``: :class:`Parties`, the one place a party starts
  (``start(who, where, voice_channel_id, plan) -> Refusal | Started | Added``: the channel
  rule, blocks, one party per server, the songs still shown), is controlled (who may: its
  starter, members in its voice channel, moderators), grows (the Queue form), moves on and
  ends, and is found ended by a restart;
- ``alone.py``: the minute alone, on an injected clock; ``outcomes.py``, ``texts.py``.

Audio: ``opus.py`` (a version decoded and encoded once to 20 ms Opus frames with PyAV),
``cache.py`` (those frames fetched only through the guarded media fetcher, in a bounded LRU
every party shares), ``source.py`` (a discord.py audio source serving them as they are).
"""

from bot.features.parties.outcomes import Added, Control, Controlled, Started
from bot.features.parties.plans import (
    ChallengeEntries,
    Ending,
    OneSong,
    Party,
    Plan,
    Radio,
    SessionSongs,
    Track,
)
from bot.features.parties.service import Parties

__all__ = [
    "Added",
    "ChallengeEntries",
    "Control",
    "Controlled",
    "Ending",
    "OneSong",
    "Parties",
    "Party",
    "Plan",
    "Radio",
    "SessionSongs",
    "Started",
    "Track",
]
