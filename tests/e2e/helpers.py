"""What the end-to-end tests share: starting the real bot against the stand-ins, acting as
members, and the conditions they wait on. Test modules import from here, never each other."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from bot.app.bot import SongBot
from bot.app.runner import assembled_bot
from bot.core.settings import Settings
from bot.mock_api import Faults, RunningSimulator
from tests.conftest import TEST_KEY
from tests.standin.discord import payloads as p
from tests.standin.discord.server import Call, DiscordStandIn, Interaction

EPHEMERAL = 64  # the flag of a message only its member sees
MOD = p.ALL_PERMISSIONS
DEFERRED = 5  # the callback type of "thinking…"
# the buttons under a song
LABELS = ["Regenerate", "Remix", "Lyrics", "Jam", "Play in voice", "Delete"]


@dataclass
class Harness:
    bot: SongBot
    discord: DiscordStandIn
    simulator: RunningSimulator


# --- the bot -------------------------------------------------------------------------------


def bot_settings(
    standin: DiscordStandIn, simulator: RunningSimulator, data: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "discord_token": standin.token,
        "soundverse_api_key": TEST_KEY,
        "soundverse_api_url": simulator.url,
        "database_url": f"sqlite:///{data / 'songbot.db'}",
        "discord_api_url": standin.api_url,
        "discord_gateway_url": standin.gateway_url,
        "song_edit_interval": 0.2,
        "soundverse_retry_delays": (0.01, 0.01),
        "soundverse_idle_timeout": 2.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def start_bot(
    settings: Settings, standin: DiscordStandIn, **options: Any
) -> tuple[SongBot, asyncio.Task[None], Any]:
    resources_cm = assembled_bot(settings, api_key=TEST_KEY, guild_ready_timeout=0.05, **options)
    bot = await resources_cm.__aenter__()
    task = asyncio.create_task(bot.start(standin.token))
    await standin.wait_ready()
    await asyncio.wait_for(bot.wait_until_ready(), 20)
    return bot, task, resources_cm


async def stop_bot(bot: SongBot, task: asyncio.Task[None], resources_cm: Any) -> None:
    await bot.close()
    await task
    await resources_cm.__aexit__(None, None, None)


class Clock:
    """Time that tests move: the sessions' and challenges' deadlines follow it."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class ClockedBot:
    """The real bot with a clock the tests move; stopped and started again, it keeps its
    settings (so its database) and its clock."""

    standin: DiscordStandIn
    settings: Settings
    clock: Clock
    options: dict[str, Clock]
    bot: SongBot = dataclasses.field(init=False)
    _task: asyncio.Task[None] = dataclasses.field(init=False)
    _resources: Any = dataclasses.field(init=False)

    async def start(self) -> SongBot:
        self.bot, self._task, self._resources = await start_bot(
            self.settings, self.standin, **self.options
        )
        return self.bot

    async def stop(self) -> None:
        await stop_bot(self.bot, self._task, self._resources)


async def start_with_clock(
    standin: DiscordStandIn,
    simulator: RunningSimulator,
    data: Path,
    *,
    clock_for: Literal["jam", "challenge", "modlog"],
) -> ClockedBot:
    """The real bot whose sessions' (``jam``) or challenges' deadlines, or whose moderators'
    log's minutes (``modlog``), follow a :class:`Clock`."""
    clock = Clock()
    settings = bot_settings(standin, simulator, data)
    clocked = ClockedBot(standin, settings, clock, {f"{clock_for}_clock": clock})
    await clocked.start()
    return clocked


def check_clean_run(standin: DiscordStandIn, caplog: pytest.LogCaptureFixture) -> None:
    """What every end-to-end fixture checks after its bot stopped: no unexpected error was
    logged, and Discord never had to rate-limit the bot."""
    unexpected = [r for r in caplog.records if r.name == "songbot.errors"]
    assert not unexpected, f"unexpected errors were logged: {unexpected[0].getMessage()}"
    assert not standin.rate_limited, "the bot was rate limited by the stand-in"


def use_faults(h: Harness, spec: str) -> None:
    h.simulator.simulator.config.faults = Faults.parse(spec)


def acknowledge_at_once(h: Harness) -> None:
    """As if the bot were so busy that every reservation outlasted the time to answer."""
    h.bot.songs.config = dataclasses.replace(h.bot.songs.config, answer_within=0.0)


# --- acting as members ---------------------------------------------------------------------


async def song(h: Harness, **options: Any) -> dict[str, Any]:
    """``/song`` with ``options``, waited on until its live message is final."""
    interaction = await h.discord.slash("song", options)
    message: dict[str, Any] = await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    return message


async def made(h: Harness, interaction: Interaction) -> dict[str, Any]:
    """The finished song the interaction made (its live message), once the job is over."""
    message: dict[str, Any] = await h.discord.wait_for(finished(h, interaction), limit=30)
    await h.bot.songs.wait_idle()
    return h.discord.messages[message["id"]]


