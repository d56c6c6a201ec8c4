"""The :class:`ActivityTask` value: an activity task as a poll handed it to a worker.

It holds what ``PollForActivityTask`` answered and where the task was polled from, and
nothing that changes: the live side of a running task (heartbeats, cancel requests, whether
SWF still knows it) is :class:`swf.actors.ActivityContext`. The class is exported by both
:mod:`swf.models` and :mod:`swf.actors`; it is the same class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from swf.constants import Limits
from swf.exceptions import ValidationError
from swf.history.events import ActivityTypeRef, WorkflowExecutionRef
from swf.wire import check_identifier, check_length

__all__ = ["ActivityTask"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTask:
    """An activity task as ``PollForActivityTask`` returned it: a frozen, comparable value.

    >>> task = ActivityTask.from_api(
    ...     {"taskToken": "AAAA", "activityId": "resize-1", "startedEventId": 6,
    ...      "activityType": {"name": "resize", "version": "1"},
    ...      "workflowExecution": {"workflowId": "photo-7", "runId": "22Eng9"},
    ...      "input": "{}"},
    ...     domain="media", task_list="resizers")
    >>> task
    <ActivityTask resize/1 resize-1 of photo-7>
    >>> task.activity_type.name, task.workflow_execution.workflow_id
    ('resize', 'photo-7')

    Types and executions are given as :class:`~swf.history.events.ActivityTypeRef` and
    :class:`~swf.history.events.WorkflowExecutionRef` (plain tuples are converted).
    """

    token: str
    """The task token: what ``complete`` / ``fail`` / ``cancel`` / ``heartbeat`` answer with."""
    activity_id: str
    """The id the decider gave the task."""
    activity_type: ActivityTypeRef
    """``(name, version)`` of its activity type."""
    workflow_execution: WorkflowExecutionRef
    """``(workflow_id, run_id)`` of the execution that scheduled it."""
    started_event_id: int
    """The id of its ``ActivityTaskStarted`` event."""
    input: str | None = None
    """The task's input, as the decider gave it (``None``: none)."""
    domain: str
    """The domain it was polled from."""
    task_list: str
    """The task list it was polled from."""

    def __post_init__(self) -> None:
        if not isinstance(self.token, str):
            raise ValidationError(f"token must be a string, not {type(self.token).__name__}")
        check_length(self.token, what="token", maximum=Limits.TASK_TOKEN_LENGTH, minimum=1)
        check_identifier(self.activity_id, what="activity_id")
        check_identifier(self.domain, what="domain")
        check_identifier(self.task_list, what="task_list")
        check_length(self.input, what="input", maximum=Limits.PAYLOAD_LENGTH)
        if not isinstance(self.started_event_id, int) or isinstance(self.started_event_id, bool):
            raise ValidationError(
                f"started_event_id must be an int, not {type(self.started_event_id).__name__}"
            )
        object.__setattr__(
            self, "activity_type", ActivityTypeRef(*_pair(self.activity_type, "activity_type"))
        )
        object.__setattr__(
            self,
            "workflow_execution",
            WorkflowExecutionRef(*_pair(self.workflow_execution, "workflow_execution")),
        )

    @classmethod
    def from_api(cls, response: Mapping[str, Any], *, domain: str, task_list: str) -> ActivityTask:
        """The task in a ``PollForActivityTask`` answer, polled from ``domain``/``task_list``.

        :raises ValidationError: when the answer holds no task (an empty poll has no
            ``taskToken``).
        """
        if not response.get("taskToken"):
            raise ValidationError("the poll returned no task (no taskToken)")
        execution = response["workflowExecution"]
        activity_type = response["activityType"]
        return cls(
            token=response["taskToken"],
            activity_id=response["activityId"],
            activity_type=ActivityTypeRef(activity_type["name"], activity_type["version"]),
            workflow_execution=WorkflowExecutionRef(execution["workflowId"], execution["runId"]),
            started_event_id=int(response.get("startedEventId", 0)),
            input=response.get("input"),
            domain=domain,
            task_list=task_list,
        )

    def to_api(self) -> dict[str, Any]:
        """The members of the ``PollForActivityTask`` answer this task came from."""
        answer: dict[str, Any] = {
            "taskToken": self.token,
            "activityId": self.activity_id,
            "startedEventId": self.started_event_id,
            "workflowExecution": self.workflow_execution.to_api(),
            "activityType": self.activity_type.to_api(),
        }
        if self.input is not None:
            answer["input"] = self.input
        return answer

    def __repr__(self) -> str:
        return (
            f"<ActivityTask {self.activity_type.name}/{self.activity_type.version} "
            f"{self.activity_id} of {self.workflow_execution.workflow_id}>"
        )


def _pair(value: Any, what: str) -> tuple[str, str]:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    raise ValidationError(f"{what} must be a pair of strings, not {value!r}")
