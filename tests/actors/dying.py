"""An actor whose process dies as soon as it starts (for the runner's restart rules)."""

from __future__ import annotations

import os

from swf.actors import ActivityWorker


class DyingWorker(ActivityWorker):
    """Its process ends at once with status 9, before polling anything."""

    def start(self) -> None:
        os._exit(9)
