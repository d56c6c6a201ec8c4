"""Helpers of the ``swf`` command tests (the fixtures are in ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

DOMAIN = "cli-tests"
"""The domain the ``domain`` fixture registers."""

Run = Callable[..., Result]
"""What the ``swf`` fixture is: ``swf(*args, input=None)`` runs the command in-process."""


def assert_one_line_error(result: Result, *fragments: str, exit_code: int = 1) -> None:
    """The command failed with ``exit_code`` and exactly one line on stderr naming fragments."""
    assert result.exit_code == exit_code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
