"""The :class:`HistoryQuerySet`: the event histories of a domain's executions."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

from swf.constants import Limits
from swf.exceptions import UnknownResourceFault
from swf.history import History, parse_event
from swf.history.events import Event
from swf.models.workflow_execution import WorkflowExecution
from swf.querysets.base import DomainScopedQuerySet, Page
from swf.wire import check_identifier, check_length, does_not_exist

__all__ = ["HistoryQuerySet"]

_TOKEN_LENGTH = 2048  # SWF's limit on nextPageToken
_HISTORY_OPERATION = "GetWorkflowExecutionHistory"
_raw = threading.local()


def _keep_raw(
    response_dict: dict[str, Any], customized_response_dict: dict[str, Any], **_: Any
) -> None:
    """botocore's ``before-parse`` hook: hand a history page over as SWF sent it.

    botocore's parser walks the ``HistoryEvent`` shape of every event and builds a datetime per
    timestamp: about 80 % of the time a 25,000-event history takes to fetch. The event classes
    read epoch seconds themselves, so the queryset takes the JSON body as it is. It acts only
    while this thread's queryset call is in progress (a flag), and only on a 200 answer: faults
    are parsed as usual, and other calls on the same client get botocore's usual answer.
    """
    if getattr(_raw, "active", False) and response_dict.get("status_code") == 200:
        customized_response_dict.update(json.loads(response_dict.get("body") or b"{}"))
        response_dict["body"] = b"{}"


class HistoryQuerySet(DomainScopedQuerySet[Event]):
    """Histories of the domain's executions, every page of them (or one page at a time).

    >>> HistoryQuerySet("orders").get("order-42", "22Eng9...")  # doctest: +SKIP
    <History of 12 events ...>

    Iterating the queryset itself yields nothing: ask :meth:`get`, :meth:`events` or
    :meth:`events_page` for one execution's events.
    """

    def _fetch(self) -> Iterator[Event]:
        return iter(())

    def events(self, workflow_id: str, run_id: str, *, reverse: bool = False) -> Iterator[Event]:
        """The execution's events one by one, fetching pages as they are reached.

        ``reverse=True`` starts from the newest event (the last few cost one page).

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        params = self._params(workflow_id, run_id, reverse)
        # Checked above, when called; the requests wait for the first event asked for.
        return self._events(workflow_id, run_id, params)

    def events_page(
        self, workflow_id: str, run_id: str, *, token: str | None = None, reverse: bool = False
    ) -> Page[Event]:
        """One page of the execution's events (``page_size`` at most; SWF's default is 1000)
        and SWF's token for the next page (``None`` on the last one).

        Give the token back with the same execution and ``reverse``.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        params = self._params(workflow_id, run_id, reverse)
        if token is not None:
            check_length(token, what="token", maximum=_TOKEN_LENGTH, minimum=1)
        answer = self._page_answer(workflow_id, run_id, params, token)
        events = tuple(parse_event(raw) for raw in answer.get("events", []))
        return Page(events, answer.get("nextPageToken") or None)

    def get(self, workflow_id: str, run_id: str) -> History:
        """The whole history of an execution (every page), oldest event first.

        Arguments are in SWF's order, ``(workflow_id, run_id)``.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        return History(self.events(workflow_id, run_id))

    def update(self, history: History, workflow_id: str, run_id: str) -> int:
        """Add to ``history`` the execution's events newer than its last one; how many.

        Reads newest first and stops at the first event already known, so keeping an open
        execution's history current costs one small page per look, whatever its length.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        last = history[-1].id if len(history) else 0
        params = self._params(workflow_id, run_id, True)
        found: list[Event] = []
        token: str | None = None
        while True:
            answer = self._page_answer(workflow_id, run_id, params, token)
            for raw in answer.get("events", []):
                if int(raw.get("eventId", 0)) <= last:
                    token = None
                    break
                found.append(parse_event(raw))
            else:
                token = answer.get("nextPageToken") or None
            if token is None:
                break
        found.reverse()
        return history.extend(found)

    # -- requests ------------------------------------------------------------------------

    def _params(self, workflow_id: str, run_id: str, reverse: bool) -> dict[str, Any]:
        check_identifier(workflow_id, what="workflow_id")
        check_length(run_id, what="run_id", maximum=Limits.RUN_ID_LENGTH, minimum=1)
        return {
            "domain": self.domain.name,
            "execution": {"workflowId": workflow_id, "runId": run_id},
            "reverseOrder": reverse,
        }

    def _events(self, workflow_id: str, run_id: str, params: dict[str, Any]) -> Iterator[Event]:
        token: str | None = None
        while True:
            answer = self._page_answer(workflow_id, run_id, params, token)
            for raw in answer.get("events", []):
                yield parse_event(raw)
            token = answer.get("nextPageToken") or None
            if token is None:
                return

    def _page_answer(
        self, workflow_id: str, run_id: str, params: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """One GetWorkflowExecutionHistory answer, its events as SWF sent them (see
        :func:`_keep_raw`)."""
        request = dict(params)
        if self.page_size is not None:
            request["maximumPageSize"] = self.page_size
        if token is not None:
            request["nextPageToken"] = token
        client = self.connection.client
        client.meta.events.register(
            f"before-parse.swf.{_HISTORY_OPERATION}", _keep_raw, unique_id="swf-raw-history"
        )
        _raw.active = True
        try:
            return self.connection.call(_HISTORY_OPERATION, **request)
        except UnknownResourceFault as error:
            raise self._missing(workflow_id, run_id, error) from error
        finally:
            _raw.active = False

    def _missing(
        self, workflow_id: str, run_id: str, error: UnknownResourceFault
    ) -> WorkflowExecution.DoesNotExist:
        message = (
            f"no execution of workflow id {workflow_id!r}, run {run_id!r} "
            f"in domain {self.domain.name!r}"
        )
        return does_not_exist(WorkflowExecution.DoesNotExist, message, error)
