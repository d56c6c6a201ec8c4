"""Decider: polls that bring the whole history, incremental parsing, and a decide() that raises."""

from __future__ import annotations

import logging
import textwrap
from datetime import timedelta
from typing import Any

import pytest

from swf.actors import Decider, DecisionTask
from swf.core import Connection
from swf.decisions import CompleteWorkflowExecution, FailWorkflowExecution
from swf.local import ManualClock
from tests.actors.support import DOMAIN, TASK_LIST, event_types, start_workflow


class RecordingConnection(Connection):
    """A real connection that remembers the operations it called."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.calls: list[str] = []

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        self.calls.append(operation)
        return super().call(operation, **params)


class Quiet(Decider):
    """Decides nothing, so the execution stays open."""

    def decide(self, task: DecisionTask) -> list[Any]:
        return []


class Flaky(Decider):
    """Raises on its first task, completes the execution after that."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls = 0

    def decide(self, task: DecisionTask) -> list[Any]:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("bug in decide")
        return [CompleteWorkflowExecution(result="second try")]


def _signal(client: Any, workflow_id: str, count: int) -> None:
    for index in range(count):
        client.signal_workflow_execution(
            domain=DOMAIN, workflowId=workflow_id, signalName=f"s{index}", input=str(index)
        )


def test_poll_returns_none_when_no_task_arrives(registered: Any, connection: Connection) -> None:
    assert Quiet(DOMAIN, TASK_LIST, connection=connection).poll() is None


def test_poll_fetches_every_page_of_the_history(registered: Any, swf_endpoint_url: str) -> None:
    connection = RecordingConnection(endpoint_url=swf_endpoint_url)
    run_id = start_workflow(registered, "paged")
    _signal(registered, "paged", 5)
    decider = Quiet(DOMAIN, TASK_LIST, connection=connection, maximum_page_size=2)
    task = decider.poll(maximum_page_size=2)
    assert task is not None
    expected = event_types(registered, "paged", run_id)  # ends with DecisionTaskStarted
    assert [event.type for event in task.history] == expected
    assert len(expected) == 8
    assert connection.calls.count("PollForDecisionTask") == 4
    assert task.started_event_id == len(expected)
    assert task.previous_started_event_id == 0
    assert task.workflow_execution == ("paged", run_id)
    assert task.workflow_type == ("wf", "1")
    assert [event.id for event in task.new_events] == list(range(1, 9))


def test_history_of_a_run_is_extended_with_only_the_new_events(
    registered: Any, connection: Connection
) -> None:
    start_workflow(registered, "incremental")
    decider = Quiet(DOMAIN, TASK_LIST, connection=connection)
    first = decider.poll()
    assert first is not None
    first_events = list(first.history)
    decider.complete(first.token, [])
    _signal(registered, "incremental", 1)
    second = decider.poll()
    assert second is not None
    assert second.history is first.history  # the same History, extended
    assert all(
        a is b for a, b in zip(first_events, second.history[: len(first_events)], strict=True)
    )
    assert second.previous_started_event_id == first.started_event_id
    assert [event.type for event in second.new_events] == [
        "DecisionTaskCompleted",
        "WorkflowExecutionSignaled",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
    ]
    # The older task's new events stop at its own started event, though it shares the history.
    assert [event.id for event in first.new_events] == [e.id for e in first_events]


def test_history_cache_of_zero_parses_every_task_afresh(
    registered: Any, connection: Connection
) -> None:
    start_workflow(registered, "nocache")
    decider = Quiet(DOMAIN, TASK_LIST, connection=connection, history_cache_size=0)
    first = decider.poll()
    assert first is not None
    decider.complete(first.token)
    _signal(registered, "nocache", 1)
    second = decider.poll()
    assert second is not None
    assert second.history is not first.history
    assert len(second.history) == second.started_event_id


