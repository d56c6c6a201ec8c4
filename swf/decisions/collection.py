""":class:`DecisionCollection`: the decisions of one decision task, checked as they are added.

>>> from swf.decisions import CompleteWorkflowExecution, RecordMarker
>>> decisions = DecisionCollection()
>>> decisions.append(RecordMarker(marker_name="checkpoint"))
>>> decisions.append(CompleteWorkflowExecution(result="done"))
>>> decisions.append(CompleteWorkflowExecution(result="again"))
Traceback (most recent call last):
  ...
swf.exceptions.ValidationError: there is a closing decision already \
(CompleteWorkflowExecution); CompleteWorkflowExecution would be a second one
>>> client.respond_decision_task_completed(
...     taskToken=token, decisions=decisions.to_api())  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from swf.constants import Limits
from swf.decisions._base import Decision
from swf.exceptions import ValidationError

__all__ = ["DecisionCollection"]


class DecisionCollection(Sequence[Decision]):
    """An ordered list of decisions that refuses what SWF would refuse.

    * at most 100 decisions (SWF's limit per RespondDecisionTaskCompleted);
    * at most one closing decision (complete, fail, cancel or continue as new).
    """

    __slots__ = ("_decisions",)

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self._decisions: list[Decision] = []
        self.extend(decisions)

    def append(self, decision: Decision) -> None:
        """Add a decision.

        :raises ValidationError: for a 101st decision, a second closing decision, or something
            that is not a decision.
        """
        if not isinstance(decision, Decision):
            raise ValidationError(
                f"not a decision: {type(decision).__name__} (use the builders in swf.decisions)"
            )
        if len(self._decisions) >= Limits.DECISIONS_PER_COMPLETION:
            raise ValidationError(
                f"a decision task takes at most {Limits.DECISIONS_PER_COMPLETION} decisions"
            )
        if decision.IS_CLOSING:
            closing = self.closing_decision
            if closing is not None:
                raise ValidationError(
                    f"there is a closing decision already ({closing.DECISION_TYPE}); "
                    f"{decision.DECISION_TYPE} would be a second one"
                )
        self._decisions.append(decision)

    def extend(self, decisions: Iterable[Decision]) -> None:
        """Add decisions in order (each checked as by :meth:`append`)."""
        for decision in decisions:
            self.append(decision)

    def clear(self) -> None:
        """Remove every decision."""
        self._decisions.clear()

    @property
    def closing_decision(self) -> Decision | None:
        """The decision that closes the execution, if there is one."""
        return next((d for d in self._decisions if d.IS_CLOSING), None)

    def to_api(self) -> list[dict[str, Any]]:
        """The ``decisions`` list for RespondDecisionTaskCompleted."""
        return [decision.to_api() for decision in self._decisions]

    def __len__(self) -> int:
        return len(self._decisions)

    def __iter__(self) -> Iterator[Decision]:
        return iter(self._decisions)

    @overload
    def __getitem__(self, index: int) -> Decision: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Decision]: ...

    def __getitem__(self, index: int | slice) -> Decision | Sequence[Decision]:
        return self._decisions[index]

    def __repr__(self) -> str:
        kinds = ", ".join(d.DECISION_TYPE for d in self._decisions)
        return f"<DecisionCollection [{kinds}]>"
