"""What the session tests do, step by step: open a session, add lines, read the sheet and
the answers, make the song."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.app.bot import SongBot
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import Clock, answer, answer_now
from tests.standin.discord.server import DiscordStandIn, Interaction

EPHEMERAL = 64


@dataclass
class Jam:
    bot: SongBot
    discord: DiscordStandIn
    simulator: RunningSimulator
    clock: Clock
    settings: Any

    @property
    def host(self) -> dict[str, Any]:
        return self.discord.owner


async def open_session(
    j: Jam, mode: str = "open", roles: list[str] | None = None, **options: Any
) -> dict[str, Any]:
    """Start a session as the host; the sheet, once its thread exists."""
    start = await j.discord.slash("jam", {"title": "Harbour", "style": "sea shanty",
                                          "mode": mode, **options},
                                  group="start", user=j.host, roles=roles)  # fmt: skip
    sheet: dict[str, Any] = await j.discord.wait_for(lambda: j.discord.original(start))
    await j.discord.wait_for(lambda: any("started" in m["content"] for m in in_thread(j, sheet)))
    return sheet


def sheet_text(j: Jam, sheet: dict[str, Any]) -> str:
    return json.dumps(j.discord.messages[sheet["id"]]["embeds"], ensure_ascii=False)


async def add(
    j: Jam, sheet: dict[str, Any], user: dict[str, Any], lines: str, section: str = "verse-1"
) -> dict[str, Any]:
    """Press Add lines, fill the form in, submit: the bot's answer to the form."""
    click = await j.discord.click(sheet, "Add lines", user=user)
    opened = await j.discord.wait_for(lambda: click.modal or answer_now(j.discord, click))
    if not isinstance(opened, dict) or "custom_id" not in opened:
        return opened  # refused before the form
    submit = await j.discord.submit_modal(click, {"section": [section], "lines": lines})
    return await answered(j, submit)


async def answered(j: Jam, interaction: Interaction) -> dict[str, Any]:
    return await answer(j.discord, interaction)


async def shows(j: Jam, sheet: dict[str, Any], text: str) -> None:
    await j.discord.wait_for(lambda: text in sheet_text(j, sheet))


def in_thread(j: Jam, sheet: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in j.discord.messages.values() if m["channel_id"] == sheet["id"]]


async def session_id(j: Jam, sheet: dict[str, Any]) -> int:
    [session] = [
        s for s in await j.bot.resources.jams.live_sessions() if s.sheet_id == int(sheet["id"])
    ]
    return session.id


async def make_the_song(j: Jam, sheet: dict[str, Any]) -> dict[str, Any]:
    """The host presses Make the song and submits the form as it is: the finished song."""
    click = await j.discord.click(sheet, "Make the song", user=j.host)
    await j.discord.wait_for(lambda: click.modal)
    await answered(j, await j.discord.submit_modal(click, {}, user=j.host))

    def done() -> dict[str, Any] | None:
        found = [m for m in in_thread(j, sheet)
                 if "✅ Done" in json.dumps(m["embeds"], ensure_ascii=False)]  # fmt: skip
        return found[0] if found else None

    song: dict[str, Any] = await j.discord.wait_for(done, limit=30)
    await j.bot.songs.wait_idle()
    return song
