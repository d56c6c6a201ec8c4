"""A decider whose decide() raises, for the logging tests of ``swf decider start``."""

from __future__ import annotations

from swf.actors import Decider


class RaisingDecider(Decider):
    """Every decide() raises RuntimeError."""

    def decide(self, task: object) -> list[object]:
        raise RuntimeError("decide is broken")