def test_decide_that_raises_is_logged_and_the_task_left_to_time_out(
    registered: Any,
    connection: Connection,
    swf_clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run_id = start_workflow(registered, "flaky")
    decider = Flaky(DOMAIN, TASK_LIST, connection=connection)
    with caplog.at_level(logging.ERROR, logger="swf.actors"):
        assert decider.run_once() is True
    assert "bug in decide" in caplog.text  # the traceback is logged
    assert "left to time out" in caplog.text
    assert "DecisionTaskCompleted" not in event_types(registered, "flaky", run_id)
    swf_clock.advance(timedelta(seconds=61))  # task start-to-close of wf/1 is 60 s
    assert decider.run_once() is True
    types = event_types(registered, "flaky", run_id)
    assert "DecisionTaskTimedOut" in types
    assert types[-1] == "WorkflowExecutionCompleted"


def test_decide_failed_can_answer_with_decisions(registered: Any, connection: Connection) -> None:
    class FailOnError(Flaky):
        def decide_failed(self, task: DecisionTask, error: Exception) -> list[Any]:
            return [FailWorkflowExecution(reason=f"decider error: {error}")]

    run_id = start_workflow(registered, "failing")
    assert FailOnError(DOMAIN, TASK_LIST, connection=connection).run_once() is True
    assert event_types(registered, "failing", run_id)[-1] == "WorkflowExecutionFailed"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            {"decisions": [{"decisionType": "CompleteWorkflowExecution", "typo": 1}]},
            id="bad-wire-dict",
        ),
        pytest.param({"decisions": [], "context": "x" * 32_769}, id="context-too-long"),
    ],
)
def test_an_answer_swf_would_refuse_goes_to_decide_failed(
    registered: Any, connection: Connection, answer: dict[str, Any]
) -> None:
    class Refused(Decider):
        def decide(self, task: DecisionTask) -> list[Any]:
            task.execution_context = answer.get("context")
            return list(answer["decisions"])

        def decide_failed(self, task: DecisionTask, error: Exception) -> list[Any]:
            return [FailWorkflowExecution(reason=str(error)[:200])]

    run_id = start_workflow(registered, "refused")
    assert Refused(DOMAIN, TASK_LIST, connection=connection).run_once() is True
    assert event_types(registered, "refused", run_id)[-1] == "WorkflowExecutionFailed"


def test_execution_context_set_by_decide_is_sent(registered: Any, connection: Connection) -> None:
    class WithContext(Decider):
        def decide(self, task: DecisionTask) -> list[Any]:
            task.execution_context = "step=1"
            return []

    start_workflow(registered, "context")
    assert WithContext(DOMAIN, TASK_LIST, connection=connection).run_once()
    info = registered.describe_workflow_execution(
        domain=DOMAIN, execution={"workflowId": "context", "runId": _run_id(registered, "context")}
    )
    assert info["latestExecutionContext"] == "step=1"


def _run_id(client: Any, workflow_id: str) -> str:
    page = client.list_open_workflow_executions(
        domain=DOMAIN,
        startTimeFilter={"oldestDate": 0},
        executionFilter={"workflowId": workflow_id},
    )
    return str(page["executionInfos"][0]["execution"]["runId"])


def test_domain_model_is_accepted_with_its_connection(
    registered: Any, connection: Connection
) -> None:
    from swf.models import Domain

    decider = Quiet(Domain(DOMAIN, connection=connection), TASK_LIST)
    assert decider.domain == DOMAIN
    assert decider.connection is connection


def test_a_run_the_decider_closed_is_dropped_from_the_history_cache(
    registered: Any, connection: Connection
) -> None:
    class Closer(Decider):
        def decide(self, task: DecisionTask) -> list[Any]:
            return [CompleteWorkflowExecution(result="ok")]

    run_id = start_workflow(registered, "closing")
    decider = Closer(DOMAIN, TASK_LIST, connection=connection)
    assert decider.run_once()
    assert event_types(registered, "closing", run_id)[-1] == "WorkflowExecutionCompleted"
    assert run_id not in decider._histories


def test_history_cache_keeps_only_the_most_recent_runs(
    registered: Any, connection: Connection
) -> None:
    decider = Quiet(DOMAIN, TASK_LIST, connection=connection, history_cache_size=2)
    runs = [start_workflow(registered, f"lru-{index}") for index in range(3)]
    for _ in runs:
        assert decider.run_once()
    assert list(decider._histories) == runs[1:]


def test_the_module_docstring_example_builds_its_decisions() -> None:
    import swf.actors.decider as module
    from swf.history import History
    from swf.history.events import WorkflowExecutionRef, WorkflowTypeRef

    assert module.__doc__ is not None
    example = module.__doc__.split("::", 1)[1].split("    Greeter(", 1)[0]
    namespace: dict[str, Any] = {}
    exec(textwrap.dedent(example), namespace)  # our own docstring
    task = DecisionTask(
        token="t",
        workflow_execution=WorkflowExecutionRef("w", "r"),
        workflow_type=WorkflowTypeRef("wf", "1"),
        history=History(),
        previous_started_event_id=0,
        started_event_id=3,
    )
    decider = namespace["Greeter"](DOMAIN, TASK_LIST, endpoint_url="http://127.0.0.1:1")
    [decision] = decider.decide(task)
    assert decision.to_api()["decisionType"] == "ScheduleActivityTask"
