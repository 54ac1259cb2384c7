"""Listening parties: the server hears its songs together, in a voice channel.

What is here so far is the audio underneath them, with no command yet:

- ``opus.py``: a song version's file decoded and encoded to 20 ms Opus frames (PyAV);
- ``cache.py``: those frames made once per version, fetched only through the guarded media
  fetcher, and kept in a bounded LRU so every party that plays a version reuses them;
- ``source.py``: a discord.py audio source that serves the cached frames as they are.
"""
