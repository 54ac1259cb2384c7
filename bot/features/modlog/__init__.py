"""The moderators' log channel: what the bot tells a server's moderators without their asking
(settings changes from Discord or the web, blocks, budgets crossed, the song queue paused for
Soundverse and resumed), at most one message a minute per server.

- Use cases (no ``discord`` import; a contract in ``pyproject.toml`` checks it): what is told
  and when (``service.py``: :class:`ModLog`), in which words (``texts.py``, pure). Choosing
  the channel is a server setting, so it is the moderation feature's (``ServerSettings``).
- The Discord adapter: posting, and what the bot may do in a channel (``poster.py``), and the
  loop that posts what is due (``front.py``).
"""
