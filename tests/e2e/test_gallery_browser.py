"""The web gallery in a real browser: a member logs in through Discord's stand-in, picks the
server, finds a song made by /song in this test, plays it; opens the page of a lyric session
whose song was made in this test too; a hidden song and another server's songs are nowhere.
Screenshots at desktop and phone widths, light and dark."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

from playwright.async_api import Page, async_playwright

from bot.store import open_database
from bot.store.gallery import GalleryRepository, GallerySong, Query
from bot.web.server import web_gallery
from tests.e2e.browser import FLAGS, chromium
from tests.e2e.helpers import Clock, Harness, song, web_settings
from tests.e2e.jam.steps import Jam, add, make_the_song, open_session
from tests.standin.discord import payloads as p

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FOREIGN = 4242  # a server the member is not in


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_member_finds_and_plays_a_song(harness: Harness, tmp_path: Path) -> None:
    executable = chromium()
    h = harness
    shown, secret, together = await _songs(h)
    guild = int(h.discord.guild_id)

    port = _free_port()
    settings, url = web_settings(h, port)
    shots = tmp_path / "screenshots"
    async with web_gallery(settings, "127.0.0.1", port), async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=FLAGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(url + "/")
        await page.get_by_role("link", name="Log in with Discord").first.click()
        await page.get_by_role("button", name="Authorize").click()
        await page.get_by_role("link", name="Stand-in Server").click()
        name = str(shown.song_name)
        await page.get_by_label("Search by name, prompt or member").fill(
            name.rsplit(maxsplit=1)[-1]
        )
        await page.get_by_role("button", name="Search").click()
        await page.get_by_role("link", name=name).first.click()
        assert await _plays(page)
        await _shoot(page, shots, "song")
        await page.goto(f"{url}/servers/{guild}")
        text = await page.inner_text("main")
        assert name in text
        assert str(secret.song_name) not in text
        assert "Foreign" not in text
        await _shoot(page, shots, "gallery")
        await page.goto(f"{url}/servers/{guild}?q={secret.song_name}")
        assert await page.get_by_role("link", name=str(secret.song_name)).count() == 0
        answer = await page.goto(f"{url}/servers/{FOREIGN}")
        assert answer is not None
        assert answer.status == 404
        await page.goto(url + "/")
        assert "Foreign" not in await page.inner_text("main")
        await _session_page(page, f"{url}/servers/{guild}", str(together.song_name), shots)
        await browser.close()
    if os.environ.get("SONGBOT_UPDATE_SCREENSHOTS"):  # the README's pictures, on request only
        DOCS.mkdir(parents=True, exist_ok=True)
        for shot in shots.iterdir():
            shutil.copy(shot, DOCS / shot.name)


async def _songs(h: Harness) -> tuple[GallerySong, GallerySong, GallerySong]:
    """A lyric session's song, then two by /song (the older one hidden), the gallery open to
    members, and a song of a server the member is not in: what the gallery has, newest first."""
    session = Jam(h.bot, h.discord, h.simulator, Clock(), h.bot.settings)
    sheet = await open_session(session)
    await add(session, sheet, h.discord.new_member("Ana"), "the lamp keeps the harbour awake")
    await make_the_song(session, sheet)
    await song(h, prompt="a demo to hide")
    await song(h, prompt="a shanty about lighthouses")
    moderator = {"visibility": "members"}
    made = await h.discord.slash("songadmin", moderator, group="gallery",
                                 permissions=p.ALL_PERMISSIONS, user=h.discord.owner)  # fmt: skip
    await h.discord.wait_for(lambda: made.responded)
    database = await open_database(h.bot.settings.database_url)
    repo = GalleryRepository(database)
    guild = int(h.discord.guild_id)
    shown, secret, together = await repo.songs(Query(guild))  # newest first
    await repo.hide(secret.id)  # as its page's "Hide from the gallery" does
    await database.write(
        "INSERT INTO generations (guild_id, channel_id, user_id, job_id, status, song_name,"
        " lyrics_source, created_at, updated_at) VALUES (?, 1, 1, 'foreign', 'completed',"
        " 'Foreign Anthem', 'generated', 0, 0)",
        (FOREIGN,),
    )
    await database.close()
    return shown, secret, together


async def _session_page(page: Page, gallery: str, name: str, shots: Path) -> None:
    """From the gallery to the session's song, and on to its session's page."""
    await page.goto(gallery)  # the session's song, and its session
    await page.get_by_role("link", name=name).first.click()
    await page.get_by_role("link", name="a lyric session").click()
    assert await page.get_by_role("heading", name="Harbour").count() == 1
    sheet_text = await page.inner_text("main")
    assert "the lamp keeps the harbour awake" in sheet_text
    assert "Ana" in sheet_text
    assert "Verse 1" in sheet_text  # as the session names its sections
    await _shoot(page, shots, "session")


async def _plays(page: Page) -> bool:
    """Play the first version; true once the audio element reaches "playing"."""
    audio = page.locator("audio").first
    return bool(await audio.evaluate(
        """a => new Promise(done => {
            a.addEventListener("playing", () => done(true), {once: true});
            a.addEventListener("error", () => done(false), {once: true});
            a.play().catch(() => done(false));
        })"""
    ))  # fmt: skip


async def _shoot(page: Page, folder: Path, name: str) -> None:
    """The page at desktop and phone widths, in light and dark."""
    for width, height, device in ((1280, 900, "desktop"), (390, 844, "phone")):
        await page.set_viewport_size({"width": width, "height": height})
        for scheme in ("light", "dark"):
            await page.emulate_media(color_scheme=scheme)
            await page.screenshot(path=folder / f"{name}-{device}-{scheme}.png", full_page=True)
    await page.set_viewport_size({"width": 1280, "height": 900})
