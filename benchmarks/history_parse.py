"""History parsing: a 25,000-event history, parsed and compiled, and one incremental update.

Run: ``v/bin/python benchmarks/history_parse.py [--repeat 5] [--no-local] [--no-simpleflow]``
(simpleflow is the optional ``bench`` extra: ``v/bin/pip install simpleflow==0.36.0``).

Two histories of exactly 25,000 events (SWF's limit):

* **builder**: written with :class:`swf.history.HistoryBuilder`, a decider's typical mix per
  round: a decision task (3 events), an activity scheduled/started/completed (3, a new activity
  id each round), a timer started/fired (2) and a marker (1);
* **SWF Local**: a real execution on an in-process ``LocalSWF`` (temporary SQLite file,
  system clock), grown through decisions: each decision task answers with up to 100
  ``RecordMarker`` decisions and a signal schedules the next task; the last one completes the
  execution as the 25,000th event. It is fetched with GetWorkflowExecutionHistory in pages of
  1,000 through boto3's paginator.

Measured, each the best and the median of ``--repeat`` runs, in the same process:

* ``swf``: ``History(events)`` then reading the compiled view (``history.activities``);
* ``swf fetch+parse``: ``History.from_pages(paginator.paginate(...))`` from SWF Local, plus the
  compiled view (the target: <= 1 s);
* ``simpleflow``: ``simpleflow.swf.mapper.models.history.History.from_event_list(events)`` then
  ``simpleflow.history.History(...).parse()``, what simpleflow's decider does with a history;
* incremental: the history holds 25,000 - n events and is compiled, then the next decision
  task's n events arrive. ``swf``: ``history.extend(new_events)`` (the compiled view is updated
  with the n events). simpleflow has no incremental update: its decider parses the whole
  history again, so its figure is a full parse of the 25,000 events.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from swf.decisions import CompleteWorkflowExecution, DecisionCollection, RecordMarker
from swf.history import History, HistoryBuilder

TOTAL = 25_000


def builder_events(total: int = TOTAL) -> tuple[list[dict[str, Any]], int]:
    """``total`` events of a decider's typical mix, and the size of the last round."""
    b = HistoryBuilder().workflow_started(workflow_type=("bench", "1"), input="{}")
    round_size = 9
    i = 0
    while b.last_event_id + round_size <= total:
        i += 1
        b.decision_task()
        b.activity_scheduled(f"a-{i}", activity_type=("work", "1"), input=f'{{"n": {i}}}')
        b.activity_started(f"a-{i}").activity_completed(f"a-{i}", result='{"ok": true}')
        b.timer_started(f"t-{i}").timer_fired(f"t-{i}")
        b.marker_recorded("progress", details=str(i))
    while b.last_event_id < total:
        b.marker_recorded("padding")
    return b.events, round_size


def local_execution(client: Any, total: int = TOTAL) -> tuple[str, str]:
    """Grow one execution on SWF Local to exactly ``total`` events; its (workflowId, runId)."""
    domain, task_list = "bench", {"name": "bench"}
    client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain=domain,
        name="bench",
        version="1",
        defaultTaskStartToCloseTimeout="300",
        defaultExecutionStartToCloseTimeout="86400",
        defaultTaskList=task_list,
        defaultChildPolicy="TERMINATE",
    )
    run_id = client.start_workflow_execution(
        domain=domain,
        workflowId="bench-25k",
        workflowType={"name": "bench", "version": "1"},
    )["runId"]
    while True:
        task = client.poll_for_decision_task(domain=domain, taskList=task_list, maximumPageSize=1)
        started = task["startedEventId"]
        remaining = total - started - 1  # events left after DecisionTaskCompleted
        decisions = DecisionCollection()
        if remaining <= 100:
            decisions.extend(
                RecordMarker(marker_name="m", details=str(started)) for _ in range(remaining - 1)
            )
            decisions.append(CompleteWorkflowExecution(result="done"))
        else:
            # leave room for the next round's signal, scheduled and started events
            count = min(100, remaining - 5)
            decisions.extend(
                RecordMarker(marker_name="m", details=str(started)) for _ in range(count)
            )
        client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=decisions.to_api()
        )
        if decisions.closing_decision is not None:
            return "bench-25k", run_id
        client.signal_workflow_execution(domain=domain, workflowId="bench-25k", signalName="more")


def timed(
    function: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None
) -> tuple[float, float]:
    """(best, median) seconds of ``function()`` over ``repeat`` runs (``setup`` untimed)."""
    samples = []
    for _ in range(repeat):
        argument = setup() if setup else None
        start = time.perf_counter()
        function() if setup is None else function(argument)  # type: ignore[call-arg]
        samples.append(time.perf_counter() - start)
    return min(samples), statistics.median(samples)


def swf_parse(events: list[dict[str, Any]]) -> History:
    history = History(events)
    history.activities  # noqa: B018 - compile
    return history


def simpleflow_parse(events: list[dict[str, Any]]) -> Any:
    from simpleflow.history import History as SimpleflowHistory
    from simpleflow.swf.mapper.models.history import History as MapperHistory

    history = SimpleflowHistory(MapperHistory.from_event_list(events))
    history.parse()
    return history


