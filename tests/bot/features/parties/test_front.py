"""Why songbot could not play in a member's voice channel, told before any party is made."""

from __future__ import annotations

from types import SimpleNamespace
from unittest.mock import Mock

import discord

from bot.features.parties.front import FULL_CHANNEL, NO_PERMISSION, cannot_join

ME = object()


def pressed_in(
    *, connect: bool = True, speak: bool = True, move: bool = False, limit: int = 0, inside: int = 1
) -> discord.Interaction:
    channel = Mock(spec=discord.VoiceChannel)
    channel.mention = "<#7>"
    channel.guild = SimpleNamespace(me=ME)
    channel.members = [object() for _ in range(inside)]
    channel.user_limit = limit
    channel.permissions_for.return_value = discord.Permissions(
        connect=connect, speak=speak, move_members=move
    )
    user = SimpleNamespace(voice=SimpleNamespace(channel=channel))
    interaction: discord.Interaction = SimpleNamespace(user=user)  # type: ignore[assignment]
    return interaction


def test_a_channel_songbot_may_join_and_speak_in_is_fine() -> None:
    assert cannot_join(pressed_in()) is None


def test_without_connect_or_speak_the_member_is_told_which_permissions() -> None:
    for interaction in (pressed_in(connect=False), pressed_in(speak=False)):
        said = cannot_join(interaction)
        assert said is not None
        assert said.template == NO_PERMISSION
        assert "<#7>" in said


def test_a_full_channel_is_said_unless_songbot_may_move_members() -> None:
    said = cannot_join(pressed_in(limit=2, inside=2))
    assert said is not None
    assert said.template == FULL_CHANNEL
    assert cannot_join(pressed_in(limit=2, inside=2, move=True)) is None
    assert cannot_join(pressed_in(limit=3, inside=2)) is None


def test_a_member_in_no_voice_channel_is_left_to_the_use_case() -> None:
    interaction: discord.Interaction = SimpleNamespace(user=SimpleNamespace(voice=None))  # type: ignore[assignment]
    assert cannot_join(interaction) is None
