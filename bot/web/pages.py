"""The gallery's pages: your servers, a server's songs (searched, paged), a song, a lyric
session, a member's songs; and the two forms (hide a song, count a play)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web
from aiohttp_session import get_session

from bot.features.gallery import Access, Gallery, Viewer
from bot.web.auth import GALLERY
from bot.web.security import check_csrf
from bot.web.views import page, viewer_of

ID = r"{guild_id:\d{1,20}}"
JOB = r"{job_id:[A-Za-z0-9_.:-]{1,100}}"


async def _viewer(request: web.Request) -> Viewer | None:
    return viewer_of(await get_session(request))


def _guild(request: web.Request) -> int:
    return int(request.match_info["guild_id"])


async def home(request: web.Request) -> web.StreamResponse:
    viewer = await _viewer(request)
    servers = await request.app[GALLERY].servers(viewer) if viewer else []
    return await page(request, "servers.html", title="Your servers", servers=servers)


async def _show(request: web.Request, outcome: Any, template: str, **context: Any) -> web.Response:
    """The page, or what an access rule decided: log in first, or nothing here."""
    if outcome is Access.LOGIN:
        raise web.HTTPFound(f"/login?next={quote(request.path_qs, safe='')}")
    if isinstance(outcome, Access):
        return await page(
            request, "message.html", status=404, title="Nothing here",
            text="There is no gallery here, or it is not open to you.",
        )  # fmt: skip
    return await page(request, template, found=outcome, **context)


async def gallery(request: web.Request) -> web.StreamResponse:
    by_plays = request.query.get("order") == "plays"
    outcome = await request.app[GALLERY].listing(
        await _viewer(request), _guild(request), query=request.query.get("q", "")[:200],
        by_plays=by_plays, cursor=request.query.get("after"),
    )  # fmt: skip
    return await _show(request, outcome, "gallery.html", title="Songs")


async def member(request: web.Request) -> web.StreamResponse:
    outcome = await request.app[GALLERY].listing(
        await _viewer(request), _guild(request), cursor=request.query.get("after"),
        member_id=int(request.match_info["user_id"]),
    )  # fmt: skip
    return await _show(request, outcome, "gallery.html", title="A member's songs")


async def song(request: web.Request) -> web.StreamResponse:
    outcome = await request.app[GALLERY].song(
        await _viewer(request), _guild(request), request.match_info["job_id"]
    )
    return await _show(request, outcome, "song.html", title="Song")


async def session(request: web.Request) -> web.StreamResponse:
    outcome = await request.app[GALLERY].session(
        await _viewer(request), _guild(request), int(request.match_info["session_id"])
    )
    return await _show(request, outcome, "session.html", title="Lyric session")


async def hide(request: web.Request) -> web.StreamResponse:
    cookie = await get_session(request)
    await check_csrf(request, cookie)
    guild_id = _guild(request)
    outcome = await request.app[GALLERY].hide(
        viewer_of(cookie), guild_id, request.match_info["job_id"]
    )
    if outcome is not Access.ALLOWED:
        return await _show(request, outcome, "message.html")
    cookie["notice"] = "The song is hidden from the gallery."
    raise web.HTTPSeeOther(f"/servers/{guild_id}")


async def played(request: web.Request) -> web.StreamResponse:
    cookie = await get_session(request)
    await check_csrf(request, cookie)
    outcome = await request.app[GALLERY].played(
        viewer_of(cookie), _guild(request), request.match_info["job_id"]
    )
    return web.Response(status=204 if outcome is Access.ALLOWED else 404)


def install(app: web.Application, gallery_service: Gallery) -> None:
    app[GALLERY] = gallery_service
    base = f"/servers/{ID}"
    app.router.add_get("/", home)
    app.router.add_get(base, gallery)
    app.router.add_get(base + f"/songs/{JOB}", song)
    app.router.add_post(base + f"/songs/{JOB}/hide", hide)
    app.router.add_post(base + f"/songs/{JOB}/played", played)
    app.router.add_get(base + r"/sessions/{session_id:\d{1,18}}", session)
    app.router.add_get(base + r"/members/{user_id:\d{1,20}}", member)
