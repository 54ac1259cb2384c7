"""Usage limits: what a server allows, and whether one more song fits. Pure logic.

This module is the feature's public face for other features: a /jam session opens only where
the channel rule lets songs be made.
"""

from bot.features.usage.policy import allows_channel

__all__ = ["allows_channel"]
