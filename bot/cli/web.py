"""``songbot web``: serve the web gallery alone (beside bots that share its database); and
``songbot run`` with ``WEB_PORT``: the gallery in the bot's own process."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.cli.exit_codes import EXIT_OK, exit_codes
from bot.cli.parsing import add_command, port_number
from bot.core.logs import setup_logging
from bot.core.settings import Settings, load_settings

DEFAULT_PORT = 8080


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "web",
        summary="serve the web gallery (Discord login)",
        description="Serve the servers' song galleries on the web, with Discord login, until "
        "SIGTERM or Ctrl-C; beside bots that share its DATABASE_URL.",
        needs="DISCORD_TOKEN, DISCORD_CLIENT_SECRET, WEB_PUBLIC_URL and WEB_SESSION_SECRET "
        "(required); DATABASE_URL, WEB_HOST, WEB_PORT, SOUNDVERSE_MEDIA_HOSTS",
        exits=exit_codes("stopped cleanly (SIGTERM or Ctrl-C)", failed=None),
    )
    parser.add_argument("--host", default=None, help="address to listen on (default: WEB_HOST)")
    parser.add_argument(
        "--port",
        type=port_number,
        default=None,
        help=f"port to listen on (default: WEB_PORT, else {DEFAULT_PORT})",
    )
    parser.set_defaults(handler=web_command)


def web_command(args: argparse.Namespace) -> int:
    from bot.web.config import WebConfig  # noqa: PLC0415 - the web's libraries only for it
    from bot.web.server import serve_forever  # noqa: PLC0415

    settings = load_settings(args.env_file)
    WebConfig.of(settings)  # every missing or bad setting as one line, before anything starts
    setup_logging(settings.log_level, settings.secrets(), as_json=settings.log_format == "json")
    port = args.port if args.port is not None else settings.web_port or DEFAULT_PORT
    asyncio.run(serve_forever(settings, args.host or settings.web_host, port))
    return EXIT_OK


async def with_gallery(main: Any, settings: Settings, *, token: str, api_key: str) -> None:
    """The bot, and the gallery beside it when ``WEB_PORT`` is set."""
    if settings.web_port is None:
        await main(settings, token=token, api_key=api_key)
        return
    from bot.web.config import WebConfig  # noqa: PLC0415 - the web's libraries only for it
    from bot.web.dashboard_data import LiveQueue  # noqa: PLC0415
    from bot.web.server import web_gallery  # noqa: PLC0415

    WebConfig.of(settings)  # its settings as one line each, before the bot starts
    queue = LiveQueue()  # the dashboard reaches the bot's queue once the bot is assembled
    async with web_gallery(settings, settings.web_host, settings.web_port, queue):
        await main(
            settings, token=token, api_key=api_key,
            assembled=lambda bot: queue.attach(bot.queue_admin, bot.holds_guild),
        )  # fmt: skip
