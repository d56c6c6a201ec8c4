"""SWF Local: an embedded Amazon SWF-compatible service (one command, one SQLite file).

It speaks SWF's JSON 1.0 protocol over HTTP, so any SWF client (boto3, this library) talks to it
through ``endpoint_url``. It imports only the standard library and botocore's model data.

- :class:`LocalSWF` runs it in this process (``with LocalSWF() as local: local.endpoint_url``);
- ``swf local serve`` runs it as a command;
- :class:`ManualClock` lets tests move time by hand;
- :class:`IncompatibleDatabaseError` is what starting on another version's database raises.
"""

from __future__ import annotations

from swf.local.clock import Clock, ManualClock, SystemClock
from swf.local.server import DEFAULT_POLL_HOLD, LocalSWF
from swf.local.service import IncompatibleDatabaseError

__all__ = [
    "DEFAULT_POLL_HOLD",
    "Clock",
    "IncompatibleDatabaseError",
    "LocalSWF",
    "ManualClock",
    "SystemClock",
]
