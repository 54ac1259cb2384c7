"""A song's row while the database comes and goes: nothing it owes is dropped, and the
writes land in order, the end last."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from bot.core.errors import DatabaseUnavailable
from bot.features.songs import recorder
from bot.features.songs.recorder import Recorder, until_written
from bot.soundverse import JobState, Stage
from bot.store import GenerationRepository


class Away:
    """The repository, with the database away for the first ``away`` writes of each kind."""

    def __init__(self, away: int) -> None:
        self.away = away
        self.tries: dict[str, int] = {}
        self.written: list[str] = []
        self.tried_thrice = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        async def write(*_args: object, **_kwargs: object) -> None:
            self.tries[name] = self.tries.get(name, 0) + 1
            if self.tries[name] >= 3:
                self.tried_thrice.set()
            if self.tries[name] <= self.away:
                raise DatabaseUnavailable("ConnectionRefusedError")
            self.written.append(name)

        return write


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recorder, "FIRST_RETRY", 0.001)
    monkeypatch.setattr(recorder, "LAST_RETRY", 0.002)


async def test_a_song_writes_everything_it_owes_once_the_database_is_back() -> None:
    database = Away(away=3)
    record = Recorder(cast(GenerationRepository, database), 1)
    state = JobState(job_id="job1")
    await record.progress(state)
    for stage in (Stage.VALIDATED, Stage.STREAMING, Stage.UPLOADING):
        state.stage = stage
        await record.progress(state)  # never waits for the database
    state.stage = Stage.COMPLETED
    await record.completed(state)
    await record.shown()
    await record.delivered()
    assert database.written == [
        "started", "stage", "stage", "stage", "completed", "shown",
        "delivered",
    ]  # fmt: skip


async def test_a_failed_song_writes_its_end_once_the_database_is_back() -> None:
    database = Away(away=2)
    record = Recorder(cast(GenerationRepository, database), 1)
    await record.failed("ServiceUnavailableError", billed=False)
    await record.failed("AnotherOne", billed=False)  # the end is written once
    assert database.written == ["ended_badly"]


async def test_only_cancelling_gives_up_a_write() -> None:
    database = Away(away=10**9)  # the database never comes back
    writing = asyncio.ensure_future(until_written(database.delivered, "song 1 delivered"))
    await asyncio.wait_for(database.tried_thrice.wait(), 5)  # it keeps trying meanwhile
    assert not writing.done()
    writing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await writing


async def test_a_completed_song_settles_its_server_s_budgets_once_written() -> None:
    database = Away(away=1)
    settled: list[tuple[int, list[str]]] = []

    async def settle(guild_id: int) -> None:
        settled.append((guild_id, list(database.written)))

    record = Recorder(cast(GenerationRepository, database), 1, who=(5, 100), settled=settle)
    await record.completed(JobState(job_id="job1", total_tokens=90))
    await record.failed("Late", billed=True)  # ended already: nothing more
    assert settled == [(5, ["completed"])]  # after its real total was written


class Stages:
    """The repository, recording each write with the stage it writes, if any."""

    def __init__(self) -> None:
        self.written: list[tuple[str, str | None]] = []

    def __getattr__(self, name: str) -> Any:
        async def write(_id: int, *args: object, **_kwargs: object) -> None:
            stage = args[0] if name == "stage" else None
            self.written.append((name, cast(str | None, stage)))

        return write


async def follow(database: Stages, *stages: Stage) -> Recorder:
    record = Recorder(cast(GenerationRepository, database), 1)
    state = JobState(job_id="job1")
    await record.progress(state)
    for stage in stages:
        state.stage = stage
        await record.progress(state)
    return record


async def test_the_last_stage_is_left_to_the_completion_s_write() -> None:
    database = Stages()
    record = await follow(database, Stage.UPLOADING, Stage.COMPLETED)
    await record.completed(JobState(job_id="job1"))
    assert database.written == [("started", None), ("stage", "uploading"), ("completed", None)]


async def test_a_song_failing_after_its_last_stage_still_records_that_stage() -> None:
    database = Stages()
    record = await follow(database, Stage.UPLOADING, Stage.COMPLETED)
    await record.failed("StreamEnded", billed=True)
    assert database.written == [
        ("started", None), ("stage", "uploading"), ("stage", "completed"), ("ended_badly", None),
    ]  # fmt: skip
