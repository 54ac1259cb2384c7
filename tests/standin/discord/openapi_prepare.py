"""Discord's OpenAPI description as the stand-in's check uses it, adjusted in memory (the file
is never changed): where Discord is not what it says, and unions rewritten so a value is
checked against its own kind only."""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

UNIONS = frozenset({"anyOf", "oneOf"})


def prepare(document: dict[str, Any]) -> dict[str, Any]:
    """The document, changed in place: Discord's leniencies, then unions by kind."""
    return _by_kind(_lenient(document))


def _lenient(document: dict[str, Any]) -> dict[str, Any]:
    """Where Discord is not what its description says (changed in memory, never on disk).

    Discord's leniency, kept: a snowflake may come as a JSON integer where the description
    says a string of digits (discord.py sends attachment ids and ``allowed_mentions.users``
    so). ``SnowflakeType`` is the one schema that says ``format: snowflake``.

    And one mistake in the description: the errors of an Invalid Form Body (50035) carry
    codes that are words (``BASE_TYPE_MAX_LENGTH``), as Discord's own documentation of error
    messages shows, where the description reuses its top-level error, whose code is a number.
    """
    schemas = document["components"]["schemas"]
    snowflake = schemas["SnowflakeType"]
    snowflake["type"] = ["string", "integer"]  # ``pattern`` checks only strings
    snowflake["minimum"] = 0  # and ``minimum`` only numbers
    inner = schemas.get("InnerErrors", {"properties": {"_errors": {}}})
    inner["properties"]["_errors"]["items"] = {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
    }
    return document


def _by_kind(document: dict[str, Any]) -> dict[str, Any]:
    """Unions whose alternatives each say which ``type`` of thing they are (message
    components, interaction callbacks, command options) become ``if``/``then`` chains on that
    field: the same rules, but a value is checked against its own alternative only, not all
    of them (``oneOf`` tries every one; with about ten kinds of component, nested, that was
    most of the time), and its errors are that alternative's."""
    schemas = document["components"]["schemas"]

    def kinds(branches: list[Any]) -> dict[Any, list[Any]] | None:
        found: dict[Any, list[Any]] = defaultdict(list)
        for branch in branches:
            ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
            target = schemas.get(ref.removeprefix("#/components/schemas/"), {})
            kind = target.get("properties", {}).get("type", {})
            values = kind.get("enum", [kind["const"]] if "const" in kind else [])
            if not ref.startswith("#/components/schemas/") or len(values) != 1:
                return None
            found[values[0]].append(branch)
        return found

    def rewrite(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                rewrite(item)
        if not isinstance(node, dict):
            return
        for value in node.values():
            rewrite(value)
        for union in UNIONS:
            constants = _constants(node.get(union))
            if constants is not None:  # a named enumeration: one ``enum``, not a union of 20
                del node[union]
                node["enum"] = constants
                continue
            found = kinds(node[union]) if isinstance(node.get(union), list) else None
            if not found:
                continue
            del node[union]
            node.setdefault("allOf", []).extend(
                [
                    {
                        "type": "object",
                        "required": ["type"],
                        "properties": {"type": {"enum": list(found)}},
                    },
                    *(
                        {
                            "if": {"properties": {"type": {"const": kind}}},
                            "then": group[0] if len(group) == 1 else {union: group},
                        }
                        for kind, group in found.items()
                    ),
                ]
            )

    rewrite(document)
    return document


def _constants(branches: Any) -> list[Any] | None:
    """The values of a union of named constants (``{"title": "ACTION_ROW", "const": 1}``)."""
    if not isinstance(branches, list) or not branches:
        return None
    if not all(isinstance(b, dict) and "const" in b and b.keys() <= _NAMING for b in branches):
        return None
    return [b["const"] for b in branches]


_NAMING = {"const", "title", "description"}


_REF = Draft202012Validator.VALIDATORS["$ref"]
_MEMO_LARGEST = 4096  # characters of JSON: larger values (whole messages) rarely repeat
_MEMO_ENTRIES = 50_000


def memo_validator() -> type[Draft202012Validator]:
    """A 2020-12 validator that remembers what a ``$ref`` said of a value it has seen: the
    bot's users, buttons and embed fields come back in answer after answer, and checking each
    again was most of the check's time. Every ``$ref`` here points into the one document, so
    the reference and the value decide the outcome. The (rare) errors are copied, since each
    use of them gets its own path."""
    memo: dict[tuple[str, str], list[ValidationError]] = {}

    def ref(
        validator: Draft202012Validator, ref: str, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        text = json.dumps(instance, sort_keys=True, separators=(",", ":"))
        if len(text) > _MEMO_LARGEST:
            yield from _REF(validator, ref, instance, schema)
            return
        key = (ref, text)
        if key not in memo:
            if len(memo) >= _MEMO_ENTRIES:
                memo.clear()
            memo[key] = list(_REF(validator, ref, instance, schema))
        yield from (copy.deepcopy(error) for error in memo[key])

    # types-jsonschema leaves extend() unannotated; it returns a validator class
    extended = validators.extend(Draft202012Validator, {"$ref": ref})  # type: ignore[no-untyped-call]
    return cast(type[Draft202012Validator], extended)
