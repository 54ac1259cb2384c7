"""Small usage charts as PNG images, beside the numbers of ``/usage`` and
``/songadmin usage``.

Drawn with matplotlib's Agg backend (no display needed), imported the first time a chart is
drawn so the bot starts as fast as before, and drawn in a worker thread by the caller (it
takes tens of milliseconds of CPU; see :func:`bot.features.usage.render.with_chart`). Colours
are mid-tones on a transparent background, so the chart reads in Discord's dark and light
themes alike.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

BAR = "#5865F2"  # Discord's blurple: clear on dark and on light
INK = "#8E9297"  # a grey readable on both themes
SIZE = (6.0, 2.4)  # inches at 100 dpi: 600 x 240 px, a few kilobytes


def per_day_png(per_day: Sequence[tuple[str, int]], title: str) -> bytes:
    """Songs per day (``YYYY-MM-DD``, count) as a bar chart."""
    import matplotlib  # noqa: PLC0415 - loaded only when a chart is asked for

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    figure = Figure(figsize=SIZE, dpi=100)
    axes = figure.subplots()
    days = [day[5:] for day, _ in per_day]  # MM-DD
    counts = [count for _, count in per_day]
    axes.bar(range(len(days)), counts, color=BAR, width=0.7)
    step = max(1, len(days) // 8)
    axes.set_xticks(range(0, len(days), step), days[::step])
    axes.set_title(title, color=INK, fontsize=10, loc="left")
    axes.tick_params(colors=INK, labelsize=8)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(INK)
    axes.set_facecolor("none")
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", transparent=True)
    return out.getvalue()


def every_day(per_day: Sequence[tuple[str, int]], last: date, days: int) -> list[tuple[str, int]]:
    """The ``days`` days up to ``last``, with 0 for a day without songs (the store lists only
    days that have some)."""
    counts = dict(per_day)
    return [
        ((day := (last - timedelta(days=n)).isoformat()), counts.get(day, 0))
        for n in range(days - 1, -1, -1)
    ]
