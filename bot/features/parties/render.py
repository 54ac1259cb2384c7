"""The party's now-playing message, pure: a :class:`Party` (or a stored one that a restart
ended) in, an embed out, in the server's words. Every name is escaped; nothing pings."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import discord

from bot.core.formatting import one_line
from bot.core.i18n import ENGLISH, Words
from bot.features.parties.plans import Ending, Party, Track

COLOUR = discord.Colour.purple()
NEXT_SHOWN = 5  # songs of "what comes next" the message lists

_ENDINGS = {
    Ending.END_OF_LINE: "It played to the end of its line.",
    Ending.STOPPED: "Stopped by {member}.",
    Ending.ALONE: "Nobody was listening for a minute, so songbot left.",
    Ending.DISCONNECTED: "songbot was disconnected from the voice channel by hand.",
    Ending.MOVED: "songbot was moved to another voice channel by hand, so the party ended.",
    Ending.RESTART: (
        "songbot restarted while it played. Press Listen again to go on from the next song."
    ),
    Ending.NO_VOICE: "songbot could not join the voice channel.",
}


def _time(moment: float) -> str:
    return f"<t:{math.floor(moment)}:T>"


def _song(track: Track, words: Words) -> str:
    name = one_line(track.song.name or words("Untitled"), 80)
    return words("**{song}** by {member}", song=name, member=one_line(track.song.maker_name, 60))


def now_playing(
    party: Party,
    words: Words = ENGLISH,
    *,
    seconds: float | None = None,
    cover_allowed: Callable[[str], bool] = lambda _url: False,
) -> discord.Embed:
    """The party as it is: the song playing (``seconds`` long, once known), n of m, its times,
    what comes next; or, once it ended, how."""
    if party.ended:
        return ended(party, words)
    track = party.current
    embed = discord.Embed(title=words("🎧 Listening party"), colour=COLOUR)
    lines = [words("In <#{channel}>, started by {member}.", channel=party.voice_channel_id,
                   member=one_line(party.starter_name, 60))]  # fmt: skip
    if track is not None:
        lines.append(words("**Now playing** ({n} of {m}): {song}", n=party.position + 1,
                           m=len(party.line), song=_song(track, words)))  # fmt: skip
        if track.song.lyricists:
            names = ", ".join(one_line(name, 40) for name in track.song.lyricists[:10])
            lines.append(words("Lyrics by {members}", members=names))
        lines.append(_times(party, seconds, words))
        if track.song.cover_url and cover_allowed(track.song.cover_url):
            embed.set_thumbnail(url=track.song.cover_url)
    if party.paused:
        lines.append(words("⏸️ Paused."))
    lines.extend(_skipped(party, words))
    embed.description = "\n".join(lines)
    if party.shuffled:
        order = [f"{n}. {_song(t, words)}" for n, t in enumerate(party.line[:25], start=1)]
        embed.add_field(
            name=words("The order (shuffled)"), value="\n".join(order)[:1024], inline=False
        )
    embed.add_field(name=words("Next"), value=_upcoming(party.upcoming, words), inline=False)
    return embed


def _skipped(party: Party, words: Words) -> list[str]:
    """The last song passed over, and why (its audio could not be played)."""
    if not party.skipped:
        return []
    track, why = party.skipped[-1]
    return [words("Skipped {song}: {reason}.", song=_song(track, words), reason=words(why))]


def _times(party: Party, seconds: float | None, words: Words) -> str:
    started = party.song_started_at
    if started is None:
        return words("Starting…")
    if seconds is None or party.paused:
        return words("Started {at}", at=_time(started))
    return words("Started {at}, ends {end}", at=_time(started), end=_time(started + seconds))


def _upcoming(tracks: Sequence[Track], words: Words) -> str:
    if not tracks:
        return words("Nothing: this is the last song.")
    shown = [f"{_song(track, words)}" for track in tracks[:NEXT_SHOWN]]
    more = len(tracks) - NEXT_SHOWN
    if more > 0:
        shown.append(words("and {count} more", count=more))
    return "\n".join(shown)[:1024]


def ended(party: Party, words: Words = ENGLISH) -> discord.Embed:
    reached = min(party.position + (party.ending is not Ending.END_OF_LINE), len(party.line))
    played = max(0, reached - len(party.skipped))
    how = _ENDINGS[party.ending or Ending.END_OF_LINE]
    lines = [
        words("The party in <#{channel}> has ended: {played} of {count} songs played.",
              channel=party.voice_channel_id, played=played, count=len(party.line)),
        words(how, member=one_line(party.ended_by or "?", 60)),
    ]  # fmt: skip
    lines.extend(_skipped(party, words))
    return discord.Embed(
        title=words("🎧 Listening party ended"), description="\n".join(lines), colour=COLOUR
    )
