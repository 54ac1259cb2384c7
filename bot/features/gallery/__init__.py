"""The web gallery's use cases: a server's songs, sessions and members, as its visibility
allows; hiding a song from it; the moderators' visibility setting."""

from bot.features.gallery.access import Access, Seat, Viewer, Visibility
from bot.features.gallery.service import Gallery

__all__ = ["Access", "Gallery", "Seat", "Viewer", "Visibility"]
