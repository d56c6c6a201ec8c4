"""Markers: what :meth:`Workflow.side_effect` and :meth:`Workflow.version` write into the
history (a ``RecordMarker``), and how a replay reads them back.

- ``flow.side_effect`` markers hold ``{"id": n, "value": payload}``: the n-th side effect's
  result. A replay returns the recorded payload instead of running the function again.
- ``flow.version`` markers hold ``{"change_id": ..., "version": v}``, recorded by the decision
  task in which the code first asked for that change. Replaying that task, the recorded
  version is returned; replaying a task that recorded none means the code that ran then did
  not ask: :data:`DEFAULT_VERSION`.

Markers go first in an answer, so they are recorded by the decision task whose code asked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from swf.constants import Limits
from swf.decisions import RecordMarker
from swf.flow.converter import encode
from swf.flow.errors import PayloadError

if TYPE_CHECKING:
    from swf.flow.engine import WorkflowInstance
    from swf.history.events import Event

__all__ = ["DEFAULT_VERSION", "SIDE_EFFECT_MARKER", "VERSION_MARKER", "Markers", "marker_key"]

log = logging.getLogger("swf.flow")

SIDE_EFFECT_MARKER = "flow.side_effect"
VERSION_MARKER = "flow.version"
DEFAULT_VERSION = 0
"""What :meth:`Workflow.version` returns for an execution whose code ran before the change."""


class Markers:
    """The side effects and versions of one workflow instance."""

    def __init__(self, instance: WorkflowInstance) -> None:
        self._instance = instance
        self._side_effects: dict[int, str | None] = {}
        self._recorded_versions: dict[int, dict[str, int]] = {}  # by DecisionTaskCompleted id
        self._versions: dict[str, int] = {}

    def index(self, event: Event) -> None:
        """Remember a ``MarkerRecorded`` of flow's (before the events are applied)."""
        name = event.marker_name  # type: ignore[attr-defined]
        if name not in (SIDE_EFFECT_MARKER, VERSION_MARKER):
            return
        try:
            details = json.loads(getattr(event, "details", None) or "")
            if name == SIDE_EFFECT_MARKER:
                self._side_effects[int(details["id"])] = details.get("value")
            else:
                completed = event.decision_task_completed_event_id  # type: ignore[attr-defined]
                records = self._recorded_versions.setdefault(completed, {})
                records[str(details["change_id"])] = int(details["version"])
        except (ValueError, KeyError, TypeError):
            log.warning("marker %s at event %d has unreadable details", name, event.id)

    def side_effect(self, function: Callable[[], Any]) -> Any:
        """Run ``function`` once (live) and record its result; replaying, read the record."""
        instance = self._instance
        converter = instance.converter
        number = instance.count(SIDE_EFFECT_MARKER)
        if number in self._side_effects:
            payload = self._side_effects[number]
        elif instance.replaying:
            instance.abort(
                instance.divergence(
                    f"no {SIDE_EFFECT_MARKER} marker #{number}",
                    f"called side_effect() (#{number})",
                )
            )
        else:
            payload = encode(converter, function(), what="the side effect's result")
            self._side_effects[number] = payload
        details = json.dumps({"id": number, "value": payload}, separators=(",", ":"))
        self._issue(SIDE_EFFECT_MARKER, details, key=("side_effect", number), priority=1)
        return converter.decode(payload)

    def version(self, change_id: str, minimum: int, maximum: int) -> int:
        """The version of a change this run follows (recorded in a marker the first time)."""
        instance = self._instance
        version = self._versions.get(change_id)
        if version is None:
            if instance.replaying:
                recorded = self._recorded_versions.get(instance.window_completed, {})
                version = recorded.get(change_id, DEFAULT_VERSION)
                record = change_id in recorded
            else:
                version, record = maximum, True
            if record:
                details = json.dumps(
                    {"change_id": change_id, "version": version}, separators=(",", ":")
                )
                self._issue(VERSION_MARKER, details, key=("version", change_id), priority=0)
            self._versions[change_id] = version
        if not minimum <= version <= maximum:
            instance.abort(
                instance.divergence(
                    f"version {version} of change {change_id!r}",
                    f"supports versions {minimum} to {maximum} only",
                )
            )
        return version

    def _issue(self, name: str, details: str, *, key: Any, priority: int) -> None:
        if len(details) > Limits.PAYLOAD_LENGTH:
            raise PayloadError(
                f"the {name} marker's details are {len(details)} characters long; SWF allows "
                f"{Limits.PAYLOAD_LENGTH}"
            )
        self._instance.issue(
            RecordMarker(marker_name=name, details=details),
            key=key,
            priority=priority,
            description=f"recorded marker {name} {key[1]!r}",
        )


def marker_key(event: Event) -> Any:
    """The identity of a flow marker event (matched with the command's ``key``)."""
    if event.type != "MarkerRecorded":
        return None
    name = event.marker_name  # type: ignore[attr-defined]
    try:
        details = json.loads(getattr(event, "details", None) or "")
        if name == SIDE_EFFECT_MARKER:
            return ("side_effect", int(details["id"]))
        if name == VERSION_MARKER:
            return ("version", str(details["change_id"]))
    except (ValueError, KeyError, TypeError):
        return None
    return None
