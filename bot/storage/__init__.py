"""SQLite storage: the database, its numbered migrations, and one repository per concern.

Nothing outside this package writes SQL.
"""

from bot.storage.database import Database, migrate, open_database
from bot.storage.generations import Ask, GenerationRepository
from bot.storage.moderation import ModerationRepository
from bot.storage.usage import UsageRepository

__all__ = [
    "Ask",
    "Database",
    "GenerationRepository",
    "ModerationRepository",
    "UsageRepository",
    "migrate",
    "open_database",
]
