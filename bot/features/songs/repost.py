"""``/songs show``: a finished song's full result message, posted anew from what the API says
now (its files fetched again, within the same media policy)."""

from __future__ import annotations

import discord

from bot.features.songs.delivery import Downloads, MediaFetcher
from bot.features.songs.live import NO_PINGS
from bot.features.songs.render import SongCard, final_screens
from bot.soundverse import JobState, SoundverseClient
from bot.soundverse.status import catch_up_events


async def post_again(
    interaction: discord.Interaction,
    client: SoundverseClient,
    media: MediaFetcher,
    job_id: str,
    card: SongCard,
) -> None:
    """Post the song of ``job_id`` again, or say privately why there is nothing to post."""
    await interaction.response.defer(thinking=True)
    state = JobState(job_id=job_id)
    snapshot = await client.status(job_id)
    for event in catch_up_events(snapshot, state):
        state.apply(event)
    if not snapshot.completed:
        text = "That song is not finished yet." if not snapshot.failed else (
            "That song failed, so there is nothing to show."
        )  # fmt: skip
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        return
    async with Downloads(media, file_limit=interaction.filesize_limit) as downloads:
        package = await downloads.package(state)
        screens = final_screens(state, card, package.delivery)
        await interaction.followup.send(
            embeds=list(screens[0].embeds), files=package.discord_files(),
            allowed_mentions=NO_PINGS, wait=True,
        )  # fmt: skip
    for extra in screens[1:]:
        await interaction.followup.send(embeds=list(extra.embeds), allowed_mentions=NO_PINGS)
