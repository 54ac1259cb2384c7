"""Messages posted before a change keep working: a song's buttons exactly as ``main`` posted
them before the buttons became a table (the custom ids written out by hand here, not built by
today's code) still reach what they did."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.helpers import EPHEMERAL, Harness, a_song, admin, buttons, made, reply


def posted_by_main(song_id: int) -> list[dict[str, Any]]:
    """The row under a finished song as main posted it (its custom ids are the contract)."""
    looks = [
        ("🔁", "Regenerate", 1, "regenerate"),
        ("🎛️", "Remix", 2, "remix"),
        ("📝", "Lyrics", 2, "lyrics"),
        ("🎶", "Jam", 2, "jam"),
        ("🗑️", "Delete", 4, "delete"),
    ]
    return [
        {
            "type": 1,
            "components": [
                {
                    "type": 2,
                    "style": style,
                    "label": label,
                    "emoji": {"name": emoji},
                    "custom_id": f"songbot:{word}:{song_id}",
                }
                for emoji, label, style, word in looks
            ],
        }
    ]


async def test_buttons_posted_before_the_table_still_work(harness: Harness) -> None:
    h = harness
    message = await a_song(h, lyrics="la la la")
    song_id = int(buttons(message)[0]["custom_id"].rsplit(":", 1)[1])
    h.discord.world.message(message["id"])["components"] = posted_by_main(song_id)

    lyrics = await reply(h, await h.discord.click(message, "Lyrics"))
    assert lyrics["flags"] & EPHEMERAL
    assert "la la la" in lyrics["embeds"][0]["description"]

    ask = await h.discord.click(message, "Delete")
    confirm = await h.discord.wait_for(lambda: h.discord.original(ask))
    assert [b["custom_id"] for b in buttons(confirm)] == [
        f"songbot:confirm-delete:{song_id}",
        f"songbot:keep:{song_id}",
    ]

    again = await made(h, await h.discord.click(message, "Regenerate", user=h.discord.owner))
    assert "🔁 Regenerated from" in again["embeds"][0]["description"]


async def test_a_waiting_songs_cancel_button_as_main_posted_it(harness: Harness) -> None:
    h = harness
    await admin(h, "queue", paused=True)  # nothing starts: the song waits with its Cancel
    waiting = await h.discord.slash("song", {"prompt": "later"})
    message = await h.discord.wait_for(
        lambda: (m := h.discord.original(waiting)) and buttons(m) and m
    )
    [cancel] = buttons(message)
    song_id = int(cancel["custom_id"].rsplit(":", 1)[1])
    h.discord.world.message(message["id"])["components"] = [
        {
            "type": 1,
            "components": [
                {
                    "type": 2,
                    "style": 2,
                    "label": "Cancel",
                    "emoji": {"name": "✖️"},
                    "custom_id": f"songbot:cancel:{song_id}",
                }
            ],
        }
    ]
    answer = await reply(h, await h.discord.click(message, "Cancel"))
    assert answer["flags"] & EPHEMERAL
    assert answer["content"].startswith("Cancelled")
    await h.discord.wait_for(
        lambda: "cancelled this song" in json.dumps(h.discord.world.message(message["id"]))
    )
