"""An entry's post as it is drawn: attached files named, those not attached as links saying
why (as the song's own message does)."""

from __future__ import annotations

from bot.features.challenges.render import entry_embed
from bot.features.songs import Delivery
from bot.store.challenges import Challenge, Entry, FinishedSong

CHALLENGE = Challenge(1, 10, 20, 30, 40, 1, "Mod", "rain", None, 1, 0.0, 1.0, 2.0, "entries",
                      "entries", None, None, None, 0, None)  # fmt: skip
ENTRY = Entry(5, 1, 7, "Ana", 9, "Rain", None, 0.5, None)
SONG = FinishedSong(9, 7, "Ana", "Rain", 20, 50, 0.5, None,
                    ("https://files.example/1.mp3", "https://files.example/2.mp3"),
                    "https://files.example/cover.png")  # fmt: skip


def test_attached_files_are_shown_as_players_and_the_cover_as_the_image() -> None:
    delivery = Delivery(cover_file="rain-cover.png", audio_files={1: "v1.mp3", 2: "v2.mp3"})
    embed = entry_embed(CHALLENGE, 1, ENTRY, SONG, delivery=delivery)
    assert embed.image.url == "attachment://rain-cover.png"
    assert "Version 2: player 2 above" in (embed.description or "")


def test_a_file_not_attached_is_its_link_with_the_reason() -> None:
    delivery = Delivery(
        cover_problem="not attached: the file is not audio or an image",
        audio_files={2: "v2.mp3"},
        unattached={1: "too large to attach here"},
    )
    text = entry_embed(CHALLENGE, 1, ENTRY, SONG, delivery=delivery).description or ""
    assert "(https://files.example/1.mp3) (too large to attach here)" in text
    assert "Version 2: player 1 above" in text
    assert "(https://files.example/cover.png) (not attached: the file is not audio" in text


def test_without_a_download_the_cover_is_shown_from_its_address() -> None:
    embed = entry_embed(CHALLENGE, 1, ENTRY, SONG)
    assert embed.image.url == "https://files.example/cover.png"
