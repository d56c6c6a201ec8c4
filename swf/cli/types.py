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
    EXECUTION_TIMEOUT,
    SWFCommand,
    SWFGroup,
    answer_of,
    domain_option,
    echo_fields,
    echo_json,
    echo_table,
    format_duration,
    format_time,
    json_option,
)
from swf.constants import ChildPolicy, RegistrationStatus
from swf.models import ActivityType, WorkflowType
from swf.models.registered_type import RegisteredType
from swf.querysets import ActivityTypeQuerySet, WorkflowTypeQuerySet
from swf.querysets.base import TypeQuerySet

__all__ = ["activity_type", "workflow_type"]


@dataclass(frozen=True)
class _Kind:
    """What differs between workflow types and activity types."""

    noun: str  # "workflow type"
    model: type[RegisteredType]
    queryset: type[TypeQuerySet[Any]]
    # (option name, model attribute, help) of the defaults a registration may carry
    timeouts: tuple[tuple[str, str, str], ...]
    # the time-out whose None means "no default" rather than SWF's NONE
    no_default: str = ""


_WORKFLOW = _Kind(
    noun="workflow type",
    model=WorkflowType,
    queryset=WorkflowTypeQuerySet,
    timeouts=(
        (
            "--execution-timeout",
            "execution_timeout",
            "Default time an execution may run (e.g. 1h).",
        ),
        (
            "--task-timeout",
            "decision_tasks_timeout",
            "Default time a decider has for a decision task (e.g. 30s).",
        ),
    ),
    no_default="execution_timeout",
)
_ACTIVITY = _Kind(
    noun="activity type",
    model=ActivityType,
    queryset=ActivityTypeQuerySet,
    timeouts=(
        (
            "--schedule-to-start-timeout",
            "task_schedule_to_start_timeout",
            "Default time a task may wait for a worker.",
        ),
        (
            "--schedule-to-close-timeout",
            "task_schedule_to_close_timeout",
            "Default time from scheduling to completion.",
        ),
        (
            "--start-to-close-timeout",
            "task_start_to_close_timeout",
            "Default time a worker has for a task.",
        ),
        (
            "--heartbeat-timeout",
            "task_heartbeat_timeout",
            "Default longest time between two heartbeats.",
        ),
    ),
)

_STATUS = click.Choice([status.value for status in RegistrationStatus], case_sensitive=False)
_CHILD_POLICY = click.Choice([policy.value for policy in ChildPolicy], case_sensitive=False)


def _model(kind: _Kind, domain: str, name: str, version: str, **options: Any) -> RegisteredType:
    factory: Any = kind.model
    model: RegisteredType = factory(domain, name, version, **options)
    return model


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
        types = kind.queryset(domain).filter(status=status.upper(), name=name)
        found = list(types.reverse() if reverse else types)
        if as_json:
            # What SWF's list holds for each (the typeInfo of each described type).
            echo_json([answer_of(each)["typeInfo"] for each in found])
            return
        echo_table(
            ["name", "version", "status", "created", "description"],
            (
                [
                    each.name,
                    each.version,
                    str(each.status),
                    format_time(each.creation_date),
                    each.description or "",
                ]
                for each in found
            ),
            empty=f"No {status.lower()} {kind.noun}s in {domain}.",
        )

    @group.command(help=f"Show {_a(kind.noun)}: status and registered defaults.")
    @domain_option
    @click.argument("name")
    @click.argument("version")
    @json_option
    def describe(domain: str, name: str, version: str, as_json: bool) -> None:
        found = kind.queryset(domain).get(name, version)
        if as_json:
            echo_json(answer_of(found))
            return
        priority = found.task_priority
        pairs: list[tuple[str, Any]] = [
            ("name", found.name),
            ("version", found.version),
            ("status", str(found.status)),
            ("description", found.description),
            ("created", format_time(found.creation_date)),
            ("deprecated", format_time(found.deprecation_date)),
            ("task list", found.task_list),
            ("task priority", None if priority is None else str(priority)),
        ]
        for option, attribute, _ in kind.timeouts:
            label = option.lstrip("-").replace("-", " ")
            none = "" if attribute == kind.no_default else "none"
            pairs.append((label, format_duration(getattr(found, attribute), none=none)))
        child_policy = getattr(found, "child_policy", None)
        pairs.append(("child policy", None if child_policy is None else str(child_policy)))
        pairs.append(("lambda role", getattr(found, "lambda_role", None)))
        echo_fields(pairs)

    def register(domain: str, name: str, version: str, **options: Any) -> None:
        arguments: dict[str, Any] = {
            "description": options.get("description"),
            "task_list": options.get("task_list"),
            "task_priority": options.get("task_priority"),
        }
        for option, attribute, _ in kind.timeouts:
            arguments[attribute] = options.get(_option_dest(option))
        if kind is _WORKFLOW:
            child_policy = options.get("child_policy")
            arguments["child_policy"] = child_policy.upper() if child_policy else None
            arguments["lambda_role"] = options.get("lambda_role")
        _model(kind, domain, name, version, **arguments).save()
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
    for option, attribute, help_text in reversed(kind.timeouts):
        # SWF takes NONE for every default time-out but an execution's (None: no default).
        duration = EXECUTION_TIMEOUT if attribute == kind.no_default else DURATION
        decorated = click.option(option, type=duration, default=None, help=help_text)(decorated)
    decorated = click.option(
        "--task-priority", type=int, default=None, help="Default task priority."
    )(decorated)
    decorated = click.option("--task-list", default=None, help="Default task list.")(decorated)
    decorated = click.option("--description", default=None, help="A description.")(decorated)
    decorated = click.argument("version")(decorated)
    decorated = click.argument("name")(decorated)
    decorated = domain_option(decorated)
    group.command("register")(decorated)

    for verb, past in (
        ("deprecate", "Deprecated"),
        ("undeprecate", "Undeprecated"),
        ("delete", "Deleted"),
    ):
        group.add_command(_status_command(kind, verb, past))
    return group


def _status_command(kind: _Kind, verb: str, past: str) -> click.Command:
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
        model = _model(kind, domain, name, version)
        if verb == "deprecate":
            model.deprecate()
        elif verb == "undeprecate":
            model.undeprecate()
        else:
            model.delete(deprecate_first=False)  # SWF's own rule: deprecated types only
        click.echo(f"{past} {kind.noun} {name} {version} in {domain}.")

    return command


workflow_type = _build_group(_WORKFLOW, "workflow-type")
activity_type = _build_group(_ACTIVITY, "activity-type")