def report(label: str, figures: tuple[float, float]) -> None:
    best, median = figures
    print(f"| {label} | {best * 1000:.1f} | {median * 1000:.1f} |")


def incremental(events: list[dict[str, Any]], new: int, repeat: int) -> tuple[float, float]:
    def setup() -> tuple[History, list[dict[str, Any]]]:
        history = History(events[:-new])
        history.activities  # noqa: B018 - compiled before the update
        return history, events

    def update(argument: tuple[History, list[dict[str, Any]]]) -> None:
        history, all_events = argument
        # a decider gets the whole history again with the next task: extend skips known ids
        history.extend(all_events[-new:])
        assert len(history) == len(all_events)

    return timed(update, repeat, setup)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-local", action="store_true", help="skip SWF Local")
    parser.add_argument("--no-simpleflow", action="store_true", help="skip simpleflow")
    options = parser.parse_args()
    use_simpleflow = not options.no_simpleflow
    if use_simpleflow:
        try:
            import simpleflow
        except ImportError:
            print("simpleflow is not installed: pip install simpleflow==0.36.0 (skipped)")
            use_simpleflow = False
        else:
            print(f"simpleflow {simpleflow.__version__}")
    repeat = options.repeat

    events, round_size = builder_events()
    assert len(events) == TOTAL
    print(f"\n### builder history: {len(events)} events\n")
    print("| measurement | best ms | median ms |\n|---|---|---|")
    report("swf: parse + compile", timed(lambda: swf_parse(events), repeat))
    if use_simpleflow:
        report("simpleflow: parse + compile", timed(lambda: simpleflow_parse(events), repeat))
    report(
        f"swf: incremental update, {round_size} new events", incremental(events, round_size, repeat)
    )
    if use_simpleflow:
        report(
            f"simpleflow: {round_size} new events = full parse again",
            timed(lambda: simpleflow_parse(events), repeat),
        )

    if options.no_local:
        print("\nSWF Local: not measured (--no-local)")
        return
    import boto3
    import botocore.session
    from botocore.config import Config

    from swf.local import LocalSWF

    with (
        tempfile.TemporaryDirectory() as directory,
        LocalSWF(Path(directory) / "bench.sqlite3") as local,
    ):

        def make_client(*, epoch_timestamps: bool = False) -> Any:
            session = botocore.session.get_session()
            if epoch_timestamps:
                # botocore turns each eventTimestamp into a tzlocal datetime (~40% of its
                # parsing time here); History accepts the epoch seconds as they came.
                factory = session.get_component("response_parser_factory")
                factory.set_parser_defaults(timestamp_parser=lambda value: value)
            return boto3.Session(botocore_session=session).client(
                "swf",
                endpoint_url=local.endpoint_url,
                region_name="us-east-1",
                aws_access_key_id="bench",
                aws_secret_access_key="bench",
                config=Config(read_timeout=70, retries={"max_attempts": 1}),
            )

        client = make_client()
        start = time.perf_counter()
        workflow_id, run_id = local_execution(client)
        grown = time.perf_counter() - start
        paginator = client.get_paginator("get_workflow_execution_history")

        def pages(paginator: Any = paginator) -> Any:
            return paginator.paginate(
                domain="bench",
                execution={"workflowId": workflow_id, "runId": run_id},
                maximumPageSize=1000,
            )

        epoch_paginator = make_client(epoch_timestamps=True).get_paginator(
            "get_workflow_execution_history"
        )

        def fetch(paginator: Any = paginator) -> list[dict[str, Any]]:
            return [event for page in pages(paginator) for event in page["events"]]

        def fetch_and_parse(paginator: Any = paginator) -> History:
            history = History.from_pages(pages(paginator))
            history.activities  # noqa: B018 - compile
            return history

        local_events = fetch()
        assert len(local_events) == TOTAL, len(local_events)
        assert local_events[-1]["eventType"] == "WorkflowExecutionCompleted"
        print(
            f"\n### SWF Local history: {len(local_events)} events "
            f"(grown in {grown:.1f} s through decisions)\n"
        )
        print("| measurement | best ms | median ms |\n|---|---|---|")
        report("fetch only (25 pages of 1,000), boto3 defaults", timed(fetch, repeat))
        report("**swf: fetch + parse + compile**, boto3 defaults", timed(fetch_and_parse, repeat))
        report(
            "fetch only, botocore keeping epoch-second timestamps",
            timed(lambda: fetch(epoch_paginator), repeat),
        )
        report(
            "**swf: fetch + parse + compile**, epoch-second timestamps",
            timed(lambda: fetch_and_parse(epoch_paginator), repeat),
        )
        report("swf: parse + compile", timed(lambda: swf_parse(local_events), repeat))
        if use_simpleflow:
            report(
                "simpleflow: parse + compile", timed(lambda: simpleflow_parse(local_events), repeat)
            )
        new = 104  # one round: signal, decision task scheduled/started/completed, 100 markers
        report(f"swf: incremental update, {new} new events", incremental(local_events, new, repeat))
        if use_simpleflow:
            report(
                f"simpleflow: {new} new events = full parse again",
                timed(lambda: simpleflow_parse(local_events), repeat),
            )


if __name__ == "__main__":
    main()
