"""The :class:`WorkflowExecution` model and its :class:`OpenCounts`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from swf.constants import ChildPolicy, CloseStatus, ExecutionStatus, Limits
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.models.base import (
    Model,
    ModelDiff,
    SettingsOverrides,
    child_policy,
    duration,
    optional_wire,
    payload,
    priority,
    role_arn,
    task_list_name,
)
from swf.models.domain import Domain, as_domain, connection_for
from swf.models.workflow_type import WorkflowType
from swf.wire import (
    check_identifier,
    check_length,
    datetime_from_wire,
    enum_value,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from swf.history import History
    from swf.history.compiled import Execution

__all__ = ["ExecutionLinks", "OpenCounts", "WorkflowExecution"]


@dataclass(frozen=True)
class OpenCounts:
    """What is open in an execution, as ``DescribeWorkflowExecution`` counts it."""

    activity_tasks: int = 0
    decision_tasks: int = 0
    timers: int = 0
    child_workflow_executions: int = 0
    lambda_functions: int = 0

    @classmethod
    def from_api(cls, counts: Mapping[str, Any]) -> OpenCounts:
        """From SWF's ``openCounts`` structure."""
        return cls(
            activity_tasks=int(counts.get("openActivityTasks", 0)),
            decision_tasks=int(counts.get("openDecisionTasks", 0)),
            timers=int(counts.get("openTimers", 0)),
            child_workflow_executions=int(counts.get("openChildWorkflowExecutions", 0)),
            lambda_functions=int(counts.get("openLambdaFunctions", 0)),
        )


def tag_tuple(tags: Iterable[str] | None) -> tuple[str, ...]:
    """Execution tags as a tuple, checked against SWF's limits (5 tags of 256 characters)."""
    if tags is None:
        return ()
    if isinstance(tags, str):
        raise ValidationError("tag_list must be a list of strings, not a string")
    out = tuple(tags)
    if len(out) > Limits.TAGS_PER_EXECUTION:
        raise ValidationError(
            f"an execution has at most {Limits.TAGS_PER_EXECUTION} tags, not {len(out)}"
        )
    for tag in out:
        if not isinstance(tag, str):  # check_length lets None through, as "not given"
            raise ValidationError(f"tag must be a string, not {type(tag).__name__}")
        check_length(tag, what="tag", maximum=Limits.TAG_LENGTH, minimum=1)
    return out


def _enum(cls: Any, value: Any, what: str) -> Any:
    return None if value is None else enum_value(cls, value, what=what)


