"""The :class:`WorkflowExecutionQuerySet`: the executions of a domain, open and closed.

Filters (keyword-only, all optional; each call adds to the previous ones):

``status``
    :data:`~swf.constants.OPEN` or :data:`~swf.constants.CLOSED`; both when omitted.
``started_after``, ``started_before``
    Start time bounds: an aware :class:`~datetime.datetime`, or a :class:`~datetime.timedelta`
    meaning "that long before now" (``started_after=timedelta(days=7)``: the last 7 days),
    resolved when the query runs.
``closed_after``, ``closed_before``
    Close time bounds, as above (closed executions only).
``workflow_id``, ``tag``, ``workflow_type``, ``close_status``
    ``workflow_type`` is a :class:`~swf.models.WorkflowType`, a ``(name, version)`` pair or a
    name (any version); ``close_status`` (closed executions only) is a
    :class:`~swf.constants.CloseStatus`.

:meth:`~WorkflowExecutionQuerySet.filter` sends its filters to SWF, which takes at most one of
``workflow_id``, ``tag``, ``workflow_type`` and ``close_status``, and one time filter (start or
close), per request: it refuses more, with a :class:`~swf.exceptions.ValidationError`, when it
is called. :meth:`~WorkflowExecutionQuerySet.where` takes the same filters (but ``status``) in
any combination: each of them is sent when the request has room for it, and the others are
checked on each execution SWF lists (so reading can go through many executions to find few).

Time bounds are inclusive and exact: SWF is asked for a second more on each side (botocore
sends times to the millisecond, cut), and each execution listed is checked against the bounds
given. :meth:`~WorkflowExecutionQuerySet.count` counts with SWF's Count operations, on SWF's
side of the millisecond (or, with ``where()`` conditions, by listing).

Order: newest first by start time (:meth:`~swf.querysets.base.ListQuerySet.reverse`: oldest
first); closed executions by close time when a close time bound is sent. Without a status, the
open and the closed lists are merged in start time order (a run that closes while they are
read is listed once).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypedDict

from swf.constants import ChildPolicy, CloseStatus, ExecutionStatus, Limits
from swf.exceptions import ValidationError, WorkflowExecutionAlreadyStartedFault
from swf.models.workflow_execution import WorkflowExecution
from swf.models.workflow_type import WorkflowType
from swf.querysets._execution_filters import (
    CLOSING,
    EPOCH,
    TimeBound,
    check_filters,
    checks_of,
    is_relative,
    meets,
    request_filters,
    validated,
)
from swf.querysets.base import DomainScopedQuerySet, ListQuerySet, Page
from swf.wire import check_identifier, check_length

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["StartOptions", "WorkflowExecutionQuerySet"]

_TOKEN_LENGTH = 2048  # SWF's limit on nextPageToken


class StartOptions(TypedDict, total=False):
    """The options of :meth:`~swf.models.WorkflowType.start_execution`, for ``create``."""

    task_list: str | None
    child_policy: ChildPolicy | str | None
    execution_timeout: timedelta | int | str | None
    input: Any
    tag_list: Iterable[str] | None
    decision_tasks_timeout: timedelta | int | str | None
    task_priority: int | str | None
    lambda_role: str | None


class WorkflowExecutionQuerySet(
    DomainScopedQuerySet[WorkflowExecution], ListQuerySet[WorkflowExecution]
):
    """The workflow executions of a domain (see the module for the filters).

    >>> qs = WorkflowExecutionQuerySet("orders")
    >>> qs.filter(status=OPEN, started_after=timedelta(days=1))  # doctest: +SKIP
    [WorkflowExecution('order-42', '22Eng9...')]
    >>> qs.filter(status=CLOSED, close_status=CloseStatus.FAILED).count()  # doctest: +SKIP
    3
    >>> qs.filter(workflow_type="order").where(tag="vip")  # doctest: +SKIP
    [WorkflowExecution('order-42', '22Eng9...')]

    Results are built from SWF's list (the execution info): their configuration and open
    counts are ``None`` until :meth:`~swf.models.WorkflowExecution.upstream` describes them.
    """

    _filters: dict[str, Any] = {}  # sent to SWF; never mutated: filter() makes a new dict
    _conditions: dict[str, Any] = {}  # where(): sent when there is room, checked on each result

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
        """A queryset with these filters added, each sent to SWF (see the module)."""
        given = validated(
            {
                "status": status,
                "started_after": started_after,
                "started_before": started_before,
                "closed_after": closed_after,
                "closed_before": closed_before,
                "tag": tag,
                "workflow_id": workflow_id,
                "workflow_type": workflow_type,
                "close_status": close_status,
            }
        )
        filters = {**self._filters, **given}
        check_filters(filters, self._conditions)
        return self._clone(_filters=filters)

    def where(
        self,
        *,
        started_after: TimeBound | None = None,
        started_before: TimeBound | None = None,
        closed_after: TimeBound | None = None,
        closed_before: TimeBound | None = None,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_type: WorkflowType | tuple[str, str] | str | None = None,
        close_status: CloseStatus | str | None = None,
    ) -> Self:
        """A queryset whose results also meet these conditions, in any combination.

        A condition is sent to SWF when the request has room for it (``filter()`` left its
        exclusive filter or its time filter free; ``workflow_id`` first, then
        ``workflow_type``, ``tag`` and ``close_status``; a close time bound before a start
        time bound for closed executions); every condition is checked on each execution SWF
        lists.

        >>> qs.where(workflow_type=("order", "1"), tag="vip", started_after=timedelta(days=7))
        ... # doctest: +SKIP
        """
        given = validated(
            {
                "started_after": started_after,
                "started_before": started_before,
                "closed_after": closed_after,
                "closed_before": closed_before,
                "tag": tag,
                "workflow_id": workflow_id,
                "workflow_type": workflow_type,
                "close_status": close_status,
            }
        )
        conditions = {**self._conditions, **given}
        check_filters(self._filters, conditions)
        return self._clone(_conditions=conditions)

    # -- requests ------------------------------------------------------------------------

    def _statuses(self) -> list[ExecutionStatus]:
        status = self._filters.get("status")
        if status is not None:
            return [status]
        if any(key in self._filters or key in self._conditions for key in CLOSING):
            return [ExecutionStatus.CLOSED]
        return [ExecutionStatus.OPEN, ExecutionStatus.CLOSED]

    def _params(self, status: ExecutionStatus, now: datetime, *, listing: bool) -> dict[str, Any]:
        params: dict[str, Any] = {"domain": self.domain.name}
        params.update(request_filters(self._filters, self._conditions, status, now, widen=listing))
        if listing:
            params["reverseOrder"] = self._reverse
        return params

    def _checks(self) -> dict[str, Any]:
        """Every filter and condition, as each listed execution is checked against them."""
        return checks_of(self._filters, self._conditions)

    def _listed(
        self, infos: Iterable[dict[str, Any]], checks: dict[str, Any], now: datetime
    ) -> Iterator[WorkflowExecution]:
        for info in infos:
            execution = WorkflowExecution.from_api(self.domain, info, connection=self.connection)
            if meets(execution, checks, now):
                yield execution

    def _stream(
        self, status: ExecutionStatus, checks: dict[str, Any], now: datetime
    ) -> Iterator[WorkflowExecution]:
        operation = f"List{status.value.capitalize()}WorkflowExecutions"
        for page in self._paginate(operation, **self._params(status, now, listing=True)):
            yield from self._listed(page.get("executionInfos", []), checks, now)

    def _fetch(self) -> Iterator[WorkflowExecution]:
        now = datetime.now(timezone.utc)
        checks = self._checks()
        streams = [self._stream(status, checks, now) for status in self._statuses()]
        merged: Iterable[WorkflowExecution] = streams[0]
        if len(streams) > 1:
            merged = heapq.merge(*streams, key=_started, reverse=not self._reverse)
        seen: set[tuple[str, str | None]] = set()
        for execution in merged:
            key = (execution.workflow_id, execution.run_id)
            if key in seen:
                continue  # closed between the open and the closed listing
            seen.add(key)
            yield execution

    def page(self, token: str | None = None) -> Page[WorkflowExecution]:
        """One page of SWF's list (``page_size`` executions at most) and the next page's token.

        A page comes from one of SWF's two lists: filter by status first. Time bounds must be
        datetimes (a token belongs to one exact request; a timedelta moves with the clock).
        With ``where()`` conditions SWF cannot take, a page may hold fewer matches than its
        size, even none, while more pages follow.
        """
        statuses = self._statuses()
        if len(statuses) != 1:
            raise ValidationError(
                "a page comes from one of SWF's lists: filter(status=OPEN) or filter(status=CLOSED)"
            )
        if is_relative(self._filters) or is_relative(self._conditions):
            raise ValidationError(
                "page() needs datetimes as time bounds, not timedeltas: "
                "a page token belongs to one exact request"
            )
        if token is not None:
            check_length(token, what="token", maximum=_TOKEN_LENGTH, minimum=1)
        now = datetime.now(timezone.utc)
        params = self._params(statuses[0], now, listing=True)
        if self.page_size is not None:
            params["maximumPageSize"] = self.page_size
        if token is not None:
            params["nextPageToken"] = token
        operation = f"List{statuses[0].value.capitalize()}WorkflowExecutions"
        answer = self.connection.call(operation, **params)
        found = self._listed(answer.get("executionInfos", []), self._checks(), now)
        return Page(tuple(found), answer.get("nextPageToken"))

    def count(self) -> int:
        """The number of matching executions, from SWF's Count APIs (no listing).

        SWF may truncate a very large count; the count it returns is returned. With
        ``where()`` conditions, the executions are listed and counted instead.
        """
        if self._conditions:
            return len(self)
        now = datetime.now(timezone.utc)
        total = 0
        for status in self._statuses():
            operation = f"Count{status.value.capitalize()}WorkflowExecutions"
            response = self.connection.call(operation, **self._params(status, now, listing=False))
            total += int(response.get("count", 0))
        return total

    # -- single executions ---------------------------------------------------------------

    def get(self, workflow_id: str, run_id: str | None = None) -> WorkflowExecution:
        """The execution, described in full (the open run of ``workflow_id`` without run id).

        The queryset's filters do not apply.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        check_identifier(workflow_id, what="workflow_id")
        if run_id is not None:
            check_length(run_id, what="run_id", maximum=Limits.RUN_ID_LENGTH, minimum=1)
        execution = WorkflowExecution(self.domain, workflow_id, run_id, connection=self.connection)
        return execution.upstream()

    def latest(self, workflow_id: str) -> WorkflowExecution:
        """The latest run of ``workflow_id``, described in full: its open run, or else its
        most recently started closed run (SWF keeps closed runs for the domain's retention
        period).

        This is the run a workflow id names when one *looks* at it (the ``swf execution``
        commands without ``--run-id``); :meth:`get` without run id is the open run only, the
        one SWF's signal, cancel and terminate reach. The queryset's filters do not apply.

        :raises WorkflowExecution.DoesNotExist: no run of that workflow id is known.
        """
        check_identifier(workflow_id, what="workflow_id")
        runs = WorkflowExecutionQuerySet(self.domain, connection=self.connection).filter(
            workflow_id=workflow_id
        )
        for status in (ExecutionStatus.OPEN, ExecutionStatus.CLOSED):
            found = runs.filter(status=status).first()
            if found is not None:
                return found.upstream()
        raise WorkflowExecution.DoesNotExist(
            f"no execution with workflow id {workflow_id!r} in domain {self.domain.name!r}"
        )

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


def _started(execution: WorkflowExecution) -> datetime:
    return execution.start_timestamp or EPOCH
