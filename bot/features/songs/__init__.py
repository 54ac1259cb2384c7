"""The /song feature's logic: checking inputs, following a job, rendering and delivering it.

Discord types appear here only at the edges (``live.py`` and ``delivery.py``); the checks,
the texts and the render functions are pure.

This module is the feature's public face: other features (a /jam session making its song)
use what it names here and nothing else of the package.
"""

from bot.features.songs.history import message_link
from bot.features.songs.inputs import InputProblem, SongInputs, build_request
from bot.features.songs.pacing import EditPacer
from bot.features.songs.render import SongCard
from bot.features.songs.service import SongService

__all__ = [
    "EditPacer",
    "InputProblem",
    "SongCard",
    "SongInputs",
    "SongService",
    "build_request",
    "message_link",
]
