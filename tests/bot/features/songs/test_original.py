"""The interaction's own message, edited without building discord.py's message from Discord's
answer: the same requests as discord.py's own methods, the same errors."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest

from bot.core.replies import NO_PINGS
from bot.features.songs.original import edit_original
from bot.features.songs.results.buttons import view_for
from bot.features.songs.results.row import FINISHED, ButtonRow
from tests.standin.discord.records import Call
from tests.standin.discord.server import DiscordStandIn
from tests.standin.voice_client import ready_client

NOTHING: Any = discord.utils.MISSING


class Client(discord.Client):
    """A plain client that hands each interaction to the test."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)
        self.interactions: asyncio.Queue[discord.Interaction] = asyncio.Queue()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.interactions.put(interaction)


@pytest.fixture
async def discord_client(standin: DiscordStandIn) -> AsyncIterator[Client]:
    async with ready_client(standin, Client()) as client:
        yield client


async def interaction_from(standin: DiscordStandIn, client: Client) -> discord.Interaction:
    await standin.slash("song", {"prompt": "x"})
    return await asyncio.wait_for(client.interactions.get(), 20)


def embed(title: str) -> discord.Embed:
    return discord.Embed(title=title, description="> x").add_field(name="Progress", value="⬜")


def files() -> list[discord.File]:
    return [discord.File(io.BytesIO(b"\x89PNG cover"), filename="song-cover.png")]


def sent(standin: DiscordStandIn, first: int) -> list[tuple[str, Any, list[Any]]]:
    """What each request since call ``first`` sent: its route, its body, its files."""
    calls: list[Call] = standin.calls[first:]
    return [(c.route, c.json, [(f.filename, f.data) for f in c.files]) for c in calls]


async def test_the_same_requests_and_ids_as_discord_pys_own_methods(
    standin: DiscordStandIn, discord_client: Client
) -> None:
    buttons = ButtonRow(42, FINISHED)
    theirs = await interaction_from(standin, discord_client)
    before = len(standin.calls)
    callback = await theirs.response.send_message(
        embeds=[embed("first")], view=view_for(None), allowed_mentions=NO_PINGS
    )
    edited = await theirs.edit_original_response(
        content=None, embeds=[embed("progress")], view=view_for(None), allowed_mentions=NO_PINGS
    )
    final = await theirs.edit_original_response(
        content=None,
        embeds=[embed("done")],
        attachments=files(),
        view=view_for(buttons),
        allowed_mentions=NO_PINGS,
    )
    their_requests = sent(standin, before)

    ours = await interaction_from(standin, discord_client)
    before = len(standin.calls)
    answered = (
        await ours.response.send_message(
            embeds=[embed("first")], view=view_for(None), allowed_mentions=NO_PINGS
        )
    ).message_id
    ids = [
        await edit_original(
            ours, content=None, embeds=[embed("progress")], view=NOTHING, allowed_mentions=NO_PINGS
        ),
        await edit_original(
            ours,
            content=None,
            embeds=[embed("done")],
            attachments=files(),
            view=view_for(buttons),
            allowed_mentions=NO_PINGS,
        ),
    ]

    assert sent(standin, before) == their_requests
    assert callback.message_id == edited.id == final.id
    assert (
        answered == ids[0] == ids[1] == int(standin.world.interactions[ours.token].original_id or 0)
    )


async def test_discord_s_refusals_are_raised_as_discord_py_raises_them(
    standin: DiscordStandIn, discord_client: Client
) -> None:
    interaction = await interaction_from(standin, discord_client)
    await interaction.response.send_message(embeds=[embed("first")], allowed_mentions=NO_PINGS)
    standin.token_lifetime = 0.0  # the token has expired
    with pytest.raises(discord.HTTPException) as ours:
        await edit_original(
            interaction, embeds=[embed("late")], view=NOTHING, allowed_mentions=NO_PINGS
        )
    with pytest.raises(discord.HTTPException) as theirs:
        await interaction.edit_original_response(embeds=[embed("late")], allowed_mentions=NO_PINGS)
    assert type(ours.value) is type(theirs.value)
    assert (ours.value.status, ours.value.code) == (theirs.value.status, theirs.value.code)
    assert ours.value.code == 50027


async def test_a_view_that_listens_is_kept_by_discord_py_as_before(
    standin: DiscordStandIn, discord_client: Client
) -> None:
    interaction = await interaction_from(standin, discord_client)
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Go", custom_id="test:go"))
    message_id = (
        await interaction.response.send_message(
            embeds=[embed("first")], view=view, allowed_mentions=NO_PINGS
        )
    ).message_id
    assert message_id is not None
    assert discord_client._connection._view_store.is_message_tracked(message_id)
    edited = discord.ui.View(timeout=None)
    edited.add_item(discord.ui.Button(label="Again", custom_id="test:again"))
    await edit_original(interaction, embeds=[embed("next")], view=edited, allowed_mentions=NO_PINGS)
    assert discord_client._connection._view_store.is_message_tracked(message_id)
    assert edited._cache_key == message_id
