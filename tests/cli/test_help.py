"""``swf ... --help``: every command says what it does and shows an example that parses."""

from __future__ import annotations

import shlex
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from swf.cli import main
from swf.cli.examples import EXAMPLES
from tests.cli.support import Run


def _commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, f"{path} {name}")


COMMANDS = dict(_commands(main, "swf"))


def test_every_command_has_an_example() -> None:
    assert sorted(COMMANDS) == sorted(EXAMPLES)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_help_says_what_the_command_does_and_shows_an_example(path: str) -> None:
    command = COMMANDS[path]
    assert command.get_short_help_str().strip(), f"{path} has no help text"
    result = CliRunner().invoke(main, [*path.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert EXAMPLES[path].splitlines()[0] in result.output


def _example_lines() -> Iterator[str]:
    for path, example in sorted(EXAMPLES.items()):
        if path.startswith(("swf local", "swf demo", "swf ui")) or path == "swf":
            continue  # they would serve, or run the demo (tested in test_demo.py, tests/web)
        for line in example.replace("\\\n", " ").splitlines():
            if line.startswith("swf "):
                yield line


@pytest.mark.parametrize("line", sorted(set(_example_lines())))
def test_every_example_parses(line: str, swf: Run) -> None:
    """On an empty SWF Local, an example runs or fails on the service, never on its usage."""
    args = shlex.split(line)[1:]
    result = swf(*args)
    if args[0] in ("decider", "worker", "flow"):  # myapp is not importable: the rest parsed
        assert "cannot import 'myapp" in result.stderr, result.output
        return
    assert result.exit_code in (0, 1), result.output
    assert "--help" not in result.stderr, result.output
