"""The /song feature: use cases that take plain values and return outcomes, with Discord as an
adapter around them.

- Use cases (no ``discord`` import; the import contract in ``pyproject.toml`` names them):
  starting a song (``service.py``: :class:`SongService`), the queue's administration
  (``queue_admin.py``: cancel a waiting song, a server's new caps or pause, try the API
  now), the buttons under a song (``results/service.py``, ``results/table.py``,
  ``results/handlers.py``, ``results/outcomes.py``), and the pure checks, cards and texts.
- The Discord adapter: the responders that turn an interaction into plain values and an
  outcome into a reply (``responder.py``, ``results/responder.py``), the restart-proof
  buttons and forms (``results/buttons.py``, ``results/remix.py``, ``modal.py``), and what a
  running song's message is made of and how it is edited (``parts.py``, ``live.py``,
  ``job.py``, ``delivery.py``, ``render.py`` and the other render modules).
- Songs that outlive a process: ``resume.py`` and ``takeover.py``.

This module is the feature's public face: other features (a /jam session making its song)
use what it names here and nothing else of the package (a challenge's entry post fetches a
song's files with :class:`Downloads` and carries its :func:`lyrics_button`).
"""

from bot.features.songs.card import SongCard
from bot.features.songs.delivery import Downloads, MediaFetcher
from bot.features.songs.fetch import Download, Unattached
from bot.features.songs.history import message_link
from bot.features.songs.inputs import InputProblem, SongInputs, build_request
from bot.features.songs.pacing import EditPacer
from bot.features.songs.parts import DEFAULT_FILE_LIMIT
from bot.features.songs.render import Delivery
from bot.features.songs.responder import SongResponder
from bot.features.songs.results.buttons import lyrics_button
from bot.features.songs.results.table import buttons_help
from bot.features.songs.service import SongService

__all__ = [
    "DEFAULT_FILE_LIMIT",
    "Delivery",
    "Download",
    "Downloads",
    "EditPacer",
    "InputProblem",
    "MediaFetcher",
    "SongCard",
    "SongInputs",
    "SongResponder",
    "SongService",
    "Unattached",
    "build_request",
    "buttons_help",
    "lyrics_button",
    "message_link",
]
