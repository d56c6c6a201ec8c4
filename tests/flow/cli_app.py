"""A small app for the ``swf flow`` command tests (``swf flow run tests.flow.cli_app``)."""

from __future__ import annotations

from swf.flow import Workflow, activity

DOMAIN = "flow"


@activity
def shout(text: str) -> str:
    return text.upper() + "!"


class Shouter(Workflow):
    def run(self, text: str) -> str:
        return self.submit(shout, text).result()
