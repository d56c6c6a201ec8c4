"""``swf execution`` against SWF Local (a manual clock; deciders and workers driven by hand)."""

from __future__ import annotations

import json
import threading
from typing import Any

from swf.local import ManualClock
from tests.cli.support import Run, assert_one_line_error


def start(swf: Run, domain: str, workflow_id: str, *extra: str) -> str:
    result = swf("execution", "start", "-d", domain, "order", "1", "--workflow-id", workflow_id,
                 "--json", *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["runId"])


def decide(client: Any, domain: str, *decisions: dict[str, Any]) -> dict[str, Any]:
    task = client.poll_for_decision_task(domain=domain, taskList={"name": "deciders"})
    assert task.get("taskToken"), "no decision task"
    client.respond_decision_task_completed(taskToken=task["taskToken"], decisions=list(decisions))
    return task


def run_to_completion(client: Any, clock: ManualClock, domain: str) -> None:
    """Decide one activity, work it, then complete the execution (the clock moves between)."""
    decide(client, domain, {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": "charge-1", "activityType": {"name": "charge", "version": "1"},
        },
    })  # fmt: skip
    clock.advance(1)
    task = client.poll_for_activity_task(domain=domain, taskList={"name": "workers"})
    clock.advance(2)
    client.respond_activity_task_completed(taskToken=task["taskToken"], result='{"ok": true}')
    clock.advance(1)
    decide(client, domain, {
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {"result": '"done"'},
    })  # fmt: skip


def test_start_then_list_and_describe_show_the_open_execution(swf: Run, domain: str) -> None:
    run_id = start(swf, domain, "o-1", "--tag", "vip", "--input", '{"sku": "A1"}')
    listed = swf("execution", "list", "-d", domain)
    assert listed.exit_code == 0, listed.output
    row = listed.stdout.splitlines()[1].split()
    assert row[:5] == ["o-1", run_id, "order", "1", "OPEN"]
    assert row[-1] == "vip"

    described = swf("execution", "describe", "-d", domain, "o-1")
    assert described.exit_code == 0, described.output
    assert run_id in described.stdout
    assert "task list:" in described.stdout and "deciders" in described.stdout
    assert "1 decision tasks" in described.stdout
    answer = json.loads(swf("execution", "describe", "-d", domain, "o-1", "--json").stdout)
    assert answer["executionInfo"]["executionStatus"] == "OPEN"


