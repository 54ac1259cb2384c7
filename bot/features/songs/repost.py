"""``/songs show``: a finished song's full result message, posted anew from what the API says
now (its files fetched again, within the same media policy)."""

from __future__ import annotations

import discord

from bot.features.songs.card import SongCard
from bot.features.songs.delivery import Downloads, MediaFetcher
from bot.features.songs.live import NO_PINGS
from bot.features.songs.render import final_screens
from bot.features.songs.results.buttons import view_for
from bot.soundverse import JobState, SoundverseClient
from bot.soundverse.status import catch_up_events
from bot.store import GenerationRepository


async def post_again(
    interaction: discord.Interaction,
    client: SoundverseClient,
    media: MediaFetcher,
    job_id: str,
    card: SongCard,
    *,
    generations: GenerationRepository,
) -> None:
    """Post the song of ``job_id`` again, or say privately why there is nothing to post.
    The new messages are recorded with the song, so its Delete button removes them too."""
    await interaction.response.defer(thinking=True)
    state = JobState(job_id=job_id)
    snapshot = await client.status(job_id)
    for event in catch_up_events(snapshot, state):
        state.apply(event)
    if not snapshot.completed:
        text = (
            "That song is not finished yet."
            if not snapshot.failed
            else ("That song failed, so there is nothing to show.")
        )
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        return
    async with Downloads(media, file_limit=interaction.filesize_limit) as downloads:
        package = await downloads.package(state)
        screens = final_screens(state, card, package.delivery)
        first = await interaction.edit_original_response(  # in place of "thinking…"
            embeds=list(screens[0].embeds),
            attachments=package.discord_files(),
            view=view_for(screens[0].buttons),
            allowed_mentions=NO_PINGS,
        )
    posted = [first] + [
        await interaction.followup.send(
            embeds=list(extra.embeds), allowed_mentions=NO_PINGS, wait=True
        )
        for extra in screens[1:]
    ]
    if card.song_id is not None:
        for message in posted:
            await generations.add_message(card.song_id, message.channel.id, message.id)
