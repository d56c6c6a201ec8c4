"""``swf workflow-type`` and ``swf activity-type``: the types registered in a domain.

::

    swf workflow-type register -d orders order 1 --task-list deciders --execution-timeout 1h
    swf activity-type register -d orders charge 1 --task-list workers --start-to-close-timeout 5m
    swf activity-type list -d orders
    swf workflow-type describe -d orders order 1
    swf activity-type deprecate -d orders charge 1 && swf activity-type delete -d orders charge 1

Both groups have the same commands: list, describe, register, deprecate, undeprecate, delete
(a type must be deprecated before it can be deleted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from swf.cli.output import (
    DURATION,
    SWFCommand,
    SWFGroup,
    domain_option,
    echo_fields,
    echo_json,
    echo_table,
    format_duration,
    format_time,
    json_option,
)
from swf.constants import ChildPolicy, RegistrationStatus
from swf.core import Connection
from swf.wire import check_identifier

__all__ = ["activity_type", "workflow_type"]


@dataclass(frozen=True)
class _Kind:
    """What differs between workflow types and activity types on the wire."""

    noun: str  # "workflow type"
    wire: str  # "WorkflowType"
    key: str  # "workflowType"
    # (option name, wire member, help) of the defaults a registration may carry
    timeouts: tuple[tuple[str, str, str], ...]


_WORKFLOW = _Kind(
    noun="workflow type",
    wire="WorkflowType",
    key="workflowType",
    timeouts=(
        (
            "--execution-timeout",
            "defaultExecutionStartToCloseTimeout",
            "Default time an execution may run (e.g. 1h).",
        ),
        (
            "--task-timeout",
            "defaultTaskStartToCloseTimeout",
            "Default time a decider has for a decision task (e.g. 30s).",
        ),
    ),
)
_ACTIVITY = _Kind(
    noun="activity type",
    wire="ActivityType",
    key="activityType",
    timeouts=(
        (
            "--schedule-to-start-timeout",
            "defaultTaskScheduleToStartTimeout",
            "Default time a task may wait for a worker.",
        ),
        (
            "--schedule-to-close-timeout",
            "defaultTaskScheduleToCloseTimeout",
            "Default time from scheduling to completion.",
        ),
        (
            "--start-to-close-timeout",
            "defaultTaskStartToCloseTimeout",
            "Default time a worker has for a task.",
        ),
        (
            "--heartbeat-timeout",
            "defaultTaskHeartbeatTimeout",
            "Default longest time between two heartbeats.",
        ),
    ),
)

_STATUS = click.Choice([status.value for status in RegistrationStatus], case_sensitive=False)
_CHILD_POLICY = click.Choice([policy.value for policy in ChildPolicy], case_sensitive=False)


def _type_ref(kind: _Kind, name: str, version: str) -> dict[str, str]:
    check_identifier(name, what=f"{kind.noun} name")
    check_identifier(version, what=f"{kind.noun} version", maximum=64)
    return {"name": name, "version": version}


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _option_dest(option: str) -> str:
    return option.lstrip("-").replace("-", "_")


def _build_group(kind: _Kind, command_name: str) -> click.Group:
    @click.group(command_name, cls=SWFGroup, help=f"{kind.noun.capitalize()}s of a domain.")
    def group() -> None:
        pass

    @group.command("list", help=f"List the {kind.noun}s of a domain.")
    @domain_option
    @click.option("--name", default=None, help="Only the versions of this type name.")
    @click.option(
        "--status", type=_STATUS, default="REGISTERED", show_default=True, help="Which types."
    )
    @click.option("--reverse", is_flag=True, help="Names in descending order.")
    @json_option
    def list_types(
        domain: str, name: str | None, status: str, reverse: bool, as_json: bool
    ) -> None:
        params: dict[str, Any] = {
            "domain": check_identifier(domain, what="domain"),
            "registrationStatus": status.upper(),
            "reverseOrder": reverse,
        }
        if name:
            params["name"] = name
        infos: list[dict[str, Any]] = []
        for page in Connection().paginate(f"List{kind.wire}s", **params):
            infos.extend(page.get("typeInfos", []))
        if as_json:
            echo_json(infos)
            return
        echo_table(
            ["name", "version", "status", "created", "description"],
            (
                [
                    info[kind.key]["name"],
                    info[kind.key]["version"],
                    info["status"],
                    format_time(info.get("creationDate")),
                    info.get("description", ""),
                ]
                for info in infos
            ),
            empty=f"No {status.lower()} {kind.noun}s in {domain}.",
        )

    @group.command(help=f"Show {_a(kind.noun)}: status and registered defaults.")
    @domain_option
    @click.argument("name")
    @click.argument("version")
    @json_option
    def describe(domain: str, name: str, version: str, as_json: bool) -> None:
        answer = Connection().call(
            f"Describe{kind.wire}",
            domain=check_identifier(domain, what="domain"),
            **{kind.key: _type_ref(kind, name, version)},
        )
        if as_json:
            echo_json(answer)
            return
        info = answer.get("typeInfo", {})
        configuration = answer.get("configuration", {})
        pairs: list[tuple[str, Any]] = [
            ("name", info.get(kind.key, {}).get("name")),
            ("version", info.get(kind.key, {}).get("version")),
            ("status", info.get("status")),
            ("description", info.get("description")),
            ("created", format_time(info.get("creationDate"))),
            ("deprecated", format_time(info.get("deprecationDate"))),
            ("task list", configuration.get("defaultTaskList", {}).get("name")),
            ("task priority", configuration.get("defaultTaskPriority")),
        ]
        for option, member, _ in kind.timeouts:
            label = option.lstrip("-").replace("-", " ")
            pairs.append((label, format_duration(configuration.get(member))))
        pairs.append(("child policy", configuration.get("defaultChildPolicy")))
        pairs.append(("lambda role", configuration.get("defaultLambdaRole")))
        echo_fields(pairs)

    def register(domain: str, name: str, version: str, **options: Any) -> None:
        params: dict[str, Any] = {
            "domain": check_identifier(domain, what="domain"),
            **_type_ref(kind, name, version),
        }
        if options.get("description"):
            params["description"] = options["description"]
        if options.get("task_list"):
            params["defaultTaskList"] = {"name": options["task_list"]}
        if options.get("task_priority") is not None:
            params["defaultTaskPriority"] = str(options["task_priority"])
        for option, member, _ in kind.timeouts:
            value = options.get(_option_dest(option))
            if value is not None:
                params[member] = value
        if options.get("child_policy"):
            params["defaultChildPolicy"] = options["child_policy"].upper()
        if options.get("lambda_role"):
            params["defaultLambdaRole"] = options["lambda_role"]
        Connection().call(f"Register{kind.wire}", **params)
        click.echo(f"Registered {kind.noun} {name} {version} in {domain}.")

    register.__doc__ = f"Register {_a(kind.noun)} in a domain, with its defaults."
    decorated: Callable[..., Any] = register
    if kind is _WORKFLOW:
        decorated = click.option("--lambda-role", default=None, help="Default IAM role ARN.")(
            decorated
        )
        decorated = click.option(
            "--child-policy", type=_CHILD_POLICY, default=None, help="Default child policy."
        )(decorated)
    for option, _, help_text in reversed(kind.timeouts):
        decorated = click.option(option, type=DURATION, default=None, help=help_text)(decorated)
    decorated = click.option(
        "--task-priority", type=int, default=None, help="Default task priority."
    )(decorated)
    decorated = click.option("--task-list", default=None, help="Default task list.")(decorated)
    decorated = click.option("--description", default=None, help="A description.")(decorated)
    decorated = click.argument("version")(decorated)
    decorated = click.argument("name")(decorated)
    decorated = domain_option(decorated)
    group.command("register")(decorated)

    for verb, wire_verb, past in (
        ("deprecate", "Deprecate", "Deprecated"),
        ("undeprecate", "Undeprecate", "Undeprecated"),
        ("delete", "Delete", "Deleted"),
    ):
        group.add_command(_status_command(kind, verb, wire_verb, past))
    return group


def _status_command(kind: _Kind, verb: str, wire_verb: str, past: str) -> click.Command:
    helps = {
        "deprecate": f"Deprecate {_a(kind.noun)}: no new tasks or executions of it.",
        "undeprecate": f"Undeprecate a deprecated {kind.noun}.",
        "delete": f"Delete a deprecated {kind.noun} (SWF refuses to delete a registered one).",
    }

    @click.command(verb, cls=SWFCommand, help=helps[verb])
    @domain_option
    @click.argument("name")
    @click.argument("version")
    def command(domain: str, name: str, version: str) -> None:
        Connection().call(
            f"{wire_verb}{kind.wire}",
            domain=check_identifier(domain, what="domain"),
            **{kind.key: _type_ref(kind, name, version)},
        )
        click.echo(f"{past} {kind.noun} {name} {version} in {domain}.")

    return command


workflow_type = _build_group(_WORKFLOW, "workflow-type")
activity_type = _build_group(_ACTIVITY, "activity-type")
