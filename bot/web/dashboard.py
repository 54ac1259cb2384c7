"""The moderators' dashboard: ``/servers/{id}/dashboard`` and its forms.

Only for a member who manages the server: as Discord said at login, and as the bot sees them
now (:mod:`bot.web.moderators`: asked at most a minute ago for a page, asked again for every
change). Anyone else gets the gallery's "nothing here", whether the server exists or not.
Every change goes through the use case ``/songadmin`` uses, and its settings log says who
and "via web"."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from aiohttp import web
from aiohttp_session import get_session

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation.service import Changed
from bot.web.dashboard_budgets import configured, gauges, month_chart
from bot.web.dashboard_data import Desk, bars, overview
from bot.web.dashboard_forms import BY_NAME
from bot.web.form_fields import FieldError, Form
from bot.web.moderators import ModeratorCheck, Standing
from bot.web.security import check_csrf
from bot.web.server_channels import ServerChannels
from bot.web.views import page, viewer_of

log = logging.getLogger(__name__)
DESK = web.AppKey("desk", Desk)
CHECK = web.AppKey("moderator_check", ModeratorCheck)
CHANNELS = web.AppKey("server_channels", ServerChannels)
_MENTION = re.compile(r"<(@&|@|#)(\d{1,20})>")
_MENTIONED = {"@&": "role", "@": "member", "#": "channel"}


def plain_mentions(
    text: str, roles: Mapping[int, str] | None = None, channels: Mapping[int, str] | None = None
) -> str:
    """A use case's sentence for the web: Discord's ``<@&id>`` shown as the role's name where
    known (``<#id>`` as #the channel's), else as "role id" (and members, channels alike),
    without Markdown code marks."""

    def named(mention: re.Match[str]) -> str:
        if mention[1] == "@&" and roles and int(mention[2]) in roles:
            return roles[int(mention[2])]
        if mention[1] == "#" and channels and int(mention[2]) in channels:
            return "#" + channels[int(mention[2])]
        return f"{_MENTIONED[mention[1]]} {mention[2]}"

    return _MENTION.sub(named, text).replace("`", "")


async def _moderator(request: web.Request, *, fresh: bool) -> Actor | web.Response:
    """The member acting, if they manage this server now; else the page to answer with."""
    viewer = viewer_of(await get_session(request))
    guild_id = int(request.match_info["guild_id"])
    if viewer is None:
        raise web.HTTPFound(f"/login?next={quote(request.path, safe='')}")
    seat = viewer.seats.get(guild_id)
    standing = Standing.MEMBER
    if seat is not None and seat.moderates:  # as Discord said at login; then as it says now
        standing = await request.app[CHECK].standing(guild_id, viewer.user_id, fresh=fresh)
    if standing is Standing.UNKNOWN:
        return await page(
            request, "message.html", status=503, title="Try again in a moment",
            text="Discord did not answer when asked whether you manage this server: "
            "try again in a moment.",
        )  # fmt: skip
    if standing is not Standing.MANAGES:
        return await page(
            request, "message.html", status=404, title="Nothing here",
            text="There is no dashboard here, or it is not open to you.",
        )  # fmt: skip
    return Actor(viewer.user_id, viewer.name, moderator=True, manages_server=True)


async def show(request: web.Request) -> web.StreamResponse:
    actor = await _moderator(request, fresh=False)
    if isinstance(actor, web.Response):
        return actor
    guild_id = int(request.match_info["guild_id"])
    found = await overview(request.app[DESK], guild_id)
    # who's who, as far as the page knows: members by their songs' name, and the viewer
    names = {int(m.key): m.name for m in found.members} | {actor.member_id: actor.name}
    viewer = viewer_of(await get_session(request))
    seat = viewer.seats.get(guild_id) if viewer else None
    roles = request.app[CHECK].roles(guild_id)
    channels = await request.app[CHANNELS].text_channels(guild_id)
    return await page(
        request, "dashboard.html", title="Dashboard", o=found, forms=BY_NAME,
        guild_id=guild_id, server_name=seat.name if seat else "", names=names, roles=roles,
        channels=channels, mentions=functools.partial(plain_mentions, roles=roles),
        day_bars=bars([(d.key, d.songs) for d in found.days]),
        token_bars=bars([(d.key, d.tokens) for d in found.days]),
        member_bars=bars([(m.name, m.tokens) for m in found.members], width=100, height=100),
        gauges=gauges(found.spending, found.policy.timezone), month=month_chart(found.spending),
        budget_rows=configured(found.policy),
    )  # fmt: skip


async def change(request: web.Request) -> web.StreamResponse:
    cookie = await get_session(request)
    await check_csrf(request, cookie)
    form = BY_NAME.get(request.match_info["form"])
    actor = await _moderator(request, fresh=True)  # a change is checked with Discord now
    if isinstance(actor, web.Response):
        return actor
    if form is None:
        raise web.HTTPNotFound(text="There is no such form.")
    guild_id = int(request.match_info["guild_id"])
    sent: Any = await request.post()
    try:
        values = form.read(sent, await overview(request.app[DESK], guild_id))
    except FieldError as problem:
        cookie["notice"] = str(problem)
    else:
        outcome = await _apply(request, form, actor, guild_id, values)
        said = str(outcome.text if isinstance(outcome, Refusal) else outcome.summary)
        channels = await request.app[CHANNELS].text_channels(guild_id) if "<#" in said else None
        cookie["notice"] = plain_mentions(said, request.app[CHECK].roles(guild_id), channels)
    raise web.HTTPSeeOther(f"/servers/{guild_id}/dashboard#{form.name}")


async def _apply(
    request: web.Request, form: Form, actor: Actor, guild_id: int, values: dict[str, Any]
) -> Changed | Refusal:
    """The form's use case; first, for a channel the bot must post in, what Discord says the
    bot lacks there (or why it could not be asked)."""
    if form.posts_in:
        missing = await request.app[CHANNELS].missing(guild_id, values[form.posts_in])
        if isinstance(missing, Refusal):
            return missing
        values = values | {"missing": missing}
    return await form.apply(request.app[DESK], actor, Place(guild_id, 0), values)


def install(app: web.Application, desk: Desk, check: ModeratorCheck) -> None:
    app[DESK], app[CHECK], app[CHANNELS] = desk, check, ServerChannels(check)
    base = r"/servers/{guild_id:\d{1,20}}/dashboard"
    app.router.add_get(base, show)
    app.router.add_post(base + r"/{form:[a-z_]{1,30}}", change)
