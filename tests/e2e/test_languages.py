"""Public messages in the server's language: a song's live message and its buttons, a lyric
session's sheet, also after a restart. The bot ships English; a French catalog shows the
mechanism (Discord tells the bot a server's language as its ``preferred_locale``)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from bot.app.bot import SongBot
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import bot_settings, fields, start_bot, stop_bot
from tests.standin.discord.server import DiscordStandIn, Interaction

FRENCH = {
    "Making your song…": "Votre chanson se prépare…",
    "Requested by {member}": "Demandée par {member}",
    "Progress": "Avancement",
    "Accepted": "Acceptée",
    "Status": "Statut",
    "✅ Done": "✅ Terminée",
    "Version {number}": "Version {number}",
    "Duration": "Durée",
    "Listen": "Écouter",
    "Lyrics": "Paroles",
    "Regenerate": "Régénérer",
    "Delete": "Supprimer",
    "Add lines": "Ajouter des vers",
    "Next": "Ensuite",
    "Session {id} · {count} lines": "Session {id} · {count} vers",
}


def shows(standin: DiscordStandIn, interaction: Interaction, text: str) -> Callable[[], Any]:
    def check() -> Any:
        message = standin.original(interaction)
        return message if message and text in json.dumps(message, ensure_ascii=False) else None

    return check


def labels(message: dict[str, Any]) -> list[str]:
    return [b["label"] for row in message.get("components", []) for b in row["components"]]


@contextlib.asynccontextmanager
async def bot_with(
    standin: DiscordStandIn,
    simulator: RunningSimulator,
    data: Path,
    catalog: dict[str, str],
    *,
    server: str | None = None,
) -> AsyncIterator[SongBot]:
    """The bot with a French catalog, on a server whose language is ``server`` (if set)."""
    if server is not None:
        standin.world.guild_locales[standin.guild_id] = server
    settings = bot_settings(standin, simulator, data)
    bot, task, resources = await start_bot(settings, standin, catalogs={"fr": catalog})
    try:
        yield bot
    finally:
        await stop_bot(bot, task, resources)


async def test_a_french_server_reads_its_song_in_french_whoever_asks(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    async with bot_with(discord_standin, simulator, tmp_path, FRENCH, server="fr") as bot:
        asked = await discord_standin.slash("song", {"prompt": "la mer"})  # an en-US member
        message = await discord_standin.wait_for(shows(discord_standin, asked, "Supprimer"))
        await bot.songs.wait_idle()
        main, version, *_ = message["embeds"]
        assert main["author"]["name"] == "Demandée par member"
        assert fields(main)["Statut"] == "✅ Terminée"
        assert version["title"] == "Version 1"
        assert set(fields(version)) >= {"Durée", "Écouter", "BPM"}  # BPM: not in the catalog
        assert labels(message)[0] == "Régénérer"
        assert "Jam" in labels(message)  # a label the catalog lacks stays English
        progress = [c.json for c in discord_standin.calls if c.json and "Avancement" in str(c.json)]
        assert progress  # the stages were shown in French too


async def test_an_english_server_stays_english_for_a_french_member(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    async with bot_with(discord_standin, simulator, tmp_path, FRENCH) as bot:
        asked = await discord_standin.slash("song", {"prompt": "the sea"}, locale="fr")
        message = await discord_standin.wait_for(shows(discord_standin, asked, "✅ Done"))
        await bot.songs.wait_idle()
        assert message["embeds"][0]["author"]["name"] == "Requested by member"
        assert labels(message)[0] == "Regenerate"


async def test_a_song_picked_up_after_a_restart_goes_on_in_its_language(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    """After a restart the bot follows its songs before the gateway has told it the servers'
    languages: the song's own, recorded when it was asked for, is used."""
    discord_standin.world.guild_locales[discord_standin.guild_id] = "fr"
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, catalogs={"fr": FRENCH})
    simulator.simulator.release.clear()  # the job stays at the API over the restart
    try:
        asked = await discord_standin.slash("song", {"prompt": "la mer"})
        await discord_standin.wait_for(lambda: simulator.simulator.jobs)
        await discord_standin.wait_for(shows(discord_standin, asked, "Acceptée"))
        await stop_bot(bot, task, resources)

        bot, task, resources = await start_bot(settings, discord_standin, catalogs={"fr": FRENCH})
        simulator.simulator.release.set()
        message = await discord_standin.wait_for(
            shows(discord_standin, asked, "✅ Terminée"), limit=30
        )
        await bot.songs.wait_idle()
        assert labels(message)[0] == "Régénérer"
        assert len(simulator.simulator.jobs) == 1
    finally:
        simulator.simulator.release.set()
        await stop_bot(bot, task, resources)


async def test_a_french_servers_lyric_sheet_is_in_french(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    async with bot_with(discord_standin, simulator, tmp_path, FRENCH, server="fr"):
        opened = await discord_standin.slash("jam", {"title": "Mer"}, group="start")
        sheet = await discord_standin.wait_for(lambda: discord_standin.original(opened))
        embed = sheet["embeds"][0]
        assert "Ensuite" in fields(embed)
        assert embed["footer"]["text"].endswith(" · 0 vers")
        assert labels(sheet)[0] == "Ajouter des vers"


async def test_private_answers_are_in_the_members_language(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    """What only the member sees follows their own Discord language, whatever the server's."""
    catalog = {"Commands": "Commandes", "No daily limit": "Pas de limite par jour"}
    async with bot_with(discord_standin, simulator, tmp_path, catalog):
        french = await discord_standin.slash("help", locale="fr")
        english = await discord_standin.slash("help")
        in_french = await discord_standin.wait_for(lambda: discord_standin.original(french))
        in_english = await discord_standin.wait_for(lambda: discord_standin.original(english))
        assert "Commandes" in fields(in_french["embeds"][0])
        assert "Pas de limite par jour" in fields(in_french["embeds"][0])["Your limits here"]
        assert "Commands" in fields(in_english["embeds"][0])


async def test_a_refusal_with_figures_in_it_is_translated_whole(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    catalog = {"Give it a moment: your next song {when}.": "Un instant : prochaine chanson {when}."}
    async with bot_with(discord_standin, simulator, tmp_path, catalog) as bot:
        guild = int(discord_standin.guild_id)
        await bot.resources.moderation.set_limits(guild, 1, {"cooldown_seconds": 3600}, "test")
        first = await discord_standin.slash("song", {"prompt": "x"}, locale="fr")
        await discord_standin.wait_for(shows(discord_standin, first, "✅ Done"))
        await bot.songs.wait_idle()
        again = await discord_standin.slash("song", {"prompt": "x"}, locale="fr")
        refused = await discord_standin.wait_for(lambda: discord_standin.original(again))
        assert refused["content"].startswith("Un instant : prochaine chanson <t:")
        assert len(simulator.simulator.jobs) == 1
