"""A faithful local simulator of Soundverse's song API (``songbot mock-api``)."""

from bot.mock_api.app import Simulator, SimulatorConfig
from bot.mock_api.faults import FAULT_HEADER, STAGES, Faults, FaultSpecError
from bot.mock_api.server import RunningSimulator, serve

__all__ = [
    "FAULT_HEADER",
    "STAGES",
    "FaultSpecError",
    "Faults",
    "RunningSimulator",
    "Simulator",
    "SimulatorConfig",
    "serve",
]
