"""The ``swf`` command: one click group, one module per noun.

Global options feed :mod:`swf.settings` (they win over the environment and ``~/.swf``)::

    swf --endpoint-url http://127.0.0.1:8080 domain list
"""

from __future__ import annotations

import importlib
import logging

import click

import swf
from swf import settings
from swf.cli.examples import add_examples
from swf.cli.output import SWFGroup

__all__ = ["main"]

# (module, attribute) of each sub-command; a module that is not there yet is skipped.
_COMMANDS = (
    ("swf.cli.local", "local"),
    ("swf.cli.domains", "domain"),
    ("swf.cli.types", "workflow_type"),
    ("swf.cli.types", "activity_type"),
    ("swf.cli.executions", "execution"),
    ("swf.cli.actors", "decider"),
    ("swf.cli.actors", "worker"),
    ("swf.cli.demo", "demo"),
    ("swf.cli.flow", "flow"),
    ("swf.cli.ui", "ui"),
)


@click.group("swf", cls=SWFGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(swf.__version__, prog_name="swf")
@click.option("--region", envvar=None, help="AWS region (wins over AWS_DEFAULT_REGION and ~/.swf).")
@click.option(
    "--endpoint-url",
    help="SWF endpoint, e.g. http://127.0.0.1:8080 for SWF Local (wins over AWS_ENDPOINT_URL_SWF).",
)
@click.option("--profile", help="AWS profile from ~/.aws (wins over AWS_PROFILE).")
@click.option("-v", "--verbose", count=True, help="Log more (-v: INFO, -vv: DEBUG).")
def main(region: str | None, endpoint_url: str | None, profile: str | None, verbose: int) -> None:
    """simple-workflow: drive Amazon SWF, or SWF Local on this machine."""
    if verbose:
        logging.basicConfig(
            level=logging.DEBUG if verbose > 1 else logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    settings.set(region=region, endpoint_url=endpoint_url, profile=profile)


def _register() -> None:
    for module_name, attribute in _COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        command = getattr(module, attribute, None)
        if isinstance(command, click.Command):
            main.add_command(command)


_register()
add_examples(main)
