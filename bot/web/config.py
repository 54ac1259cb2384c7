"""What the web adapter needs to know, from the settings: plain values, no secrets in logs."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.core.settings import Settings
from bot.soundverse.media import MediaPolicy

DISCORD_API = "https://discord.com/api/v10"
CALLBACK_PATH = "/auth/discord/callback"
SESSION_SECONDS = 12 * 3600  # a login lasts this long; the servers it lists are as old


@dataclass(frozen=True, slots=True)
class WebConfig:
    public_url: str  # no trailing slash
    client_secret: str
    session_key: bytes  # 32 bytes, from WEB_SESSION_SECRET
    api_url: str  # Discord's REST API (DISCORD_API_URL, or Discord's own)
    bot_token: str  # to learn the application's id (the OAuth2 client id)
    media: MediaPolicy
    session_seconds: int = SESSION_SECONDS

    @property
    def redirect_uri(self) -> str:
        return self.public_url + CALLBACK_PATH

    @property
    def authorize_url(self) -> str:
        """Discord's authorize page, on the API's origin (so a stand-in can serve it)."""
        parts = urlsplit(self.api_url)
        return f"{parts.scheme}://{parts.netloc}/oauth2/authorize"

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")

    def media_sources(self) -> str:
        """The CSP sources of covers and audio: the API's origin and the media hosts."""
        api = self.media.api
        port = "" if api.port in (80, 443) else f":{api.port}"
        sources = [f"{api.scheme}://{api.host}{port}"]
        sources += [f"https://{host}" for host in sorted(self.media.hosts)]
        return " ".join(sources)

    @classmethod
    def of(cls, settings: Settings) -> WebConfig:
        """From the settings, or a ConfigError naming what is missing or wrong."""
        client_secret, public_url, session_secret = settings.web()
        return cls(
            public_url=public_url,
            client_secret=client_secret,
            session_key=session_key(session_secret),
            api_url=settings.discord_api_url or DISCORD_API,
            bot_token=settings.token(),
            media=MediaPolicy.for_api(settings.soundverse_api_url, settings.media_hosts),
        )


def session_key(secret: str) -> bytes:
    """The cookies' 32-byte key from a secret of any length (a digest: secrets are typed by
    people, and Fernet wants exactly 32 random-looking bytes)."""
    return hashlib.sha256(secret.encode()).digest()


def fernet_key(key: bytes) -> bytes:
    return base64.urlsafe_b64encode(key)
