"""The bot process: the Discord client, its start and stop, and what it shares (one owner)."""
