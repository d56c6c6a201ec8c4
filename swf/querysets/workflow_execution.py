"""The :class:`WorkflowExecutionQuerySet`: the executions of a domain, open and closed.

Filters (keyword-only, all optional; each ``filter()`` call adds to the previous ones):

``status``
    :data:`~swf.constants.OPEN` or :data:`~swf.constants.CLOSED`; both when omitted (open
    executions first, then closed ones; a run that closes in between is listed once).
``started_after``, ``started_before``
    Start time bounds: an aware :class:`~datetime.datetime`, or a :class:`~datetime.timedelta`
    meaning "that long before now" (``started_after=timedelta(days=7)``: the last 7 days),
    resolved when the query runs.
``closed_after``, ``closed_before``
    Close time bounds, as above (closed executions only; not with a start time bound: SWF
    takes one time filter per request).
``workflow_id``, ``tag``, ``workflow_type``, ``close_status``
    At most one of these (SWF takes one per request). ``workflow_type`` is a
    :class:`~swf.models.WorkflowType`, a ``(name, version)`` pair or a name (any version);
    ``close_status`` (closed executions only) is a :class:`~swf.constants.CloseStatus`.

Every conflict raises :class:`~swf.exceptions.ValidationError` when ``filter()`` is called,
before any request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypedDict

from swf.constants import ChildPolicy, CloseStatus, ExecutionStatus
from swf.exceptions import ValidationError, WorkflowExecutionAlreadyStartedFault
from swf.models.workflow_execution import WorkflowExecution
from swf.models.workflow_type import WorkflowType
from swf.querysets.base import DomainScopedQuerySet
from swf.wire import check_identifier, check_length, datetime_to_wire

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["StartOptions", "WorkflowExecutionQuerySet"]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EXCLUSIVE = ("workflow_id", "tag", "workflow_type", "close_status")
_FILTERS = (
    "status",
    "started_after",
    "started_before",
    "closed_after",
    "closed_before",
    *_EXCLUSIVE,
)

TimeBound = datetime | timedelta


class StartOptions(TypedDict, total=False):
    """The options of :meth:`~swf.models.WorkflowType.start_execution`, for ``create``."""

    task_list: str | None
    child_policy: ChildPolicy | str | None
    execution_timeout: timedelta | int | str | None
    input: str | None
    tag_list: Iterable[str] | None
    decision_tasks_timeout: timedelta | int | str | None
    task_priority: int | str | None
    lambda_role: str | None


def _time_bound(value: TimeBound | None, *, what: str) -> TimeBound | None:
    if value is None or isinstance(value, timedelta):
        if isinstance(value, timedelta) and value < timedelta(0):
            raise ValidationError(f"{what} as a timedelta means 'ago' and must not be negative")
        return value
    return datetime_to_wire(value, what=what)


def _resolve(value: TimeBound | None, now: datetime) -> datetime | None:
    if isinstance(value, timedelta):
        return now - value
    return value


def _type_filter(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, WorkflowType):
        return {"name": value.name, "version": value.version}
    if isinstance(value, str):
        return {"name": check_identifier(value, what="workflow type name")}
    if isinstance(value, tuple) and len(value) == 2:
        name, version = value
        check_identifier(name, what="workflow type name")
        check_length(version, what="workflow type version", maximum=64, minimum=1)
        return {"name": name, "version": version}
    raise ValidationError(
        "workflow_type must be a WorkflowType, a (name, version) pair or a name, "
        f"not {type(value).__name__}"
    )


class WorkflowExecutionQuerySet(DomainScopedQuerySet[WorkflowExecution]):
    """The workflow executions of a domain (see the module for the filters).

    >>> qs = WorkflowExecutionQuerySet("orders")
    >>> qs.filter(status=OPEN, started_after=timedelta(days=1))  # doctest: +SKIP
    [WorkflowExecution('order-42', '22Eng9...')]
    >>> qs.filter(status=CLOSED, close_status=CloseStatus.FAILED).count()  # doctest: +SKIP
    3

    Results are built from SWF's list (the execution info): their configuration and open
    counts are ``None`` until :meth:`~swf.models.WorkflowExecution.upstream` describes them.
    """

    _filters: dict[str, Any] = {}  # never mutated: filter() makes a new dict

    def filter(
        self,
        *,
        status: ExecutionStatus | str | None = None,
        started_after: TimeBound | None = None,
        started_before: TimeBound | None = None,
        closed_after: TimeBound | None = None,
        closed_before: TimeBound | None = None,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_type: WorkflowType | tuple[str, str] | str | None = None,
        close_status: CloseStatus | str | None = None,
    ) -> Self:
        """A queryset with these filters added (see the module documentation)."""
        given: dict[str, Any] = {
            "status": None if status is None else _status(status),
            "started_after": _time_bound(started_after, what="started_after"),
            "started_before": _time_bound(started_before, what="started_before"),
            "closed_after": _time_bound(closed_after, what="closed_after"),
            "closed_before": _time_bound(closed_before, what="closed_before"),
            "tag": tag,
            "workflow_id": workflow_id,
            "workflow_type": workflow_type,
            "close_status": None if close_status is None else _close_status(close_status),
        }
        if tag is not None:
            check_length(tag, what="tag", maximum=256, minimum=1)
        if workflow_id is not None:
            check_identifier(workflow_id, what="workflow_id")
        _type_filter(workflow_type)
        filters = dict(self._filters)
        filters.update({key: value for key, value in given.items() if value is not None})
        _check(filters)
        return self._clone(_filters=filters)

    # -- requests ------------------------------------------------------------------------

    def _statuses(self) -> list[ExecutionStatus]:
        filters = self._filters
        status = filters.get("status")
        if status is not None:
            return [status]
        if any(key in filters for key in ("closed_after", "closed_before", "close_status")):
            return [ExecutionStatus.CLOSED]
        return [ExecutionStatus.OPEN, ExecutionStatus.CLOSED]

    def _params(self, status: ExecutionStatus, now: datetime) -> dict[str, Any]:
        filters = self._filters
        params: dict[str, Any] = {"domain": self.domain.name}
        closed_after = _resolve(filters.get("closed_after"), now)
        closed_before = _resolve(filters.get("closed_before"), now)
        if closed_after is not None or closed_before is not None:
            params["closeTimeFilter"] = _time_filter(closed_after, closed_before)
        else:
            params["startTimeFilter"] = _time_filter(
                _resolve(filters.get("started_after"), now),
                _resolve(filters.get("started_before"), now),
            )
        if "workflow_id" in filters:
            params["executionFilter"] = {"workflowId": filters["workflow_id"]}
        if "tag" in filters:
            params["tagFilter"] = {"tag": filters["tag"]}
        if "workflow_type" in filters:
            params["typeFilter"] = _type_filter(filters["workflow_type"])
        if "close_status" in filters and status == ExecutionStatus.CLOSED:
            params["closeStatusFilter"] = {"status": str(filters["close_status"])}
        return params

    def _fetch(self) -> Iterator[WorkflowExecution]:
        now = datetime.now(timezone.utc)
        seen: set[tuple[str, str]] = set()
        for status in self._statuses():
            operation = f"List{status.value.capitalize()}WorkflowExecutions"
            for page in self._paginate(operation, **self._params(status, now)):
                for info in page.get("executionInfos", []):
                    key = (info["execution"]["workflowId"], info["execution"]["runId"])
                    if key in seen:
                        continue  # closed between the open and the closed listing
                    seen.add(key)
                    yield WorkflowExecution.from_api(self.domain, info, connection=self.connection)

    def count(self) -> int:
        """The number of matching executions, from SWF's Count APIs (no listing).

        SWF may truncate a very large count; the count it returns is returned.
        """
        now = datetime.now(timezone.utc)
        total = 0
        for status in self._statuses():
            operation = f"Count{status.value.capitalize()}WorkflowExecutions"
            response = self.connection.call(operation, **self._params(status, now))
            total += int(response.get("count", 0))
        return total

    # -- single executions ---------------------------------------------------------------

    def get(self, workflow_id: str, run_id: str | None = None) -> WorkflowExecution:
        """The execution, described in full (the open run of ``workflow_id`` without run id).

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        check_identifier(workflow_id, what="workflow_id")
        if run_id is not None:
            check_length(run_id, what="run_id", maximum=64, minimum=1)
        execution = WorkflowExecution(self.domain, workflow_id, run_id, connection=self.connection)
        try:
            return execution.upstream()
        except WorkflowExecution.DoesNotExist as error:
            which = "its open run" if run_id is None else f"run {run_id!r}"
            raise WorkflowExecution.DoesNotExist(
                f"no execution of workflow id {workflow_id!r} ({which}) "
                f"in domain {self.domain.name!r}",
                code=error.code,
                operation=error.operation,
                request_id=error.request_id,
            ) from error

    def create(
        self,
        workflow_type: WorkflowType | tuple[str, str],
        workflow_id: str | None = None,
        **options: Unpack[StartOptions],
    ) -> WorkflowExecution:
        """Start an execution (as :meth:`~swf.models.WorkflowType.start_execution`)."""
        return self._workflow_type(workflow_type).start_execution(workflow_id, **options)

    def get_or_create(
        self,
        workflow_type: WorkflowType | tuple[str, str],
        workflow_id: str,
        **options: Unpack[StartOptions],
    ) -> WorkflowExecution:
        """The open run of ``workflow_id``, started first (with ``options``) if there is none.

        Safe when several processes race to start it (SWF allows one open run per workflow
        id): the loser gets the winner's run.
        """
        try:
            return self.get(workflow_id)
        except WorkflowExecution.DoesNotExist:
            pass
        try:
            return self.create(workflow_type, workflow_id, **options)
        except WorkflowExecutionAlreadyStartedFault:
            return self.get(workflow_id)

    def _workflow_type(self, value: WorkflowType | tuple[str, str]) -> WorkflowType:
        if isinstance(value, WorkflowType):
            return value
        if isinstance(value, tuple) and len(value) == 2:
            return WorkflowType(self.domain, value[0], value[1], connection=self.connection)
        raise ValidationError(
            f"workflow_type must be a WorkflowType or a (name, version) pair, not {value!r}"
        )


