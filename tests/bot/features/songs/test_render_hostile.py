"""Any answer the API could give, and any text a member could type, renders to messages
Discord accepts: within every limit, no ping, no URL Discord would refuse."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.features.songs.card import SongCard
from bot.features.songs.render import (
    Delivery,
    failure_screen,
    final_screens,
    progress_screen,
)
from bot.features.songs.texts import failure_text
from bot.soundverse import InvalidRequestError, JobFailedError, JobState
from bot.soundverse.events import parse_event
from tests.standin.discord.validation import body_errors

anything = st.one_of(
    st.text(max_size=600),
    st.text(alphabet="*_~|`>#-@[]()<:\\\n ", max_size=400),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
)
urls = st.one_of(
    st.text(max_size=80),
    st.just("javascript:alert(1)"),
    st.builds(lambda tail: f"https://storage.soundverse.ai/{tail}", st.text(max_size=2100)),
)
sections = st.lists(st.fixed_dictionaries({"label": anything, "text": anything}), max_size=40)


@st.composite
def hostile_states(draw: st.DrawFn) -> JobState:
    events: list[dict[str, Any]] = [
        {"type": "job_created", "status": "processing", "job_id": draw(anything)},
        {"status": "validated", "song_name": draw(anything), "album_art": draw(urls)},
    ]
    for version in (1, 2, draw(anything)):
        events.append({"status": "streaming", "version": version, "stream_url": draw(urls)})
        events.append(
            {
                "status": "completed",
                "isComplete": False,
                "version": version,
                "audio_url": draw(urls),
                "duration": draw(anything),
                "bpm": draw(anything),
                "tokens": draw(anything),
                "totalTokens": draw(anything),
                "lyrics_sections": draw(sections),
            }
        )
    if draw(st.booleans()):
        events.append(
            {
                "status": "completed",
                "isComplete": True,
                "song_name": draw(anything),
                "total_versions": draw(anything),
            }
        )
    state = JobState()
    for event in events:
        state.apply(parse_event(event))
    return state


cards = st.builds(SongCard, requester=st.text(max_size=300), prompt=st.text(max_size=1100))


def assert_accepted(embeds: list[Any], content: str | None = None) -> None:
    body: dict[str, Any] = {"embeds": embeds, "content": content, "allowed_mentions": {"parse": []}}
    assert body_errors(body) == []
    text = repr(body)
    assert "@everyone" not in text
    assert "@here" not in text


@given(hostile_states(), cards, st.text(max_size=2000))
def test_every_screen_of_a_hostile_answer_is_accepted(
    state: JobState, card: SongCard, message: str
) -> None:
    screens = [progress_screen(state, card, notice=message)]
    delivery = Delivery(unattached={1: "too large to attach here"}, cover_problem="refused")
    screens += final_screens(state, card, delivery)
    screens.append(failure_screen(state, card, failure_text(InvalidRequestError(message))))
    screens.append(failure_screen(state, card, failure_text(JobFailedError(message))))
    for screen in screens:
        assert_accepted([e.to_dict() for e in screen.embeds], screen.content)


def test_a_long_markdown_name_still_fits_the_title() -> None:
    name = "**@everyone**" * 25  # 325 characters, far more once escaped
    state = JobState()
    state.apply(parse_event({"status": "validated", "song_name": name}))
    [screen] = final_screens(state, SongCard("m", "p"), Delivery())[:1]
    title = screen.embeds[0].title or ""
    assert len(title) <= 256
    assert title.startswith("\\*\\*@\u200beveryone\\*\\*")
