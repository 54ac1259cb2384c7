"""The /song feature's logic: checking inputs, following a job, rendering and delivering it.

Discord types appear here only at the edges (``live.py`` and ``delivery.py``); the checks,
the texts and the render functions are pure.
"""
