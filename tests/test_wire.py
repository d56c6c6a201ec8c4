"""Wire conversions: durations and timestamps in, clear errors out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from swf.exceptions import ValidationError
from swf.wire import (
    check_identifier,
    check_payload,
    datetime_from_wire,
    datetime_to_wire,
    duration_from_wire,
    duration_to_wire,
)

MOMENT = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "wire"),
    [(timedelta(minutes=5), "300"), (None, "NONE"), (0, "0"), ("NONE", "NONE"), ("42", "42")],
)
def test_durations_go_out_as_seconds_or_none(value: object, wire: str) -> None:
    assert duration_to_wire(value, what="timeout") == wire  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", [timedelta(seconds=1.5), -1, 100_000_000, "soon", 1.5, True, timedelta(days=-1)]
)
def test_bad_durations_are_refused_naming_the_option(value: object) -> None:
    with pytest.raises(ValidationError, match="timeout"):
        duration_to_wire(value, what="timeout")  # type: ignore[arg-type]


def test_durations_come_back_as_timedelta_or_none() -> None:
    assert duration_from_wire("300") == timedelta(minutes=5)
    assert duration_from_wire("NONE") is None
    assert duration_from_wire(None) is None


@pytest.mark.parametrize(
    "value",
    [
        MOMENT,
        MOMENT.timestamp(),
        int(MOMENT.timestamp()),
        str(MOMENT.timestamp()),
        "2026-11-28T12:00:00+00:00",
        "2026-11-28T13:00:00+01:00",
        datetime(2026, 11, 28, 12, 0),
    ],
)
def test_timestamps_come_back_as_aware_utc(value: object) -> None:
    parsed = datetime_from_wire(value)
    assert parsed == MOMENT
    assert parsed is not None and parsed.tzinfo == timezone.utc


@pytest.mark.parametrize("value", ["yesterday", [1], True, object()])
def test_unreadable_timestamps_are_a_validation_error(value: object) -> None:
    with pytest.raises(ValidationError, match="timestamp"):
        datetime_from_wire(value)


def test_naive_datetimes_are_refused_on_the_way_out() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        datetime_to_wire(datetime(2026, 1, 1), what="started_after")
    assert datetime_to_wire(MOMENT, what="x") == MOMENT


@pytest.mark.parametrize(
    "name", ["", "a:b", "a/b", "a|b", "tab\there", "arn", " padded", "x" * 257, "\x7f"]
)
def test_names_swf_forbids_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        check_identifier(name, what="domain")


def test_names_swf_accepts_pass_through() -> None:
    assert check_identifier("orders-é-1.0_x", what="domain") == "orders-é-1.0_x"
    assert check_identifier("x" * 256, what="domain") == "x" * 256


def test_payloads_over_the_limit_are_refused_not_truncated() -> None:
    check_payload("x" * 32768, what="input")
    with pytest.raises(ValidationError, match="32769 characters"):
        check_payload("x" * 32769, what="input")
