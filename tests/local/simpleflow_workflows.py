"""simpleflow workflows run by ``simpleflow standalone`` against SWF Local in the tests.

tests/local/test_simpleflow_standalone.py runs each one, unmodified simpleflow 0.36 in a
subprocess, and checks its result. Each covers one part of SWF: activities in sequence, a
fan-out, a timer, a signal, a child workflow, a marker, a retried activity.
"""

from __future__ import annotations

import os

from simpleflow import Workflow, activity, futures

#: Activity timeouts (seconds): far beyond any test, so that a manual clock moved for the
#: timer never times an activity out.
TIMEOUTS = {
    "schedule_to_start_timeout": 86_400,
    "start_to_close_timeout": 86_400,
    "schedule_to_close_timeout": 172_800,
    "heartbeat_timeout": 86_400,
}


@activity.with_attributes(task_list="sf", version="1", **TIMEOUTS)
def increment(x: int) -> int:
    return x + 1


@activity.with_attributes(task_list="sf", version="1", **TIMEOUTS)
def double(x: int) -> int:
    return x * 2


@activity.with_attributes(task_list="sf", version="1", **TIMEOUTS)
def square(x: int) -> int:
    return x * x


@activity.with_attributes(task_list="sf", version="1", retry=1, **TIMEOUTS)
def fails_once(path: str) -> str:
    """Fails the first time (it leaves ``path`` behind), succeeds the second."""
    if not os.path.exists(path):
        with open(path, "w"):
            pass
        raise RuntimeError("the first attempt fails")
    return "second attempt"


class _Base(Workflow):
    version = "1"
    task_list = "sf"


class Sequential(_Base):
    """(x + 1) * 2, one activity after the other."""

    name = "sf-sequential"

    def run(self, x: int) -> int:
        y = self.submit(increment, x)
        z = self.submit(double, y.result)
        return int(z.result)


class FanOut(_Base):
    """The sum of the squares of 0..n-1, the squares computed in parallel."""

    name = "sf-fan-out"

    def run(self, n: int) -> int:
        squares = self.map(square, range(n))
        futures.wait(*squares)
        return sum(future.result for future in squares)


class Timer(_Base):
    """Waits on a one-hour timer, then increments."""

    name = "sf-timer"

    def run(self, x: int) -> int:
        timer = self.submit(self.start_timer("nap", 3600))
        futures.wait(timer)
        return int(self.submit(increment, x).result)


class Signal(_Base):
    """Signals itself and waits for the signal."""

    name = "sf-signal"

    def run(self, value: int) -> int:
        waiting = self.submit(self.wait_signal("go"))
        self.submit(self.signal("go", value=value))
        futures.wait(waiting)
        details = self.get_event_details("signal", "go")
        assert details is not None
        return int(details["input"]["kwargs"]["value"]) * 10


class Child(_Base):
    """Runs Sequential as a child workflow."""

    name = "sf-child"

    def run(self, x: int) -> dict[str, int]:
        child = self.submit(Sequential, x)
        return {"child": int(child.result)}


class Marker(_Base):
    """Records a marker, then returns the markers it can see."""

    name = "sf-marker"

    def run(self, step: int) -> list[list[object]]:
        futures.wait(self.submit(self.record_marker("checkpoint", {"step": step})))
        return [[marker.name, marker.details] for marker in self.list_markers()]


class Retry(_Base):
    """An activity that fails once and is retried."""

    name = "sf-retry"

    def run(self, path: str) -> str:
        return str(self.submit(fails_once, path).result)
