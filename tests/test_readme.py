"""The manual tells the truth about the code: its tables of settings, slash commands and
buttons are read here and compared with what the code defines, and every link inside it leads
somewhere."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.bot import EXTENSIONS
from bot.core.settings import ENV_FILE_VARIABLE, Settings
from bot.features.songs.results.buttons import view_for
from bot.features.songs.results.row import FINISHED, ButtonRow

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PERFORMANCE = (ROOT / "docs" / "performance.md").read_text()


def first_column(heading: str) -> list[str]:
    """The first cells of the first table under ``heading`` (its header row left out)."""
    section = README.split(f"\n{heading}\n", 1)[1]
    rows: list[str] = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append(line.split("|")[1].strip())
        elif rows:
            break
    return rows[2:]  # the header and the separator row left out


def registered_commands() -> set[str]:
    """Every slash command and subcommand the bot's extensions define, as members type them."""
    names: set[str] = set()
    for extension in EXTENSIONS:
        module = importlib.import_module(extension)
        for _, cog in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cog, commands.Cog) and cog.__module__ == module.__name__):
                continue
            for command in cog.__cog_app_commands__:
                if isinstance(command, app_commands.Group):
                    names |= {f"/{command.name} {sub.name}" for sub in command.commands}
                else:
                    names.add(f"/{command.name}")
        # A feature's own /songadmin command, which its cog adds to the moderators' group as
        # it loads (cogs/challenge.py's songadmin_challenge): made here without a bot.
        for name, make in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("songadmin_") and make.__module__ == module.__name__:
                names.add(f"/songadmin {make(None).name}")
    return names


def test_the_configuration_table_lists_every_setting() -> None:
    documented = {cell.strip("`") for cell in first_column("## Configuration")}
    settings = {name.upper() for name in Settings.model_fields}
    assert documented == settings | {ENV_FILE_VARIABLE}


def test_the_commands_table_lists_exactly_the_registered_commands() -> None:
    documented = [cell.strip("`") for cell in first_column("### The commands at a glance")]
    assert len(documented) == len(set(documented))
    assert set(documented) == registered_commands()


async def test_the_buttons_table_lists_the_buttons_under_a_finished_song() -> None:
    view = view_for(ButtonRow(1, FINISHED))
    # Each is a DynamicItem (it survives restarts) around the button itself.
    items = [
        item.item if isinstance(item, discord.ui.DynamicItem) else item for item in view.children
    ]
    buttons = [item for item in items if isinstance(item, discord.ui.Button)]
    labels = [button.label for button in buttons]
    documented = [cell.strip("*") for cell in first_column("### The buttons under a song")]
    assert documented == labels
    shown = " ".join(f"[{button.emoji} {button.label}]" for button in buttons)
    assert f"> {shown}\n" in README


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_inside_a_page_leads_to_a_heading() -> None:
    for text in (README, PERFORMANCE):
        anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
        targets = set(re.findall(r"\]\(#([^)]+)\)", text))
        assert targets <= anchors, targets - anchors


def test_the_performance_page_is_linked_and_has_each_benchmarks_command() -> None:
    assert "(docs/performance.md)" in README
    for path in sorted((ROOT / "benchmarks").glob("*.py")):
        # Not benchmarks: the bots that concurrent_songs starts (songbot, and the floor's).
        if "__main__" in path.read_text() and path.stem not in {"bot_process", "floor_bot"}:
            assert f"python -m benchmarks.{path.stem}" in PERFORMANCE, path.stem
