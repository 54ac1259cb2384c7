"""Settings: fixed names, defaults, and one-line errors that never echo a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.settings import ConfigError, load_settings

ALL = (
    "DISCORD_TOKEN", "SOUNDVERSE_API_KEY", "SOUNDVERSE_API_URL", "DATABASE_URL",
    "DISCORD_API_URL", "DISCORD_GATEWAY_URL", "SOUNDVERSE_STATUS_PATH", "LOG_LEVEL",
    "SONGBOT_ENV_FILE", "DISCORD_DEV_GUILD_ID", "SOUNDVERSE_RETRY_DELAYS",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ALL:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings(None)
    assert settings.soundverse_api_url == "https://api.soundverse.ai"
    assert settings.database_url == "sqlite:///data/songbot.db"
    assert settings.database_path == Path("data/songbot.db")
    assert settings.soundverse_status_path == "/v7/status/{job_id}"
    assert settings.discord_api_url is None


def test_environment_and_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = tmp_path / "custom.env"
    env.write_text("SOUNDVERSE_API_KEY=from-file\nDISCORD_TOKEN=tok-file\n")
    monkeypatch.setenv("DISCORD_TOKEN", "tok-env")
    settings = load_settings(env)
    assert settings.api_key() == "from-file"
    assert settings.token() == "tok-env"  # the environment wins over the file
    assert sorted(settings.secrets()) == ["from-file", "tok-env"]


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("api_key", "SOUNDVERSE_API_KEY is not set: put your Soundverse API key in"),
        ("token", "DISCORD_TOKEN is not set: put your Discord bot token in"),
    ],
)
def test_required_secrets(method: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        getattr(load_settings(None), method)()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SOUNDVERSE_API_URL", "api.soundverse.ai", "SOUNDVERSE_API_URL is invalid: must be an"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL is invalid: must be sqlite:///"),
        ("DISCORD_SHARD_IDS", "0,x", "DISCORD_SHARD_IDS is invalid: must be shard numbers"),
        ("DISCORD_SHARD_IDS", "0,0", "DISCORD_SHARD_IDS is invalid: must be different"),
        ("DISCORD_SHARD_IDS", "3", "^DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
        ("DISCORD_GATEWAY_URL", "http://gw", "DISCORD_GATEWAY_URL is invalid: must be a ws"),
        ("SOUNDVERSE_STATUS_PATH", "/jobs", "SOUNDVERSE_STATUS_PATH is invalid: must start"),
        ("SOUNDVERSE_IDLE_TIMEOUT", "-1", "SOUNDVERSE_IDLE_TIMEOUT is invalid"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL is invalid"),
        ("SOUNDVERSE_MEDIA_HOSTS", "https://cdn.example/x", "SOUNDVERSE_MEDIA_HOSTS is invalid"),
        ("SOUNDVERSE_CONNECT_TIMEOUT", "-3", "SOUNDVERSE_CONNECT_TIMEOUT is invalid"),
        ("SOUNDVERSE_JOB_DEADLINE", "soon", "SOUNDVERSE_JOB_DEADLINE is invalid"),
        ("SOUNDVERSE_MAX_CONCURRENT", "0", "SOUNDVERSE_MAX_CONCURRENT is invalid"),
        ("DISCORD_API_URL", "ftp://discord", "DISCORD_API_URL is invalid: must be an"),
        ("DISCORD_DEV_GUILD_ID", "my-server", "DISCORD_DEV_GUILD_ID is invalid"),
        ("DISCORD_INTERACTION_LIFETIME", "-5", "DISCORD_INTERACTION_LIFETIME is invalid"),
        ("SONG_EDIT_INTERVAL", "-1", "SONG_EDIT_INTERVAL is invalid"),
        ("SOUNDVERSE_RETRY_DELAYS", "3,soon", "SOUNDVERSE_RETRY_DELAYS is invalid: must be sec"),
        ("SOUNDVERSE_RETRY_DELAYS", "3,99999", "SOUNDVERSE_RETRY_DELAYS is invalid: each delay"),
        ("SOUNDVERSE_RETRY_DELAYS", "{oops", "SOUNDVERSE_RETRY_DELAYS is invalid"),
    ],
)
def test_invalid_values(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings(None)
    assert "\n" not in str(caught.value)
    assert value not in str(caught.value)


def test_urls_lose_their_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOUNDVERSE_API_URL", "http://127.0.0.1:8765/")
    assert load_settings(None).soundverse_api_url == "http://127.0.0.1:8765"


def test_secrets_are_hidden_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOUNDVERSE_API_KEY", "sk-very-secret")
    assert "sk-very-secret" not in repr(load_settings(None))


def test_media_hosts_are_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOUNDVERSE_MEDIA_HOSTS", " Storage.Soundverse.ai, *.cdn.example ,")
    assert load_settings(None).media_hosts == ("storage.soundverse.ai", "*.cdn.example")


def test_retry_delays_as_the_readme_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOUNDVERSE_RETRY_DELAYS", "3, 10")
    assert load_settings(None).soundverse_retry_delays == (3.0, 10.0)
    monkeypatch.setenv("SOUNDVERSE_RETRY_DELAYS", "[1, 2.5]")
    assert load_settings(None).soundverse_retry_delays == (1.0, 2.5)


def test_an_empty_value_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_DEV_GUILD_ID", "")
    assert load_settings(None).discord_dev_guild_id is None


def test_the_settings_file_named_by_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = tmp_path / "elsewhere.env"
    env.write_text("SOUNDVERSE_API_KEY=from-elsewhere\n")
    monkeypatch.setenv("SONGBOT_ENV_FILE", str(env))
    assert load_settings(None).api_key() == "from-elsewhere"
    monkeypatch.setenv("SONGBOT_ENV_FILE", str(tmp_path / "missing.env"))
    with pytest.raises(
        ConfigError, match=r"SONGBOT_ENV_FILE names .*missing\.env, which is not a file"
    ):
        load_settings(None)
    with pytest.raises(ConfigError, match="--env-file names /nowhere, which is not a file"):
        load_settings("/nowhere")


def test_every_problem_is_one_plain_line_naming_its_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in [
        ("SOUNDVERSE_MAX_CONCURRENT", "0"),
        ("LOG_LEVEL", "LOUD"),
        ("SONG_LEASE_SECONDS", "99999"),
        ("SOUNDVERSE_JOB_DEADLINE", "soon"),
    ]:
        monkeypatch.setenv(name, value)  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        load_settings(None)
    fix = "Fix it in the environment or in .env."
    assert caught.value.problems == (
        f"SOUNDVERSE_JOB_DEADLINE is invalid: must be a number. {fix}",
        f"SONG_LEASE_SECONDS is invalid: must be 3600 or less. {fix}",
        f"SOUNDVERSE_MAX_CONCURRENT is invalid: must be 1 or more. {fix}",
        f"LOG_LEVEL is invalid: must be 'DEBUG', 'INFO', 'WARNING' or 'ERROR'. {fix}",
    )


def test_every_missing_secret_is_named_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None).required("discord_token", "soundverse_api_key")
    assert [line.split(" is not set")[0] for line in caught.value.problems] == [
        "DISCORD_TOKEN",
        "SOUNDVERSE_API_KEY",
    ]
