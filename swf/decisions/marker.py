"""The RecordMarker decision: write a named note into the history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from swf.decisions._base import Decision, Payload
from swf.wire import compact

__all__ = ["RecordMarker"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordMarker(Decision):
    """Record a marker (``MarkerRecorded``): a note for later decision tasks to read."""

    DECISION_TYPE: ClassVar[str] = "RecordMarker"

    marker_name: str
    details: Payload = None

    def __post_init__(self) -> None:
        self._identifier("marker_name", self.marker_name)
        self._payload("details", self.details)

    def attributes(self) -> dict[str, Any]:
        """The ``recordMarkerDecisionAttributes`` dict."""
        return compact(markerName=self.marker_name, details=self.details)
