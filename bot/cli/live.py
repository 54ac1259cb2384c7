"""How ``songbot generate`` shows a job: plain lines when the output is piped or logged, and on
a terminal a live line (stage, bar, elapsed time) drawn by ``rich`` above which each step is
printed as it happens, so the screen is never silent while the song is made."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from bot.cli.progress import describe_event
from bot.soundverse import ClientEvent, JobState, Quiet, Reconnecting, Retrying, Stage

_STEPS = len(Stage) - 1  # submitted → completed
_WAITS = (Retrying, Quiet, Reconnecting)  # notices of a wait, not steps of the song


class Display(Protocol):
    def show(self, event: ClientEvent, state: JobState) -> None: ...

    def __enter__(self) -> Display: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


class Lines:
    """One line per step that says something new (pipes, files, CI logs)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def show(self, event: ClientEvent, state: JobState) -> None:  # noqa: ARG002 - as Live
        line = describe_event(event)
        if line:
            print(line, file=self._out, flush=True)
            if isinstance(event, _WAITS) and not self._out.isatty() and sys.stderr.isatty():
                # the output goes to a file or a program; whoever ran it is told of the wait
                print(line, file=sys.stderr, flush=True)

    def __enter__(self) -> Lines:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


class Live:
    """The steps printed as lines, under them a live line with the stage, a bar and the time
    (with ``sync``, one answer comes at the end: the line says so, and its bar pulses)."""

    def __init__(self, out: TextIO, *, sync: bool = False) -> None:
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            TimeElapsedColumn(), console=Console(file=out), transient=True,
        )  # fmt: skip
        self._sync = sync
        self._task = self._progress.add_task(
            "Waiting for the whole song…" if sync else "Submitting…",
            total=None if sync else _STEPS,
        )

    def show(self, event: ClientEvent, state: JobState) -> None:
        line = describe_event(event)
        if line:
            self._progress.console.print(line, markup=False, highlight=False)
        if self._sync:
            return
        stage = Stage(state.stage).name.lower().replace("_", " ")
        self._progress.update(
            self._task, completed=int(state.stage), description=stage.capitalize()
        )

    def __enter__(self) -> Live:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()


def display(out: TextIO | None = None, *, sync: bool = False) -> Display:
    """A live line on a terminal, plain lines anywhere else."""
    out = out or sys.stdout
    return Live(out, sync=sync) if out.isatty() else Lines(out)
