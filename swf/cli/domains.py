"""``swf domain``: list, describe, register, deprecate and undeprecate domains.

::

    swf domain register orders --retention-days 7 --description "the order pipeline"
    swf domain list
    swf domain describe orders --json

SWF has no operation that deletes a domain: deprecate it instead.
"""

from __future__ import annotations

import click

from swf.cli.output import (
    SWFGroup,
    answer_of,
    echo_fields,
    echo_json,
    echo_table,
    json_option,
)
from swf.constants import RegistrationStatus
from swf.models import Domain
from swf.models.domain import DEFAULT_RETENTION_DAYS
from swf.querysets import DomainQuerySet

__all__ = ["domain"]

_STATUS = click.Choice([status.value for status in RegistrationStatus], case_sensitive=False)


@click.group(cls=SWFGroup)
def domain() -> None:
    """Domains: list, describe, register, deprecate, undeprecate."""


@domain.command("list")
@click.option(
    "--status",
    type=_STATUS,
    default="REGISTERED",
    show_default=True,
    help="Which domains to list.",
)
@json_option
def list_domains(status: str, as_json: bool) -> None:
    """List the domains of one registration status."""
    domains = list(DomainQuerySet(status=status.upper()))
    if as_json:
        # What SWF's list holds for each (the domainInfo of each described domain).
        echo_json([answer_of(found)["domainInfo"] for found in domains])
        return
    echo_table(
        ["name", "status", "description"],
        ([found.name, str(found.status), found.description or ""] for found in domains),
        empty=f"No {status.lower()} domains.",
    )


@domain.command()
@click.argument("name")
@json_option
def describe(name: str, as_json: bool) -> None:
    """Show a domain: status, description, retention."""
    found = DomainQuerySet().get(name)
    if as_json:
        echo_json(answer_of(found))
        return
    echo_fields(
        [
            ("name", found.name),
            ("status", str(found.status)),
            ("description", found.description),
            ("retention", _retention(found.retention_period)),
            ("arn", found.arn),
        ]
    )


def _retention(days: int) -> str:
    if days == 0:
        return "none (closed executions are dropped at once)"
    return f"{days} day(s)"


@domain.command()
@click.argument("name")
@click.option(
    "--retention-days",
    type=click.IntRange(0, 90),
    default=DEFAULT_RETENTION_DAYS,
    show_default=True,
    help="Days closed executions are kept (0 to 90; the library's default too).",
)
@click.option("--description", default=None, help="A description (at most 1024 characters).")
def register(name: str, retention_days: int, description: str | None) -> None:
    """Register a new domain."""
    Domain(name, description=description, retention_period=retention_days).save()
    click.echo(f"Registered domain {name}.")


@domain.command()
@click.argument("name")
def deprecate(name: str) -> None:
    """Deprecate a domain: no new executions or types in it (open ones go on)."""
    Domain(name).deprecate()
    click.echo(f"Deprecated domain {name}.")


@domain.command()
@click.argument("name")
def undeprecate(name: str) -> None:
    """Undeprecate a deprecated domain."""
    Domain(name).undeprecate()
    click.echo(f"Undeprecated domain {name}.")
