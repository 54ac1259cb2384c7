"""Job state in, embeds out. Pure functions: no I/O, so every screen is testable as data.

All text from members and from the API goes through :func:`~bot.core.formatting.fit`, which
escapes Markdown and defuses mentions, then cuts to the limit of the field it goes into, so a
song called ``@everyone`` or ``**bold**`` shows as written and a long one still fits. Every
screen is passed through :func:`bot.core.embeds.bounded` as well, the last line of defence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import discord

from bot.core.embeds import CONTENT, FIELD_VALUE, bounded
from bot.core.formatting import cut, fit, link, minutes, one_line, plain_web_url
from bot.core.i18n import ENGLISH, Words
from bot.features.songs.card import SongCard
from bot.features.songs.heading import song_embed
from bot.features.songs.results.row import FAILED, FINISHED, Action, ButtonRow
from bot.soundverse import JobState, LyricsSection, Stage
from bot.soundverse.job import VersionState

COLOR_WORKING = discord.Colour.blurple()
COLOR_DONE = discord.Colour.green()
COLOR_FAILED = discord.Colour.red()
COLOR_WAITING = discord.Colour.gold()

EMBED_DESCRIPTION_LIMIT = 4096
MESSAGE_EMBED_BUDGET = 6000
MAX_EMBEDS = 10
MAX_LYRIC_EMBEDS = 6  # about 24,000 characters: two messages at most
LYRICS_GO_ON = "*(The lyrics go on, but they are too long to show here.)*"

_STAGES = (
    (Stage.ACCEPTED, "Accepted"),
    (Stage.VALIDATED, "Validated"),
    (Stage.STREAMING, "Streaming previews"),
    (Stage.UPLOADING, "Uploading"),
    (Stage.COMPLETED, "Versions ready"),
)


@dataclass(slots=True)
class Delivery:
    """How the finished files went: attached by name, or why not (then a link only)."""

    cover_file: str | None = None
    cover_problem: str | None = None  # why the bot refused to fetch it (then a link only)
    audio_files: dict[int, str] = field(default_factory=dict)
    unattached: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Screen:
    """One message's worth of content, always within Discord's limits."""

    embeds: tuple[discord.Embed, ...]
    content: str | None = None
    buttons: ButtonRow | None = None
    waiting: bool = False  # a song's place in the queue: the least urgent edit there is

    def __post_init__(self) -> None:
        object.__setattr__(self, "embeds", tuple(bounded(self.embeds)))

    def key(self) -> object:
        """Equal for screens that would look the same (to skip identical edits)."""
        return (self.content, [embed.to_dict() for embed in self.embeds], self.buttons)


def progress_bar(state: JobState, width: int = 12) -> str:
    done = _progress(state)
    filled = round(done * width)
    return "▰" * filled + "▱" * (width - filled) + f" {round(done * 100)}%"


def _progress(state: JobState) -> float:
    if state.done:
        return 1.0
    steps = 2 + 3 * state.total_versions  # accepted, validated, then 3 per version
    count = int(state.stage >= Stage.ACCEPTED) + int(state.stage >= Stage.VALIDATED)
    for version in state.versions.values():
        count += max(0, min(3, int(version.stage) - int(Stage.VALIDATED)))
    return min(count / steps, 0.99)


def progress_screen(state: JobState, card: SongCard, *, notice: str | None = None) -> Screen:
    """The live message while a job runs; ``notice`` is already in the card's words."""
    words = card.words
    embed = song_embed(state, card, COLOR_WAITING if notice else COLOR_WORKING)
    embed.add_field(name=words("Progress"), value=_stage_lines(state, words), inline=False)
    if state.versions:
        embed.add_field(name=words("Versions"), value=version_lines(state, words), inline=False)
    embed.add_field(name="\u200b", value=progress_bar(state), inline=False)
    if notice:
        embed.add_field(name=words("Note"), value=fit(notice, FIELD_VALUE), inline=False)
    if plain_web_url(state.album_art):
        embed.set_thumbnail(url=state.album_art)
    return Screen((embed,))


