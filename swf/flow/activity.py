"""``@activity``: a plain function that workflows schedule as an SWF activity task.

::

    @activity(start_to_close=timedelta(minutes=10), retry=3)
    def resize(image: str, width: int) -> str:
        ...

    resize("cat.png", 100)            # outside a workflow: the plain function

    class Thumbnails(Workflow):
        def run(self, images):
            futures = [self.submit(resize, image, 100) for image in images]
            return [future.result() for future in futures]

Inside a workflow, ``self.submit(resize, ...)`` schedules it and returns a
:class:`~swf.flow.Future`; calling ``resize(...)`` directly there submits it and waits for the
result. The activity type is ``(name, version)``: by default the function's name and ``"1"``.
Every time-out option is sent with each ``ScheduleActivityTask`` (so the registered type's
defaults do not matter once the type exists); ``None`` is SWF's ``NONE`` (no time-out).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Generic, ParamSpec, TypeVar, overload

from swf.constants import Limits
from swf.exceptions import ValidationError
from swf.flow._runtime import current_instance
from swf.flow._util import Duration, optional_timeout
from swf.flow.converter import DEFAULT_CONVERTER, Converter
from swf.flow.retry import RetryPolicy, retry_policy
from swf.history.events import ActivityTypeRef
from swf.wire import check_identifier

__all__ = ["DEFAULT_ACTIVITY_TASK_LIST", "Activity", "ActivityOptions", "activity"]

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_ACTIVITY_TASK_LIST = "activities"
"""The task list of activities that do not name one."""

DEFAULT_START_TO_CLOSE = timedelta(minutes=5)

_UNSET: Any = object()


@dataclass(frozen=True)
class ActivityOptions:
    """How an activity is scheduled (see :func:`activity`)."""

    task_list: str = DEFAULT_ACTIVITY_TASK_LIST
    start_to_close: timedelta | None = DEFAULT_START_TO_CLOSE
    schedule_to_start: timedelta | None = None
    schedule_to_close: timedelta | None = None
    heartbeat: timedelta | None = None
    retry: RetryPolicy | None = None
    task_priority: int | None = None


def _options(
    *,
    task_list: Any,
    start_to_close: Any,
    schedule_to_start: Any,
    schedule_to_close: Any,
    heartbeat: Any,
    retry: Any,
    task_priority: Any,
    base: ActivityOptions,
) -> ActivityOptions:
    changes: dict[str, Any] = {}
    if task_list is not _UNSET:
        changes["task_list"] = check_identifier(task_list, what="task_list")
    for name, value in (
        ("start_to_close", start_to_close),
        ("schedule_to_start", schedule_to_start),
        ("schedule_to_close", schedule_to_close),
        ("heartbeat", heartbeat),
    ):
        if value is not _UNSET:
            changes[name] = optional_timeout(value, what=name)
    if retry is not _UNSET:
        changes["retry"] = retry_policy(retry)
    if task_priority is not _UNSET:
        if task_priority is not None and (
            not isinstance(task_priority, int) or isinstance(task_priority, bool)
        ):
            raise ValidationError(f"task_priority must be an int or None, not {task_priority!r}")
        changes["task_priority"] = task_priority
    return replace(base, **changes)


class Activity(Generic[P, R]):
    """An activity function with its SWF type and scheduling options (made by
    :func:`activity`).

    Calling it outside a workflow calls the function; inside ``run()`` it schedules the
    activity and waits for its result.
    """

    def __init__(
        self,
        function: Callable[P, R],
        *,
        name: str,
        version: str,
        options: ActivityOptions,
        converter: Converter,
        description: str | None = None,
    ) -> None:
        self.function = function
        self.name = check_identifier(name, what="activity name")
        self.version = check_identifier(
            version, what="activity version", maximum=Limits.VERSION_LENGTH
        )
        self.scheduling = options
        self.converter = converter
        self.description = description
        self.signature = inspect.signature(function)
        self.__doc__ = function.__doc__
        self.__name__ = getattr(function, "__name__", name)
        self.__qualname__ = getattr(function, "__qualname__", name)
        self.__module__ = getattr(function, "__module__", __name__)
        self.__wrapped__ = function

    @property
    def type(self) -> ActivityTypeRef:
        """``(name, version)`` of the activity type."""
        return ActivityTypeRef(self.name, self.version)

    @property
    def task_list(self) -> str:
        """The task list its tasks are scheduled on."""
        return self.scheduling.task_list

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        instance = current_instance()
        if instance is None:
            return self.function(*args, **kwargs)
        from swf.flow.workflow import submit_to

        result: R = submit_to(instance, self, args, dict(kwargs)).result()
        return result

    def options(
        self,
        *,
        task_list: str = _UNSET,
        start_to_close: Duration | None = _UNSET,
        schedule_to_start: Duration | None = _UNSET,
        schedule_to_close: Duration | None = _UNSET,
        heartbeat: Duration | None = _UNSET,
        retry: RetryPolicy | int | None = _UNSET,
        task_priority: int | None = _UNSET,
    ) -> Activity[P, R]:
        """A copy scheduled with other options, e.g. ``self.submit(resize.options(
        task_list="gpu"), image)``. The type stays the same."""
        options = _options(
            task_list=task_list,
            start_to_close=start_to_close,
            schedule_to_start=schedule_to_start,
            schedule_to_close=schedule_to_close,
            heartbeat=heartbeat,
            retry=retry,
            task_priority=task_priority,
            base=self.scheduling,
        )
        return Activity(
            self.function,
            name=self.name,
            version=self.version,
            options=options,
            converter=self.converter,
            description=self.description,
        )

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Raise :class:`TypeError` when the arguments do not fit the function."""
        try:
            self.signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"activity {self.name}: {error}") from None

    def __repr__(self) -> str:
        return f"<Activity {self.name}/{self.version} on {self.task_list!r}>"


