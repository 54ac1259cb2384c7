"""The bot under test, alone in its own process, so its CPU, memory and event-loop lag are
its own: ``python -m benchmarks.bot_process`` with the same environment as ``songbot run``.

It prints ``ready`` once connected, runs songs until SIGTERM, waits for songs in flight, then
prints one JSON line: CPU seconds, resident memory (when ready and at peak) and loop lags.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time

from benchmarks.measure import GcMonitor, LoopMonitor, cpu_by_thread, rss_bytes
from bot.app.runner import assembled_bot, prepare_process
from bot.core.logs import setup_logging
from bot.core.settings import load_settings


async def main() -> None:
    settings = load_settings(None)
    setup_logging(settings.log_level, settings.secrets())
    prepare_process()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with assembled_bot(settings, api_key=settings.api_key(), guild_ready_timeout=0.05) as bot:
        await bot.login(settings.token())  # first: 3.12+ wait_for awaits ready at once
        running = asyncio.create_task(bot.connect())
        await asyncio.wait_for(bot.wait_until_ready(), 60)
        monitor, collections = LoopMonitor(), GcMonitor()
        monitor.start()
        collections.start()
        rss_ready, cpu_ready, threads_ready = rss_bytes(), time.process_time(), cpu_by_thread()
        print("ready", flush=True)
        await stop.wait()
        await bot.songs.wait_idle()
        cpu = time.process_time() - cpu_ready
        threads = {k: v - threads_ready[k] for k, v in cpu_by_thread().items()}
        monitor.stop()
        collections.stop()
        await bot.close()
        await running
    report = {"cpu_seconds": cpu, "cpu_by_thread": threads, "rss_ready": rss_ready,
              "rss_peak": monitor.peak_rss, "lags": monitor.lags,
              "gc_pauses": collections.pauses}  # fmt: skip
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
