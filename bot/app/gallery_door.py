"""The web gallery as the bot's messages see it: a server's address there while its gallery
is on (for /help and a finished song), and the gallery's own rule for hiding a song from it
(for the button in Discord). Present only when ``WEB_PUBLIC_URL`` is set."""

from __future__ import annotations

from bot.core.acting import Actor
from bot.core.settings import Settings
from bot.features.gallery import Access, Gallery, Viewer
from bot.soundverse.media import MediaPolicy
from bot.store import Database
from bot.store.gallery import GalleryRepository


class GalleryDoor:
    def __init__(self, gallery: Gallery, public_url: str) -> None:
        self._gallery = gallery
        self._public_url = public_url.rstrip("/")

    @classmethod
    def of(cls, settings: Settings, database: Database) -> GalleryDoor | None:
        if not settings.web_public_url:
            return None
        policy = MediaPolicy.for_api(settings.soundverse_api_url, settings.media_hosts)
        return cls(Gallery(GalleryRepository(database), policy), settings.web_public_url)

    async def url(self, guild_id: int) -> str | None:
        """The server's gallery, while its visibility lets anyone see it."""
        if not await self._gallery.shows(guild_id):
            return None
        return f"{self._public_url}/servers/{guild_id}"

    async def hide(self, who: Actor, guild_id: int, job_id: str) -> bool:
        """Hide the song, if ``who`` may (its maker, or a moderator): whether it is hidden."""
        viewer = Viewer.member(who.member_id, who.name, guild_id, moderator=who.moderator)
        return await self._gallery.hide(viewer, guild_id, job_id) is Access.ALLOWED