@overload
def activity(function: Callable[P, R], /) -> Activity[P, R]: ...


@overload
def activity(
    *,
    name: str | None = None,
    version: str = "1",
    task_list: str = DEFAULT_ACTIVITY_TASK_LIST,
    start_to_close: Duration | None = DEFAULT_START_TO_CLOSE,
    schedule_to_start: Duration | None = None,
    schedule_to_close: Duration | None = None,
    heartbeat: Duration | None = None,
    retry: RetryPolicy | int | None = None,
    task_priority: int | None = None,
    converter: Converter | None = None,
    description: str | None = None,
) -> Callable[[Callable[P, R]], Activity[P, R]]: ...


def activity(
    function: Callable[..., Any] | None = None,
    /,
    *,
    name: str | None = None,
    version: str = "1",
    task_list: str = DEFAULT_ACTIVITY_TASK_LIST,
    start_to_close: Duration | None = DEFAULT_START_TO_CLOSE,
    schedule_to_start: Duration | None = None,
    schedule_to_close: Duration | None = None,
    heartbeat: Duration | None = None,
    retry: RetryPolicy | int | None = None,
    task_priority: int | None = None,
    converter: Converter | None = None,
    description: str | None = None,
) -> Any:
    """Make a function an activity (``@activity`` or ``@activity(...)``).

    :param name: the activity type's name (default: the function's ``__name__``).
    :param version: the activity type's version.
    :param task_list: where its tasks are scheduled (workers poll it).
    :param start_to_close: longest run of one attempt (default 5 minutes).
    :param schedule_to_start: longest wait for a worker (default none).
    :param schedule_to_close: longest time from scheduling to the end of an attempt.
    :param heartbeat: longest time between two heartbeats (default none); the worker
        heartbeats automatically at a third of it.
    :param retry: a :class:`RetryPolicy`, or the maximum number of attempts.
    :param task_priority: SWF task priority (higher first).
    :param converter: how its arguments and result are encoded (default JSON).
    :param description: the activity type's description at registration.
    """

    def decorate(fn: Callable[..., Any]) -> Activity[..., Any]:
        if not callable(fn):
            raise TypeError(f"@activity decorates a function, not {fn!r}")
        options = _options(
            task_list=task_list,
            start_to_close=start_to_close,
            schedule_to_start=schedule_to_start,
            schedule_to_close=schedule_to_close,
            heartbeat=heartbeat,
            retry=retry,
            task_priority=task_priority,
            base=ActivityOptions(),
        )
        found = converter or DEFAULT_CONVERTER
        if not isinstance(found, Converter):
            raise ValidationError(f"converter must have encode() and decode(), not {found!r}")
        return Activity(
            fn,
            name=name or fn.__name__,
            version=version,
            options=options,
            converter=found,
            description=description,
        )

    if function is not None:
        return decorate(function)
    return decorate
