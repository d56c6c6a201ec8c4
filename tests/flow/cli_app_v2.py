"""What ``tests.flow.cli_app`` became: Shouter shouts twice (its old histories diverge)."""

from __future__ import annotations

from swf.flow import Workflow
from tests.flow.cli_app import shout


class Shouter(Workflow):
    def run(self, text: str) -> str:
        once = self.submit(shout, text).result()
        return self.submit(shout, once).result()
