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
from bot.soundverse import ClientEvent, JobState, Stage

_STEPS = len(Stage) - 1  # submitted → completed


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

    def __enter__(self) -> Lines:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


class Live:
    """The steps printed as lines, under them a live line with the stage, a bar and the time."""

    def __init__(self, out: TextIO) -> None:
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            TimeElapsedColumn(), console=Console(file=out), transient=True,
        )  # fmt: skip
        self._task = self._progress.add_task("Submitting…", total=_STEPS)

    def show(self, event: ClientEvent, state: JobState) -> None:
        line = describe_event(event)
        if line:
            self._progress.console.print(line, markup=False, highlight=False)
        stage = Stage(state.stage).name.lower().replace("_", " ")
        self._progress.update(
            self._task, completed=int(state.stage), description=stage.capitalize()
        )

    def __enter__(self) -> Live:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()


def display(out: TextIO = sys.stdout) -> Display:
    """A live line on a terminal, plain lines anywhere else."""
    return Live(out) if out.isatty() else Lines(out)
