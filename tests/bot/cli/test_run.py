"""``songbot run`` and ``sync-commands`` refuse to start without their settings, saying every
missing one at once."""

from __future__ import annotations

import pytest

from tests.bot.cli.conftest import Songbot, clean_env
from tests.conftest import TEST_KEY


@pytest.mark.parametrize("command", ["run", "sync-commands"])
async def test_every_missing_setting_at_once(songbot: Songbot, command: str) -> None:
    result = await songbot(command, env=clean_env())
    assert result.code == 2
    assert result.err == (
        "songbot: DISCORD_TOKEN is not set: put your Discord bot token in the environment or "
        "in .env.\n"
        "songbot: SOUNDVERSE_API_KEY is not set: put your Soundverse API key in the environment "
        "or in .env.\n"
    )


async def test_run_needs_a_discord_token(songbot: Songbot) -> None:
    result = await songbot("run", env=clean_env(SOUNDVERSE_API_KEY=TEST_KEY))
    assert result.code == 2
    assert result.err.startswith("songbot: DISCORD_TOKEN is not set")
    assert len(result.err.splitlines()) == 1
