"""What the challenge tests do, step by step: start one, enter, vote, read the answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app.bot import SongBot
from tests.bot.store.challenge_rows import finished_song
from tests.e2e.helpers import Clock, answer, handled
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn, Interaction


@dataclass
class Contest:
    bot: SongBot
    discord: DiscordStandIn
    clock: Clock

    def veteran(self, name: str) -> dict[str, Any]:
        """A member who joined the server a month ago."""
        joined = datetime.now(UTC) - timedelta(days=30)
        return self.discord.new_member(name, joined_at=joined.isoformat())


async def start(c: Contest, **options: Any) -> dict[str, Any]:
    """A moderator starts a challenge: its announcement, once its thread exists."""
    slash = await c.discord.slash("challenge", {"theme": "rain", **options}, group="start",
                                  user=c.discord.owner, permissions=p.ALL_PERMISSIONS)  # fmt: skip
    announcement: dict[str, Any] = await c.discord.wait_for(lambda: c.discord.original(slash))
    await c.discord.wait_for(lambda: announcement["id"] in c.discord.world.threads)
    return announcement


async def answered(c: Contest, interaction: Interaction) -> dict[str, Any]:
    return await answer(c.discord, interaction)


async def enter(c: Contest, announcement: dict[str, Any], user: dict[str, Any],
                name: str) -> dict[str, Any]:  # fmt: skip
    """The member has a finished song, presses Enter and picks it: the bot's last answer."""
    challenge = await c.bot.resources.challenges.latest(int(c.discord.world.guild_id))
    assert challenge is not None
    song = await finished_song(c.bot.resources.database, challenge.guild_id, int(user["id"]),
                               name, c.clock())  # fmt: skip
    click = await c.discord.click(announcement, "Enter", user=user)
    offered = await answered(c, click)
    if "components" not in offered or not offered["components"]:
        return offered
    menu = await c.discord.wait_for(lambda: c.discord.original(click))
    pick = await c.discord.choose(menu, "songbot:challenge-pick:", [str(song)], user=user)
    return await answered(c, pick)


def in_thread(c: Contest, announcement: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in c.discord.messages.values() if m["channel_id"] == announcement["id"]]


def entry_message(c: Contest, announcement: dict[str, Any], song: str) -> dict[str, Any] | None:
    for message in in_thread(c, announcement):
        if song in json.dumps(message.get("embeds"), ensure_ascii=False):
            return message
    return None


async def voting_opens(c: Contest, announcement: dict[str, Any], song: str) -> dict[str, Any]:
    """An hour passes (the entries' deadline in these tests) and the clock acts on it: the
    entry of ``song``, once it has its Vote button. The entries' posts are made and recorded
    first: an hour does not pass while one is on its way (its claim would run out)."""
    await handled()
    c.clock.offset += 3601
    await c.bot.challenges.deadlines.tick()
    entry: dict[str, Any] = await c.discord.wait_for(lambda: votable(c, announcement, song))
    return entry


def votable(c: Contest, announcement: dict[str, Any], song: str) -> dict[str, Any] | None:
    """The entry of ``song`` once it has its Vote button."""
    message = entry_message(c, announcement, song)
    return message if message is not None and "Vote" in buttons(message) else None


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A message's buttons: label → custom id."""
    return {b["label"]: b["custom_id"] for row in message.get("components", [])
            for b in row["components"]}  # fmt: skip
