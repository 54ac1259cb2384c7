"""How the stand-in reads requests and shapes its answers, as Discord's HTTP API does."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import BodyPartReader, web

from tests.standin.discord.records import UploadedFile

# What the middleware read of a request, for its handler.
BODY = web.RequestKey("body", object)
FILES = web.RequestKey("files", list[UploadedFile])


async def read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """The JSON body and the uploaded files, from JSON or ``multipart/form-data``."""
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read()
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                content_type = part.headers.get("Content-Type", "")
                name = part.filename or "file"
                files.append(UploadedFile(str(part.name), name, content_type, bytes(data)))
        return body, files
    return await request.json(), []


def json_body(request: web.Request) -> Any:
    """The JSON the middleware read (a multipart request's ``payload_json``)."""
    return request[BODY]


def json_answer(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly "application/json".
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def error(status: int, code: int, message: str, errors: list[str] | None = None) -> web.Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = _error_tree(errors)
    return json_answer(body, status=status)


def _error_tree(errors: list[str]) -> dict[str, Any]:
    """Errors nested by path, as Discord sends them: ``"embeds.0.title: too long"`` becomes
    ``{"embeds": {"0": {"title": {"_errors": [{"code": …, "message": "too long"}]}}}}``."""
    tree: dict[str, Any] = {}
    for text in errors:
        path, _, message = text.partition(": ")
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return tree


OLD_EDITS_MESSAGE = (
    "Maximum number of edits to messages older than 1 hour reached. Try again later."
)


def rate_limited(
    retry_after: float, is_global: bool, headers: dict[str, str], code: int = 0
) -> web.Response:
    body: dict[str, Any] = {
        "code": 0, "message": "You are being rate limited.",
        "retry_after": round(retry_after, 3), "global": is_global,
    }  # fmt: skip
    if code:  # a limit of its own, like hour-old messages' edits (30046)
        body |= {"code": code, "message": OLD_EDITS_MESSAGE}
    response = json_answer(body, status=429)
    response.headers.update(headers)
    response.headers["Retry-After"] = f"{retry_after:.3f}"
    response.headers["X-RateLimit-Scope"] = "global" if is_global else "user"
    response.headers["Via"] = "1.1 google"  # discord.py retries only 429s that carry Via
    if is_global:
        response.headers["X-RateLimit-Global"] = "true"
    return response
