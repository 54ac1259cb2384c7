"""Storage: the database (SQLite or PostgreSQL), their numbered migrations, and one repository
per concern.

Nothing outside this package writes SQL.
"""

from bot.store.database import Database, migrate
from bot.store.generations import GenerationRepository
from bot.store.moderation import ModerationRepository
from bot.store.opening import open_database
from bot.store.song_records import Ask
from bot.store.sql import Connection
from bot.store.usage import UsageRepository

__all__ = [
    "Ask",
    "Connection",
    "Database",
    "GenerationRepository",
    "ModerationRepository",
    "UsageRepository",
    "migrate",
    "open_database",
]
