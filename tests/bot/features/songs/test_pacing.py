"""The edit pacer: newest state wins, one send per interval, no repeats, final always sent."""

from __future__ import annotations

import asyncio
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.settings import DISCORD_EDITS, DISCORD_WINDOW, PROGRESS_INTERVAL
from bot.features.songs.pacing import EditPacer


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


async def test_final_state_does_not_wait_out_the_interval() -> None:
    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake)
    pacer.offer("working")
    await asyncio.sleep(0)
    await pacer.finish("done")
    assert sent == [(100.0, "working"), (100.0, "done")]


async def test_final_state_replaces_progress_waiting_for_its_turn() -> None:
    fake, sent = FakeTime(), Sent()
    gate = asyncio.Event()

    async def never_on_its_own(seconds: float) -> None:
        fake.sleeps.append(seconds)
        await gate.wait()

    async def send(value: str) -> None:
        sent.append((fake.now, value))

    pacer = EditPacer(send, 1.5, clock=fake.clock, sleep=never_on_its_own)
    pacer.offer("working")
    await asyncio.sleep(0)
    pacer.offer("uploading")  # waits for the interval, which never passes on its own
    for _ in range(3):
        await asyncio.sleep(0)
    await pacer.finish("done")
    assert sent == [(100.0, "working"), (100.0, "done")]
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
    progress = [at for at, _ in sent[:-1]]
    assert all(b - a >= 2.0 for a, b in itertools.pairwise(progress))
    assert sent[-1][1] == "final"


class VirtualTime:
    """A clock the test moves forward; sleepers wake in order as it passes their deadline."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, woken))
        await woken

    async def advance(self, to: float) -> None:
        await settle()
        while due := sorted(s for s in self._sleepers if s[0] <= to and not s[1].done()):
            self.now = max(self.now, due[0][0])
            due[0][1].set_result(None)
            self._sleepers.remove(due[0])
            await settle()
        self.now = max(self.now, to)
        await settle()


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


@settings(max_examples=200)
@given(st.lists(st.floats(0, 3.0), min_size=1, max_size=30), st.floats(0, 3.0))
async def test_never_more_edits_than_discord_allows(gaps: list[float], last: float) -> None:
    """Offers at any times, then the final: no 5-second window holds more than 5 edits."""
    time, sent = VirtualTime(), Sent()

    async def send(value: str) -> None:
        sent.append((time.now, value))

    pacer = EditPacer(send, PROGRESS_INTERVAL, clock=time.clock, sleep=time.sleep)
    pacer.written()  # the message's first answer counts as an edit
    sent.append((time.now, "answer"))
    for step, gap in enumerate(gaps):
        pacer.offer(f"state {step}")
        await time.advance(time.now + gap)
    await time.advance(time.now + last)
    await pacer.finish("final")
    times = [at for at, _ in sent]
    for start in times:
        in_window = [at for at in times if start <= at < start + DISCORD_WINDOW]
        assert len(in_window) <= DISCORD_EDITS
    assert sent[-1][1] == "final"


async def test_a_write_elsewhere_counts_as_the_last_edit_but_not_for_the_final() -> None:
    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake)
    pacer.written()  # the interaction's answer, say
    pacer.offer("working")
    await settle()
    await pacer.finish("done")
    assert sent == [(101.5, "working"), (101.5, "done")]  # progress waited out the interval
    assert fake.sleeps == [1.5]

    fake, sent = FakeTime(), Sent()
    pacer = make(sent, fake)
    pacer.written()
    await pacer.finish("done")
    assert sent == [(100.0, "done")]


async def test_finish_without_anything_offered() -> None:
    fake, sent = FakeTime(), Sent()
    await make(sent, fake).finish("only")
    assert sent == [(100.0, "only")]


async def test_each_edit_reports_how_long_its_state_waited() -> None:
    fake = FakeTime()
    waited: list[float] = []

    async def send(_value: int) -> None:
        fake.now += 0.25  # Discord takes a quarter second to answer

    pacer = EditPacer(send, 1.0, clock=fake.clock, sleep=fake.sleep, lag=waited.append)
    pacer.offer(1)
    await pacer.finish(2)
    assert waited
    assert all(w >= 0.25 for w in waited)


async def test_the_loops_timer_paces_and_the_final_state_cuts_it_short() -> None:
    """Without an injected sleep: a paced state goes out when the loop's timer fires, and the
    final state does not wait for it."""
    sent: list[str] = []
    second = asyncio.Event()

    async def send(value: str) -> None:
        sent.append(value)
        if len(sent) == 2:
            second.set()

    paced = EditPacer(send, 0.01)
    paced.offer("a")
    await settle()
    paced.offer("b")  # waits out the interval on the loop's timer
    async with asyncio.timeout(10):
        await second.wait()
    await paced.finish("c")
    assert sent == ["a", "b", "c"]

    sent.clear()
    slow = EditPacer(send, 3600.0)
    slow.offer("a")
    await settle()
    slow.offer("b")
    await settle()
    async with asyncio.timeout(10):  # an hour's interval, cut short
        await slow.finish("done")
    assert sent == ["a", "done"]