def test_start_without_workflow_id_makes_one_up(swf: Run, domain: str) -> None:
    result = swf("execution", "start", "-d", domain, "order", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Started order-")


def test_start_reads_input_from_a_file(swf: Run, domain: str, tmp_path: Any) -> None:
    path = tmp_path / "input.json"
    path.write_text('{"from": "file"}')
    start(swf, domain, "o-1", "--input", f"@{path}")
    events = json.loads(swf("execution", "history", "-d", domain, "o-1", "--json").stdout)
    started = events[0]["workflowExecutionStartedEventAttributes"]
    assert json.loads(started["input"]) == {"from": "file"}


def test_malformed_json_input_is_one_line_and_nothing_starts(swf: Run, domain: str) -> None:
    result = swf("execution", "start", "-d", domain, "order", "1", "--input", "{not json")
    assert_one_line_error(result, "malformed JSON", "--input", exit_code=2)
    assert (
        swf("execution", "list", "-d", domain, "--status", "all", "--json").stdout.strip() == "[]"
    )


def test_signal_lands_in_the_history_with_its_input(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1")
    result = swf("execution", "signal", "-d", domain, "o-1", "approved", "--input", '{"by": "ana"}')
    assert result.exit_code == 0, result.output
    history = swf("execution", "history", "-d", domain, "o-1")
    assert "WorkflowExecutionSignaled" in history.stdout
    assert "signalName=approved" in history.stdout
    events = json.loads(swf("execution", "history", "-d", domain, "o-1", "--json").stdout)
    signaled = [event for event in events if event["eventType"] == "WorkflowExecutionSignaled"]
    assert json.loads(signaled[0]["workflowExecutionSignaledEventAttributes"]["input"]) == {
        "by": "ana"
    }


def test_signal_with_malformed_json_is_one_line(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1")
    result = swf("execution", "signal", "-d", domain, "o-1", "go", "--input", "[1,")
    assert_one_line_error(result, "malformed JSON", exit_code=2)


def test_cancel_records_a_cancel_request(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1")
    assert swf("execution", "cancel", "-d", domain, "o-1").exit_code == 0
    history = swf("execution", "history", "-d", domain, "o-1").stdout
    assert "WorkflowExecutionCancelRequested" in history


def test_terminate_closes_it_and_closed_filters_find_it(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1")
    start(swf, domain, "o-2")
    result = swf("execution", "terminate", "-d", domain, "o-1", "--reason", "stuck")
    assert result.exit_code == 0, result.output
    open_ids = [info["execution"]["workflowId"] for info in json.loads(
        swf("execution", "list", "-d", domain, "--json").stdout)]  # fmt: skip
    assert open_ids == ["o-2"]
    closed = json.loads(
        swf("execution", "list", "-d", domain, "--close-status", "TERMINATED", "--json").stdout
    )
    assert [info["execution"]["workflowId"] for info in closed] == ["o-1"]
    none = swf("execution", "list", "-d", domain, "--close-status", "COMPLETED")
    assert none.exit_code == 0 and none.stdout == ""
    everything = json.loads(
        swf("execution", "list", "-d", domain, "--status", "all", "--json").stdout
    )
    assert sorted(info["execution"]["workflowId"] for info in everything) == ["o-1", "o-2"]
    described = swf("execution", "describe", "-d", domain, "o-1").stdout
    assert "TERMINATED" in described
    history = swf("execution", "history", "-d", domain, "o-1").stdout
    assert "reason=stuck" in history


def test_list_combines_filters_sent_and_applied_locally(
    swf: Run, domain: str, swf_client: Any, swf_clock: ManualClock
) -> None:
    swf_client.register_workflow_type(domain=domain, name="refund", version="1")
    start(swf, domain, "o-1", "--tag", "vip")
    swf_clock.advance(1)
    start(swf, domain, "o-2")
    swf_clock.advance(600)
    start(swf, domain, "o-3", "--tag", "vip")
    swf_clock.advance(1)
    swf("execution", "start", "-d", domain, "refund", "1", "--workflow-id", "r-1", "--tag", "vip",
        "--task-list", "deciders", "--execution-timeout", "1h", "--task-timeout", "1m",
        "--child-policy", "TERMINATE")  # fmt: skip

    def ids(*options: str) -> list[str]:
        result = swf("execution", "list", "-d", domain, "--json", *options)
        assert result.exit_code == 0, result.output
        return [info["execution"]["workflowId"] for info in json.loads(result.stdout)]

    assert ids() == ["r-1", "o-3", "o-2", "o-1"]
    assert ids("--reverse") == ["o-1", "o-2", "o-3", "r-1"]
    assert ids("--tag", "vip") == ["r-1", "o-3", "o-1"]
    assert ids("--type", "order", "--tag", "vip") == ["o-3", "o-1"]
    assert ids("--type", "order", "--type-version", "1", "--limit", "1") == ["o-3"]
    assert ids("--workflow-id", "o-2") == ["o-2"]
    started_at = json.loads(swf("execution", "describe", "-d", domain, "o-3", "--json").stdout)[
        "executionInfo"]["startTimestamp"]  # fmt: skip
    assert ids("--started-after", started_at) == ["r-1", "o-3"]
    assert ids("--started-before", started_at, "--tag", "vip") == ["o-3", "o-1"]


def test_list_refuses_closed_filters_on_open_runs(swf: Run, domain: str) -> None:
    result = swf("execution", "list", "-d", domain, "--status", "open", "--close-status", "FAILED")
    assert_one_line_error(result, "closed", exit_code=2)


def test_bad_time_is_one_line(swf: Run, domain: str) -> None:
    result = swf("execution", "list", "-d", domain, "--started-after", "yesterday")
    assert_one_line_error(result, "ISO 8601", exit_code=2)


def test_unknown_domain_is_one_line(swf: Run) -> None:
    assert_one_line_error(swf("execution", "list", "-d", "nope"), "UnknownResourceFault")
    assert_one_line_error(swf("execution", "history", "-d", "nope", "x"), "UnknownResourceFault")


def test_unknown_workflow_id_is_one_line(swf: Run, domain: str) -> None:
    assert_one_line_error(
        swf("execution", "describe", "-d", domain, "ghost"), "no execution", "ghost"
    )
    assert_one_line_error(
        swf("execution", "signal", "-d", domain, "ghost", "s"), "UnknownResourceFault"
    )
    assert_one_line_error(
        swf("execution", "terminate", "-d", domain, "ghost"), "UnknownResourceFault"
    )


def test_missing_domain_is_one_line_and_exit_2(swf: Run) -> None:
    assert_one_line_error(swf("execution", "list"), "Missing option", exit_code=2)
    assert_one_line_error(swf("execution", "start", "order", "1"), "Missing option", exit_code=2)


def test_history_and_timeline_of_a_finished_execution(
    swf: Run, domain: str, swf_client: Any, swf_clock: ManualClock
) -> None:
    start(swf, domain, "o-1")
    swf_clock.advance(1)
    run_to_completion(swf_client, swf_clock, domain)

    history = swf("execution", "history", "-d", domain, "o-1")
    assert history.exit_code == 0, history.output
    lines = history.stdout.splitlines()
    assert lines[0].split() == ["ID", "AT", "EVENT", "DETAILS"]
    assert lines[1].split()[:3] == ["1", "+0.00s", "WorkflowExecutionStarted"]
    assert "WorkflowExecutionCompleted" in lines[-1]
    assert "activityId=charge-1" in history.stdout

    timeline = swf("execution", "timeline", "-d", domain, "o-1")
    assert timeline.exit_code == 0, timeline.output
    text = timeline.stdout
    assert "workflow order 1" in text and "completed" in text
    activity = next(line for line in text.splitlines() if line.startswith("activity charge-1"))
    assert "completed" in activity and "3.00s" in activity and "=" in activity

    spans = json.loads(swf("execution", "timeline", "-d", domain, "o-1", "--json").stdout)
    activity_span = next(span for span in spans if span["kind"] == "activity")
    assert activity_span["started"] - activity_span["requested"] == 1.0
    assert activity_span["closed"] - activity_span["started"] == 2.0
    assert activity_span["status"] == "completed"
    with_decisions = swf("execution", "timeline", "-d", domain, "o-1", "--decisions").stdout
    assert "decision task" in with_decisions


def test_history_follow_of_a_closed_execution_prints_it_and_returns(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1")
    swf("execution", "terminate", "-d", domain, "o-1")
    result = swf("execution", "history", "-d", domain, "o-1", "--follow")
    assert result.exit_code == 0, result.output
    assert "WorkflowExecutionTerminated" in result.stdout.splitlines()[-1]


def test_history_follow_streams_until_the_execution_closes(
    swf: Run, domain: str, swf_client: Any, swf_clock: ManualClock
) -> None:
    start(swf, domain, "o-1")
    driver = threading.Thread(target=run_to_completion, args=(swf_client, swf_clock, domain))
    driver.start()
    try:
        result = swf(
            "execution", "history", "-d", domain, "o-1", "--follow", "--json", "--interval", "0.02"
        )
    finally:
        driver.join()
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [event["eventId"] for event in events] == list(range(1, len(events) + 1))
    assert events[-1]["eventType"] == "WorkflowExecutionCompleted"


def test_without_run_id_describe_shows_the_latest_run_and_terminate_the_open_one(
    swf: Run, domain: str, swf_clock: ManualClock
) -> None:
    first = start(swf, domain, "o-1")
    assert swf("execution", "terminate", "-d", domain, "o-1").exit_code == 0
    swf_clock.advance(60)
    start(swf, domain, "o-2")
    swf_clock.advance(60)
    second = start(swf, domain, "o-1")

    def described_run(*options: str) -> str:
        result = swf("execution", "describe", "-d", domain, "o-1", "--json", *options)
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["executionInfo"]["execution"]["runId"])

    assert described_run() == second  # the open run
    assert described_run("--run-id", first) == first
    assert swf("execution", "terminate", "-d", domain, "o-1").exit_code == 0  # the open one
    assert described_run() == second  # now the most recently started closed run
    assert_one_line_error(
        swf("execution", "terminate", "-d", domain, "o-1"), "UnknownResourceFault"
    )

    listed = json.loads(swf("execution", "list", "-d", domain, "--status", "all", "--json").stdout)
    runs = [(info["execution"]["workflowId"], info["execution"]["runId"]) for info in listed]
    # newest first, open and closed runs together
    assert [run[0] for run in runs] == ["o-1", "o-2", "o-1"]
    assert (runs[0][1], runs[2][1]) == (second, first)
