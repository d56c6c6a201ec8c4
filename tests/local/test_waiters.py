"""Long-poll wake-ups: waiters wake a waiting thread, time out, and end at server stop."""

from __future__ import annotations

import threading

from swf.local import LocalSWF
from swf.local.waiters import Waiters
from tests.local.support import FAILURE_BOUND


def test_notify_wakes_a_waiting_thread() -> None:
    waiters = Waiters()
    since = waiters.generation("d", "activity", "tl")
    result: list[bool] = []

    def poll() -> None:
        result.append(waiters.wait("d", "activity", "tl", since, timeout=FAILURE_BOUND * 6))

    thread = threading.Thread(target=poll)
    thread.start()
    assert waiters.wait_parked("d", "activity", "tl", timeout=FAILURE_BOUND)
    waiters.notify("d", "activity", "tl")
    thread.join(FAILURE_BOUND)
    assert not thread.is_alive()
    assert result == [True]
    assert waiters.generation("d", "activity", "tl") == since + 1


def test_a_notify_between_generation_and_wait_is_not_lost() -> None:
    waiters = Waiters()
    since = waiters.generation("d", "decision", "tl")
    waiters.notify("d", "decision", "tl")
    assert waiters.wait("d", "decision", "tl", since, timeout=FAILURE_BOUND) is True


def test_wait_times_out_without_notify_and_other_task_lists_do_not_wake_it() -> None:
    waiters = Waiters()
    since = waiters.generation("d", "activity", "tl")
    waiters.notify("d", "activity", "other")
    waiters.notify("d", "decision", "tl")
    waiters.notify("other", "activity", "tl")
    assert waiters.wait("d", "activity", "tl", since, timeout=0.0) is False


def test_poll_helper_claims_after_a_notify() -> None:
    waiters = Waiters()
    tasks: list[str] = []
    claims = 0

    def claim() -> str | None:
        nonlocal claims
        claims += 1
        return tasks.pop() if tasks else None

    result: list[str | None] = []
    thread = threading.Thread(
        target=lambda: result.append(
            waiters.poll("d", "activity", "tl", claim, hold=FAILURE_BOUND * 6)
        )
    )
    thread.start()
    assert waiters.wait_parked("d", "activity", "tl", timeout=FAILURE_BOUND)
    assert claims == 1  # it looked once, found nothing, and waits
    tasks.append("task-1")
    waiters.notify("d", "activity", "tl")
    thread.join(FAILURE_BOUND)
    assert result == ["task-1"]


def test_poll_helper_answers_empty_when_the_hold_runs_out() -> None:
    waiters = Waiters()
    assert waiters.poll("d", "activity", "tl", lambda: None, hold=0.0) is None


def test_closing_wakes_every_waiter_and_later_waits_return_at_once() -> None:
    waiters = Waiters()
    results: list[bool] = []
    threads = [
        threading.Thread(
            target=lambda tl=tl: results.append(
                waiters.wait("d", "activity", tl, 0, timeout=FAILURE_BOUND * 6)
            )
        )
        for tl in ("a", "b", "c")
    ]
    for thread in threads:
        thread.start()
    for tl in ("a", "b", "c"):
        assert waiters.wait_parked("d", "activity", tl, timeout=FAILURE_BOUND)
    waiters.close()
    for thread in threads:
        thread.join(FAILURE_BOUND)
    assert results == [False, False, False]
    assert waiters.closed
    assert waiters.wait("d", "activity", "a", 0, timeout=FAILURE_BOUND * 6) is False


def test_server_stop_ends_a_waiting_poll_promptly(tmp_path: object) -> None:
    local = LocalSWF(poll_hold=60).start()
    waiters = local.service.waiters
    done = threading.Event()

    def poll() -> None:
        waiters.poll("d", "activity", "tl", lambda: None, hold=60)
        done.set()

    thread = threading.Thread(target=poll)
    thread.start()
    assert waiters.wait_parked("d", "activity", "tl", timeout=FAILURE_BOUND)
    local.stop()
    assert done.wait(FAILURE_BOUND)


def test_parked_counts_the_waits_a_notify_would_wake() -> None:
    waiters = Waiters()
    assert waiters.parked("d", "activity", "tl") == 0
    assert waiters.wait_parked("d", "activity", "tl", timeout=0.0) is False
    since = waiters.generation("d", "activity", "tl")
    threads = [
        threading.Thread(
            target=lambda: waiters.wait("d", "activity", "tl", since, timeout=FAILURE_BOUND * 6)
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    assert waiters.wait_parked("d", "activity", "tl", count=2, timeout=FAILURE_BOUND)
    assert waiters.parked("d", "activity", "tl") == 2
    assert waiters.parked("d", "decision", "tl") == 0
    waiters.notify("d", "activity", "tl")
    for thread in threads:
        thread.join(FAILURE_BOUND)
    assert waiters.parked("d", "activity", "tl") == 0
