"""A party's one now-playing message on Discord: posted as the answer to ``/listen`` (or in
the channel, after "thinking…"), then edited as the party goes, with its controls while it
plays and Listen again once a restart ended it. Nobody is pinged."""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

from bot.core.i18n import Words
from bot.core.replies import NO_PINGS, reply_privately
from bot.features.parties.controls import again_view, party_view
from bot.features.parties.plans import Ending, Party
from bot.features.parties.render import ended, now_playing

log = logging.getLogger(__name__)


class PartyMessages:
    def __init__(
        self,
        client: discord.Client,
        cover_allowed: Callable[[str], bool],
        words_in: Callable[[str | None], Words],
    ) -> None:
        self._client = client
        self._cover_allowed = cover_allowed
        self._words_in = words_in

    async def post(self, interaction: discord.Interaction, party: Party) -> int:
        """The now-playing message, as the answer (or, after "thinking…", in the channel)."""
        embed, view = self.screen(party, None)
        if not interaction.response.is_done():
            sent = await interaction.response.send_message(
                embed=embed, view=view, allowed_mentions=NO_PINGS
            )
            if sent.message_id is not None:
                return sent.message_id
            return (await interaction.original_response()).id
        channel = self._client.get_partial_messageable(party.channel_id)
        message = await channel.send(embed=embed, view=view, allowed_mentions=NO_PINGS)
        await reply_privately(interaction, "🎧 The party's message is in this channel.")
        return message.id

    def screen(self, party: Party, seconds: float | None) -> tuple[discord.Embed, discord.ui.View]:
        words = self._words_in(party.locale)
        if party.ended:
            view = again_view(party.id, words) if party.ending is Ending.RESTART else None
            return ended(party, words), view or party_view(party, words)
        embed = now_playing(party, words, seconds=seconds, cover_allowed=self._cover_allowed)
        return embed, party_view(party, words)

    async def show(self, party: Party, seconds: float | None) -> None:
        if party.message_id is None:
            return
        embed, view = self.screen(party, seconds)
        message = self._client.get_partial_messageable(party.channel_id).get_partial_message(
            party.message_id
        )
        try:
            await message.edit(embed=embed, view=view, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.warning("could not edit party %d's message: %s", party.id, exc)