class WorkflowExecution(Model):
    """One run of a workflow: ``(domain, workflow_id, run_id)``.

    An execution is the service's to change, so two executions are equal when they name the
    same run, and every other attribute is what was last read from SWF (``None`` when it was
    not read). :attr:`changes` compares the attributes this model knows with SWF's.
    Start one with :meth:`WorkflowType.start_execution`.

    Without a run id, the model names the *open* run of ``workflow_id``: the run SWF's
    signal, cancel and terminate reach when they are given no run id, and the one
    :meth:`exists` and :meth:`upstream` look for. To *look at* a workflow id whatever its
    state, ask for its latest run,
    :meth:`WorkflowExecutionQuerySet.latest() <swf.querysets.WorkflowExecutionQuerySet.latest>`:
    the open run, else the most recently started closed one.

    >>> WorkflowExecution("orders", "order-42", "22Eng9M6GB...")
    WorkflowExecution('order-42', '22Eng9M6GB...')

    :param domain: a :class:`Domain` or a domain name.
    :param workflow_id: the workflow id given at start.
    :param run_id: the run id SWF gave; ``None`` means the open run of ``workflow_id``.

    :attr:`raw` is the ``DescribeWorkflowExecution`` response or the ``executionInfo`` of a
    list the model was built from.
    """

    class DoesNotExist(Model.DoesNotExist):
        """No such workflow execution."""

    _fields = (
        "domain",
        "workflow_id",
        "run_id",
        "workflow_type",
        "status",
        "close_status",
        "tag_list",
        "start_timestamp",
        "close_timestamp",
        "cancel_requested",
        "parent",
        "task_list",
        "child_policy",
        "execution_timeout",
        "decision_tasks_timeout",
        "task_priority",
        "lambda_role",
        "open_counts",
        "latest_activity_task_timestamp",
        "latest_execution_context",
        "input",
    )
    _synced_fields = _fields[3:-1]

    domain: Domain
    workflow_id: str
    run_id: str | None
    workflow_type: WorkflowType | None
    status: ExecutionStatus | None
    """OPEN or CLOSED."""
    close_status: CloseStatus | None
    tag_list: tuple[str, ...] | None
    start_timestamp: datetime | None
    close_timestamp: datetime | None
    cancel_requested: bool | None
    parent: WorkflowExecution | None
    """The parent execution, for a child workflow."""
    task_list: str | None
    child_policy: ChildPolicy | None
    execution_timeout: timedelta | None
    decision_tasks_timeout: timedelta | None
    task_priority: int | None
    lambda_role: str | None
    open_counts: OpenCounts | None
    latest_activity_task_timestamp: datetime | None
    latest_execution_context: str | None
    input: str | None
    """The input given at start (SWF does not describe it; known to the starter only)."""

    def __init__(
        self,
        domain: Domain | str,
        workflow_id: str,
        run_id: str | None = None,
        *,
        workflow_type: WorkflowType | None = None,
        status: ExecutionStatus | str | None = None,
        close_status: CloseStatus | str | None = None,
        tag_list: Iterable[str] | None = None,
        start_timestamp: datetime | None = None,
        close_timestamp: datetime | None = None,
        cancel_requested: bool | None = None,
        parent: WorkflowExecution | None = None,
        task_list: str | None = None,
        child_policy: ChildPolicy | str | None = None,
        execution_timeout: timedelta | int | str | None = None,
        decision_tasks_timeout: timedelta | int | str | None = None,
        task_priority: int | str | None = None,
        lambda_role: str | None = None,
        open_counts: OpenCounts | None = None,
        latest_activity_task_timestamp: datetime | None = None,
        latest_execution_context: str | None = None,
        input: str | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(**connection_for(domain, connection, overrides))
        self.domain = as_domain(domain, connection=self.connection)
        self.workflow_id = check_identifier(workflow_id, what="workflow_id")
        if run_id is not None:
            check_length(run_id, what="run_id", maximum=Limits.RUN_ID_LENGTH, minimum=1)
        self.run_id = run_id
        if workflow_type is not None and not isinstance(workflow_type, WorkflowType):
            raise ValidationError(
                f"workflow_type must be a WorkflowType, not {type(workflow_type).__name__}"
            )
        self.workflow_type = workflow_type
        self.status = _enum(ExecutionStatus, status, "status")
        self.close_status = _enum(CloseStatus, close_status, "close_status")
        self.tag_list = None if tag_list is None else tag_tuple(tag_list)
        self.start_timestamp = datetime_from_wire(start_timestamp)
        self.close_timestamp = datetime_from_wire(close_timestamp)
        self.cancel_requested = None if cancel_requested is None else bool(cancel_requested)
        if parent is not None and not isinstance(parent, WorkflowExecution):
            raise ValidationError(
                f"parent must be a WorkflowExecution, not {type(parent).__name__}"
            )
        self.parent = parent
        self.task_list = task_list_name(task_list)
        self.child_policy = child_policy_arg(child_policy)
        self.execution_timeout = duration(execution_timeout, what="execution_timeout")
        self.decision_tasks_timeout = duration(
            decision_tasks_timeout, what="decision_tasks_timeout"
        )
        self.task_priority = priority(task_priority)
        self.lambda_role = role_arn(lambda_role)
        self.open_counts = open_counts
        self.latest_activity_task_timestamp = datetime_from_wire(latest_activity_task_timestamp)
        self.latest_execution_context = payload(
            latest_execution_context, what="latest_execution_context"
        )
        self.input = payload(input, what="input")
        self._freeze()

    def __repr__(self) -> str:
        if self.run_id is None:
            return f"WorkflowExecution({self.workflow_id!r})"
        return f"WorkflowExecution({self.workflow_id!r}, {self.run_id!r})"

    def _identity(self) -> tuple[Any, ...]:
        return (self.domain.name, self.workflow_id, self.run_id)

    def _key(self) -> tuple[Any, ...]:
        return self._identity()

    def _differences(self, upstream: Self) -> ModelDiff:
        # Only what this model knows (not None) is compared: an execution built by hand
        # knows its identity only, and is in sync as long as it exists.
        return ModelDiff.compare(
            (name, self._compared(name), upstream._compared(name))
            for name in self._synced_fields
            if getattr(self, name) is not None
        )

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def from_api(
        cls,
        domain: Domain | str,
        detail: Mapping[str, Any],
        *,
        connection: Connection | None = None,
    ) -> Self:
        """An execution from a ``DescribeWorkflowExecution`` response or an ``executionInfo``.

        A bare ``executionInfo`` (what the List calls return) leaves the configuration, the
        open counts and the latest activity and context as ``None``.
        """
        info = detail.get("executionInfo", detail)
        configuration = detail.get("executionConfiguration")
        domain = as_domain(domain, connection=connection or Connection())
        workflow_type = WorkflowType(
            domain,
            info["workflowType"]["name"],
            info["workflowType"]["version"],
            connection=connection,
        )
        parent = None
        if info.get("parent"):
            parent = cls(
                domain,
                info["parent"]["workflowId"],
                info["parent"]["runId"],
                connection=connection,
            )
        extra: dict[str, Any] = {}
        if configuration is not None:
            extra = {
                "task_list": (configuration.get("taskList") or {}).get("name"),
                "child_policy": configuration.get("childPolicy"),
                "execution_timeout": configuration.get("executionStartToCloseTimeout"),
                "decision_tasks_timeout": configuration.get("taskStartToCloseTimeout"),
                "task_priority": configuration.get("taskPriority"),
                "lambda_role": configuration.get("lambdaRole"),
                "latest_activity_task_timestamp": detail.get("latestActivityTaskTimestamp"),
                "latest_execution_context": detail.get("latestExecutionContext"),
            }
        if "openCounts" in detail:
            extra["open_counts"] = OpenCounts.from_api(detail["openCounts"])
        return cls(
            domain,
            info["execution"]["workflowId"],
            info["execution"]["runId"],
            workflow_type=workflow_type,
            status=info["executionStatus"],
            close_status=info.get("closeStatus"),
            tag_list=info.get("tagList", ()),
            start_timestamp=info.get("startTimestamp"),
            close_timestamp=info.get("closeTimestamp"),
            cancel_requested=info.get("cancelRequested", False),
            parent=parent,
            connection=connection,
            **extra,
        )._with_raw(detail)

    def to_api(self) -> dict[str, str]:
        """The ``execution`` structure naming this run (needs a run id)."""
        return {"workflowId": self.workflow_id, "runId": self._run_id()}

    def _missing(self) -> str:
        which = "its open run" if self.run_id is None else f"run {self.run_id!r}"
        return (
            f"no execution of workflow id {self.workflow_id!r} ({which}) "
            f"in domain {self.domain.name!r}"
        )

    def _run_id(self) -> str:
        if self.run_id is not None:
            return self.run_id
        from swf.querysets.workflow_execution import WorkflowExecutionQuerySet

        found = (
            WorkflowExecutionQuerySet(self.domain, connection=self.connection)
            .filter(status=ExecutionStatus.OPEN, workflow_id=self.workflow_id)
            .first()
        )
        if found is None or found.run_id is None:
            raise self.DoesNotExist(
                self._missing(),
                code="UnknownResourceFault",
                operation="ListOpenWorkflowExecutions",
            )
        return found.run_id

    def _describe(self) -> dict[str, Any]:
        return self.connection.call(
            "DescribeWorkflowExecution", domain=self.domain.name, execution=self.to_api()
        )

    def _from_description(self, response: dict[str, Any]) -> Self:
        described = self.from_api(self.domain, response, connection=self.connection)
        if self.input is not None:
            return described.replace(input=self.input)._with_raw(response)
        return described

    # -- acting on the execution ---------------------------------------------------------

    def _target(self) -> dict[str, Any]:
        params: dict[str, Any] = {"domain": self.domain.name, "workflowId": self.workflow_id}
        optional_wire(params, "runId", self.run_id)
        return params

    def history(self) -> History:
        """The execution's whole event history (every page), oldest event first.

        :raises DoesNotExist: the execution does not exist.
        """
        from swf.querysets.history import HistoryQuerySet

        return HistoryQuerySet(self.domain, connection=self.connection).get(
            self.workflow_id, self._run_id()
        )

    def rerun(self, history: History | None = None) -> WorkflowExecution:
        """Start a new run of this workflow id as this run was started: same type, input, tags,
        task list, child policy, priority, Lambda role and time-outs (read from its
        ``WorkflowExecutionStarted`` event, in ``history`` or fetched). Returns the new run.

        :raises WorkflowExecutionAlreadyStartedFault: the workflow id has an open run.
        """
        from swf.models.workflow_type import WorkflowType

        started = (history if history is not None else self.history()).execution
        if started.workflow_type is None:
            raise ValidationError(
                f"the history of {self.workflow_id!r} has no WorkflowExecutionStarted event"
            )
        workflow_type = WorkflowType(
            self.domain,
            started.workflow_type.name,
            started.workflow_type.version,
            connection=self.connection,
        )
        return workflow_type.start_execution(
            self.workflow_id,
            task_list=started.task_list,
            child_policy=started.child_policy,
            execution_timeout=started.execution_start_to_close_timeout,
            input=started.input,
            tag_list=started.tag_list,
            decision_tasks_timeout=started.task_start_to_close_timeout,
            task_priority=started.task_priority,
            lambda_role=started.lambda_role,
        )

    def outcome(self) -> Execution | None:
        """How this run ended, read from its last event (one page of its history, newest
        first); ``None`` while it is open.

        The answer is the compiled view's :class:`~swf.history.compiled.Execution` record of
        the closing event: ``close_status`` and ``closed_at``, and ``result`` (completed),
        ``reason`` and ``details`` (failed, terminated), ``details`` (canceled),
        ``timeout_type`` (timed out), ``terminate_cause`` (terminated by SWF itself) or
        ``new_execution_run_id`` (continued as new). SWF's description of an execution holds
        none of these.

        :raises DoesNotExist: the execution does not exist.
        """
        from swf.history.compiler import CLOSE_STATUS_BY_EVENT_TYPE, CompiledHistory
        from swf.querysets.history import HistoryQuerySet

        events = HistoryQuerySet(self.domain, connection=self.connection).events(
            self.workflow_id, self._run_id(), reverse=True
        )
        last = next(iter(events), None)
        if last is None or last.type not in CLOSE_STATUS_BY_EVENT_TYPE:
            return None
        compiled = CompiledHistory()
        compiled.apply(last)
        return compiled.execution

    def links(self, history: History | None = None) -> ExecutionLinks:
        """The executions this run is linked to, read from its history (``history``, or one
        read now): its parent, the run it continues and the run continuing it
        (continue-as-new), and the child runs it started.

        :raises DoesNotExist: the execution does not exist.
        """
        if history is None:
            history = self.history()
        compiled = history.compiled
        x = compiled.execution

        def run(workflow_id: str, run_id: str | None) -> WorkflowExecution | None:
            if run_id is None:
                return None
            return WorkflowExecution(self.domain, workflow_id, run_id, connection=self.connection)

        parent = None if x.parent is None else run(x.parent.workflow_id, x.parent.run_id)
        children = (
            run(child.workflow_id, child.run_id) for child in compiled.child_workflow_attempts
        )
        return ExecutionLinks(
            parent=parent,
            continued_from=run(self.workflow_id, x.continued_execution_run_id),
            continued_as=run(self.workflow_id, x.new_execution_run_id),
            children=tuple(child for child in children if child is not None),
        )

    def signal(self, signal_name: str, *, input: Any = None) -> None:
        """Send a signal (recorded as a ``WorkflowExecutionSignaled`` event).

        :param input: the signal's input, by the payload rule (a string as it is, anything
            else as JSON).
        """
        check_identifier(signal_name, what="signal_name")
        wired = payload(input, what="input")
        params = self._target()
        params["signalName"] = signal_name
        optional_wire(params, "input", wired)
        self.connection.call("SignalWorkflowExecution", **params)

    def request_cancel(self) -> None:
        """Ask the execution to cancel (its decider decides what that means)."""
        self.connection.call("RequestCancelWorkflowExecution", **self._target())

    def terminate(
        self,
        *,
        reason: str | None = None,
        details: Any = None,
        child_policy: ChildPolicy | str | None = None,
    ) -> None:
        """Terminate the execution at once (its children per ``child_policy``).

        :param details: by the payload rule (a string as it is, anything else as JSON).
        """
        check_length(reason, what="reason", maximum=Limits.REASON_LENGTH)
        wired = payload(details, what="details")
        policy = child_policy_arg(child_policy)
        params = self._target()
        optional_wire(params, "reason", reason)
        optional_wire(params, "details", wired)
        optional_wire(params, "childPolicy", None if policy is None else str(policy))
        self.connection.call("TerminateWorkflowExecution", **params)


@dataclass(frozen=True)
class ExecutionLinks:
    """The executions a run is linked to (see :meth:`WorkflowExecution.links`); each names a
    run (domain, workflow id, run id) and is read from SWF only when asked."""

    parent: WorkflowExecution | None = None
    """The execution that started this one as a child."""
    continued_from: WorkflowExecution | None = None
    """The run this one continues (it closed with ``WorkflowExecutionContinuedAsNew``)."""
    continued_as: WorkflowExecution | None = None
    """The run that continues this one, once it continued as new."""
    children: tuple[WorkflowExecution, ...] = ()
    """Every child run it started, in the order they were initiated."""


def child_policy_arg(value: ChildPolicy | str | None) -> ChildPolicy | None:
    """A child policy argument (the parameter name shadows the converter in methods)."""
    return child_policy(value)
