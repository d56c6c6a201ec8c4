"""``swf domain``: list, describe, register, deprecate and undeprecate domains.

::

    swf domain register orders --retention-days 7 --description "the order pipeline"
    swf domain list
    swf domain describe orders --json

SWF has no operation that deletes a domain: deprecate it instead.
"""

from __future__ import annotations

from typing import Any

import click

from swf.cli.output import (
    SWFGroup,
    echo_fields,
    echo_json,
    echo_table,
    json_option,
)
from swf.constants import RegistrationStatus
from swf.core import Connection
from swf.wire import check_identifier

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
    connection = Connection()
    infos: list[dict[str, Any]] = []
    for page in connection.paginate("ListDomains", registrationStatus=status.upper()):
        infos.extend(page.get("domainInfos", []))
    if as_json:
        echo_json(infos)
        return
    echo_table(
        ["name", "status", "description"],
        ([info["name"], info["status"], info.get("description", "")] for info in infos),
        empty=f"No {status.lower()} domains.",
    )


@domain.command()
@click.argument("name")
@json_option
def describe(name: str, as_json: bool) -> None:
    """Show a domain: status, description, retention."""
    answer = Connection().call("DescribeDomain", name=check_identifier(name, what="domain"))
    if as_json:
        echo_json(answer)
        return
    info = answer.get("domainInfo", {})
    configuration = answer.get("configuration", {})
    echo_fields(
        [
            ("name", info.get("name")),
            ("status", info.get("status")),
            ("description", info.get("description")),
            ("retention", _retention(configuration.get("workflowExecutionRetentionPeriodInDays"))),
            ("arn", info.get("arn")),
        ]
    )


def _retention(days: str | None) -> str:
    if days is None:
        return ""
    if days in ("NONE", "0"):
        return "none (closed executions are dropped at once)"
    return f"{days} day(s)"


@domain.command()
@click.argument("name")
@click.option(
    "--retention-days",
    type=click.IntRange(0, 90),
    default=1,
    show_default=True,
    help="Days closed executions are kept (0 to 90).",
)
@click.option("--description", default=None, help="A description (at most 1024 characters).")
def register(name: str, retention_days: int, description: str | None) -> None:
    """Register a new domain."""
    params: dict[str, Any] = {
        "name": check_identifier(name, what="domain"),
        "workflowExecutionRetentionPeriodInDays": str(retention_days),
    }
    if description:
        params["description"] = description
    Connection().call("RegisterDomain", **params)
    click.echo(f"Registered domain {name}.")


@domain.command()
@click.argument("name")
def deprecate(name: str) -> None:
    """Deprecate a domain: no new executions or types in it (open ones go on)."""
    Connection().call("DeprecateDomain", name=check_identifier(name, what="domain"))
    click.echo(f"Deprecated domain {name}.")


@domain.command()
@click.argument("name")
def undeprecate(name: str) -> None:
    """Undeprecate a deprecated domain."""
    Connection().call("UndeprecateDomain", name=check_identifier(name, what="domain"))
    click.echo(f"Undeprecated domain {name}.")
