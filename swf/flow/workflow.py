"""``class Workflow``: a workflow written as code, re-run deterministically against its history.

::

    class Thumbnails(Workflow):
        name = "thumbnails"                      # the workflow type (default: the class name)
        version = "1"

        def run(self, images):
            futures = [self.submit(resize, image, 100) for image in images]
            sizes = [future.result() for future in futures]
            self.sleep(timedelta(minutes=5))     # an SWF timer
            return sizes

    handle = Thumbnails.start(["a.png", "b.png"], domain="media")
    handle.result()

``run()`` runs in the decider. It may only wait through the futures, timers and signals of
this API, and must make the same calls in the same order each time it is replayed: take the
time from :meth:`Workflow.now`, random numbers and I/O through :meth:`Workflow.side_effect`,
and guard changes of code under running executions with :meth:`Workflow.version` (see the
"Workflows" page of the documentation).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

from swf.constants import ChildPolicy, Limits
from swf.decisions import SignalExternalWorkflowExecution, StartChildWorkflowExecution
from swf.exceptions import ValidationError
from swf.flow._calls import ActivityCall, ChildCall, SignalCall
from swf.flow._runtime import current_instance
from swf.flow._util import Duration, fit_id, seconds_of
from swf.flow.activity import Activity
from swf.flow.converter import DEFAULT_CONVERTER, Converter, encode, encode_arguments
from swf.flow.futures import Future
from swf.wire import check_identifier

if TYPE_CHECKING:
    from swf.core import Connection
    from swf.flow.engine import WorkflowInstance
    from swf.flow.handle import WorkflowHandle
    from swf.models import Domain

__all__ = ["DEFAULT_WORKFLOW_TASK_LIST", "ChildOptions", "Workflow"]

T = TypeVar("T")

DEFAULT_WORKFLOW_TASK_LIST = "workflows"
"""The decision task list of workflows that do not name one."""

_ID_ROOM = 16  # characters kept free in generated ids for attempt suffixes


class _TypeVersion:
    """``version``: the type's version string on the class (``Order.version == "1"``), and
    the versioning call ``self.version(change_id, min_version, max_version)`` on an
    instance (see ``Workflow._change_version``)."""

    def __init__(self, value: str) -> None:
        self.value = value

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self.value
        return instance._change_version

    def __set__(self, instance: Any, value: Any) -> None:
        raise AttributeError("version is the workflow type's version: set it on the class")


class Workflow:
    """Base class of workflows as code; subclasses implement :meth:`run`.

    Class attributes (the workflow type and its defaults):

    - ``name`` (default: the class name) and ``version`` (default ``"1"``);
    - ``task_list``: the decision task list (default ``"workflows"``);
    - ``execution_timeout`` (default 365 days), ``decision_tasks_timeout`` (default 30 s),
      ``child_policy`` (default ``TERMINATE``);
    - ``converter``: how arguments, results and signals are encoded (default JSON);
    - ``description``: the type's description at registration.

    A fresh object is made for every replay: attributes set in ``__init__`` or ``run`` are
    rebuilt from the history each time, never shared between executions.
    """

    name: ClassVar[str] = "Workflow"
    if TYPE_CHECKING:
        version: ClassVar[Any]
    else:
        version = _TypeVersion("1")
    task_list: ClassVar[str] = DEFAULT_WORKFLOW_TASK_LIST
    execution_timeout: ClassVar[timedelta] = timedelta(days=365)
    decision_tasks_timeout: ClassVar[timedelta] = timedelta(seconds=30)
    child_policy: ClassVar[ChildPolicy | str] = ChildPolicy.TERMINATE
    converter: ClassVar[Converter] = DEFAULT_CONVERTER
    description: ClassVar[str | None] = None

    _flow: WorkflowInstance

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__
        declared = cls.__dict__.get("version")
        if isinstance(declared, str):
            cls.version = _TypeVersion(declared)
        check_identifier(cls.name, what=f"{cls.__qualname__}.name")
        check_identifier(cls.version, what=f"{cls.__qualname__}.version", maximum=64)
        check_identifier(cls.task_list, what=f"{cls.__qualname__}.task_list")
        for attribute in ("execution_timeout", "decision_tasks_timeout"):
            value = getattr(cls, attribute)
            if not isinstance(value, timedelta) or value <= timedelta(0):
                raise ValidationError(
                    f"{cls.__qualname__}.{attribute} must be a positive timedelta, not {value!r}"
                )
        ChildPolicy(cls.child_policy)
        if not isinstance(cls.converter, Converter):
            raise ValidationError(f"{cls.__qualname__}.converter must have encode() and decode()")

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """The workflow's code; its return value is the execution's result."""
        raise NotImplementedError(f"{type(self).__name__} must implement run()")

    # -- the API of workflow code ------------------------------------------------------------

    @property
    def _instance(self) -> WorkflowInstance:
        instance = self.__dict__.get("_flow")
        if instance is None or current_instance() is not instance:
            raise RuntimeError(
                f"{type(self).__name__}: this method works inside run(), while a worker "
                "(or swf.flow.replay) runs the workflow"
            )
        return instance

    @property
    def workflow_id(self) -> str:
        """This execution's workflow id."""
        return self._instance.workflow_id

    @property
    def run_id(self) -> str:
        """This run's run id."""
        return self._instance.run_id

    @property
    def cancel_requested(self) -> bool:
        """Whether the execution was asked to cancel (as of this decision task)."""
        return self._instance.cancel_requested

    @property
    def history_length(self) -> int:
        """Events in the history as of this decision task (SWF stops at 25,000)."""
        return self._instance.history_length

    @property
    def continue_as_new_suggested(self) -> bool:
        """True once the history has 20,000 events: time for :meth:`continue_as_new`."""
        return self._instance.continue_as_new_suggested

    @property
    def signals(self) -> dict[str, list[Any]]:
        """Every signal received so far, by name, in the order received (readable any time;
        :meth:`wait_signal` consumes them one by one, this does not)."""
        return self._instance.signals.received

    def now(self) -> datetime:
        """The current decision task's start time (aware UTC): the same on every replay."""
        return self._instance.now()

    def submit(
        self, target: Activity[..., T] | type[Workflow] | ChildOptions, /, *args: Any, **kwargs: Any
    ) -> Future[T]:
        """Schedule an activity, or start a child workflow (a :class:`Workflow` subclass, or
        ``Child.options(...)``), with these arguments; returns its :class:`Future`.

        Ids are deterministic: ``<activity name>-<n>`` (the n-th call of that activity),
        retries ``<id>.<attempt>``; children ``<workflow id>.<child name>-<n>``.
        """
        return submit_to(self._instance, target, args, kwargs)

    def map(self, target: Activity[..., T] | type[Workflow], *iterables: Iterable[Any]) -> list[T]:
        """Submit ``target`` once per item (all at once, like ``Executor.map``), then wait;
        the results in order (the first failure, in order, is raised)."""
        futures = [self.submit(target, *args) for args in zip(*iterables, strict=True)]
        return [future.result() for future in futures]

    def timer(self, delay: Duration, *, name: str = "timer") -> Future[None]:
        """Start an SWF timer (whole seconds, rounded up); its future resolves when it fires.
        Timer ids are ``<name>-<n>``."""
        check_identifier(name, what="timer name", maximum=Limits.NAME_LENGTH - _ID_ROOM)
        seconds = seconds_of(delay, what="delay")
        return self._instance.timer(seconds, name=name)

    def sleep(self, delay: Duration) -> None:
        """Wait ``delay`` (an SWF timer): ``self.timer(delay).result()``."""
        self.timer(delay).result()

    def wait_signal(self, name: str) -> Future[Any]:
        """The next signal ``name`` (its input, decoded), received already or still to come.

        Each call takes one signal: two calls wait for two signals. Input that the converter
        cannot decode arrives as the text itself.
        """
        check_identifier(name, what="signal name")
        return self._instance.signals.wait(name)

    def signal(self, execution: Any, name: str, input: Any = None) -> Future[None]:
        """Signal another execution (``SignalExternalWorkflowExecution``).

        ``execution`` is a workflow id, a ``(workflow_id, run_id)`` pair, a child's future, a
        :class:`~swf.flow.WorkflowHandle` or a :class:`~swf.models.WorkflowExecution`. The
        future resolves once SWF delivered it (or raises :class:`~swf.flow.ScheduleFailed`).
        """
        instance = self._instance
        workflow_id, run_id = _target(execution)
        check_identifier(name, what="signal name")
        payload = encode(self.converter, input, what=f"the input of signal {name}")
        number = instance.count("signal")
        decision = SignalExternalWorkflowExecution(
            workflow_id=workflow_id,
            run_id=run_id,
            signal_name=name,
            input=payload,
            control=f"signal-{number}",
        )
        return SignalCall(instance, decision).future

    def side_effect(self, function: Callable[[], T]) -> T:
        """Run ``function`` once, the first time this point is reached, and record its result
        in the history (a ``MarkerRecorded``); replays return the recorded result. For what
        may differ between runs: random numbers, ids, reading the clock or a file.

        The result goes through the workflow's converter (with JSON, a tuple comes back as a
        list, the first time too).
        """
        result: T = self._instance.markers.side_effect(function)
        return result

    def _change_version(self, change_id: str, min_version: int, max_version: int) -> int:
        """``self.version(change_id, min_version, max_version)`` inside ``run()``: which version
        of a change this execution follows: ``max_version`` for an execution that reaches this
        point for the first time with this code (recorded in a marker), the recorded version
        when replaying, and :data:`~swf.flow.DEFAULT_VERSION` (0) for an execution whose code
        passed here before the call existed.

        ::

            if self.version("send-receipt", 0, 1) == 1:
                self.submit(send_receipt, order)

        :raises NonDeterminismError: the version of this execution is outside
            ``[min_version, max_version]`` (its code is no longer supported).
        """
        check_identifier(change_id, what="change_id")
        if not all(
            isinstance(v, int) and not isinstance(v, bool) for v in (min_version, max_version)
        ):
            raise ValidationError("min_version and max_version must be ints")
        if min_version > max_version:
            raise ValidationError(f"min_version {min_version} is above max_version {max_version}")
        return self._instance.markers.version(change_id, min_version, max_version)

    def continue_as_new(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Close this run and start a new one of the same workflow id with these arguments
        (a fresh history). Does not return: code after it does not run."""
        instance = self._instance
        type(self).bind(args, kwargs)
        payload = encode_arguments(
            self.converter, args, kwargs, what="the input of continue_as_new"
        )
        instance.continue_as_new(payload)

    # -- outside workflow code ------------------------------------------------------------------

    @classmethod
    def bind(cls, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
        """Raise :class:`TypeError` when the arguments do not fit ``run()``."""
        try:
            inspect.signature(cls.run).bind(None, *args, **kwargs)
        except TypeError as error:
            raise TypeError(f"workflow {cls.name}: {error}") from None

    @classmethod
    def options(
        cls,
        *,
        workflow_id: str | None = None,
        task_list: str | None = None,
        execution_timeout: timedelta | None = None,
        tag_list: Sequence[str] | None = None,
    ) -> ChildOptions:
        """This workflow as a child with other options: ``self.submit(Child.options(
        workflow_id="invoice-42"), order)``."""
        if workflow_id is not None:
            check_identifier(workflow_id, what="workflow_id")
        if task_list is not None:
            check_identifier(task_list, what="task_list")
        return ChildOptions(cls, workflow_id, task_list, execution_timeout, tuple(tag_list or ()))

    @classmethod
    def start(
        cls,
        *args: Any,
        domain: str | Domain,
        workflow_id: str | None = None,
        tag_list: Sequence[str] | None = None,
        connection: Connection | None = None,
        **kwargs: Any,
    ) -> WorkflowHandle:
        """Start an execution of this workflow with ``run(*args, **kwargs)``; its handle.

        The workflow type is registered first if SWF does not know it yet. Keyword
        arguments of ``run()`` named like the options below must be passed positionally.

        :param domain: the domain (a name or a :class:`~swf.models.Domain`).
        :param workflow_id: default: a random UUID.
        :param tag_list: up to 5 tags.
        :param connection: default: the domain's, or one from :mod:`swf.settings`.
        """
        from swf.flow.handle import start_workflow

        return start_workflow(
            cls,
            args,
            kwargs,
            domain=domain,
            workflow_id=workflow_id,
            tag_list=tag_list,
            connection=connection,
        )


@dataclass(frozen=True)
class ChildOptions:
    """A workflow class to start as a child, with options (see :meth:`Workflow.options`)."""

    workflow: type[Workflow]
    workflow_id: str | None = None
    task_list: str | None = None
    execution_timeout: timedelta | None = None
    tag_list: tuple[str, ...] = ()


def submit_to(
    instance: WorkflowInstance,
    target: Activity[..., Any] | type[Workflow] | ChildOptions,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Future[Any]:
    """Schedule an activity or start a child workflow for ``instance`` (see
    :meth:`Workflow.submit`)."""
    if isinstance(target, Activity):
        target.bind(args, kwargs)
        payload = encode_arguments(
            target.converter, args, kwargs, what=f"the input of activity {target.name}"
        )
        number = instance.count("activity:" + target.name)
        base_id = fit_id(f"{target.name}-{number}", Limits.NAME_LENGTH - _ID_ROOM)
        return ActivityCall(instance, target, payload, base_id).future
    if isinstance(target, type) and issubclass(target, Workflow):
        target = ChildOptions(target)
    if not isinstance(target, ChildOptions):
        raise TypeError(
            f"submit() takes an @activity or a Workflow subclass, not {type(target).__name__}"
        )
    child = target.workflow
    child.bind(args, kwargs)
    payload = encode_arguments(
        child.converter, args, kwargs, what=f"the input of child workflow {child.name}"
    )
    number = instance.count("child:" + child.name)
    workflow_id = target.workflow_id or fit_id(f"{instance.workflow_id}.{child.name}-{number}")
    decision = StartChildWorkflowExecution(
        workflow_id=workflow_id,
        workflow_type=(child.name, child.version),
        input=payload,
        task_list=target.task_list or child.task_list,
        execution_start_to_close_timeout=target.execution_timeout or child.execution_timeout,
        task_start_to_close_timeout=child.decision_tasks_timeout,
        child_policy=child.child_policy,
        tag_list=list(target.tag_list) if target.tag_list else None,
    )
    return ChildCall(instance, decision, child.converter).future


def _target(execution: Any) -> tuple[str, str | None]:
    """``(workflow_id, run_id)`` of what :meth:`Workflow.signal` was given."""
    if isinstance(execution, str):
        return check_identifier(execution, what="workflow_id"), None
    if isinstance(execution, tuple) and len(execution) == 2:
        workflow_id, run_id = execution
        return check_identifier(workflow_id, what="workflow_id"), run_id
    workflow_id = getattr(execution, "workflow_id", None)
    if isinstance(workflow_id, str):
        return workflow_id, getattr(execution, "run_id", None)
    raise TypeError(
        "signal() takes a workflow id, (workflow_id, run_id), a child's future, a handle or "
        f"a WorkflowExecution, not {type(execution).__name__}"
    )
