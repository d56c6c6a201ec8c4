"""The SQLite store of SWF Local: one file in WAL mode, one transaction per operation.

Every operation runs in ``with store.transaction() as tx:``; writers are serialized (one lock for
the process plus ``BEGIN IMMEDIATE``), a transaction commits when the block ends normally and
rolls back when it raises. Hooks registered with :meth:`Transaction.before_commit` run inside the
transaction just before it commits (SWF Local enforces the history limit there); callbacks
registered with :meth:`Transaction.after_commit` run after a successful commit, outside the lock
(SWF Local uses them to wake long polls only once the task they wait for is durable).

Rows come back as plain dicts (:data:`Row`), whatever the query.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any

__all__ = ["Row", "Store", "Transaction"]

log = logging.getLogger("swf.local.store")

#: A row of a query: column name -> value.
Row = dict[str, Any]

#: Commits between two background checkpoints (a commit writes a few pages to the WAL).
_CHECKPOINT_EVERY = 200
#: WAL pages after which the committing connection checkpoints by itself. Under steady load
#: the background checkpoints copy the pages but cannot let the WAL restart from its
#: beginning (new commits keep arriving while they run), so the WAL grows to this size
#: (~32 MB) and the committing connection then checkpoints the few pages left and restarts it:
#: one short stall every ~1,000 commits instead of a full checkpoint every ~125.
_BACKSTOP_PAGES = 8_000


def _dict_row(cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> Row:
    return dict(zip([column[0] for column in cursor.description], values, strict=True))


class Transaction:
    """An open transaction: run statements, and queue work for before and after the commit."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._before_commit: dict[Hashable, Callable[[], Any]] = {}
        self._after_commit: list[Callable[[], Any]] = []

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement; returns the cursor (its rows are :data:`Row` dicts)."""
        return self.connection.execute(sql, params)

    def executemany(
        self, sql: str, seq: Iterable[Sequence[Any] | dict[str, Any]]
    ) -> sqlite3.Cursor:
        """Run one statement for each parameter set."""
        return self.connection.executemany(sql, seq)

    def executescript(self, script: str) -> None:
        """Run several ``;``-separated statements (no parameters) inside the transaction."""
        for statement in script.split(";"):
            if statement.strip():
                self.connection.execute(statement)

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        row: Row | None = self.connection.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        """All rows of a query."""
        rows: list[Row] = self.connection.execute(sql, params).fetchall()
        return rows

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """The first column of the first row of a query (None without a row)."""
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    def before_commit(self, key: Hashable, fn: Callable[[], Any]) -> None:
        """Run ``fn()`` inside this transaction once its block has ended, before it commits.

        One hook per ``key`` is pending at a time (registering the key again keeps the first);
        a hook may register others, which run in the same transaction. A hook that raises
        rolls the transaction back.
        """
        self._before_commit.setdefault(key, fn)

    def after_commit(self, fn: Callable[[], Any]) -> None:
        """Run ``fn()`` once this transaction has committed (never if it rolls back)."""
        self._after_commit.append(fn)

    def _run_before_commit(self) -> None:
        while self._before_commit:
            key = next(iter(self._before_commit))
            self._before_commit.pop(key)()


class Store:
    """A SQLite database in WAL mode.

    ``path`` is the database file; ``None`` makes a private temporary file that :meth:`close`
    removes. ``synchronous=NORMAL``: a committed transaction survives the process dying (not
    necessarily the machine losing power).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._temporary = path is None
        if path is None:
            fd, name = tempfile.mkstemp(prefix="swf-local-", suffix=".sqlite3")
            os.close(fd)
            path = name
        self.path = os.fspath(path)
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self._connection.row_factory = _dict_row
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute("PRAGMA foreign_keys=ON")
        # Checkpoints (copying the WAL into the database file, with an fsync) run in a
        # thread of their own on a second connection, outside the store lock: done by the
        # committing connection, every ~1,000 pages, they froze every operation for a few
        # milliseconds. The connection's own auto-checkpoint stays as a backstop (see
        # _BACKSTOP_PAGES); close() truncates the WAL.
        self._connection.execute(f"PRAGMA wal_autocheckpoint={_BACKSTOP_PAGES}")
        self._depth = 0
        self._current: Transaction | None = None
        self._commits = 0
        self._checkpoint_wanted = threading.Event()
        self._checkpointer_stop = False
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, name="swf-local-checkpoint", daemon=True
        )
        self._checkpointer.start()
        log.debug("opened store %s", self.path)

    def _checkpoint_loop(self) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            while True:
                self._checkpoint_wanted.wait()
                self._checkpoint_wanted.clear()
                if self._checkpointer_stop:
                    return
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    log.exception("background checkpoint failed (the next one retries)")
        finally:
            connection.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (use :meth:`transaction` instead where you can)."""
        if self._connection is None:
            raise RuntimeError("the store is closed")
        return self._connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Open a write transaction; commit on success, roll back on an exception.

        Nested use in one thread joins the outer transaction (its hooks and after-commit
        callbacks run when the outer one commits).
        """
        with self._lock:
            connection = self.connection
            if self._depth:
                outer = self._current
                assert outer is not None
                self._depth += 1
                try:
                    yield outer
                finally:
                    self._depth -= 1
                return
            connection.execute("BEGIN IMMEDIATE")
            tx = Transaction(connection)
            self._current = tx
            self._depth = 1
            try:
                yield tx
                tx._run_before_commit()
            except BaseException:
                self._depth = 0
                connection.execute("ROLLBACK")
                raise
            self._depth = 0
            connection.execute("COMMIT")
            self._commits += 1
            if self._commits % _CHECKPOINT_EVERY == 0:
                self._checkpoint_wanted.set()
        for fn in tx._after_commit:
            try:
                fn()
            except Exception:
                log.exception("after-commit callback failed")

    def close(self) -> None:
        """Close the database (and remove it if it was a private temporary file)."""
        self._checkpointer_stop = True
        self._checkpoint_wanted.set()
        self._checkpointer.join(timeout=30)
        with self._lock:
            if self._connection is None:
                return
            try:
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
            self._connection.close()
            self._connection = None
        if self._temporary:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(self.path + suffix)
        log.debug("closed store %s", self.path)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run."""
        return self._connection is None

    def __repr__(self) -> str:
        return f"<Store {self.path}>"
