"""The public names of swf.actors, and the signatures the quickstart promises."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

import swf.actors
from swf.actors import ActivityWorker, Actor, Decider
from swf.core import ConnectedSWFObject
from swf.exceptions import ValidationError


def test_actors_all_is_pinned() -> None:
    assert sorted(swf.actors.__all__) == [
        "ActivityContext",
        "ActivityTask",
        "ActivityTaskCanceledError",
        "ActivityWorker",
        "Actor",
        "Backoff",
        "Decider",
        "DecisionTask",
        "ExitStatus",
        "Runner",
        "activity_context",
    ]
    for name in swf.actors.__all__:
        assert hasattr(swf.actors, name), name


def _positional(function: object) -> list[str]:
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return [p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]


def test_signatures_are_those_of_the_quickstart() -> None:
    assert issubclass(Actor, ConnectedSWFObject)
    assert _positional(Actor.__init__) == ["self", "domain", "task_list", "identity"]
    assert _positional(Decider.complete) == ["self", "task_token", "decisions", "execution_context"]
    assert _positional(Decider.poll) == ["self", "task_list", "identity", "maximum_page_size"]
    assert _positional(ActivityWorker.cancel) == ["self", "task_token", "details"]
    assert _positional(ActivityWorker.complete) == ["self", "task_token", "result"]
    assert _positional(ActivityWorker.fail) == ["self", "task_token", "details", "reason"]
    assert _positional(ActivityWorker.heartbeat) == ["self", "task_token", "details"]
    assert _positional(ActivityWorker.poll) == ["self", "task_list", "identity"]


def test_a_typo_in_an_option_raises() -> None:
    try:
        Decider("d", "t", histroy_cache_size=3)  # type: ignore[call-arg]
    except TypeError as error:
        assert "histroy_cache_size" in str(error)
    else:
        raise AssertionError("an unknown option was accepted")


_NOWHERE = "http://127.0.0.1:9"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ActivityWorker("d", "t", heartbeat_interval=5), "heartbeat_interval must be"),
        (lambda: ActivityWorker("d", "t", heartbeat_interval=timedelta(0)), "positive timedelta"),
        (lambda: ActivityWorker("d", "t", heartbeats="no"), "heartbeats must be True or False"),
        (lambda: Decider("d", "t", maximum_page_size=5000), "maximum_page_size must be an int"),
        (lambda: Decider("d", "t", maximum_page_size="10"), "maximum_page_size must be an int"),
        (lambda: Decider("d", "t", maximum_page_size=0), "maximum_page_size must be an int"),
        (lambda: Decider("d", "t", history_cache_size="x"), "history_cache_size must be an int"),
        (lambda: Decider("d", "t", history_cache_size=1.5), "history_cache_size must be an int"),
        (lambda: Decider("d", "t", history_cache_size=-1), "history_cache_size must be an int"),
        (lambda: Decider("d", "t", backoff=3), "backoff must be a Backoff"),
    ],
)
def test_bad_options_raise_a_validation_error_when_the_actor_is_built(
    make: Callable[[], Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        make()


def test_poll_refuses_a_bad_page_size_before_any_request() -> None:
    decider = Decider("d", "t", endpoint_url=_NOWHERE)
    with pytest.raises(ValidationError, match="maximum_page_size must be an int"):
        decider.poll(maximum_page_size=2000)
