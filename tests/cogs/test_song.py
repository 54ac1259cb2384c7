"""/song end to end: the real bot, the Discord stand-in and the Soundverse simulator."""

from __future__ import annotations

from typing import Any

from tests.cogs.conftest import Harness
from tests.standin.discord.server import Interaction


def final_message(h: Harness, interaction: Interaction) -> Any:
    def done() -> Any:
        message = h.discord.original(interaction)
        if message and message["embeds"] and "Done" in str(message["embeds"][0]):
            return message
        return None

    return done


async def test_happy_path(harness: Harness) -> None:
    h = harness
    interaction = await h.discord.slash("song", {"prompt": "a sea shanty about rain"})
    message = await h.discord.wait_for(final_message(h, interaction))
    await h.bot.songs.wait_idle()
    [job] = h.simulator.simulator.jobs.values()
    names = sorted(a["filename"] for a in message["attachments"])
    print(names, message["embeds"][0])
    assert len(names) == 3