_VERSION_STAGES = {
    Stage.STREAMING: "▶️ streaming",
    Stage.UPLOADING: "⬆️ uploading",
    Stage.COMPLETED: "✅ ready",
}


def version_lines(state: JobState, words: Words = ENGLISH) -> str:
    """Where each version is: "Version 1: ⬆️ uploading", "Version 2: ✅ ready (2:31, 98 BPM)"."""
    lines = []
    for number, version in sorted(state.versions.items()):
        label = words(_VERSION_STAGES.get(version.stage, "⏳ waiting"))
        if version.stage >= Stage.COMPLETED:
            label += " " + words(
                "({duration}, {bpm} BPM)", duration=minutes(version.duration), bpm=bpm(version.bpm)
            )
        lines.append(words("Version {number}: {stage}", number=number, stage=label))
    return "\n".join(lines)


_LASTING = (Stage.STREAMING, Stage.UPLOADING, Stage.COMPLETED)  # steps each version goes through


def _stage_lines(state: JobState, words: Words) -> str:
    """Each step marked ✅ done, 🔄 under way or ⬜ not yet, with what there is to say of it.

    A step every version goes through (streaming, uploading, being ready) is done only when
    every version is past it (or ready). The versions are read once for all five lines: this
    runs for every progress edit."""
    versions = sorted(state.versions.items())
    stages = [version.stage for _, version in versions]
    lines = []
    for stage, label in _STAGES:
        if stage not in _LASTING:
            done, going = state.stage >= stage, state.stage == stage - 1
        else:
            past = sum(1 for s in stages if s > stage or s == Stage.COMPLETED)
            done = past >= state.total_versions and all(s >= stage for s in stages)
            going = max(stages) >= stage if stages else state.stage == stage - 1
        mark = "✅" if done else "🔄" if going else "⬜"
        lines.append(f"{mark} {words(label)}{_stage_detail(state, stage, versions, words)}")
    return "\n".join(lines)


def _stage_detail(
    state: JobState, stage: Stage, versions: list[tuple[int, VersionState]], words: Words
) -> str:
    """The previews' links while streaming, how many versions are ready; else nothing."""
    if stage == Stage.STREAMING:
        links = [
            link(words("preview {number}", number=n), v.stream_url)
            for n, v in versions
            if v.stage >= Stage.STREAMING and plain_web_url(v.stream_url)
        ]
        return f": {' · '.join(links)}" if links else ""
    if stage == Stage.COMPLETED:
        ready = sum(1 for _, v in versions if v.stage >= Stage.COMPLETED)
        of = words("{ready} of {total}", ready=ready, total=state.total_versions)
        return f": {of}" if ready else ""
    return ""


def final_screens(state: JobState, card: SongCard, delivery: Delivery) -> list[Screen]:
    """The finished song: the first screen edits the live message; any more are follow-ups,
    used only when the lyrics do not fit in one message."""
    words = card.words
    main = song_embed(state, card, COLOR_DONE)
    main.add_field(name=words("Status"), value=words("✅ Done"), inline=True)
    if state.tokens_used is not None:
        main.add_field(name=words("Tokens"), value=f"{state.tokens_used:,}", inline=True)
    if card.gallery and state.job_id:  # its page in the server's web gallery
        page = link(words("Open in the gallery"), f"{card.gallery}/songs/{quote(state.job_id)}")
        main.add_field(name=words("Gallery"), value=page, inline=True)
    if delivery.cover_file:
        main.set_image(url=f"attachment://{delivery.cover_file}")
    elif delivery.cover_problem:
        cover_link = link(words("Open the cover art"), state.album_art)
        cover = f"{cover_link} ({words(delivery.cover_problem)})"
        main.add_field(name=words("Cover art"), value=cover, inline=False)
    elif plain_web_url(state.album_art):
        main.set_image(url=state.album_art)
    versions = (_version_embed(state, n, delivery, words) for n in sorted(state.versions))
    embeds = [main, *versions]
    lyric_embeds = lyrics_embeds(state.lyrics_sections, words=words)
    pages: list[list[discord.Embed]] = [embeds]
    for embed in lyric_embeds:
        current = pages[-1]
        if len(current) >= MAX_EMBEDS or _size(current) + len(embed) > MESSAGE_EMBED_BUDGET:
            pages.append([])
        pages[-1].append(embed)
    buttons = buttons_for(card, FINISHED)
    return [
        Screen(tuple(page), buttons=buttons if i == 0 else None) for i, page in enumerate(pages)
    ]


