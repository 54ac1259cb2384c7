"""Whether a member manages a server, worked out as Discord does from the bot's reads."""

from __future__ import annotations

from bot.features.gallery.access import ADMINISTRATOR, MANAGE_GUILD
from bot.web.moderators import permissions

GUILD = {"id": "1", "owner_id": "7", "roles": [
    {"id": "1", "permissions": "1024"},  # @everyone: the server's own id
    {"id": "2", "permissions": str(MANAGE_GUILD)},
    {"id": "3", "permissions": str(ADMINISTRATOR)},
]}  # fmt: skip


def test_the_owner_manages_without_roles() -> None:
    assert permissions(GUILD, {"roles": []}, 7).moderates


def test_a_role_with_manage_server_or_administrator_manages() -> None:
    assert permissions(GUILD, {"roles": ["2"]}, 8).moderates
    assert permissions(GUILD, {"roles": ["3"]}, 8).moderates


def test_everyone_elses_permissions_are_not_enough() -> None:
    assert not permissions(GUILD, {"roles": []}, 8).moderates
    assert not permissions(GUILD, {"roles": ["99"]}, 8).moderates  # a role not on the server
    everyone_manages = GUILD | {"roles": [{"id": "1", "permissions": str(MANAGE_GUILD)}]}
    assert permissions(everyone_manages, {"roles": []}, 8).moderates
