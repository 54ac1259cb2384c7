"""What the parties' use cases return besides a :class:`~bot.core.acting.Refusal`."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.features.parties.plans import Party, Track


@dataclass(frozen=True, slots=True)
class Started:
    """A party was started: the front end joins ``party.voice_channel_id``, posts the
    now-playing message and plays the line."""

    party: Party


@dataclass(frozen=True, slots=True)
class Added:
    """Songs were added at the end of a playing party's line."""

    party: Party
    tracks: tuple[Track, ...]


class Control(enum.StrEnum):
    """A party's controls (each word is in its button's custom id: never rename one)."""

    PAUSE = "pause"  # pause, or resume a paused party
    SKIP = "skip"
    STOP = "stop"
    QUEUE = "queue"  # add a song (opens a form)
    AGAIN = "again"  # Listen again, on a party ended by a restart


@dataclass(frozen=True, slots=True)
class Controlled:
    """A control may act: the front end does it to the voice connection."""

    party: Party
    control: Control
