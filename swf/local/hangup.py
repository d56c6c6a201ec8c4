"""Hangup: how the HTTP layer tells a long poll that nobody will read its answer.

A poll is held on its connection for up to a minute. If, meanwhile, the client closes the
connection (its process was killed, or ``Actor.stop()`` closed it) or sends another request on
it (the connection is shared by processes that forked while it sat in a pool), any task the
poll claimed would be lost until its timeout, or handed to the wrong process. The HTTP layer
makes a :class:`Hangup` per request and sets it when it sees either; the service's poll loop
checks it before every claim, and subscribes a wake-up to it before it waits::

    hangup = hangups.current()            # None outside an HTTP request
    if hangup is not None and hangup.is_set:
        return None                       # claim nothing: the answer would not be delivered
    hangup.subscribe(wake_this_poll)      # runs once, when (if) the hangup is set

Subscribing *arms* the hangup: the HTTP layer starts watching the connection only for polls
that actually wait, so a poll that finds a task at once costs nothing more.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar

__all__ = ["Hangup", "bound", "current"]


class Hangup:
    """Set once the client of a request in progress is gone or its connection is shared.

    ``arm(hangup)`` (given by the HTTP layer) is called at the first :meth:`subscribe`.
    ``reason`` is ``"closed"`` (the client closed the connection) or ``"shared"`` (another
    request arrived on it before this one was answered).
    """

    __slots__ = ("_arm", "_armed", "_callbacks", "_lock", "reason")

    def __init__(self, arm: Callable[[Hangup], None] | None = None) -> None:
        self._arm = arm
        self._armed = False
        self._callbacks: list[Callable[[], None]] | None = []
        self._lock = threading.Lock()
        self.reason: str | None = None

    @property
    def is_set(self) -> bool:
        """True once the answer to this request cannot be delivered."""
        return self._callbacks is None

    @property
    def armed(self) -> bool:
        """True once somebody subscribed (the HTTP layer is then watching the connection)."""
        return self._armed

    def set(self, reason: str = "closed") -> None:
        """Mark the request's client as gone and run the subscribed callbacks (once)."""
        with self._lock:
            callbacks = self._callbacks
            if callbacks is None:
                return
            self._callbacks = None
            self.reason = reason
        for callback in callbacks:
            callback()

    def subscribe(self, callback: Callable[[], None]) -> None:
        """Run ``callback()`` when the hangup is set (at once if it is already)."""
        with self._lock:
            callbacks = self._callbacks
            if callbacks is not None:
                callbacks.append(callback)
            arm = not self._armed and self._arm is not None
            self._armed = True
        if callbacks is None:
            callback()
        elif arm:
            assert self._arm is not None
            self._arm(self)

    def __repr__(self) -> str:
        return f"<Hangup {self.reason or 'not set'}>"


_current: ContextVar[Hangup | None] = ContextVar("swf_local_hangup", default=None)


def current() -> Hangup | None:
    """The hangup of the HTTP request this thread is serving (None outside one)."""
    return _current.get()


@contextlib.contextmanager
def bound(hangup: Hangup | None) -> Iterator[None]:
    """Make ``hangup`` the :func:`current` one inside the block."""
    token = _current.set(hangup)
    try:
        yield
    finally:
        _current.reset(token)
