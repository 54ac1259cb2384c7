"""A song as the queue holds it: what the song's owner hands in to wait in line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.features.songs.queue.order import Place, Served
from bot.features.songs.queue.render import Standing


@dataclass(eq=False, slots=True)
class Ticket:
    """A song, as the queue holds it."""

    place: Place
    show: Callable[[Standing], None]  # show its place on its message
    start: Callable[[], None]  # its turn: send it to the API
    tries: int = 0  # how often it was sent to the API
    turn: Served | None = None  # its start, taken back if the API sends it back
