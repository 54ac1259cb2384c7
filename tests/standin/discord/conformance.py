"""What the stand-in found off Discord's description: every request body it received and every
answer it gave, checked, and the problems kept for the test that caused them.

The check is on only where something turned it on (the suite's pytest plugin does, in
:mod:`tests.standin.discord.plugin`); benchmarks that drive the stand-in run without it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.standin.discord.openapi import Description


@dataclass
class Conformance:
    description: Description
    problems: list[str] = field(default_factory=list)
    requests: int = 0  # bodies checked
    answers: int = 0

    def request(self, method: str, path: str, content_type: str, body: Any) -> None:
        """Check a request's body (``path`` without ``/api/v10``)."""
        if body is None:
            return
        self.requests += 1
        multipart = content_type.startswith("multipart/")
        self.problems += self.description.request_problems(method, path, multipart, body)

    def answer(self, method: str, path: str, response: web.StreamResponse) -> None:
        body = None
        if isinstance(response, web.Response) and response.content_type == "application/json":
            assert isinstance(response.body, bytes)  # json_answer's bytes
            body = json.loads(response.body)
        self.answers += 1
        self.problems += self.description.answer_problems(method, path, response.status, body)

    def take(self) -> list[str]:
        """The problems found since the last call (each test takes its own)."""
        found, self.problems = self.problems, []
        return found


_active: list[Conformance] = []


def activate(conformance: Conformance | None) -> None:
    """Check every stand-in's traffic in this process against ``conformance`` (None: stop)."""
    _active[:] = [conformance] if conformance is not None else []


def active() -> Conformance | None:
    return _active[0] if _active else None
