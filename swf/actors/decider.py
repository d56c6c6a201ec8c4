"""The :class:`Decider`: poll decision tasks, read their whole history, answer with decisions.

::

    from swf.actors import Decider
    from swf.decisions import CompleteWorkflowExecution, ScheduleActivityTask

    class Greeter(Decider):
        def decide(self, task):
            activity = task.history.activities.get("greet")
            if activity is None:
                return [ScheduleActivityTask(activity_id="greet", activity_type=("greet", "1"),
                                             input="world")]
            if activity.state == "COMPLETED":
                return [CompleteWorkflowExecution(result=activity.result)]
            return []

    Greeter("my-domain", "deciders").start()   # until stop() / SIGTERM through the runner

History: SWF sends an execution's whole history with every decision task, in pages of up to
1,000 events; :meth:`Decider.poll` fetches every page (calling ``PollForDecisionTask`` again
with the ``nextPageToken``, each page retried on its own so a throttled page never loses the
task). A decider keeps one :class:`~swf.history.History` per run id (the most recent
``history_cache_size`` runs, 100 by default; a run is forgotten once the decider closes it)
and extends it with only the events it has not parsed yet.

When :meth:`Decider.decide` raises, or answers what SWF would refuse (a malformed wire dict,
an execution context over 32,768 characters: checked before sending), the error is logged
with its traceback and :meth:`Decider.decide_failed` chooses what to send; by default
nothing: the decision task is left to time out (its start-to-close timeout), after which
SWF schedules a new decision task, so a fixed decider deployed meanwhile picks the execution
up where it was. Override ``decide_failed`` to fail the execution instead.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from botocore.validate import ParamValidator

from swf.actors._tasks import DecisionTask
from swf.actors.base import Actor, page_size
from swf.actors.retry import DEFAULT_BACKOFF, Backoff, retry_call
from swf.constants import Limits
from swf.exceptions import ValidationError
from swf.history import History
from swf.history.events import WorkflowExecutionRef, WorkflowTypeRef
from swf.wire import check_identifier, check_payload

if TYPE_CHECKING:
    from swf.core import Connection
    from swf.models import Domain

__all__ = ["Decider", "decisions_to_api"]

log = logging.getLogger(__name__)

DEFAULT_HISTORY_CACHE_SIZE = 100

_CLOSING_DECISIONS = frozenset(
    {
        "CompleteWorkflowExecution",
        "FailWorkflowExecution",
        "CancelWorkflowExecution",
        "ContinueAsNewWorkflowExecution",
    }
)


def decisions_to_api(decisions: Any) -> list[dict[str, Any]]:
    """Wire dicts for what :meth:`Decider.decide` returned, in order.

    Accepts ``None`` (no decision), a list (or :class:`~swf.decisions.DecisionCollection`) of
    :mod:`swf.decisions` builders or wire dicts, or one builder alone.
    """
    if decisions is None:
        return []
    if callable(getattr(decisions, "to_api", None)) and not isinstance(decisions, Sequence):
        decisions = [decisions]
    if isinstance(decisions, (str, bytes, Mapping)) or not isinstance(decisions, Iterable):
        raise ValidationError(
            f"decisions must be a list of decisions, not {type(decisions).__name__}"
        )
    out: list[dict[str, Any]] = []
    for decision in decisions:
        to_api = getattr(decision, "to_api", None)
        if callable(to_api):
            out.append(dict(to_api()))
        elif isinstance(decision, Mapping):
            out.append(dict(decision))
        else:
            raise ValidationError(
                f"a decision must be a swf.decisions builder or a dict, not "
                f"{type(decision).__name__}"
            )
    if len(out) > Limits.DECISIONS_PER_COMPLETION:
        raise ValidationError(
            f"{len(out)} decisions; SWF takes at most {Limits.DECISIONS_PER_COMPLETION} per task"
        )
    return out


class Decider(Actor):
    """Polls decision tasks of one task list and answers them with :meth:`decide`'s decisions.

    :param history_cache_size: how many executions' histories to keep between tasks (0: none;
        every task parses its whole history).
    :param maximum_page_size: events per history page asked for (SWF's default: 1000).

    See :class:`~swf.actors.base.Actor` for the other arguments.
    """

    def __init__(
        self,
        domain: str | Domain,
        task_list: str,
        identity: str | None = None,
        *,
        history_cache_size: int = DEFAULT_HISTORY_CACHE_SIZE,
        maximum_page_size: int | None = None,
        backoff: Backoff = DEFAULT_BACKOFF,
        connection: Connection | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        profile: str | None = None,
    ) -> None:
        super().__init__(
            domain,
            task_list,
            identity,
            backoff=backoff,
            connection=connection,
            region=region,
            endpoint_url=endpoint_url,
            profile=profile,
        )
        if (
            not isinstance(history_cache_size, int)
            or isinstance(history_cache_size, bool)
            or history_cache_size < 0
        ):
            raise ValidationError(
                f"history_cache_size must be an int >= 0, not {history_cache_size!r}"
            )
        self.history_cache_size = history_cache_size
        self.maximum_page_size = page_size(maximum_page_size)
        self._histories: OrderedDict[str, History] = OrderedDict()
        self._histories_lock = threading.Lock()

    # -- the API of the quickstart ------------------------------------------------------------

    def poll(
        self,
        task_list: str | None = None,
        identity: str | None = None,
        maximum_page_size: int | None = None,
    ) -> DecisionTask | None:
        """Wait for a decision task (up to SWF's long-poll hold, 60 s) and fetch its history.

        Returns ``None`` when the poll ended empty. Every page of the history is fetched.
        Errors are raised (as :mod:`swf.exceptions` classes); the run loop retries them.
        """
        return self._poll(task_list, identity, maximum_page_size, retry_pages=False)

    def complete(
        self,
        task_token: str,
        decisions: Iterable[Any] | None = None,
        execution_context: str | None = None,
    ) -> None:
        """Answer a decision task (``RespondDecisionTaskCompleted``) with ``decisions``.

        Decisions are :mod:`swf.decisions` builders or wire dicts, applied by SWF in order.
        """
        check_payload(execution_context, what="execution_context")
        params: dict[str, Any] = {
            "taskToken": task_token,
            "decisions": decisions_to_api(decisions),
        }
        if execution_context is not None:
            params["executionContext"] = execution_context
        self.connection.call("RespondDecisionTaskCompleted", **params)

    # -- hooks -----------------------------------------------------------------------------------

    def decide(self, task: DecisionTask) -> Iterable[Any] | None:
        """Return the decisions for ``task`` (builders of :mod:`swf.decisions`, or dicts).

        Set ``task.execution_context`` to send an execution context with them. Subclasses
        implement it; the base class raises :class:`NotImplementedError`.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement decide(task)")

    def decide_failed(self, task: DecisionTask, error: Exception) -> Iterable[Any] | None:
        """What to send when :meth:`decide` raised ``error`` (already logged with traceback).

        ``None`` (the default) sends nothing: the task times out and SWF schedules a new one,
        so the decision is retried after the decision task's start-to-close timeout. Return
        a list of decisions (e.g. a ``FailWorkflowExecution``) to answer instead.
        """
        return None

    # -- the loop --------------------------------------------------------------------------------

    def run_once(self) -> bool:
        """Poll once; decide and complete the task received. True when a task was handled."""
        task = self._poll_call(
            "PollForDecisionTask",
            lambda: self._poll(None, None, self.maximum_page_size, retry_pages=True),
        )
        if task is None:
            return False
        self.handle(task)
        return True

    def handle(self, task: DecisionTask) -> bool:
        """Run :meth:`decide` on ``task`` and complete it; True when SWF took the answer.

        Never raises: errors of ``decide`` go to :meth:`decide_failed`, errors of the response
        are logged (the task then times out and SWF schedules another).
        """
        try:
            decisions = self.decide(task)
            wire = decisions_to_api(decisions)
            self._check_answer(wire, task.execution_context)
        except Exception as error:
            log.exception(
                "decide() failed for %s (run %s, started event %d)",
                task.workflow_id,
                task.run_id,
                task.started_event_id,
            )
            try:
                check_payload(task.execution_context, what="execution_context")
            except ValidationError:
                task.execution_context = None  # would sink decide_failed's answer too
            try:
                fallback = self.decide_failed(task, error)
                if fallback is None:
                    log.error(
                        "decision task of %s left to time out; SWF will schedule a new one",
                        task.workflow_id,
                    )
                    return False
                wire = decisions_to_api(fallback)
                self._check_answer(wire, task.execution_context)
            except Exception:
                log.exception("decide_failed() failed too; the task is left to time out")
                return False
        context = task.execution_context
        sent = self._respond_call(
            f"RespondDecisionTaskCompleted for {task.workflow_id}",
            lambda: self.complete(task.token, wire, execution_context=context),
        )
        if sent:
            log.debug(
                "decision task of %s (run %s, started event %d) answered: %s",
                task.workflow_id,
                task.run_id,
                task.started_event_id,
                ", ".join(d.get("decisionType", "?") for d in wire) or "no decisions",
            )
        if sent and any(d.get("decisionType") in _CLOSING_DECISIONS for d in wire):
            self.forget(task.run_id)  # closed (or the close failed: the next task re-parses)
        return sent

    def _check_answer(self, wire: list[dict[str, Any]], context: str | None) -> None:
        """Raise :class:`ValidationError` for an answer SWF would refuse, before sending it.

        Builders check themselves; wire dicts and the execution context are checked here, so
        that a bad answer goes to :meth:`decide_failed` like any other error of ``decide``.
        """
        check_payload(context, what="execution_context")
        operation = self.connection.client.meta.service_model.operation_model(
            "RespondDecisionTaskCompleted"
        )
        params: dict[str, Any] = {"taskToken": "-", "decisions": wire}
        if context is not None:
            params["executionContext"] = context
        report = ParamValidator().validate(params, operation.input_shape)
        if report.has_errors():
            raise ValidationError(f"SWF would refuse these decisions: {report.generate_report()}")

    # -- history ---------------------------------------------------------------------------------

    def _poll(
        self,
        task_list: str | None,
        identity: str | None,
        maximum_page_size: int | None,
        *,
        retry_pages: bool,
    ) -> DecisionTask | None:
        params: dict[str, Any] = {
            "domain": self.domain,
            "taskList": {"name": check_identifier(task_list or self.task_list, what="task_list")},
            "identity": identity or self.identity,
        }
        if page_size(maximum_page_size) is not None:
            params["maximumPageSize"] = maximum_page_size
        first = self.connection.call("PollForDecisionTask", **params)
        token = first.get("taskToken")
        if not token:
            return None
        execution = first["workflowExecution"]
        run_id = execution["runId"]
        history = self._history_for(run_id)
        history.extend(first.get("events") or ())
        page_token = first.get("nextPageToken")
        while page_token:
            page_params = dict(params, nextPageToken=page_token)

            def next_page(page_params: dict[str, Any] = page_params) -> dict[str, Any]:
                return self.connection.call("PollForDecisionTask", **page_params)

            if retry_pages:
                page = retry_call(
                    next_page,
                    what=f"PollForDecisionTask (history page of {execution['workflowId']})",
                    stop=self._abort,
                    backoff=self.backoff,
                )
            else:
                page = next_page()
            history.extend(page.get("events") or ())
            page_token = page.get("nextPageToken")
        workflow_type = first["workflowType"]
        return DecisionTask(
            token=token,
            workflow_execution=WorkflowExecutionRef(execution["workflowId"], run_id),
            workflow_type=WorkflowTypeRef(workflow_type["name"], workflow_type["version"]),
            history=history,
            previous_started_event_id=int(first.get("previousStartedEventId") or 0),
            started_event_id=int(first.get("startedEventId") or 0),
        )

    def _history_for(self, run_id: str) -> History:
        """The cached history of a run (moved to the most recent end), or a new one."""
        if not self.history_cache_size:
            return History()
        with self._histories_lock:
            history = self._histories.pop(run_id, None)
            if history is None:
                history = History()
            self._histories[run_id] = history
            while len(self._histories) > self.history_cache_size:
                self._histories.popitem(last=False)
            return history

    def forget(self, run_id: str) -> None:
        """Drop the cached history of a run (e.g. once it closed)."""
        with self._histories_lock:
            self._histories.pop(run_id, None)
