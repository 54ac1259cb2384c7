"""A dashboard form's fields, and how each reads what a browser sent: the form's values, or
one sentence saying which field is wrong and why (before any use case runs)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation.service import Changed
from bot.web.dashboard_data import Desk, Overview

LIMIT_MAX = 100_000  # as /songadmin limits' options
Value = int | float | str | None


class FieldError(Exception):
    """A field's value is not one the setting takes; ``str()`` says which, and why."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    kind: str = "whole"  # whole, number, id, text, choice
    high: float = LIMIT_MAX
    choices: tuple[str, ...] = ()
    empty: str = "no limit"  # what an empty field means, shown in it ("": it needs a value)
    now: Callable[[Overview], Value] = lambda _: None
    hidden: bool = False  # set by the button that sends it (a row's Remove, Cancel, …)
    role: bool = False  # an id that is a role's: picked from the server's roles where known
    channel: bool = False  # a text channel's: picked from the server's where known

    def parse(self, raw: str) -> Value:
        raw = raw.strip()
        if not raw:
            if self.hidden or self.kind == "choice" or not self.empty:  # a value it must have
                raise FieldError(f"{self.label}: choose or write a value.")
            return None
        if self.kind == "choice":
            if raw not in self.choices:
                raise FieldError(f"{self.label}: choose one of {', '.join(self.choices)}.")
            return raw
        if self.kind == "text":
            if len(raw) > self.high:
                raise FieldError(f"{self.label}: at most {self.bound} characters.")
            return raw
        if self.kind == "id":
            if not raw.isdigit() or not 17 <= len(raw) <= 20:
                raise FieldError(f"{self.label}: a Discord id is 17 to 20 digits.")
            return int(raw)
        try:
            number = float(raw) if self.kind == "number" else int(raw)
        except ValueError:
            kind = "a number" if self.kind == "number" else "a whole number"
            raise FieldError(f"{self.label}: {kind} from 0 to {self.bound}.") from None
        if not (math.isfinite(number) and 0 <= number <= self.high):
            raise FieldError(f"{self.label}: from 0 to {self.bound}.")
        return number

    @property
    def bound(self) -> str:
        """The highest value, written out (``1000000000``, not ``1e+09``)."""
        return str(int(self.high)) if float(self.high).is_integer() else f"{self.high:g}"

    def shown(self, overview: Overview) -> str:
        value = self.now(overview)
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


Values = Mapping[str, Any]
Apply = Callable[[Desk, Actor, Place, Values], Awaitable[Changed | Refusal]]


@dataclass(frozen=True, slots=True)
class Form:
    name: str  # its address: /servers/{id}/dashboard/{name}
    title: str
    fields: tuple[Field, ...]
    apply: Apply
    submit: str = "Save"
    only_changes: bool = False  # settings forms: only values that differ from now are set
    # the field naming a channel the bot must post in: Discord is asked what the bot lacks
    # there (its permissions, computed as Discord does), given to the use case as "missing"
    posts_in: str = ""

    def read(self, form: Mapping[str, Any], overview: Overview) -> dict[str, Any]:
        """The values given (or, for a settings form, changed), or a :class:`FieldError`."""
        values = {}
        for field in self.fields:
            raw = form.get(field.name, "")
            value = field.parse(raw if isinstance(raw, str) else "")
            if not self.only_changes or (value != field.now(overview)):
                values[field.name] = value
        return values
