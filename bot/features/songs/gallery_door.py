"""The web gallery, as the songs feature sees it (the app gives one when ``WEB_PUBLIC_URL``
is set): a server's address there while it is on, and hiding a song from it by the gallery's
own rule (its maker, or a moderator)."""

from __future__ import annotations

from typing import Protocol

from bot.core.acting import Actor


class GalleryDoor(Protocol):
    async def url(self, guild_id: int) -> str | None:
        """The server's gallery, or None while it is off."""
        ...

    async def hide(self, who: Actor, guild_id: int, job_id: str) -> bool:
        """Hide the song from the gallery if ``who`` may: whether it is hidden now."""
        ...
