"""What a moderator's use case gives back, whichever module of the feature it is in."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.acting import Refusal

MODERATORS_ONLY = Refusal("Only moderators (Manage Server) can change this server's song settings.")


@dataclass(frozen=True, slots=True)
class Changed:
    """What a moderator's action did, in a sentence for them (English)."""

    summary: str
