"""The edit pacer: newest state wins, one send per interval, no repeats, final always sent."""

from __future__ import annotations

import asyncio
import itertools

from bot.songs.pacing import EditPacer


class Sent(list[tuple[float, str]]):
    """What the pacer sent, with the fake time of each send."""


class FakeTime:
    """A clock that moves only when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def make(sent: Sent, fake: FakeTime, interval: float = 1.5) -> EditPacer[str]:
    async def send(value: str) -> None:
        sent.append((fake.now, value))

    return EditPacer(send, interval, clock=fake.clock, sleep=fake.sleep)


async def test_first_state_goes_out_at_once_and_bursts_collapse() -> None:
    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake)
    for value in ("a", "b", "c", "d"):
        pacer.offer(value)
    await pacer.finish()
    assert sent == [(100.0, "d")]  # a to c were stale before the first send went out


async def test_final_state_waits_out_the_interval() -> None:
    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake)
    pacer.offer("working")
    await asyncio.sleep(0)
    await pacer.finish("done")
    assert sent == [(100.0, "working"), (101.5, "done")]
    assert fake.sleeps == [1.5]


async def test_identical_states_are_not_sent_again() -> None:
    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake)
    pacer.offer("same")
    await asyncio.sleep(0)
    pacer.offer("same")
    await pacer.finish("same")
    assert sent == [(100.0, "same")]
    assert pacer.sent == 1


async def test_sends_are_spaced_by_the_interval() -> None:
    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake, interval=2.0)
    for step in range(5):
        pacer.offer(f"state {step}")
        for _ in range(5):
            await asyncio.sleep(0)
    await pacer.finish("final")
    times = [at for at, _ in sent]
    assert all(b - a >= 2.0 for a, b in itertools.pairwise(times))
    assert sent[-1][1] == "final"


async def test_finish_without_anything_offered() -> None:
    fake, sent = FakeTime(), Sent()
    await make(sent, fake).finish("only")
    assert sent == [(100.0, "only")]
