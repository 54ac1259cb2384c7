"""What sessions say, in one place."""

from __future__ import annotations

from bot.core.i18n import ENGLISH, Said, Words

GONE = "This session is no longer in my records."
ENDED = "This session has ended; **Export** still gives you the sheet."
LOCKED = "The host has locked the sheet for now."
HOST_ONLY = "Only the session's host or a moderator can do that."
BLOCKED = "A moderator has paused your song-making on this server."
NOTHING_TO_UNDO = "You have no line on this sheet to take back."
NOT_YOUR_TURN = "It's {name}'s turn. Press **Join** to get a turn of your own."
JOIN_FIRST = "Press **Join** first: in this session members write in turns."
NOT_TURNS = "Joining is for sessions in turns or with voting."
JOINED = "You're in. You'll be mentioned in the thread when it's your turn."
JOINED_VOTES = "You're in: your vote now counts toward a majority."
LEFT = "You left the session. Your lines stay on the sheet."
NOT_JOINED = "You haven't joined this session."
NO_SECTION = "Pick a section for your lines."
NOT_SUGGESTION = "That suggestion was decided already."
STILL_HIDDEN = "The sheet stays hidden until the host reveals it; export it then."
NOT_HIDDEN = "Only a hidden session has a sheet to reveal."
EMPTY = "The sheet has no lines yet: add some before making the song."
NO_THREAD = (
    "I couldn't start a thread for the session (I need Create Public Threads here), so its "
    "messages will go to this channel."
)
CHANNEL_OFF = "Sessions can't be started in this channel: `/song` is off here."
TOOLS = "Host tools for this session (only you see this)."


def added(count: int, mode_waits: bool) -> str:
    if mode_waits:
        if count == 1:
            return "Thanks! Your 1 line waits for approval in the thread."
        return Said("Thanks! Your {count} lines wait for approval in the thread.", count=count)
    if count == 1:
        return "Added your 1 line to the sheet."
    return Said("Added your {count} lines to the sheet.", count=count)


def undone(text: str) -> str:
    return Said("Took back your last line: {line}", line=text)


# In the session's thread, for everyone there: in the session's words.


def turn(mention: str, minutes: float, words: Words = ENGLISH) -> str:
    return words(
        "✍️ {mention}, it's your turn to write (you have {minutes} minutes).",
        mention=mention,
        minutes=f"{minutes:g}",
    )


def turn_passed(name: str, words: Words = ENGLISH) -> str:
    return words("⏭️ {name}'s turn passed.", name=name)


def started(title: str, words: Words = ENGLISH) -> str:
    return words(
        "🎶 Session **{title}** started: the lyric sheet is below and the thread is open.",
        title=title,
    )


def idle(hours: float, words: Words = ENGLISH) -> str:
    return words("no new line for {hours} hours", hours=f"{hours:g}")


def ended_by(name: str, words: Words = ENGLISH) -> str:
    return words("ended by {name}", name=name)


def host_now(name: str, words: Words = ENGLISH) -> str:
    return words("{name} is the host now.", name=name)
