"""Configuration from the environment and a ``.env`` file (pydantic-settings).

A missing or invalid setting is reported as one line that names the variable and says how to
fix it, never echoing the value: several of these are secrets.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from bot.core.setting_problems import FIX, problem
from bot.core.setting_values import host_names, retry_delays, shard_ids
from bot.core.urls import url_problem

# Every default lives here; the packages that use one import it from here.
DEFAULT_BASE_URL = "https://api.soundverse.ai"
DEFAULT_STATUS_PATH = "/v7/status/{job_id}"
DEFAULT_MEDIA_HOSTS = ("storage.soundverse.ai", "api.soundverse.ai")  # the vendor's own hosts
DEFAULT_DATABASE_URL = "sqlite:///data/songbot.db"
DEFAULT_MAX_CONCURRENT = 20
# Discord lets one message be edited 5 times in 5 seconds. Progress edits spaced this far apart
# use at most 4 of those in any window, which leaves room for the final edit to go out at once.
DISCORD_EDITS, DISCORD_WINDOW = 5, 5.0
PROGRESS_INTERVAL = DISCORD_WINDOW / (DISCORD_EDITS - 1)


class ConfigError(Exception):
    """Settings are missing or wrong: one line a problem (``problems``; ``str()`` joins them)."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Settings(BaseSettings):
    """Every setting; environment variable names are the field names in upper case."""

    model_config: ClassVar[SettingsConfigDict] = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False,
        env_ignore_empty=True,  # VAR= means "not set", as in a shell
    )  # fmt: skip

    discord_token: SecretStr | None = None
    soundverse_api_key: SecretStr | None = None
    soundverse_api_url: str = DEFAULT_BASE_URL
    soundverse_status_path: str = DEFAULT_STATUS_PATH
    soundverse_media_hosts: str = ",".join(DEFAULT_MEDIA_HOSTS)
    soundverse_connect_timeout: float = Field(10.0, gt=0)
    soundverse_idle_timeout: float = Field(90.0, gt=0)
    soundverse_job_deadline: float = Field(20 * 60.0, gt=0)
    database_url: str = DEFAULT_DATABASE_URL
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    discord_dev_guild_id: int | None = None
    discord_interaction_lifetime: float = Field(15 * 60.0, gt=0)
    # Several processes: the shards in all (unset: one process, Discord's recommendation) and
    # this process's own ("0,1"; unset: all of them).
    discord_shard_count: int | None = Field(None, ge=1, le=10_000)
    discord_shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None
    # How long a process's claim on a song lasts without being renewed: after a process dies,
    # another takes its songs over this long after its last renewal (PostgreSQL only).
    song_lease_seconds: float = Field(30.0, ge=2, le=3600)
    song_edit_interval: float = Field(PROGRESS_INTERVAL, ge=0)
    # Seconds the queue waits between tries while the API is down or limits the key without a
    # Retry-After: "5,15,30,60,120" (or a JSON list; "none"). One try more than delays per song.
    soundverse_retry_delays: Annotated[tuple[float, ...], NoDecode] = (5.0, 15.0, 30.0, 60.0, 120.0)
    # Songs at the API at once, for the whole bot (Soundverse publishes no limit: raise it to
    # what your plan allows; songs beyond it wait in the queue).
    soundverse_max_concurrent: int = Field(DEFAULT_MAX_CONCURRENT, ge=1, le=10_000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    help_url: str | None = None  # where /help sends members for the full manual
    metrics_port: int | None = Field(None, ge=0, le=65535)  # unset: no metrics endpoint
    metrics_host: str = "127.0.0.1"
    # The web gallery (bot/web): Discord login needs the application's OAuth2 secret, the
    # address members reach it at, and a secret for its session cookies; WEB_PORT serves it
    # from `songbot run` too (`songbot web` serves it alone).
    discord_client_secret: SecretStr | None = None
    web_public_url: str | None = None
    web_session_secret: SecretStr | None = None
    web_port: int | None = Field(None, ge=0, le=65535)
    web_host: str = "127.0.0.1"

    @field_validator("web_public_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and (url_problem(value) is not None or "?" in value):
            raise ValueError("must be the http:// or https:// address members open the gallery at")
        return value.rstrip("/") if value else value

    @field_validator("web_session_secret")
    @classmethod
    def _session_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < MIN_SESSION_SECRET:
            raise ValueError(
                f"must be at least {MIN_SESSION_SECRET} characters: make one with"
                " python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    def web(self) -> tuple[str, str, str]:
        """The gallery's client secret, public URL and session secret, or one
        :class:`ConfigError` that names every one of them missing."""
        names = ("discord_client_secret", "web_session_secret")
        secret, cookie = (_secret(getattr(self, name)) for name in names)
        problems = [
            f"{name.upper()} is not set: put {_SECRETS[name]} in the environment or in .env."
            for name, value in zip(names, (secret, cookie), strict=True)
            if not value
        ]
        if not self.web_public_url:
            problems.append(
                "WEB_PUBLIC_URL is not set: put the address members open the gallery at (like "
                "https://songs.example.com) in the environment or in .env."
            )
        if problems:
            raise ConfigError(*problems)
        return secret, self.web_public_url or "", cookie

    @field_validator("soundverse_api_url", "discord_api_url", "help_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and url_problem(value) is not None:
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @field_validator("discord_gateway_url")
    @classmethod
    def _ws_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("ws://", "wss://")):
            raise ValueError("must be a ws:// or wss:// URL")
        return value or None

    @field_validator("soundverse_media_hosts")
    @classmethod
    def _hosts(cls, value: str) -> str:
        return host_names(value)

    @field_validator("soundverse_status_path")
    @classmethod
    def _status_path(cls, value: str) -> str:
        if not value.startswith("/") or "{job_id}" not in value:
            raise ValueError("must start with / and contain {job_id}, like /v7/status/{job_id}")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError(
                "must be sqlite:///relative/path.db, sqlite:////absolute/path.db or"
                " postgresql://user:password@host:5432/database"
            )
        return value

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _shard_ids(cls, value: object) -> object:
        return shard_ids(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.discord_shard_ids is not None:
            if self.discord_shard_count is None:
                raise ValueError(
                    "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the shards of all processes)"
                )
            if max(self.discord_shard_ids) >= self.discord_shard_count:
                raise ValueError(
                    f"DISCORD_SHARD_IDS must be below DISCORD_SHARD_COUNT"
                    f" ({self.discord_shard_count}): shards are numbered from 0"
                )
        return self

    @field_validator("soundverse_retry_delays", mode="before")
    @classmethod
    def _delays(cls, value: object) -> object:
        return retry_delays(value) if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @property
    def media_hosts(self) -> tuple[str, ...]:
        return tuple(host for host in self.soundverse_media_hosts.split(",") if host)

    @property
    def database_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def data_dir(self) -> Path:
        """Where the process keeps its own files: beside a SQLite file, else ``data/``."""
        if self.database_url.startswith("sqlite:///"):
            return self.database_path.parent
        return Path("data")

    def secrets(self) -> list[str]:
        """The secret values, for scrubbing them from anything written out."""
        values = (self.discord_token, self.soundverse_api_key, self.discord_client_secret,
                  self.web_session_secret)  # fmt: skip
        raw = [v.get_secret_value() for v in values if v and v.get_secret_value()]
        return list(dict.fromkeys([*raw, *(value.strip() for value in raw)]))

    def required(self, *names: str) -> list[str]:
        """The secret settings a command needs (``discord_token``, ``soundverse_api_key``), or
        one :class:`ConfigError` that names every one of them missing."""
        values = [_secret(getattr(self, name)) for name in names]
        missing = [name for name, value in zip(names, values, strict=True) if not value]
        if missing:
            raise ConfigError(
                *(f"{name.upper()} is not set: put {_SECRETS[name]} in the environment or in "
                  ".env." for name in missing)
            )  # fmt: skip
        return values

    def api_key(self) -> str:
        return self.required("soundverse_api_key")[0]

    def token(self) -> str:
        return self.required("discord_token")[0]


ENV_FILE_VARIABLE = "SONGBOT_ENV_FILE"
MIN_SESSION_SECRET = 32


def load_settings(env_file: str | Path | None = None) -> Settings:
    """Read the settings, turning any problem into a :class:`ConfigError`.

    The file read besides the environment is ``env_file`` if given, else the one
    ``SONGBOT_ENV_FILE`` names, else ``.env`` in the current directory if there is one. A
    file that is named but missing is an error (a service manager's working directory is
    rarely the one you think).
    """
    named = env_file if env_file is not None else os.environ.get(ENV_FILE_VARIABLE) or None
    if named is not None and not Path(named).is_file():
        source = "--env-file" if env_file is not None else ENV_FILE_VARIABLE
        raise ConfigError(f"{source} names {named}, which is not a file.")
    try:
        return Settings(_env_file=named if named is not None else ".env")  # type: ignore[call-arg]
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        raise ConfigError(*dict.fromkeys(problem(error) for error in errors)) from None
    except SettingsError as exc:  # a value pydantic-settings could not even decode
        field = re.search(r'field "(\w+)"', str(exc))
        name = field[1].upper() if field else "a setting"
        raise ConfigError(f"{name} is invalid. {FIX}") from None


_SECRETS = {
    "discord_token": "your Discord bot token",
    "soundverse_api_key": "your Soundverse API key",
    "discord_client_secret": "your application's OAuth2 client secret (Developer Portal, OAuth2)",
    "web_session_secret": f"a random secret of {MIN_SESSION_SECRET} characters or more",
}


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value().strip() if value is not None else ""
