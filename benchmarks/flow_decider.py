"""Decider CPU per decision task at 1,000 / 10,000 / 25,000 events: sticky, full replay, simpleflow.

Run: ``v/bin/python benchmarks/flow_decider.py [--repeat 5] [--window 50] [--no-simpleflow]``
(simpleflow is the optional ``bench`` extra: ``v/bin/pip install simpleflow==0.36.0``).

The workflow is a chain: ``for i in range(n): submit(work, i).result()``, so every decision
task answers one ``ActivityTaskCompleted`` with the next ``ScheduleActivityTask`` (6 events a
round: the decision task's scheduled/started/completed, the activity's scheduled/started/
completed). Everything is offline, in this process; no server, no network:

* the ``swf.flow`` history is grown by the sticky path itself: one
  :class:`~swf.flow.sticky.StickyCache` decides each task of the run in turn (its decisions are
  recorded with :class:`~swf.history.HistoryBuilder`, the activity completes, the next task
  starts), through :class:`~swf.actors.DecisionTask` objects sharing one growing
  :class:`~swf.history.History`, as the actors' decider hands them over;
* **sticky**: the CPU time of each of those ``decide()`` calls; the figure at ``L`` events is
  the median over the ``--window`` tasks ending at ``L``;
* **full replay**: ``StickyCache(0).decide()`` of the task at ``L`` (a new instance applies
  the ``L`` events; ``run()`` goes from the start to the ``L``-th activity), best and median
  of ``--repeat``;
* **decider's history cache**: what :class:`swf.actors.Decider` does before ``decide``
  when a task of a run it has seen arrives: ``History.extend`` of every raw event of the poll's
  pages, the known ones skipped by id (SWF sends the whole history with every task);
* **simpleflow 0.36**: ``simpleflow.swf.executor.Executor.replay()`` of a history of the same
  shape written with simpleflow's activity ids (``activity-<module>.work-<n>``) and inputs,
  given as the ``Response`` its decider builds from the poll (``History.from_event_list`` of
  the raw events, included in the timing: it is part of every simpleflow decision task).
  Both libraries' answers are checked: one ``ScheduleActivityTask`` for the next activity.

CPU time is ``time.process_time()`` (every thread of the process: the workflow code runs in
a thread of its own in ``swf.flow``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from swf.actors import DecisionTask
from swf.flow import Workflow, activity
from swf.flow.converter import DEFAULT_CONVERTER
from swf.flow.sticky import StickyCache
from swf.history import History, HistoryBuilder
from swf.history.events import WorkflowExecutionRef, WorkflowTypeRef

SIZES = (1_000, 10_000, 25_000)
ROUND = 6


@activity(start_to_close=300)
def work(index: int) -> int:
    return index


class Chain(Workflow):
    """One activity after another, ``count`` of them."""

    def run(self, count: int) -> int:
        for index in range(count):
            self.submit(work, index).result()
        return count


def cpu(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    value = function()
    return time.process_time() - start, value


class FlowRun:
    """The chain run on the sticky path, task by task; keeps every task for later replays."""

    def __init__(self) -> None:
        self.builder = HistoryBuilder(workflow_id="chain-1")
        self.builder.workflow_started(
            workflow_type=(Chain.name, Chain.version),
            input=DEFAULT_CONVERTER.encode({"args": [100_000]}),
        )
        self.history = History()
        self.cache = StickyCache(1)
        self.previous_started = 0
        self.samples: dict[int, float] = {}  # started event id -> CPU seconds of decide()
        self.tasks: dict[int, DecisionTask] = {}

    def task(self) -> DecisionTask:
        self.builder.decision_task_scheduled().decision_task_started()
        # the builder's own dicts (its ``events`` property copies them all: O(n) a task)
        self.history.extend(self.builder._raw[len(self.history) :])
        started = self.builder.last_event_id
        return DecisionTask(
            token="token",
            workflow_execution=WorkflowExecutionRef("chain-1", "run-1"),
            workflow_type=WorkflowTypeRef(Chain.name, Chain.version),
            history=self.history,
            previous_started_event_id=self.previous_started,
            started_event_id=started,
        )

    def grow(self, until: int) -> None:
        """Decide (sticky) and record tasks until the next task would start beyond ``until``."""
        while self.builder.last_event_id + 2 <= until:
            task = self.task()
            seconds, decisions = cpu(lambda task=task: self.cache.decide(Chain, task))
            self.samples[task.started_event_id] = seconds
            self.tasks[task.started_event_id] = task
            (decision,) = decisions
            attributes = decision.attributes()
            assert decision.DECISION_TYPE == "ScheduleActivityTask", decision
            self.builder.decision_task_completed()
            activity_id = attributes["activityId"]
            self.builder.activity_scheduled(
                activity_id,
                activity_type=(work.name, work.version),
                input=attributes.get("input"),
            )
            self.builder.activity_started(activity_id)
            self.builder.activity_completed(activity_id, result="0")
            self.previous_started = task.started_event_id
        assert self.cache.misses == 1, self.cache  # only the very first task


def sticky_figure(run: FlowRun, size: int, window: int) -> tuple[int, float, float]:
    """(events, median, max) CPU seconds of the ``window`` sticky tasks ending at ``size``."""
    started = sorted(s for s in run.samples if s <= size)[-window:]
    values = [run.samples[s] for s in started]
    return started[-1], statistics.median(values), max(values)


def full_replay(run: FlowRun, started: int, repeat: int) -> tuple[float, float]:
    task = run.tasks[started]
    samples = []
    for _ in range(repeat):
        seconds, decisions = cpu(lambda: StickyCache(0).decide(Chain, task))
        (decision,) = decisions
        assert decision.attributes()["activityId"].startswith("work"), decision
        samples.append(seconds)
    return min(samples), statistics.median(samples)


def history_cache_update(run: FlowRun, started: int, repeat: int) -> tuple[float, float]:
    """``History.extend`` of every raw event up to ``started`` when all but the last task's
    new events are known (what the actors' Decider does with the poll's pages)."""
    raw = run.builder.events[:started]  # copies: untimed
    known = started - ROUND
    samples = []
    for _ in range(repeat):
        history = History(raw[:known])
        pages = [raw[index : index + 1000] for index in range(0, len(raw), 1000)]
        seconds, _ = cpu(lambda history=history, pages=pages: [history.extend(p) for p in pages])
        assert len(history) == started
        samples.append(seconds)
    return min(samples), statistics.median(samples)


def simpleflow_history(rounds: int) -> tuple[list[dict[str, Any]], str]:
    """The chain's history in simpleflow's vocabulary after ``rounds`` completed activities,
    ending with a started decision task; and the activity type name simpleflow uses."""
    from simpleflow import activity as sf_activity

    @sf_activity.with_attributes(task_list="work", version="1")
    def sf_work(index: int) -> int:
        return index

    name = sf_work.name
    globals()["sf_work"] = sf_work
    b = HistoryBuilder(workflow_id="chain-1")
    b.workflow_started(workflow_type=("sf-chain", "1"), input=json.dumps({"args": [100_000]}))
    for index in range(rounds):
        b.decision_task()
        activity_id = f"activity-{name}-{index + 1}"
        b.activity_scheduled(
            activity_id,
            activity_type=(name, "1"),
            input=json.dumps({"args": [index], "kwargs": {}}, separators=(",", ":")),
        )
        b.activity_started(activity_id).activity_completed(activity_id, result=str(index))
    b.decision_task_scheduled().decision_task_started()
    return b.events, name


def simpleflow_executor() -> tuple[Any, Callable[[list[dict[str, Any]]], Any]]:
    from simpleflow import Workflow as SFWorkflow
    from simpleflow.swf.executor import Executor
    from simpleflow.swf.mapper.models.domain import Domain
    from simpleflow.swf.mapper.models.history.base import History as MapperHistory
    from simpleflow.swf.mapper.models.workflow import WorkflowExecution, WorkflowType
    from simpleflow.swf.mapper.responses import Response

    class SFChain(SFWorkflow):
        name = "sf-chain"
        version = "1"
        task_list = "chain"

        def run(self, count: int) -> int:
            for index in range(count):
                self.submit(globals()["sf_work"], index).result  # noqa: B018 - blocks
            return count

    domain = Domain("bench")
    execution = WorkflowExecution(
        domain=domain,
        workflow_id="chain-1",
        run_id="run-1",
        workflow_type=WorkflowType(domain=domain, name="sf-chain", version="1"),
    )

    def decide(events: list[dict[str, Any]]) -> Any:
        history = MapperHistory.from_event_list(events)
        executor = Executor(domain, SFChain)
        return executor.replay(Response(token="t", history=history, execution=execution))

    return SFChain, decide


def simpleflow_figure(size: int, repeat: int) -> tuple[int, float, float]:
    rounds = (size - 3) // ROUND
    events, name = simpleflow_history(rounds)
    _, decide = simpleflow_executor()
    samples = []
    for _ in range(repeat):
        seconds, answer = cpu(lambda: decide(events))
        (decision,) = answer.decisions
        attributes = decision["scheduleActivityTaskDecisionAttributes"]
        assert attributes["activityId"] == f"activity-{name}-{rounds + 1}", attributes
        samples.append(seconds)
    return len(events), min(samples), statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--window", type=int, default=50, help="sticky tasks per figure")
    parser.add_argument("--no-simpleflow", action="store_true", help="skip simpleflow")
    options = parser.parse_args()
    logging.disable(logging.INFO)  # simpleflow logs every decision at INFO
    use_simpleflow = not options.no_simpleflow
    if use_simpleflow:
        try:
            import simpleflow
        except ImportError:
            print("simpleflow is not installed: pip install simpleflow==0.36.0 (skipped)")
            use_simpleflow = False
        else:
            os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
            print(f"simpleflow {simpleflow.__version__}")

    run = FlowRun()
    grown, _ = cpu(lambda: run.grow(max(SIZES)))
    print(
        f"grew the run to {run.builder.last_event_id} events on the sticky path: "
        f"{len(run.samples)} decision tasks in {grown:.2f} s CPU\n"
    )
    print(
        "| events | sticky median ms | sticky max ms | full replay best / median ms "
        "| history cache update best / median ms | simpleflow events "
        "| simpleflow best / median ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in SIZES:
        started, median, worst = sticky_figure(run, size, options.window)
        best_full, median_full = full_replay(run, started, options.repeat)
        best_cache, median_cache = history_cache_update(run, started, options.repeat)
        if use_simpleflow:
            sf_events, best_sf, median_sf = simpleflow_figure(size, options.repeat)
            simpleflow_cells = f"{sf_events} | {best_sf * 1000:.1f} / {median_sf * 1000:.1f}"
        else:
            simpleflow_cells = "- | -"
        print(
            f"| {started} | {median * 1000:.3f} | {worst * 1000:.3f} "
            f"| {best_full * 1000:.1f} / {median_full * 1000:.1f} "
            f"| {best_cache * 1000:.2f} / {median_cache * 1000:.2f} | {simpleflow_cells} |"
        )
    run.cache.clear()


if __name__ == "__main__":
    main()
