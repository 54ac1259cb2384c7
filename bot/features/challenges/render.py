"""How challenges look: the announcement, an entry, the podium, ``/challenge show`` and the
leaderboard. Pure: records and words in, text and embeds out; names and themes escaped."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.embeds import bounded
from bot.core.formatting import fit, link, one_line, plain_web_url
from bot.core.i18n import ENGLISH, Words
from bot.features.challenges.outcomes import Leaderboard, Overview
from bot.features.challenges.placing import podium
from bot.features.songs import Delivery
from bot.store.challenges import Challenge, Entry, FinishedSong, Placed

COLOUR = discord.Colour.gold()
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
_STATE = {"entries": "🎟️ Taking entries", "voting": "🗳️ Voting", "closed": "🏁 Ended",
          "cancelled": "✖️ Cancelled"}  # fmt: skip


def when(moment: float) -> str:
    """A Discord timestamp each reader sees in their own time and words."""
    return f"<t:{int(moment)}:f> (<t:{int(moment)}:R>)"


def message_url(guild_id: int, channel_id: int | None, message_id: int | None) -> str | None:
    if channel_id is None or message_id is None:
        return None
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def announcement(challenge: Challenge, w: Words = ENGLISH) -> discord.Embed:
    embed = discord.Embed(
        title=w("🏆 Song challenge: {theme}", theme=one_line(challenge.theme, 200)),
        description=fit(challenge.rules, 1500) or None,
        colour=COLOUR,
    )
    embed.add_field(name=w("Status"), value=w(_STATE.get(challenge.state, challenge.state)))
    embed.add_field(name=w("Entries close"), value=when(challenge.entries_close))
    embed.add_field(name=w("Voting closes"), value=when(challenge.voting_close))
    embed.add_field(
        name=w("How"),
        value=w(
            "**Enter** a song you made here since the start, or **Make an entry**. "
            "{count} per member. When entries close, every entry gets a **Vote** button: "
            "one vote each, never for your own, counts hidden until the end.",
            count=challenge.entries_per_member,
        ),
        inline=False,
    )
    if challenge.themes:
        embed.set_footer(text=w("Repeats with the next theme when it ends."))
    return bounded([embed])[0]


def entry_embed(
    challenge: Challenge, number: int, entry: Entry, song: FinishedSong, *,
    delivery: Delivery | None = None, w: Words = ENGLISH,
) -> discord.Embed:  # fmt: skip
    """An entry's post: the cover shown, each version's player named (or its link with why it
    is not attached, as the song's own message says), a link to the song's message."""
    delivery = delivery or Delivery()
    title = one_line(song.song_name or w("Untitled"), 200)
    embed = discord.Embed(
        title=w("Entry {number}: {song}", number=number, song=title), colour=COLOUR
    )
    lines = [w("by {name}", name=one_line(entry.name, 80))]
    original = message_url(challenge.guild_id, song.channel_id, song.message_id)
    if original:
        lines.append(link(w("The song's own message"), original))
    for version, url in enumerate(song.audio_urls, start=1):
        lines.append(_listen(version, url, delivery, w))
    if delivery.cover_file:
        embed.set_image(url=f"attachment://{delivery.cover_file}")
    elif delivery.cover_problem:
        cover = link(w("Open the cover art"), song.cover_url)
        lines.append(f"{cover} ({w(delivery.cover_problem)})")
    elif plain_web_url(song.cover_url):
        embed.set_image(url=song.cover_url)
    embed.description = "\n".join(lines)
    return bounded([embed])[0]


def _listen(version: int, url: str, delivery: Delivery, w: Words) -> str:
    if version in delivery.audio_files:
        player = sorted(delivery.audio_files).index(version) + 1
        return w("▶️ Version {number}: player {player} above", number=version, player=player)
    played = link(w("▶️ Version {number}", number=version), url)
    if version in delivery.unattached:
        return f"{played} ({w(delivery.unattached[version])})"
    return played


def _entry_link(challenge: Challenge, entry: Entry) -> str | None:
    return message_url(challenge.guild_id, challenge.thread_id, entry.message_id)


def results_text(
    challenge: Challenge, placed: Sequence[Placed], entries: Sequence[Entry], w: Words = ENGLISH
) -> str:
    theme = one_line(challenge.theme, 200)
    if not entries:
        return w("The challenge **{theme}** ended without entries.", theme=theme)
    top = podium(placed)
    if not top:
        return w("The challenge **{theme}** ended: nobody voted.", theme=theme)
    by_id = {e.id: e for e in entries}
    lines = [w("🏆 **{theme}**: the results", theme=theme)]
    for p in top:
        entry = by_id[p.entry_id]
        song = one_line(entry.song_name or w("Untitled"), 100)
        song = link(song, _entry_link(challenge, entry))
        lines.append(w("{medal} {song} by {name}: {votes} votes, {points} points",
                       medal=MEDALS[p.place], song=song, name=one_line(entry.name, 80),
                       votes=p.votes, points=p.points))  # fmt: skip
    return "\n".join(lines)[:2000]


def overview_embed(overview: Overview, w: Words = ENGLISH) -> discord.Embed:
    challenge = overview.challenge
    embed = announcement(challenge, w)
    votes = {p.entry_id: p for p in overview.placed}
    lines = []
    for number, entry in enumerate(overview.entries, start=1):
        song = link(one_line(entry.song_name or w("Untitled"), 80), _entry_link(challenge, entry))
        line = f"{number}. {song} · {one_line(entry.name, 60)}"
        if entry.disqualified:
            line += " · " + w("disqualified: {reason}", reason=one_line(entry.disqualified, 100))
        if entry.id in votes:
            line += " · " + w("{votes} votes", votes=votes[entry.id].votes)
        if entry.id == overview.my_vote:
            line += " · " + w("your vote")
        lines.append(line)
    embed.add_field(name=w("Entries"), value="\n".join(lines) or w("None yet."), inline=False)
    return bounded([embed])[0]


def leaderboard_embed(board: Leaderboard, w: Words = ENGLISH) -> discord.Embed:
    embed = discord.Embed(title=w("🏆 Season {season}", season=board.season), colour=COLOUR)
    lines = [
        w("{rank}. {name}: {points} points, {wins} wins", rank=rank,
          name=one_line(s.name, 80), points=s.points, wins=s.wins)
        for rank, s in enumerate(board.standings, start=1)
    ]  # fmt: skip
    embed.description = "\n".join(lines) or w("No points yet this season.")
    return bounded([embed])[0]
