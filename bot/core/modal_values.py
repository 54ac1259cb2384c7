"""The values of a submitted modal, read from the raw interaction data.

Forms that must work after a restart are not kept by discord.py, so their submits are read
here: text inputs give their ``value``, select menus their ``values``, whether Discord nests
them in a Label (type 18) or, as older forms do, in an action row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def submitted_form(kind: int, data: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """An interaction's data if it is a modal submit (interaction type 5), else None."""
    return data if kind == MODAL_SUBMIT and data else None


MODAL_SUBMIT = 5  # Discord's interaction type


def modal_values(data: Mapping[str, Any]) -> dict[str, str | list[str]]:
    values: dict[str, str | list[str]] = {}
    for row in data.get("components") or []:
        inner = [row["component"]] if "component" in row else row.get("components") or []
        for component in inner:
            key = str(component.get("custom_id"))
            if "values" in component:
                values[key] = [str(v) for v in component["values"] or []]
            else:
                values[key] = str(component.get("value") or "")
    return values


def text(values: Mapping[str, str | list[str]], key: str) -> str:
    value = values.get(key)
    return value if isinstance(value, str) else ""


def first(values: Mapping[str, str | list[str]], key: str) -> str | None:
    value = values.get(key)
    return value[0] if isinstance(value, list) and value else None
