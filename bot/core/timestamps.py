"""Discord timestamps: a moment written as ``<t:seconds:style>``, which every reader sees in
their own time zone and words. Plain text, no Discord import: the use cases write them too."""

from __future__ import annotations

import math


def relative(moment: float) -> str:
    """A timestamp each reader sees in their own words ("in 5 minutes"), rounded up so a
    moment still ahead never reads as past."""
    return f"<t:{math.ceil(moment)}:R>"


def day(moment: float) -> str:
    """The date, in each reader's own format."""
    return f"<t:{math.floor(moment)}:d>"