async def a_song(h: Harness, **options: Any) -> dict[str, Any]:
    """``/song`` about rain (or ``options``): its message once finished, as it is now."""
    return await made(h, await h.discord.slash("song", {"prompt": "rain", **options}))


def callback(standin: DiscordStandIn, interaction: Interaction) -> Call | None:
    """The bot's callback to an interaction, once it has come."""
    calls = standin.calls_to("POST /interactions")
    return next((call for call in calls if f"/{interaction.id}/" in call.path), None)


# When the bot's work takes long (a busy machine) it acknowledges an interaction first with
# "songbot is thinking…" (callback type 5, which says nothing yet); the answer comes later, as
# an edit of that response or, for a private one, a follow-up. Tests read answers the way a
# member's client does, so a slow answer is no failure.


def answer_call(standin: DiscordStandIn, interaction: Interaction) -> Call | None:
    """The request that carried the answer (with its files), once there is one: the callback,
    or, after "thinking…", the edit of the original response or the first follow-up."""
    first = callback(standin, interaction)
    if first is None or first.status != 200 or first.json["type"] != DEFERRED:
        return first if first is not None and first.status == 200 else None
    later = (
        c for c in standin.calls
        if c.status == 200 and f"/{interaction.token}" in c.path
        and (c.route.startswith("POST /webhooks")
             or (c.method == "PATCH" and c.path.endswith("/@original")))
    )  # fmt: skip
    return next(later, None)


def answer_now(standin: DiscordStandIn, interaction: Interaction) -> dict[str, Any] | None:
    """The answer as the member sees it (a message's data), or ``None`` while there is none."""
    call = answer_call(standin, interaction)
    if call is None:
        return None
    if call.route.startswith("POST /interactions"):
        data: dict[str, Any] = call.json["data"]
        return data
    if call.method == "PATCH":  # "thinking…" edited: the message keeps the deferral's flags
        return standin.original(interaction) or call.json
    followups = standin.followups(interaction)
    return followups[0] if followups else call.json


def answer_to(standin: DiscordStandIn, interaction: Interaction) -> Callable[[], Any]:
    """A condition for ``standin.wait_for``: the answer once there is one."""
    return lambda: answer_now(standin, interaction)


async def answer(
    standin: DiscordStandIn, interaction: Interaction, limit: float = 20.0
) -> dict[str, Any]:
    """The bot's answer to an interaction as the member sees it, waited for."""
    data: dict[str, Any] = await standin.wait_for(answer_to(standin, interaction), limit=limit)
    return data


# The tasks discord.py runs the bot's handlers in, by the names it gives them (a view's
# timeout task, which lives on, is not among them).
_HANDLERS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-dynamic-item-",
    "discord-ui-modal-dispatch-",
)


async def handled() -> None:
    """Every interaction the bot has been sent so far is handled to its end: what it does
    after its answer (a post, a record of it) included. A member sees the answer first; a
    test that moves the clock or acts on what the bot has yet to record waits for this."""
    while pending := [
        task
        for task in asyncio.all_tasks()
        if not task.done() and task.get_name().startswith(_HANDLERS)
    ]:
        await asyncio.wait(pending)


async def reply(h: Harness, interaction: Interaction) -> dict[str, Any]:
    return await answer(h.discord, interaction)


async def admin(h: Harness, sub: str, permissions: int = MOD, **options: Any) -> dict[str, Any]:
    """``/songadmin sub`` as the server's owner; the bot's answer."""
    interaction = await h.discord.slash(
        "songadmin", options, group=sub, permissions=permissions, user=h.discord.owner
    )
    return await reply(h, interaction)


# --- what the bot shows --------------------------------------------------------------------


def finished(h: Harness, interaction: Interaction) -> Callable[[], Any]:
    """A condition: the live message shows a final state (done or failed)."""

    def check() -> Any:
        message = h.discord.original(interaction)
        if not message or not message["embeds"]:
            return None
        fields = message["embeds"][0].get("fields", [])
        status = next((f for f in fields if f["name"] == "Status"), None)
        return message if status else None

    return check


def shows(standin: DiscordStandIn, interaction: Interaction, text: str) -> Callable[[], Any]:
    """A condition: the interaction's original message shows ``text``."""

    def check() -> Any:
        message = standin.original(interaction)
        return message if message and text in json.dumps(message, ensure_ascii=False) else None

    return check


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row["components"]]


def web_settings(h: Harness, port: int) -> tuple[Settings, str]:
    """The bot's settings with the web gallery's, served at ``port`` (Discord's login is the
    stand-in's); and its address."""
    url = f"http://127.0.0.1:{port}"
    settings = bot_settings(
        h.discord, h.simulator, h.bot.settings.database_path.parent,
        discord_client_secret=h.discord.oauth.client_secret, web_public_url=url,
        web_session_secret="s" * 40,
    )  # fmt: skip
    return settings, url
