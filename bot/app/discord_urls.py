"""Point discord.py at a REST proxy and a gateway proxy (``DISCORD_API_URL``,
``DISCORD_GATEWAY_URL``).

discord.py has no public option for either, so this is the one place that sets the two class
attributes it reads: ``Route.BASE`` for every REST call, and ``DiscordWebSocket.DEFAULT_GATEWAY``
for the first gateway connection (later ones use the ``resume_gateway_url`` the gateway sends).
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

DISCORD_REST_BASE = discord.http.Route.BASE
DISCORD_GATEWAY = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def use_discord_urls(api_url: str | None, gateway_url: str | None) -> None:
    """Use these URLs, or Discord's own for whichever is None."""
    discord.http.Route.BASE = api_url or DISCORD_REST_BASE
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
        yarl.URL(gateway_url) if gateway_url else DISCORD_GATEWAY
    )
