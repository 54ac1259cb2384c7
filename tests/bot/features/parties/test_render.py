"""The now-playing message: n of m, the times as Discord timestamps, what comes next, the
lyricists, names escaped; and how a party ended."""

from __future__ import annotations

from bot.features.parties import Ending, Party, Track
from bot.features.parties.render import now_playing
from bot.store.party_songs import PartySong


def track(name: str, maker: str = "Ana", lyricists: tuple[str, ...] = ()) -> Track:
    song = PartySong(1, "job", name, maker, 11, "https://cdn.example/c.png",
                     {1: "https://cdn.example/1.mp3"}, lyricists)  # fmt: skip
    return Track(song)


def party(*tracks: Track, **changes: object) -> Party:
    values: dict[str, object] = {"song_started_at": 1000.0}
    values.update(changes)
    return Party(7, 1, 500, 2, 11, "@everyone", None, list(tracks), **values)  # type: ignore[arg-type]


def test_what_plays_its_times_and_what_comes_next() -> None:
    shown = party(track("*Rain*", lyricists=("Ana", "<@12>")), track("Snow", "Ben"))
    embed = now_playing(shown, seconds=61.5, cover_allowed=lambda url: url.endswith(".png"))
    text = embed.description or ""
    assert "(1 of 2): **\\*Rain\\*** by Ana" in text
    assert "Lyrics by Ana, \\<@12>" in text  # no mention
    assert "Started <t:1000:T>, ends <t:1061:T>" in text
    assert "started by @\u200beveryone" in text  # escaped: it pings nobody
    assert embed.thumbnail.url == "https://cdn.example/c.png"
    assert [f.value for f in embed.fields] == ["**Snow** by Ben"]
    hidden_cover = now_playing(shown, seconds=61.5)
    assert hidden_cover.thumbnail.url is None


def test_how_it_ended() -> None:
    stopped = party(track("Rain"), track("Snow"), ending=Ending.STOPPED, ended_by="Ben")
    text = now_playing(stopped).description or ""
    assert "1 of 2 songs played" in text
    assert "Stopped by Ben." in text
    whole = party(track("Rain"), position=1, ending=Ending.END_OF_LINE)
    assert "1 of 1 songs played" in (now_playing(whole).description or "")