def buttons_for(card: SongCard, actions: tuple[Action, ...]) -> ButtonRow | None:
    return ButtonRow(card.song_id, actions, card.words) if card.song_id is not None else None


def _version_embed(state: JobState, number: int, delivery: Delivery, words: Words) -> discord.Embed:
    version = state.versions[number]
    embed = discord.Embed(title=words("Version {number}", number=number), colour=COLOR_DONE)
    embed.add_field(name=words("Duration"), value=minutes(version.duration), inline=True)
    embed.add_field(name=words("BPM"), value=bpm(version.bpm), inline=True)
    if version.audio_url and not plain_web_url(version.audio_url):
        embed.add_field(
            name=words("Listen"), value=words("Soundverse gave no usable link for this version.")
        )
    elif version.audio_url:
        listen = link(words("Open the audio file"), version.audio_url)
        if number in delivery.unattached:
            listen = f"{listen} ({words(delivery.unattached[number])})"
        elif number in delivery.audio_files:
            player = sorted(delivery.audio_files).index(number) + 1
            above = words("▶️ player {player} above", player=player)
            listen = f"{above} (`{delivery.audio_files[number]}`) · {listen}"
        embed.add_field(name=words("Listen"), value=listen, inline=False)
    return embed


def bpm(value: int | None) -> str:
    return str(value) if value is not None and 0 < value < 1000 else "?"


def lyrics_embeds(
    sections: list[LyricsSection], limit: int = MAX_LYRIC_EMBEDS, *, words: Words = ENGLISH
) -> list[discord.Embed]:
    """The lyrics, section by section, split across at most ``limit`` embeds of at most 4096
    characters (a note at the end of the last says when they go on)."""
    parts = []
    for section in sections:
        label = f"**{one_line(section.label, 100)}**" if section.label else ""
        when = f" `{minutes(section.start)}`" if section.start is not None else ""
        parts.append(f"{label}{when}\n{fit(section.text, 3000)}".strip())
    chunks: list[str] = []
    go_on = "\n\n" + words(LYRICS_GO_ON)
    for part in parts:
        if chunks and len(chunks[-1]) + len(part) + 2 <= EMBED_DESCRIPTION_LIMIT:
            chunks[-1] += "\n\n" + part
        elif len(chunks) < limit:
            chunks.append(cut(part, EMBED_DESCRIPTION_LIMIT))
        else:  # an answer with endless lyrics must not flood the channel with follow-ups
            chunks[-1] = cut(chunks[-1], EMBED_DESCRIPTION_LIMIT - len(go_on)) + go_on
            break
    return [
        discord.Embed(
            title=words("Lyrics") if i == 0 else None, description=chunk, colour=COLOR_DONE
        )
        for i, chunk in enumerate(chunks)
    ]


def failure_screen(state: JobState, card: SongCard, text: str) -> Screen:
    """``text`` is ours (from ``texts.py``, in the card's words), with any API wording in it
    already escaped."""
    words = card.words
    embed = song_embed(state, card, COLOR_FAILED, untitled="Your song could not be made")
    embed.add_field(name=words("Status"), value=words("❌ No song this time"), inline=False)
    embed.add_field(name=words("What happened"), value=cut(text, FIELD_VALUE), inline=False)
    return Screen((embed,), buttons=buttons_for(card, FAILED))


def minimal_screen(text: str, buttons: ButtonRow | None = None) -> Screen:
    """A screen with no embed, for when Discord refused the full one: always fits."""
    return Screen((), content=cut(text, CONTENT), buttons=buttons)


def _size(embeds: list[discord.Embed]) -> int:
    return sum(len(embed) for embed in embeds)
