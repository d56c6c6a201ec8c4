""":class:`WorkflowHandle`: an execution started with :meth:`Workflow.start`, to wait for and
steer.

::

    handle = Order.start({"sku": "TEA-42"}, domain="shop", workflow_id="order-42")
    handle.signal("approved", {"by": "ada"})
    handle.result(timeout=60)          # the value run() returned, or its failure raised

A handle follows its workflow id across ``continue_as_new``: :meth:`~WorkflowHandle.result`
waits for the last run, and :attr:`~WorkflowHandle.execution` is the run it follows now.
Signals, cancel requests and termination go to the workflow id's open run.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from swf.core import Connection
from swf.exceptions import UnknownResourceFault
from swf.flow.converter import DEFAULT_CONVERTER, Converter, encode, encode_arguments
from swf.flow.errors import Cancelled, WorkflowFailed
from swf.flow.registration import register_workflow
from swf.history import History
from swf.history.events import Event
from swf.history.registry import parse_event
from swf.models import Domain, WorkflowExecution, WorkflowType

if TYPE_CHECKING:
    from swf.flow.workflow import Workflow

__all__ = ["WorkflowHandle", "start_workflow"]

_CLOSING = frozenset(
    {
        "WorkflowExecutionCompleted",
        "WorkflowExecutionFailed",
        "WorkflowExecutionCanceled",
        "WorkflowExecutionTimedOut",
        "WorkflowExecutionTerminated",
        "WorkflowExecutionContinuedAsNew",
    }
)
_FIRST_POLL = 0.01
_LONGEST_POLL = 0.5


class WorkflowHandle:
    """An execution of a workflow (and the runs it continues as), seen from outside.

    :param execution: the run to follow (:class:`~swf.models.WorkflowExecution` with a run
        id, and the connection to use).
    :param workflow: its workflow class (for the converter of results and signals).
    """

    def __init__(
        self, execution: WorkflowExecution, *, workflow: type[Workflow] | None = None
    ) -> None:
        if execution.run_id is None:
            raise ValueError("a handle follows a run: the execution needs its run id")
        self._execution = execution
        self.workflow = workflow
        self.converter: Converter = workflow.converter if workflow else DEFAULT_CONVERTER

    def __repr__(self) -> str:
        return f"<WorkflowHandle {self.workflow_id} run {self.run_id}>"

    @property
    def execution(self) -> WorkflowExecution:
        """The run this handle follows now (a later one after ``continue_as_new``)."""
        return self._execution

    @property
    def workflow_id(self) -> str:
        """The workflow id."""
        return self._execution.workflow_id

    @property
    def run_id(self) -> str:
        """The run id of :attr:`execution`."""
        assert self._execution.run_id is not None
        return self._execution.run_id

    @property
    def connection(self) -> Connection:
        """The connection used."""
        return self._execution.connection

    def result(self, timeout: float | None = None) -> Any:
        """Wait until the execution closes (following ``continue_as_new``); its result.

        :param timeout: seconds of real time to wait at most (``None``: no limit).
        :raises WorkflowFailed: it failed, timed out or was terminated.
        :raises Cancelled: it was canceled.
        :raises TimeoutError: ``timeout`` passed first.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = _FIRST_POLL
        while True:
            closing = self._closing_event()
            if closing is not None:
                if closing.type == "WorkflowExecutionContinuedAsNew":
                    self._execution = WorkflowExecution(
                        self._execution.domain,
                        self.workflow_id,
                        closing.new_execution_run_id,  # type: ignore[attr-defined]
                        connection=self.connection,
                    )
                    delay = _FIRST_POLL
                    continue
                return self._outcome(closing)
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"workflow {self.workflow_id} still open after {timeout:g} s"
                    )
                delay = min(delay, remaining)
            time.sleep(delay)
            delay = min(delay * 1.5, _LONGEST_POLL)

    def _closing_event(self) -> Event | None:
        page = self.connection.call(
            "GetWorkflowExecutionHistory",
            domain=self._execution.domain.name,
            execution=self._execution.to_api(),
            reverseOrder=True,
            maximumPageSize=1,
        )
        events = page.get("events") or []
        if not events or events[0].get("eventType") not in _CLOSING:
            return None
        return parse_event(events[0])

    def _outcome(self, event: Event) -> Any:
        kind = event.type
        if kind == "WorkflowExecutionCompleted":
            return self.converter.decode(getattr(event, "result", None))
        if kind == "WorkflowExecutionCanceled":
            raise Cancelled(getattr(event, "details", None))
        status = {
            "WorkflowExecutionFailed": "FAILED",
            "WorkflowExecutionTimedOut": "TIMED_OUT",
            "WorkflowExecutionTerminated": "TERMINATED",
        }[kind]
        raise WorkflowFailed(
            status,
            reason=getattr(event, "reason", None),
            details=getattr(event, "details", None),
            timeout_type=getattr(event, "timeout_type", None),
            workflow_id=self.workflow_id,
            run_id=self.run_id,
        )

    def _open_run(self) -> WorkflowExecution:
        return WorkflowExecution(
            self._execution.domain, self.workflow_id, connection=self.connection
        )

    def signal(self, name: str, input: Any = None) -> None:
        """Signal the open run (``input`` encoded by the workflow's converter)."""
        payload = encode(self.converter, input, what=f"the input of signal {name}")
        self._open_run().signal(name, input=payload)

    def cancel(self) -> None:
        """Ask the open run to cancel: ``run()`` gets :class:`~swf.flow.Cancelled` at its
        next suspension."""
        self._open_run().request_cancel()

    def terminate(self, *, reason: str | None = None, details: str | None = None) -> None:
        """Terminate the open run at once (no code of the workflow runs)."""
        self._open_run().terminate(reason=reason, details=details)

    def history(self) -> History:
        """The whole history of :attr:`execution`."""
        return self._execution.history()


def start_workflow(
    workflow: type[Workflow],
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    *,
    domain: str | Domain,
    workflow_id: str | None,
    tag_list: Sequence[str] | None,
    connection: Connection | None,
) -> WorkflowHandle:
    """What :meth:`Workflow.start` does."""
    workflow.bind(args, kwargs)
    payload = encode_arguments(
        workflow.converter, args, kwargs, what=f"the input of workflow {workflow.name}"
    )
    model = WorkflowType(domain, workflow.name, workflow.version, connection=connection)

    def start() -> WorkflowExecution:
        return model.start_execution(
            workflow_id,
            task_list=workflow.task_list,
            child_policy=workflow.child_policy,
            execution_timeout=workflow.execution_timeout,
            input=payload,
            tag_list=tag_list,
            decision_tasks_timeout=workflow.decision_tasks_timeout,
        )

    try:
        execution = start()
    except UnknownResourceFault as error:
        if "type" not in str(error).lower():
            raise
        register_workflow(workflow, model.domain, connection=model.connection)
        execution = start()
    return WorkflowHandle(execution, workflow=workflow)
