"""SWF Local store and deadlines: restarts keep everything, the manual clock fires in step."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from swf.local import LocalSWF, ManualClock, SystemClock
from swf.local.clock import Clock
from swf.local.deadlines import Deadlines
from swf.local.store import Store, Transaction
from tests.local.support import Fired


def client_for(local: LocalSWF) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=local.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}),
    )


def schedule(local: LocalSWF, kind: str, key: str, due: float) -> None:
    service = local.service
    with service.store.transaction() as tx:
        service.deadlines.schedule(tx, kind, key, due)


def pending(local: LocalSWF) -> list[tuple[str, str]]:
    with local.service.store.transaction() as tx:
        rows = tx.all("SELECT kind, key FROM deadlines ORDER BY due, kind, key")
    return [(row["kind"], row["key"]) for row in rows]


def test_restart_on_the_same_file_keeps_domains_and_types(tmp_path: Path) -> None:
    db = tmp_path / "swf.sqlite3"
    with LocalSWF(db, poll_hold=0.1) as first:
        client = client_for(first)
        client.register_domain(name="kept", workflowExecutionRetentionPeriodInDays="3")
        client.register_activity_type(domain="kept", name="a", version="1")
    with LocalSWF(db, poll_hold=0.1) as second:
        client = client_for(second)
        assert client.describe_domain(name="kept")["domainInfo"]["name"] == "kept"
        types = client.list_activity_types(domain="kept", registrationStatus="REGISTERED")
        assert [t["activityType"]["name"] for t in types["typeInfos"]] == ["a"]


def test_temporary_database_is_removed_at_stop() -> None:
    local = LocalSWF(poll_hold=0.1).start()
    path = Path(local.service.store.path)
    assert path.exists()
    local.stop()
    assert not path.exists()
    assert not Path(str(path) + "-wal").exists()


def test_manual_clock_fires_due_deadlines_before_advance_returns(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    start = swf_clock.now()
    schedule(swf_local, "test", "late", start + 20)
    schedule(swf_local, "test", "early", start + 10)
    schedule(swf_local, "test", "later", start + 30)
    swf_clock.advance(9.5)
    assert fired == []
    swf_clock.advance(11)
    assert fired == [("test", "early", start + 10), ("test", "late", start + 20)]
    assert pending(swf_local) == [("test", "later")]


def test_rescheduling_moves_a_deadline_and_cancel_removes_it(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    start = swf_clock.now()
    schedule(swf_local, "test", "moved", start + 10)
    schedule(swf_local, "test", "moved", start + 100)
    schedule(swf_local, "test", "gone", start + 10)
    with swf_local.service.store.transaction() as tx:
        swf_local.service.deadlines.cancel(tx, "test", "gone")
    swf_clock.advance(50)
    assert fired == []
    swf_clock.advance(50)
    assert [key for _, key, _ in fired] == ["moved"]


def test_a_deadline_scheduled_already_due_fires_when_its_transaction_commits(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    schedule(swf_local, "test", "now", swf_clock.now())
    assert [key for _, key, _ in fired] == ["now"]


def test_a_rolled_back_schedule_never_fires(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    with pytest.raises(RuntimeError), swf_local.service.store.transaction() as tx:
        swf_local.service.deadlines.schedule(tx, "test", "never", swf_clock.now())
        raise RuntimeError("operation failed")
    swf_clock.advance(1)
    assert fired == []


def test_handlers_may_schedule_deadlines_that_fire_in_the_same_advance(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    schedule(swf_local, "chain", "3", swf_clock.now() + 5)
    swf_clock.advance(5)
    assert [key for _, key, _ in fired] == ["3", "2", "1", "0"]


def test_a_failing_handler_is_rolled_back_and_dropped_and_others_still_fire(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    start = swf_clock.now()
    schedule(swf_local, "broken", "b", start + 1)
    schedule(swf_local, "test", "after", start + 2)
    swf_clock.advance(5)
    assert [key for _, key, _ in fired] == ["after"]
    assert pending(swf_local) == []
    with swf_local.service.store.transaction() as tx:
        logged = [row["key"] for row in tx.all("SELECT key FROM fired_log")]
    assert logged == ["after"]  # the broken handler's write was rolled back


def test_a_deadline_without_handler_is_dropped(
    fired: Fired, swf_local: LocalSWF, swf_clock: ManualClock
) -> None:
    schedule(swf_local, "no_such_kind", "k", swf_clock.now() + 1)
    swf_clock.advance(1)
    assert pending(swf_local) == []


def test_pending_deadlines_survive_a_restart_and_overdue_ones_fire_at_start(
    tmp_path: Path, fired: Fired
) -> None:
    db = tmp_path / "swf.sqlite3"
    clock = ManualClock(1_000.0)
    with LocalSWF(db, clock=clock, poll_hold=0.1) as first:
        schedule(first, "test", "overdue", 1_010.0)
        schedule(first, "test", "future", 2_000.0)
    clock.advance(100)  # nobody is running: nothing fires
    assert fired == []
    with LocalSWF(db, clock=clock, poll_hold=0.1) as second:
        assert [key for _, key, _ in fired] == ["overdue"]  # fired during start()
        clock.advance(900)
        assert [key for _, key, _ in fired] == ["overdue", "future"]
        assert pending(second) == []


def test_a_stopped_server_no_longer_fires_on_advance(tmp_path: Path, fired: Fired) -> None:
    clock = ManualClock(0.0)
    with LocalSWF(tmp_path / "db", clock=clock, poll_hold=0.1) as local:
        schedule(local, "test", "k", 10.0)
    clock.advance(20)
    assert fired == []


def test_system_clock_fires_overdue_deadlines_on_commit(tmp_path: Path, fired: Fired) -> None:
    clock: Clock = SystemClock()
    with LocalSWF(tmp_path / "db", clock=clock, poll_hold=0.1) as local:
        schedule(local, "test", "past", clock.now() - 60)
        assert [key for _, key, _ in fired] == ["past"]


def test_system_clock_scheduler_thread_fires_a_deadline_due_soon(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    fired = threading.Event()

    def on_soon(tx: Transaction, key: str, due: float) -> None:
        fired.set()

    clock = SystemClock()
    deadlines = Deadlines(store, clock)
    deadlines.start({"soon": on_soon})
    try:
        with store.transaction() as tx:
            deadlines.schedule(tx, "soon", "k", clock.now() + 0.05)
        assert fired.wait(10)  # an upper bound for a failure, not a timing assertion
    finally:
        deadlines.stop()
        store.close()


def test_system_clock_scheduler_wakes_for_a_deadline_earlier_than_the_one_it_sleeps_for(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "db")
    fired: list[str] = []
    soon_fired = threading.Event()

    def on_test(tx: Transaction, key: str, due: float) -> None:
        fired.append(key)
        if key == "soon":
            soon_fired.set()

    clock = SystemClock()
    deadlines = Deadlines(store, clock)
    deadlines.start({"test": on_test})
    try:
        with store.transaction() as tx:
            deadlines.schedule(tx, "test", "late", clock.now() + 3600)
        with store.transaction() as tx:
            deadlines.schedule(tx, "test", "later", clock.now() + 7200)
        with store.transaction() as tx:
            deadlines.schedule(tx, "test", "soon", clock.now() + 0.05)
        assert soon_fired.wait(10)  # an upper bound for a failure, not a timing assertion
        assert fired == ["soon"]
    finally:
        deadlines.stop()
        store.close()


def test_store_transaction_rolls_back_on_error_and_runs_after_commit_only_on_success(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "db")
    calls: list[str] = []
    try:
        with store.transaction() as tx:
            tx.execute("CREATE TABLE t (v TEXT)")
        with pytest.raises(ValueError), store.transaction() as tx:
            tx.execute("INSERT INTO t VALUES ('lost')")
            tx.after_commit(lambda: calls.append("lost"))
            raise ValueError("abort")
        with store.transaction() as tx:
            tx.execute("INSERT INTO t VALUES ('kept')")
            tx.after_commit(lambda: calls.append("kept"))
            assert calls == []  # not before the commit
        assert calls == ["kept"]
        with store.transaction() as tx:
            assert [row["v"] for row in tx.all("SELECT v FROM t")] == ["kept"]
        with store.transaction() as tx:
            journal = tx.scalar("PRAGMA journal_mode")
        assert journal == "wal"
    finally:
        store.close()


def test_a_database_of_another_schema_version_is_refused_with_a_clear_error(
    tmp_path: Path,
) -> None:
    import sqlite3

    from swf.local import IncompatibleDatabaseError

    db = tmp_path / "db"
    with LocalSWF(db, clock=ManualClock(), poll_hold=0.1):
        pass
    with LocalSWF(db, clock=ManualClock(), poll_hold=0.1):
        pass  # the same version opens its own file again
    connection = sqlite3.connect(db)
    connection.execute("UPDATE swf_local_meta SET value = 'elsewhere' WHERE key = 'schema'")
    connection.commit()
    connection.close()
    with pytest.raises(IncompatibleDatabaseError, match="another version of SWF Local"):
        LocalSWF(db, clock=ManualClock(), poll_hold=0.1).start()


def test_a_database_from_before_schema_stamps_is_refused(tmp_path: Path) -> None:
    import sqlite3

    from swf.local import IncompatibleDatabaseError

    db = tmp_path / "db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE domains (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(IncompatibleDatabaseError, match="older SWF Local"):
        LocalSWF(db, clock=ManualClock(), poll_hold=0.1).start()


def test_background_checkpoints_keep_every_commit_and_stop_with_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    with store.transaction() as tx:
        tx.execute("CREATE TABLE t (n INTEGER)")
    for n in range(1000):  # several background checkpoints' worth of commits
        with store.transaction() as tx:
            tx.execute("INSERT INTO t (n) VALUES (?)", (n,))
    store.close()
    assert not store._checkpointer.is_alive()
    again = Store(tmp_path / "db")
    try:
        with again.transaction() as tx:
            row = tx.one("SELECT count(*) AS count, sum(n) AS total FROM t")
        assert row == {"count": 1000, "total": sum(range(1000))}
    finally:
        again.close()
