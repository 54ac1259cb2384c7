"""The log's Discord side: a message posted to the log channel, pinging nobody."""

from __future__ import annotations

import aiohttp
import discord

from bot.features.modlog.service import Failed


class DiscordPoster:
    def __init__(self, client: discord.Client) -> None:
        self._client = client

    def serves(self, guild_id: int) -> bool:
        return self._client.get_guild(guild_id) is not None

    async def post(self, channel_id: int, text: str) -> Failed | None:
        channel = self._client.get_partial_messageable(channel_id)
        try:
            await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
        except discord.NotFound:
            return Failed(f"the channel {channel_id} is gone", lasting=True)
        except discord.Forbidden:
            return Failed(f"the bot can no longer post in the channel {channel_id}", lasting=True)
        except discord.HTTPException as error:
            return Failed(f"Discord answered {error.status}", lasting=False)
        except (aiohttp.ClientError, TimeoutError) as error:
            return Failed(f"Discord could not be reached ({type(error).__name__})", lasting=False)
        return None
