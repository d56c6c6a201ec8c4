"""The replay engine offline: futures, activities, timers, closing decisions."""

from __future__ import annotations

import json

from swf.flow import FIRST_COMPLETED, ActivityFailed, Workflow, activity, wait
from tests.flow.sim import Sim, ids, types


@activity
def greet(name: str) -> str:
    return f"hello {name}"


@activity(name="double", version="2")
def double(value: int) -> int:
    return value * 2


class Hello(Workflow):
    def run(self, name: str) -> str:
        return self.submit(greet, name).result()


def test_one_activity_then_complete_with_its_result() -> None:
    sim = Sim(Hello, "ada")
    first = sim.decide()
    assert types(first) == ["ScheduleActivityTask"]
    attributes = first[0]["scheduleActivityTaskDecisionAttributes"]
    assert attributes["activityId"] == "greet-1"
    assert attributes["activityType"] == {"name": "greet", "version": "1"}
    assert json.loads(attributes["input"]) == {"args": ["ada"]}
    assert attributes["taskList"] == {"name": "activities"}
    assert attributes["startToCloseTimeout"] == "300"
    assert attributes["heartbeatTimeout"] == "NONE"
    sim.complete("greet-1", "hello ada")
    assert types(sim.decide()) == ["CompleteWorkflowExecution"]
    assert sim.result() == "hello ada"
    assert sim.replay() == []
    sim.close()


def test_activity_called_outside_a_workflow_is_the_plain_function() -> None:
    assert greet("bob") == "hello bob"
    assert double(4) == 8
    assert double.type == ("double", "2")


class Parallel(Workflow):
    def run(self, values: list[int]) -> list[int]:
        futures = [self.submit(double, value) for value in values]
        return [future.result() for future in futures]


def test_parallel_activities_are_scheduled_in_one_answer_and_gathered_in_order() -> None:
    sim = Sim(Parallel, [1, 2, 3])
    assert ids(sim.decide()) == ["double-1", "double-2", "double-3"]
    sim.complete("double-2", 4)
    assert sim.decide() == []  # still waiting for double-1
    sim.complete("double-1", 2).complete("double-3", 6)
    sim.decide()
    assert sim.result() == [2, 4, 6]
    sim.replay()
    sim.close()


class Racing(Workflow):
    def run(self) -> str:
        slow = self.submit(greet, "slow")
        timer = self.timer(60)
        done, _ = wait(slow, timer, return_when=FIRST_COMPLETED)
        if slow in done:
            return slow.result()
        slow.cancel()
        return "too slow"


def test_timer_wins_a_race_and_the_activity_is_canceled() -> None:
    sim = Sim(Racing)
    assert ids(sim.decide()) == ["greet-1", "timer-1"]
    sim.fire("timer-1")
    answer = sim.decide()
    assert types(answer) == ["RequestCancelActivityTask", "CompleteWorkflowExecution"]
    assert sim.result() == "too slow"
    sim.replay()
    sim.close()


class Failing(Workflow):
    def run(self) -> str:
        try:
            return self.submit(greet, "x").result()
        except ActivityFailed as error:
            return f"caught {error.reason}"


def test_activity_failure_is_raised_from_result_as_activity_failed() -> None:
    sim = Sim(Failing)
    sim.decide()
    sim.fail("greet-1", reason="ValueError: no")
    sim.decide()
    assert sim.result() == "caught ValueError: no"
    sim.close()


class Crashing(Workflow):
    def run(self) -> None:
        raise KeyError("missing")


def test_exception_escaping_run_fails_the_execution_with_reason_and_traceback() -> None:
    sim = Sim(Crashing)
    answer = sim.decide()
    assert types(answer) == ["FailWorkflowExecution"]
    attributes = answer[0]["failWorkflowExecutionDecisionAttributes"]
    assert attributes["reason"] == "KeyError: 'missing'"
    assert attributes["details"].startswith("Traceback (most recent call last):")
    assert 'raise KeyError("missing")' in attributes["details"]
    assert "swf/flow/" not in attributes["details"]  # the engine's frames are left out
    sim.close()