def _status(value: ExecutionStatus | str) -> ExecutionStatus:
    try:
        return ExecutionStatus(value)
    except ValueError:
        raise ValidationError(f"status must be OPEN or CLOSED, not {value!r}") from None


def _close_status(value: CloseStatus | str) -> CloseStatus:
    try:
        return CloseStatus(value)
    except ValueError:
        raise ValidationError(
            f"close_status must be one of {', '.join(s.value for s in CloseStatus)}, not {value!r}"
        ) from None


def _time_filter(oldest: datetime | None, latest: datetime | None) -> dict[str, datetime]:
    out = {"oldestDate": oldest or EPOCH}
    if latest is not None:
        out["latestDate"] = latest
    return out


def _check(filters: dict[str, Any]) -> None:
    """Refuse filter combinations SWF would refuse, naming them."""
    exclusive = [key for key in _EXCLUSIVE if key in filters]
    if len(exclusive) > 1:
        raise ValidationError(
            f"SWF takes one of {', '.join(_EXCLUSIVE)} per query, not {' and '.join(exclusive)}"
        )
    closing = [key for key in ("closed_after", "closed_before", "close_status") if key in filters]
    if closing and filters.get("status") == ExecutionStatus.OPEN:
        raise ValidationError(f"{closing[0]} applies to closed executions, not to OPEN ones")
    starting = [key for key in ("started_after", "started_before") if key in filters]
    closed = [key for key in ("closed_after", "closed_before") if key in filters]
    if starting and closed:
        raise ValidationError(
            f"SWF takes one time filter per query: {starting[0]} or {closed[0]}, not both"
        )
    now = datetime.now(timezone.utc)
    for after, before in (("started_after", "started_before"), ("closed_after", "closed_before")):
        low, high = _resolve(filters.get(after), now), _resolve(filters.get(before), now)
        if low is not None and high is not None and low > high:
            raise ValidationError(f"{after} is later than {before}")
