"""Discord's own description of its HTTP API (OpenAPI 3.1, github.com/discord/discord-api-spec),
used to check every body the bot sends the stand-in, and every answer the stand-in gives.

The document is read from outside the project (``../shared/discord-openapi/openapi.json`` beside
the clone, or ``$SONGBOT_DISCORD_OPENAPI``) and never copied into it. Its schemas are JSON
Schema 2020-12 with ``$ref``s into ``components``, so one ``referencing.Registry`` holds the
whole document (as :mod:`openapi_prepare` adjusts it in memory) and each validator is a
``{"$ref": …}`` into it, compiled on first use and kept.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from tests.standin.discord.openapi_prepare import UNIONS, memo_validator, prepare

ENV = "SONGBOT_DISCORD_OPENAPI"
DEFAULT = Path(__file__).resolve().parents[3].parent / "shared/discord-openapi/openapi.json"
_URI = "urn:discord-openapi"  # the document's name inside the registry
_MAX_SHOWN = 80  # characters of a value shown in a problem


def location() -> Path:
    """Where the description is looked for: ``$SONGBOT_DISCORD_OPENAPI``, else ``../shared``."""
    return Path(os.environ.get(ENV) or DEFAULT)


@dataclass
class _Node:
    """One segment of the path templates: literal children first (``@me``), then a parameter."""

    literal: dict[str, _Node] = field(default_factory=dict)
    parameter: _Node | None = None
    template: str | None = None


class Description:
    """The operations of the description, found by method and concrete path."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._operations: dict[str, Any] = document["paths"]
        self._registry: Registry[Any] = Registry().with_resource(
            _URI, DRAFT202012.create_resource(prepare(document))
        )
        self._validators: dict[str, Draft202012Validator | None] = {}
        self._kind = memo_validator()
        self._root = _Node()
        for template in self._operations:
            node = self._root
            for segment in template.strip("/").split("/"):
                if segment.startswith("{"):
                    node.parameter = node.parameter or _Node()
                    node = node.parameter
                else:
                    node = node.literal.setdefault(segment, _Node())
            node.template = template

    @classmethod
    def load(cls, path: Path) -> Description:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def template(self, path: str) -> str | None:
        """The path template a concrete path (without ``/api/v10``) is an instance of."""
        return _walk(self._root, path.strip("/").split("/"))

    def request_problems(self, method: str, path: str, multipart: bool, body: Any) -> list[str]:
        """How a request's JSON body (a multipart one's ``payload_json``) breaks the
        description of its operation; empty when it is on spec."""
        where = self._operation(method, path)
        if where is None:
            return [_unknown(method, path)]
        kind = "multipart~1form-data" if multipart else "application~1json"
        pointer = f"{where}/requestBody/content/{kind}/schema"
        if body is None:
            return []
        return self._problems(pointer, body, f"{method} {path} request body")

    def answer_problems(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """How an answer breaks the response description of its operation and status."""
        where = self._operation(method, path)
        if where is None:
            return [_unknown(method, path)]
        responses = self._registry.resolver(_URI).lookup(f"#{where}/responses").contents
        key = next(
            (k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None
        )
        if key is None:
            return [f"{method} {path} answered {status}, which the description does not list"]
        if body is None:
            return []
        pointer = f"{where}/responses/{key}"
        if "$ref" in responses[key]:  # shared responses (errors, 429s) are in components
            pointer = responses[key]["$ref"].removeprefix("#")
        return self._problems(
            f"{pointer}/content/application~1json/schema", body, f"{method} {path} {status} answer"
        )

    def _operation(self, method: str, path: str) -> str | None:
        """The JSON pointer to the operation, if the description has it."""
        template = self.template(path)
        if template is None or method.lower() not in self._operations[template]:
            return None
        escaped = template.replace("~", "~0").replace("/", "~1")
        return f"/paths/{escaped}/{method.lower()}"

    def _problems(self, pointer: str, body: Any, what: str) -> list[str]:
        validator = self._validator(pointer)
        if validator is None:
            return [f"{what}: the description has no JSON schema for it"]
        return [
            f"{what}: {leaf.json_path} breaks {_rule(leaf)}: {_short(leaf.message, 200)}"
            for error in validator.iter_errors(body)
            for leaf in _leaves(error)
        ]

    def _validator(self, pointer: str) -> Draft202012Validator | None:
        if pointer not in self._validators:
            try:
                self._registry.resolver(_URI).lookup(f"#{pointer}")
            except Unresolvable:
                self._validators[pointer] = None
            else:
                self._validators[pointer] = self._kind(
                    {"$ref": f"{_URI}#{pointer}"}, registry=self._registry
                )
        return self._validators[pointer]


def _unknown(method: str, path: str) -> str:
    return f"{method} {path}: no such operation in Discord's description"


def _walk(node: _Node, segments: list[str]) -> str | None:
    if not segments:
        return node.template
    head, rest = segments[0], segments[1:]
    found = None
    if head in node.literal:
        found = _walk(node.literal[head], rest)
    if found is None and node.parameter is not None:
        found = _walk(node.parameter, rest)
    return found


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The errors that say what is wrong: inside a union (``anyOf``/``oneOf``, as Discord's
    message components are), the errors of the one alternative that is the same kind of
    thing as the value (its type and its ``type`` field match); the union itself when no
    alternative, or several, are."""
    if error.validator not in UNIONS or not error.context:
        return [error]
    depth = len(error.absolute_path)
    branches: dict[Any, list[ValidationError]] = defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)
    plausible = [
        errors for errors in branches.values() if not any(_other_kind(sub, depth) for sub in errors)
    ]
    if len(plausible) != 1:
        return [error]
    return [leaf for sub in plausible[0] for leaf in _leaves(sub)]


def _other_kind(error: ValidationError, depth: int) -> bool:
    """The alternative describes another kind of value: not its JSON type, or another value
    of its discriminating ``type`` field."""
    path = error.absolute_path
    if error.validator == "type" and len(path) == depth:
        return True
    return error.validator in {"const", "enum"} and len(path) == depth + 1 and path[-1] == "type"


def _rule(error: ValidationError) -> str:
    """The keyword broken, with its value where that is short (``maxLength 2000``)."""
    value = error.validator_value
    if isinstance(value, (dict, list)):
        return str(error.validator)
    return f"{error.validator} {_short(value)}"


def _short(value: Any, limit: int = _MAX_SHOWN) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
