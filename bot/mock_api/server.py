"""Starting and stopping the simulator on a real socket."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web

from bot.mock_api.app import Simulator, SimulatorConfig


@dataclass(frozen=True, slots=True)
class RunningSimulator:
    simulator: Simulator
    url: str


@contextlib.asynccontextmanager
async def serve(
    config: SimulatorConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[RunningSimulator]:
    """Serve a simulator until the block ends; port 0 picks a free port."""
    simulator = Simulator(config)
    runner = web.AppRunner(simulator.build_app(), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        sockets = [s for s in runner.addresses if isinstance(s, tuple)]
        bound_host, bound_port = sockets[0][0], sockets[0][1]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield RunningSimulator(simulator, f"http://{shown}:{bound_port}")
    finally:
        await runner.cleanup()


async def run_forever(config: SimulatorConfig, host: str, port: int) -> None:
    """The ``songbot mock-api`` command: serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with serve(config, host, port) as running:
        print(f"Soundverse simulator listening on {running.url}", flush=True)  # noqa: T201
        await stop.wait()
