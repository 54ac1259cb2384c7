"""Rendering: every page through one autoescaping Jinja2 environment, with what every page
needs (who is logged in, the CSRF token for forms)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import Session, get_session

from bot.features.gallery import Seat, Viewer
from bot.web.security import csrf_token

TEMPLATES = Path(__file__).parent / "templates"


def setup(app: web.Application) -> None:
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every page, whatever its file name: members' text is escaped
        undefined=jinja2.StrictUndefined,
    )
    env.filters["minutes"] = minutes
    env.filters["day"] = day


async def page(
    request: web.Request, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    session = await get_session(request)
    context.setdefault("title", "songbot")
    context.update(viewer=viewer_of(session), csrf=csrf_token(session), path=request.path_qs)
    context.setdefault("notice", session.pop("notice", None))
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def viewer_of(session: Session) -> Viewer | None:
    """Who logged in, as the session cookie remembers them; None for a visitor."""
    data = session.get("viewer")
    if not isinstance(data, dict):
        return None
    seats = {int(g): Seat(str(name), int(perms)) for g, name, perms in data.get("seats", [])}
    return Viewer(int(data["id"]), str(data["name"]), seats)


def minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def day(unix: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(unix))
