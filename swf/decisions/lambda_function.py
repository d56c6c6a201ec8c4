"""The ScheduleLambdaFunction decision (SWF Local answers it with
``ScheduleLambdaFunctionFailed``: it runs no Lambda functions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from swf.decisions._base import Decision, Duration, Payload
from swf.wire import check_length, compact

__all__ = ["ScheduleLambdaFunction"]

_FUNCTION_NAME_LENGTH = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleLambdaFunction(Decision):
    """Schedule an AWS Lambda task (``function_id`` names this task, ``function_name`` the
    Lambda function)."""

    DECISION_TYPE: ClassVar[str] = "ScheduleLambdaFunction"

    function_id: str
    function_name: str
    input: Payload = None
    control: Payload = None
    start_to_close_timeout: Duration = None

    def __post_init__(self) -> None:
        self._identifier("function_id", self.function_id)
        self._identifier("function_name", self.function_name)
        check_length(
            self.function_name, what=self._what("function_name"), maximum=_FUNCTION_NAME_LENGTH
        )
        self._payload("input", self.input)
        self._payload("control", self.control)
        self.attributes()  # checks the duration

    def attributes(self) -> dict[str, Any]:
        """The ``scheduleLambdaFunctionDecisionAttributes`` dict."""
        return compact(
            id=self.function_id,
            name=self.function_name,
            control=self.control,
            input=self.input,
            startToCloseTimeout=self._duration(
                "start_to_close_timeout", self.start_to_close_timeout
            ),
        )
