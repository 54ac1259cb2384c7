"""Discord's side of "log in with Discord": OAuth2's authorization code grant with PKCE, and
what the login may read (the member, and the servers they are in with their permissions).

The access token is used for those two reads and then dropped: it never reaches a cookie,
the database or a log."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.web.config import WebConfig

log = logging.getLogger(__name__)
SCOPES = "identify guilds"
TIMEOUT = aiohttp.ClientTimeout(total=15)


class LoginFailedError(Exception):
    """Discord did not complete the login; ``str()`` is one line for the page."""


@dataclass(frozen=True, slots=True)
class Guild:
    id: int
    name: str
    permissions: int


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    guilds: list[Guild]


def pkce_pair() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class DiscordLogin:
    def __init__(self, config: WebConfig, http: aiohttp.ClientSession) -> None:
        self._config = config
        self._http = http
        self.client_id = ""

    async def start(self) -> None:
        """Learn the client id: the application's id, asked of Discord with the bot token."""
        headers = {"Authorization": f"Bot {self._config.bot_token}"}
        info = await self._get("/oauth2/applications/@me", headers)
        self.client_id = str(info["id"])

    def authorize_url(self, state: str, challenge: str) -> str:
        query = urlencode({
            "response_type": "code", "client_id": self.client_id, "scope": SCOPES,
            "redirect_uri": self._config.redirect_uri, "state": state,
            "code_challenge": challenge, "code_challenge_method": "S256",
        })  # fmt: skip
        return f"{self._config.authorize_url}?{query}"

    async def member(self, code: str, verifier: str) -> Member:
        """Exchange the code for a token, and read who logged in and their servers."""
        form = {
            "grant_type": "authorization_code", "code": code,
            "redirect_uri": self._config.redirect_uri, "code_verifier": verifier,
        }  # fmt: skip
        auth = {
            "Authorization": aiohttp.encode_basic_auth(self.client_id, self._config.client_secret)
        }
        try:
            async with self._http.post(
                self._config.api_url + "/oauth2/token", data=form, headers=auth, timeout=TIMEOUT
            ) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise LoginFailedError("Discord could not be reached: try again in a moment.") from exc
        if response.status != 200 or "access_token" not in body:
            log.warning("Discord refused a login's code: %s %s", response.status, _reason(body))
            raise LoginFailedError("Discord did not accept this login: please log in again.")
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        me = await self._get("/users/@me", headers)
        guilds = await self._get("/users/@me/guilds", headers)
        return Member(
            int(me["id"]), str(me.get("global_name") or me["username"]),
            [Guild(int(g["id"]), str(g["name"]), int(g.get("permissions") or 0)) for g in guilds],
        )  # fmt: skip

    async def _get(self, path: str, headers: dict[str, str]) -> Any:
        try:
            async with self._http.get(
                self._config.api_url + path, headers=headers, timeout=TIMEOUT
            ) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise LoginFailedError("Discord could not be reached: try again in a moment.") from exc
        if response.status != 200:
            log.warning("Discord answered %s to %s: %s", response.status, path, _reason(body))
            raise LoginFailedError("Discord did not answer the login: please log in again.")
        return body


def _reason(body: Any) -> str:
    """Discord's error code and words, never anything else of the body."""
    if isinstance(body, dict):
        return str(body.get("error") or body.get("code") or "")[:100]
    return ""
