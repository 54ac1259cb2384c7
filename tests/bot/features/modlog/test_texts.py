"""The log's words: members' text escaped (no mention, no Markdown gets through), the bot's own
wordings naming members, roles and channels, and one message within Discord's limit."""

from __future__ import annotations

from bot.features.modlog.texts import MESSAGE_CHARS, line, message
from bot.store.modlog import Entry

AT = 1_800_000_000.0


def change(text: str, n: int = 1) -> Entry:
    return Entry(AT, text, by=900, settings_id=n)


def test_a_members_text_in_a_change_is_escaped() -> None:
    said = line(change("challenge 3: entry 2 disqualified: **@everyone** <@1> <#2>"))
    assert said == (
        f"<t:{int(AT)}:t> ⚙️ <@900>: challenge 3: entry 2 disqualified: "
        "\\*\\*@\u200beveryone\\*\\* \\<@1> \\<#2>"
    )


def test_the_bots_wordings_name_who_and_where() -> None:
    assert line(change("blocked 77 (via web)")).endswith("<@900>: blocked <@77> (via web)")
    assert line(change("role 5: 3 a day")).endswith("role <@&5>: 3 a day")
    assert line(change("channel 9 removed")).endswith("channel <#9> removed")


def test_a_message_takes_what_fits_the_first_always() -> None:
    long = [change("x" * 400, n=n) for n in range(10)]
    text, told = message(long)
    assert len(text) <= MESSAGE_CHARS
    assert told == long[: len(text.splitlines())]
    assert 0 < len(told) < 10

    huge = Entry(AT, "y" * 5000, notice_id=1)  # a notice is the bot's: not cut at 300
    text, told = message([huge])
    assert len(text) == MESSAGE_CHARS
    assert told == [huge]
