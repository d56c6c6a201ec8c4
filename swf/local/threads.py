"""The helper threads of SWF Local's HTTP server (swf/local/connections.py).

:class:`Watcher` watches the sockets of held long polls: one that becomes readable has a client
that went away or sent another request, and its poll's :class:`~swf.local.hangup.Hangup` is
set. :class:`Workers` serves connections on threads that are kept between connections.
"""

from __future__ import annotations

import queue
import selectors
import socket
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from swf.local.hangup import Hangup

__all__ = ["Watcher", "Workers"]

C = TypeVar("C")


class Watcher:
    """One thread watching the sockets of held polls: a socket that becomes readable has a
    client that went away or sent another request, and its poll's hangup is set."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._thread: threading.Thread | None = None
        self._closed = False
        self._watched = 0

    def watch(self, sock: socket.socket, hangup: Hangup) -> None:
        """Set ``hangup`` when ``sock`` becomes readable (until :meth:`unwatch`)."""
        with self._lock:
            if self._closed:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="swf-local-watch", daemon=True
                )
                self._thread.start()
            try:
                self._selector.register(sock, selectors.EVENT_READ, hangup)
            except KeyError:
                self._selector.modify(sock, selectors.EVENT_READ, hangup)
            else:
                self._watched += 1
                self._changed.notify_all()
        self._wake()

    def unwatch(self, sock: socket.socket) -> None:
        """Stop watching ``sock`` (before it is read or closed again)."""
        with self._lock:
            try:
                self._selector.unregister(sock)
            except (KeyError, ValueError):
                return
            self._watched -= 1
            self._changed.notify_all()

    @property
    def watched(self) -> int:
        """How many held polls are watched now (a poll whose client went counts until its
        hangup is set)."""
        with self._lock:
            return self._watched

    def wait_for(self, count: int, timeout: float) -> bool:
        """Wait until exactly ``count`` polls are watched (for tests); False on time-out."""
        with self._lock:
            return self._changed.wait_for(lambda: self._watched == count, timeout)

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except OSError:  # pragma: no cover - a full wake buffer already wakes the thread
            pass

    def _run(self) -> None:
        while True:
            events = self._selector.select()
            hung: list[tuple[Hangup, str]] = []
            with self._lock:
                if self._closed:
                    return
                for key, _ in events:
                    if key.data is None:
                        try:
                            while self._wake_r.recv(4096):
                                pass
                        except OSError:
                            pass
                        continue
                    try:
                        registered = self._selector.get_key(key.fileobj)
                    except (KeyError, ValueError):
                        continue
                    if registered is not key:  # unwatched, and the descriptor reused meanwhile
                        continue
                    self._selector.unregister(key.fileobj)
                    hung.append((key.data, _peek_state(key.fileobj)))  # type: ignore[arg-type]
            for hangup, reason in hung:
                hangup.set(reason)
            if hung:
                with self._lock:
                    self._watched -= len(hung)
                    self._changed.notify_all()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        self._wake()
        if thread is not None:
            thread.join(5)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()


def _peek_state(sock: socket.socket) -> str:
    try:
        data = sock.recv(1, socket.MSG_PEEK | getattr(socket, "MSG_DONTWAIT", 0))
    except BlockingIOError:  # pragma: no cover - readable means there is something to see
        return "shared"
    except OSError:
        return "closed"
    return "shared" if data else "closed"


class Workers(Generic[C]):
    """Threads that serve connections, one connection at a time each, kept once they are done
    (up to ``keep`` idle ones): an answer that hands out a task closes its connection, so
    connections come and go at the rate of tasks, and a new thread per connection cost the
    server ~0.2 ms of CPU each."""

    def __init__(self, serve: Callable[[C], None], *, keep: int = 32) -> None:
        self._serve = serve
        self._keep = keep
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[C | None] = queue.SimpleQueue()
        self._idle = 0  # workers waiting for a connection, each promised one item of the queue
        self._threads: set[threading.Thread] = set()
        self._closed = False

    def submit(self, connection: C) -> None:
        """Serve ``connection`` on an idle worker, or on a new one."""
        with self._lock:
            reuse = self._idle > 0
            if reuse:
                self._idle -= 1
            else:
                thread = threading.Thread(
                    target=self._run, args=(connection,), name="swf-local-conn", daemon=True
                )
                self._threads.add(thread)
        if reuse:
            self._queue.put(connection)
        else:
            thread.start()

    def _run(self, connection: C | None) -> None:
        try:
            while connection is not None:
                self._serve(connection)
                with self._lock:
                    if self._closed or self._idle >= self._keep:
                        return
                    self._idle += 1
                connection = self._queue.get()
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def close(self, timeout: float) -> None:
        """Let idle workers go (busy ones end with their connection)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, 0
            threads = list(self._threads)
        for _ in range(idle):
            self._queue.put(None)
        for thread in threads:
            thread.join(timeout)
