"""The operations layer of SWF Local: one method per SWF operation.

Each method takes the request body, validated against its input shape by the dispatcher, and
returns the response body; faults are raised (:mod:`swf.local.faults`). A method opens one
transaction and leaves the work to the components (``_components.py``), which own the tables.
"""

from __future__ import annotations

from typing import Any

from swf.local.clock import Clock
from swf.local.deadlines import DeadlineHandler, Deadlines
from swf.local.faults import ValidationException
from swf.local.service._components import Components, compose
from swf.local.service._decisions import apply_decisions, validate_decisions
from swf.local.service._executions import Executions, execution_info
from swf.local.service._meta import create_schema
from swf.local.service._pages import decode_token, encode_token, page_size, scope_of
from swf.local.service._registry import TypeKind
from swf.local.service._wire import Limits, check_duration, check_name
from swf.local.store import Row, Store, Transaction
from swf.local.waiters import Waiters

__all__ = ["Service"]

_TYPE_KEY = {"activity": "activityType", "workflow": "workflowType"}

#: What a request body and a response body are.
Body = dict[str, Any]


class Service:
    """SWF Local's 39 operations over its components, on one store.

    ``deadlines`` and ``waiters`` are shared with the server, which starts the deadlines with
    :meth:`deadline_handlers` and closes the waiters at stop; ``poll_hold`` is the long-poll
    hold in real seconds; ``limits`` SWF's quotas (the live service's by default).
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        deadlines: Deadlines,
        waiters: Waiters,
        poll_hold: float,
        region: str = "us-east-1",
        account_id: str = "000000000000",
        limits: Limits | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.deadlines = deadlines
        self.waiters = waiters
        #: Every component, for the server and for tests that reach inside.
        self.components: Components = compose(
            clock,
            deadlines=deadlines,
            waiters=waiters,
            poll_hold=poll_hold,
            region=region,
            account_id=account_id,
            limits=limits,
        )
        #: SWF's quotas, read at each use (a test may lower one on a running service).
        self.limits = self.components.limits
        #: The long polls (``polls.hold`` is the hold time).
        self.polls = self.components.polls
        c = self.components
        self._registry, self._tags, self._events = c.registry, c.tags, c.events
        self._executions, self._visibility, self._lifecycle = (
            c.executions,
            c.visibility,
            c.lifecycle,
        )
        self._decision_tasks, self._activity_tasks = c.decision_tasks, c.activity_tasks
        create_schema(store, c.schemas())

    def deadline_handlers(self) -> dict[str, DeadlineHandler]:
        """What fires each kind of deadline (give it to :meth:`Deadlines.start`)."""
        return self.components.deadline_handlers()

    def _now(self) -> float:
        return self.components.now()

    def _open_execution(self, tx: Transaction, params: Body) -> Row:
        """The open execution named by ``domain``, ``workflowId`` and ``runId``."""
        self._registry.require_domain(tx, params["domain"])
        return self._executions.find(
            tx, params["domain"], params["workflowId"], params.get("runId"), open_only=True
        )

    # -- domains -------------------------------------------------------------------------------

    def register_domain(self, params: Body) -> Body:
        """RegisterDomain: DomainAlreadyExistsFault, LimitExceededFault, TooManyTagsFault."""
        with self.store.transaction() as tx:
            self._registry.register_domain(
                tx,
                params["name"],
                params["workflowExecutionRetentionPeriodInDays"],
                params.get("description"),
            )
            if params.get("tags"):
                self._tags.put(tx, params["name"], params["tags"])
        return {}

    def describe_domain(self, params: Body) -> Body:
        """DescribeDomain: domainInfo (with arn) and configuration."""
        with self.store.transaction() as tx:
            row = self._registry.require_domain(tx, params["name"])
        return {
            "domainInfo": self._registry.domain_info(row),
            "configuration": {"workflowExecutionRetentionPeriodInDays": row["retention"]},
        }

    def list_domains(self, params: Body) -> Body:
        """ListDomains: by name (reverseOrder: descending), paginated."""
        size = page_size(params.get("maximumPageSize"))
        with self.store.transaction() as tx:
            return self._registry.list_domains(
                tx,
                params["registrationStatus"],
                reverse=bool(params.get("reverseOrder")),
                size=size,
                token=params.get("nextPageToken"),
            )

    def deprecate_domain(self, params: Body) -> Body:
        """DeprecateDomain (and the domain's types): DomainDeprecatedFault if deprecated."""
        with self.store.transaction() as tx:
            self._registry.deprecate_domain(tx, params["name"])
        return {}

    def undeprecate_domain(self, params: Body) -> Body:
        """UndeprecateDomain: DomainAlreadyExistsFault if it is registered."""
        with self.store.transaction() as tx:
            self._registry.undeprecate_domain(tx, params["name"])
        return {}

    # -- types ---------------------------------------------------------------------------------

    def _register_type(self, kind: TypeKind, params: Body) -> Body:
        with self.store.transaction() as tx:
            self._registry.register_type(tx, kind, params)
        return {}

    def _describe_type(self, kind: TypeKind, params: Body) -> Body:
        with self.store.transaction() as tx:
            row = self._registry.require_type(tx, kind, params["domain"], params[_TYPE_KEY[kind]])
        return {
            "typeInfo": self._registry.type_info(kind, row),
            "configuration": self._registry.defaults(row),
        }

    def _list_types(self, kind: TypeKind, params: Body) -> Body:
        size = page_size(params.get("maximumPageSize"))
        with self.store.transaction() as tx:
            return self._registry.list_types(tx, kind, params, size=size)

    def _deprecate_type(self, kind: TypeKind, params: Body) -> Body:
        with self.store.transaction() as tx:
            self._registry.deprecate_type(tx, kind, params["domain"], params[_TYPE_KEY[kind]])
        return {}

    def _undeprecate_type(self, kind: TypeKind, params: Body) -> Body:
        with self.store.transaction() as tx:
            self._registry.undeprecate_type(tx, kind, params["domain"], params[_TYPE_KEY[kind]])
        return {}

    def _delete_type(self, kind: TypeKind, params: Body) -> Body:
        with self.store.transaction() as tx:
            self._registry.delete_type(tx, kind, params["domain"], params[_TYPE_KEY[kind]])
        return {}

    def register_activity_type(self, params: Body) -> Body:
        """RegisterActivityType: TypeAlreadyExistsFault, LimitExceededFault."""
        return self._register_type("activity", params)

    def register_workflow_type(self, params: Body) -> Body:
        """RegisterWorkflowType: TypeAlreadyExistsFault, LimitExceededFault."""
        return self._register_type("workflow", params)

    def describe_activity_type(self, params: Body) -> Body:
        """DescribeActivityType: typeInfo and the registered defaults."""
        return self._describe_type("activity", params)

    def describe_workflow_type(self, params: Body) -> Body:
        """DescribeWorkflowType: typeInfo and the registered defaults."""
        return self._describe_type("workflow", params)

    def list_activity_types(self, params: Body) -> Body:
        """ListActivityTypes: by name then version, optionally one name, paginated."""
        return self._list_types("activity", params)

    def list_workflow_types(self, params: Body) -> Body:
        """ListWorkflowTypes: by name then version, optionally one name, paginated."""
        return self._list_types("workflow", params)

    def deprecate_activity_type(self, params: Body) -> Body:
        """DeprecateActivityType: TypeDeprecatedFault if deprecated already."""
        return self._deprecate_type("activity", params)

    def deprecate_workflow_type(self, params: Body) -> Body:
        """DeprecateWorkflowType: TypeDeprecatedFault if deprecated already."""
        return self._deprecate_type("workflow", params)

    def undeprecate_activity_type(self, params: Body) -> Body:
        """UndeprecateActivityType: TypeAlreadyExistsFault if registered."""
        return self._undeprecate_type("activity", params)

    def undeprecate_workflow_type(self, params: Body) -> Body:
        """UndeprecateWorkflowType: TypeAlreadyExistsFault if registered."""
        return self._undeprecate_type("workflow", params)

    def delete_activity_type(self, params: Body) -> Body:
        """DeleteActivityType: TypeNotDeprecatedFault unless deprecated."""
        return self._delete_type("activity", params)

    def delete_workflow_type(self, params: Body) -> Body:
        """DeleteWorkflowType: TypeNotDeprecatedFault unless deprecated."""
        return self._delete_type("workflow", params)

    # -- resource tags -------------------------------------------------------------------------

    def tag_resource(self, params: Body) -> Body:
        """TagResource: add or replace tags; TooManyTagsFault beyond 50."""
        with self.store.transaction() as tx:
            domain = self._tags.domain_of_arn(tx, params["resourceArn"])
            self._tags.put(tx, domain, params["tags"])
        return {}

    def untag_resource(self, params: Body) -> Body:
        """UntagResource: remove tags by key (unknown keys are ignored)."""
        with self.store.transaction() as tx:
            domain = self._tags.domain_of_arn(tx, params["resourceArn"])
            self._tags.remove(tx, domain, params["tagKeys"])
        return {}

    def list_tags_for_resource(self, params: Body) -> Body:
        """ListTagsForResource: the tags of a domain, by key."""
        with self.store.transaction() as tx:
            domain = self._tags.domain_of_arn(tx, params["resourceArn"])
            return {"tags": self._tags.of(tx, domain)}

    # -- executions ----------------------------------------------------------------------------

    def start_workflow_execution(self, params: Body) -> Body:
        """StartWorkflowExecution."""
        with self.store.transaction() as tx:
            run_id = self._lifecycle.start_requested(tx, params)
        return {"runId": run_id}

    def describe_workflow_execution(self, params: Body) -> Body:
        """DescribeWorkflowExecution."""
        execution = params["execution"]
        with self.store.transaction() as tx:
            self._registry.require_domain(tx, params["domain"])
            exe = self._executions.find(
                tx, params["domain"], execution["workflowId"], execution["runId"], open_only=False
            )
            counts = self._lifecycle.open_counts(tx, exe["run_id"])
        result: Body = {
            "executionInfo": execution_info(exe),
            "executionConfiguration": Executions.configuration(exe),
            "openCounts": counts,
        }
        if exe["latest_activity"] is not None:
            result["latestActivityTaskTimestamp"] = exe["latest_activity"]
        if exe["latest_context"] is not None:
            result["latestExecutionContext"] = exe["latest_context"]
        return result

    def get_workflow_execution_history(self, params: Body) -> Body:
        """GetWorkflowExecutionHistory."""
        execution = params["execution"]
        size = page_size(params.get("maximumPageSize"))
        reverse = bool(params.get("reverseOrder"))
        scope = scope_of("GetWorkflowExecutionHistory", execution["runId"], reverse)
        after = 0
        if params.get("nextPageToken"):
            after = decode_token(params["nextPageToken"], scope, now=self._now())
            if not isinstance(after, int):
                raise ValidationException("Invalid nextPageToken")
        with self.store.transaction() as tx:
            self._registry.require_domain(tx, params["domain"])
            exe = self._executions.find(
                tx, params["domain"], execution["workflowId"], execution["runId"], open_only=False
            )
            events, next_after = self._events.page(
                tx, exe["run_id"], after=after, upto=None, reverse=reverse, size=size
            )
        result: Body = {"events": events}
        if next_after is not None:
            result["nextPageToken"] = encode_token(scope, next_after, issued=self._now())
        return result

    def signal_workflow_execution(self, params: Body) -> Body:
        """SignalWorkflowExecution."""
        check_name("signalName", params["signalName"])
        with self.store.transaction() as tx:
            exe = self._open_execution(tx, params)
            self._lifecycle.signal(tx, exe["run_id"], params["signalName"], params.get("input"))
        return {}

    def request_cancel_workflow_execution(self, params: Body) -> Body:
        """RequestCancelWorkflowExecution."""
        with self.store.transaction() as tx:
            exe = self._open_execution(tx, params)
            self._lifecycle.request_cancel(tx, exe["run_id"], {})
        return {}

    def terminate_workflow_execution(self, params: Body) -> Body:
        """TerminateWorkflowExecution (the child policy: the request's, else the execution's)."""
        with self.store.transaction() as tx:
            exe = self._open_execution(tx, params)
            self._lifecycle.terminate(
                tx,
                exe,
                "OPERATOR_INITIATED",
                child_policy=params.get("childPolicy") or exe["child_policy"],
                reason=params.get("reason"),
                details=params.get("details"),
            )
        return {}

    # -- visibility ----------------------------------------------------------------------------

    def list_open_workflow_executions(self, params: Body) -> Body:
        """ListOpenWorkflowExecutions."""
        with self.store.transaction() as tx:
            return self._visibility.list(tx, params, "OPEN")

    def list_closed_workflow_executions(self, params: Body) -> Body:
        """ListClosedWorkflowExecutions."""
        with self.store.transaction() as tx:
            return self._visibility.list(tx, params, "CLOSED")

    def count_open_workflow_executions(self, params: Body) -> Body:
        """CountOpenWorkflowExecutions."""
        with self.store.transaction() as tx:
            return self._visibility.count(tx, params, "OPEN")

    def count_closed_workflow_executions(self, params: Body) -> Body:
        """CountClosedWorkflowExecutions."""
        with self.store.transaction() as tx:
            return self._visibility.count(tx, params, "CLOSED")

    # -- decision tasks ------------------------------------------------------------------------

    def poll_for_decision_task(self, params: Body) -> Body:
        """PollForDecisionTask (a ``nextPageToken`` asks for a later page of a task's history)."""
        domain, task_list = params["domain"], params["taskList"]["name"]
        check_name("taskList.name", task_list)
        size = page_size(params.get("maximumPageSize"))
        if params.get("nextPageToken"):
            with self.store.transaction() as tx:
                return self._decision_tasks.next_page(tx, params["nextPageToken"], size)

        def claim(first: bool) -> Body | None:
            with self.store.transaction() as tx:
                if first:  # on the first attempt only: one transaction less per poll
                    self._registry.require_domain(tx, domain)
                return self._decision_tasks.claim(
                    tx,
                    domain,
                    task_list,
                    identity=params.get("identity"),
                    size=size,
                    reverse=bool(params.get("reverseOrder")),
                    from_previous=bool(params.get("startAtPreviousStartedEvent")),
                )

        task = self.polls.poll(domain, "decision", task_list, claim)
        return task if task is not None else {"previousStartedEventId": 0, "startedEventId": 0}

    def respond_decision_task_completed(self, params: Body) -> Body:
        """RespondDecisionTaskCompleted: the decisions are checked as a batch, then applied in
        order, atomically with DecisionTaskCompleted."""
        decisions = list(params.get("decisions") or [])
        validate_decisions(decisions, limit=self.limits.decisions)
        task_list = params.get("taskList")
        if task_list:
            check_name("taskList.name", task_list["name"])
        task_list_timeout = params.get("taskListScheduleToStartTimeout")
        check_duration("taskListScheduleToStartTimeout", task_list_timeout)
        with self.store.transaction() as tx:
            run_id, completed, unhandled = self._decision_tasks.complete(
                tx,
                params["taskToken"],
                context=params.get("executionContext"),
                task_list=task_list,
                task_list_timeout=task_list_timeout,
            )
            apply_decisions(
                self.components, tx, run_id, decisions, completed=completed, unhandled=unhandled
            )
            self._decision_tasks.finish(tx, run_id)
        return {}

    def count_pending_decision_tasks(self, params: Body) -> Body:
        """CountPendingDecisionTasks: scheduled, not yet started, decision tasks."""
        with self.store.transaction() as tx:
            self._registry.require_domain(tx, params["domain"])
            count = self._decision_tasks.pending_count(
                tx, params["domain"], params["taskList"]["name"]
            )
        return {"count": count, "truncated": False}

    # -- activity tasks ------------------------------------------------------------------------

    def poll_for_activity_task(self, params: Body) -> Body:
        """PollForActivityTask."""
        domain, task_list = params["domain"], params["taskList"]["name"]
        check_name("taskList.name", task_list)

        def claim(first: bool) -> Body | None:
            with self.store.transaction() as tx:
                if first:  # on the first attempt only: one transaction less per poll
                    self._registry.require_domain(tx, domain)
                return self._activity_tasks.claim(
                    tx, domain, task_list, identity=params.get("identity")
                )

        task = self.polls.poll(domain, "activity", task_list, claim)
        return task if task is not None else {"startedEventId": 0}

    def release_undelivered(self, kind: str, token: str) -> bool:
        """Give back a task claimed by a poll whose answer could not be delivered (the client
        went, or its connection turned out to be shared): it times out at once, START_TO_CLOSE,
        as it would later on Amazon SWF. ``kind`` is ``"decision"`` or ``"activity"``; False
        when no such task is started (it was answered or timed out meanwhile)."""
        with self.store.transaction() as tx:
            if kind == "decision":
                return self._decision_tasks.give_back(tx, token)
            return self._activity_tasks.give_back(tx, token)

    def respond_activity_task_completed(self, params: Body) -> Body:
        """RespondActivityTaskCompleted."""
        with self.store.transaction() as tx:
            self._activity_tasks.respond(
                tx, params["taskToken"], "ActivityTaskCompleted", {"result": params.get("result")}
            )
        return {}

    def respond_activity_task_failed(self, params: Body) -> Body:
        """RespondActivityTaskFailed."""
        with self.store.transaction() as tx:
            self._activity_tasks.respond(
                tx,
                params["taskToken"],
                "ActivityTaskFailed",
                {"reason": params.get("reason"), "details": params.get("details")},
            )
        return {}

    def respond_activity_task_canceled(self, params: Body) -> Body:
        """RespondActivityTaskCanceled (accepted whether or not a cancel was requested)."""
        with self.store.transaction() as tx:
            self._activity_tasks.respond(
                tx, params["taskToken"], "ActivityTaskCanceled", {"details": params.get("details")}
            )
        return {}

    def record_activity_task_heartbeat(self, params: Body) -> Body:
        """RecordActivityTaskHeartbeat: restarts the heartbeat timeout, keeps the details."""
        with self.store.transaction() as tx:
            cancel = self._activity_tasks.heartbeat(tx, params["taskToken"], params.get("details"))
        return {"cancelRequested": cancel}

    def count_pending_activity_tasks(self, params: Body) -> Body:
        """CountPendingActivityTasks: scheduled, not yet started, activity tasks."""
        with self.store.transaction() as tx:
            self._registry.require_domain(tx, params["domain"])
            count = self._activity_tasks.pending_count(
                tx, params["domain"], params["taskList"]["name"]
            )
        return {"count": count, "truncated": False}
