""":class:`Future`: work a workflow started and has not necessarily seen finish; and
:func:`wait`.

A future is resolved by the history (an ``ActivityTaskCompleted``, a ``TimerFired`` ...), never
by a thread of the workflow's own. ``result()`` on an unresolved future suspends ``run()``
until a later decision task brings what resolves it: the workflow's decisions so far are sent,
and the code goes on where it stopped when the answer arrives.

::

    first = self.submit(fetch, "a")
    second = self.submit(fetch, "b")               # both run at once
    done, pending = wait(first, second, return_when=FIRST_COMPLETED)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from swf.flow._runtime import current_instance
from swf.flow.errors import Cancelled

if TYPE_CHECKING:
    from swf.flow.converter import Converter

__all__ = [
    "ALL_COMPLETED",
    "FIRST_COMPLETED",
    "FIRST_EXCEPTION",
    "DoneAndNotDone",
    "Future",
    "wait",
]

T = TypeVar("T")

ALL_COMPLETED = "ALL_COMPLETED"
""":func:`wait` returns when every future is done."""
FIRST_COMPLETED = "FIRST_COMPLETED"
""":func:`wait` returns when at least one future is done."""
FIRST_EXCEPTION = "FIRST_EXCEPTION"
""":func:`wait` returns when a future failed, or when every future is done."""

_PENDING = 0
_DONE = 1
_NO_VALUE: Any = object()


class Future(Generic[T]):
    """The eventual result of an activity, a child workflow, a timer or a signal.

    Resolved by the engine as the history tells; read from workflow code only.
    """

    __slots__ = ("_canceller", "_converter", "_error", "_payload", "_state", "_value", "what")

    def __init__(self, what: str, *, canceller: Callable[[], bool] | None = None) -> None:
        self.what = what
        """What the future stands for, e.g. ``"activity resize-1"``."""
        self._state = _PENDING
        self._value: Any = _NO_VALUE
        self._payload: str | None = None
        self._converter: Converter | None = None
        self._error: BaseException | None = None
        self._canceller = canceller

    def __repr__(self) -> str:
        if self._state == _PENDING:
            state = "pending"
        elif self._error is not None:
            state = f"failed: {type(self._error).__name__}"
        else:
            state = "done"
        return f"<Future {self.what} {state}>"

    # -- reading (workflow code) --------------------------------------------------------------

    def done(self) -> bool:
        """True once resolved (completed, failed or canceled). Never suspends."""
        return self._state == _DONE

    def cancelled(self) -> bool:
        """True when resolved as canceled (its :meth:`result` raises
        :class:`~swf.flow.Cancelled`)."""
        return self._state == _DONE and isinstance(self._error, Cancelled)

    def result(self) -> T:
        """The result; suspends ``run()`` until the future is resolved.

        :raises ActivityFailed, ActivityTimedOut, ChildWorkflowFailed, ScheduleFailed,
            Cancelled: what happened instead (see :mod:`swf.flow.errors`).
        """
        if self._state != _DONE:
            _block_until(self.done, f"the result of {self.what}")
        if self._error is not None:
            raise self._error
        if self._value is _NO_VALUE:
            assert self._converter is not None
            value: T = self._converter.decode(self._payload)
            return value
        found: T = self._value
        return found

    def exception(self) -> BaseException | None:
        """The error the future failed with (``None`` if it completed); suspends like
        :meth:`result`."""
        if self._state != _DONE:
            _block_until(self.done, f"the outcome of {self.what}")
        return self._error

    def cancel(self) -> bool:
        """Ask for cancellation; ``True`` when a cancel was requested.

        Not yet sent to SWF: dropped, and the future is canceled at once. A started timer: a
        ``CancelTimer`` decision, the future canceled at once. A scheduled activity: a
        ``RequestCancelActivityTask`` decision; the future resolves when the activity ends
        (canceled, or completed if it finished first). A child workflow: a
        ``RequestCancelExternalWorkflowExecution``; the child decides how it ends. ``False``
        when already done or not cancellable (a signal).
        """
        if self._state == _DONE or self._canceller is None:
            return False
        return self._canceller()

    # -- resolving (engine) -------------------------------------------------------------------

    def set_result(self, value: Any) -> None:
        """Resolve with ``value``."""
        if self._state == _PENDING:
            self._value = value
            self._state = _DONE

    def set_payload(self, payload: str | None, converter: Converter) -> None:
        """Resolve with a payload, decoded (by ``converter``) when read."""
        if self._state == _PENDING:
            self._payload = payload
            self._converter = converter
            self._state = _DONE

    def set_exception(self, error: BaseException) -> None:
        """Resolve with an error."""
        if self._state == _PENDING:
            self._error = error
            self._state = _DONE


def _block_until(ready: Callable[[], bool], what: str) -> None:
    instance = current_instance()
    if instance is None:
        raise RuntimeError(
            f"cannot wait for {what} outside workflow code (a future is read in run())"
        )
    instance.block_until(ready)


class DoneAndNotDone(NamedTuple):
    """What :func:`wait` returns: futures in the order they were given."""

    done: list[Future[Any]]
    not_done: list[Future[Any]]


def wait(
    *futures: Future[Any] | Iterable[Future[Any]], return_when: str = ALL_COMPLETED
) -> DoneAndNotDone:
    """Suspend until the futures are done (or one is, or one failed), like
    :func:`concurrent.futures.wait`.

    Accepts futures, or iterables of them. Returns ``(done, not_done)`` as lists in the order
    given (never sets: their order would differ between replays). Failed futures count as done;
    ``wait`` itself never raises their errors.
    """
    flat: list[Future[Any]] = []
    for item in futures:
        if isinstance(item, Future):
            flat.append(item)
        else:
            for future in item:
                if not isinstance(future, Future):
                    raise TypeError(f"wait() takes futures, not {type(future).__name__}")
                flat.append(future)
    if return_when not in (ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION):
        raise ValueError("return_when must be ALL_COMPLETED, FIRST_COMPLETED or FIRST_EXCEPTION")

    def ready() -> bool:
        if return_when == FIRST_COMPLETED:
            return not flat or any(f.done() for f in flat)
        if return_when == FIRST_EXCEPTION and any(
            f.done() and f._error is not None and not isinstance(f._error, Cancelled) for f in flat
        ):
            return True
        return all(f.done() for f in flat)

    if not ready():
        _block_until(ready, f"{len(flat)} futures")
    return DoneAndNotDone([f for f in flat if f.done()], [f for f in flat if not f.done()])
