"""simple-workflow: a synchronous, Pythonic client for Amazon Simple Workflow (SWF).

The client lives in submodules (``swf.models``, ``swf.querysets``, ``swf.history``,
``swf.decisions``, ``swf.actors``); ``swf.local`` is SWF Local, an embedded
SWF-compatible service. Importing :mod:`swf` reads no settings and opens no connection.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
