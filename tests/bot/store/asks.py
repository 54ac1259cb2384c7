"""A song request for the store's and the usage feature's tests: one member in one channel."""

from __future__ import annotations

from bot.store import Ask

GUILD, CHANNEL, MEMBER, MOD = 1, 10, 100, 900


def ask(user: int = MEMBER, **changes: object) -> Ask:
    values: dict[str, object] = {"guild_id": GUILD, "channel_id": CHANNEL, "user_id": user,
                                 "role_ids": frozenset(), "prompt": "rain",
                                 "lyrics_source": "generated"}  # fmt: skip
    values.update(changes)
    return Ask(**values)  # type: ignore[arg-type]
