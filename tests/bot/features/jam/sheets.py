"""A session and its lines as plain records, for the pure tests of the sheet."""

from __future__ import annotations

from bot.store.jams import JamLine, JamSession

SESSION = JamSession(
    id=1,
    guild_id=2,
    channel_id=3,
    thread_id=4,
    sheet_id=5,
    host_id=10,
    host_name="Host",
    title="Harbour",
    style="shanty",
    mode="open",
    state="open",
    revealed=False,
    turn_user_id=None,
    turn_deadline=None,
    created_at=0.0,
    active_at=0.0,
    ended_at=None,
    end_reason=None,
)


def line(n: int, section: str, text: str, author: str = "Ana", status: str = "live") -> JamLine:
    author_id = 100 + sum(map(ord, author))  # one id per name
    return JamLine(n, 1, section, n, text, author_id, author, status, None, float(n))
