"""A progress screen's facts: taken at each event, drawn only when sent, the same screen."""

from __future__ import annotations

from bot.features.songs.card import SongCard
from bot.features.songs.progress import Progress
from bot.features.songs.render import progress_screen
from bot.soundverse import JobState
from bot.soundverse.events import parse_event

CARD = SongCard(requester="Ada", prompt="lofi *rain*", lyrics_source="typed")

# a song's events as the API sends them, one stage after another
EVENTS: list[dict[str, object]] = [
    {"type": "job_created", "job_id": "j1", "status": "processing"},
    {"status": "validated", "song_name": "@everyone _hi_", "album_art": "https://x/c.png"},
    {"status": "streaming", "version": 1, "stream_url": "https://x/s1.mp3"},
    {"status": "streaming", "version": 2, "stream_url": "https://x/s2.mp3"},
    {"status": "uploading", "version": 1},
    {"status": "uploading", "version": 2},
    {
        "status": "completed",
        "version": 1,
        "audio_url": "https://x/1.mp3",
        "duration": 125.4,
        "bpm": 98,
        "lyrics_sections": [{"label": "Verse", "text": "la", "start": 0, "end": 5}],
    },
]


def states() -> list[JobState]:
    """A copy of the state after each event (and before the first)."""
    taken, state = [JobState()], JobState()
    for data in EVENTS:
        state.apply(parse_event(data))
        taken.append(Progress.of(state, CARD).state)
    return taken


def test_the_screen_drawn_from_the_facts_is_the_screen_of_the_state() -> None:
    state = JobState()
    for data in EVENTS:
        state.apply(parse_event(data))
        for notice in (None, "reconnecting"):
            drawn = Progress.of(state, CARD, notice).screen()
            assert drawn.key() == progress_screen(state, CARD, notice=notice).key()


def test_the_facts_stay_as_taken_while_the_job_goes_on() -> None:
    state = JobState()
    state.apply(parse_event(EVENTS[0]))
    taken = Progress.of(state, CARD)
    before = taken.screen().key()
    for data in EVENTS[1:]:
        state.apply(parse_event(data))
    assert taken.screen().key() == before
    assert taken != Progress.of(state, CARD)


def test_facts_are_equal_exactly_when_their_screens_look_the_same() -> None:
    taken = states()
    progresses = [Progress(state, CARD, notice) for state in taken for notice in (None, "x")]
    for a in progresses:
        for b in progresses:
            assert (a == b) == (a.screen().key() == b.screen().key())


def test_what_a_progress_screen_does_not_show_makes_no_difference() -> None:
    state = JobState()
    for data in EVENTS[:2]:
        state.apply(parse_event(data))
    before = Progress.of(state, CARD)
    state.reconnects += 1
    state.last_message = "still going"
    assert Progress.of(state, CARD) == before
