"""The simulator's answers: the documented errors, the request checks the API makes before a
job exists, and JSON responses."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from aiohttp import web

from bot.mock_api.faults import Faults
from bot.soundverse.request import AUDIO_FIELDS, MAX_AUDIO_BYTES, SongRequest, request_problem

ERROR_ANSWERS: dict[str, tuple[int, dict[str, Any]]] = {
    "invalid_key": (401, {"detail": "Invalid API key"}),
    "rate_limit": (
        429,
        {"success": False, "message": "Rate limits have been passed for the user."},
    ),
    "balance": (402, {"success": False, "message": "Insufficient balance for this operation."}),
    "unavailable": (
        503,
        {
            "success": False,
            "message": "Service temporarily unavailable. Please try again in a moment.",
            "error": "Database connection pool exhausted",
        },
    ),
    "file_too_large": (
        413,
        {"success": False, "message": "Reference audio file error: File too large"},
    ),
}


async def input_problem(
    session: aiohttp.ClientSession | None, body: dict[str, Any]
) -> web.Response | None:
    """The API's answer when an audio input cannot be downloaded or is over 10 MB, or None."""
    if session is None:
        return None
    for name in AUDIO_FIELDS:
        url = body.get(name)
        if not url:
            continue
        label = name.removesuffix("_url").capitalize()
        size = await _download_size(session, url)
        if size is None:
            message = f"{label} audio file error: Could not download file"
            return json_answer(400, {"success": False, "message": message})
        if size > MAX_AUDIO_BYTES:
            message = f"{label} audio file error: File too large"
            return json_answer(413, {"success": False, "message": message})
    return None


def body_problem(body: dict[str, Any]) -> str | None:
    """What the API says of a request body it refuses, or None."""
    fields = {key: body.get(key) for key in ("prompt", "lyrics", *AUDIO_FIELDS)}
    if any(value is not None and not isinstance(value, str) for value in fields.values()):
        return "Every field must be a string"
    return request_problem(SongRequest.model_construct(**fields))


async def _download_size(session: aiohttp.ClientSession, url: str) -> int | None:
    """Bytes at ``url`` (counting stops just past the limit), or None if it can't be had."""
    try:
        async with session.get(url) as response:
            if response.status >= 400:
                return None
            size = 0
            async for chunk in response.content.iter_chunked(65536):
                size += len(chunk)
                if size > MAX_AUDIO_BYTES:
                    break
            return size
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return None


def error_answer(kind: str, faults: Faults, request: web.Request | None = None) -> web.Response:
    status, body = ERROR_ANSWERS[kind]
    if faults.echo_key and request is not None:  # as a careless proxy or debug mode would
        sent = request.headers.get("Authorization", "")
        field = "detail" if "detail" in body else "message"
        body = {**body, field: f"{body[field]} (request had Authorization: {sent})"}
    headers = {}
    if kind == "rate_limit" and faults.retry_after is not None:
        headers["Retry-After"] = str(faults.retry_after)
    return json_answer(status, body, headers)


def json_answer(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=headers,
    )
