"""A waiting song's screen: its place, why the line is not moving, and Cancel."""

from __future__ import annotations

from bot.core.i18n import Words
from bot.features.songs.card import SongCard
from bot.features.songs.queue.gate import Pause, Why
from bot.features.songs.queue.render import Standing, queued_screen
from bot.features.songs.results.row import Action


def test_the_place_the_estimate_and_cancel() -> None:
    screen = queued_screen(SongCard("Ana", "rain", song_id=7), Standing(3, 7, 70.0, None))
    [field] = screen.embeds[0].fields
    assert field.value == "⏳ Queued: position 3 of 7, about 2 min"
    assert screen.buttons is not None
    assert screen.buttons.actions == (Action.CANCEL,)
    assert screen.waiting


def test_in_the_servers_words_with_the_reason_it_waits() -> None:
    slow_down = "Soundverse asked songbot to slow down; the queue tries again {when}."
    french = Words(
        "fr",
        {
            "⏳ Queued: position {position} of {total}": (
                "⏳ En attente : place {position} sur {total}"
            ),
            "about {minutes} min": "environ {minutes} min",
            slow_down: "Soundverse demande de ralentir ; nouvel essai {when}.",
            "Queue": "File",
            "Waiting for its turn…": "En attente de son tour…",
        },
    )
    card = SongCard("Ana", "rain", song_id=7, words=french)
    screen = queued_screen(card, Standing(3, 7, 70.0, Pause(Why.RATE_LIMITED, until=1060.0)))
    embed = screen.embeds[0]
    assert embed.title == "En attente de son tour…"
    [field] = embed.fields
    assert field.name == "File"
    assert field.value == (
        "⏳ En attente : place 3 sur 7, environ 2 min\n"
        "Soundverse demande de ralentir ; nouvel essai <t:1060:R>."
    )
    assert screen.buttons is not None
    assert screen.buttons.words == french
