"""Driving the client through a whole song, for the client's test modules."""

from __future__ import annotations

from bot.mock_api import FAULT_HEADER
from bot.soundverse import ClientEvent, JobState, SongRequest, SoundverseClient

PROMPT = SongRequest.build(prompt="a sea shanty about café rain")


async def run(
    client: SoundverseClient, fault: str | None = None, request: SongRequest = PROMPT
) -> tuple[list[ClientEvent], JobState]:
    state = JobState()
    events = []
    headers = {FAULT_HEADER: fault} if fault else None
    async for event in client.generate(request, headers=headers):
        events.append(event)
        state.apply(event)
    return events, state
