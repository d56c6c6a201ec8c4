"""The :class:`Decision` base class and the local checks every decision builder shares.

Every check runs when a decision is built, so a bad decision raises
:class:`~swf.exceptions.ValidationError` in the decider, naming the decision and the field,
before anything is sent. ``to_api()`` never sends ``None`` members: an omitted option is
absent from the dict (SWF then uses the type's default).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, ClassVar, Final, Literal, Protocol, runtime_checkable

from swf.constants import ChildPolicy, Limits
from swf.exceptions import ValidationError
from swf.wire import (
    check_identifier,
    check_length,
    decision_attributes_key,
    duration_to_wire,
    enum_value,
    payload_to_wire,
    priority_to_wire,
)

__all__ = [
    "NO_TIMEOUT",
    "Decision",
    "Duration",
    "NamedVersion",
    "Payload",
    "TypeLike",
]

NO_TIMEOUT: Final = "NONE"
"""Pass as a time-out to mean "no time-out" (SWF's ``NONE``); ``None`` means "not given"."""

Duration = timedelta | int | float | Literal["NONE"] | None
"""A time-out option: a :class:`~datetime.timedelta` or a number of seconds (whole seconds),
:data:`NO_TIMEOUT`, or ``None`` to leave it out (the type's default applies)."""

Payload = Any
"""An input, result, details or control value: a string is sent as it is, anything else is
encoded as JSON (:func:`swf.wire.payload_to_wire`); ``None`` sends nothing."""


@runtime_checkable
class NamedVersion(Protocol):
    """Anything with a ``name`` and a ``version``: a model's ``ActivityType`` or
    ``WorkflowType``, or a history's ``ActivityTypeRef`` / ``WorkflowTypeRef``."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...


TypeLike = tuple[str, str] | NamedVersion
"""A workflow or activity type: ``("name", "version")`` or an object with both attributes."""

_LAMBDA_ROLE_MAX = 1600


class Decision:
    """Base of the 13 decision builders.

    Subclasses are frozen keyword-only dataclasses; they check their fields when built and
    produce the API dict with :meth:`to_api`.
    """

    __slots__ = ()

    DECISION_TYPE: ClassVar[str] = ""
    """The SWF ``decisionType``."""
    ATTRIBUTES_KEY: ClassVar[str] = ""
    """The key of the decision's attributes in the API dict, e.g.
    ``"startTimerDecisionAttributes"``: set from :attr:`DECISION_TYPE` by SWF's rule."""
    IS_CLOSING: ClassVar[bool] = False
    """Whether the decision closes the execution (complete, fail, cancel, continue as new)."""

    def __init_subclass__(cls) -> None:
        # No super() call: object's does nothing, and the zero-argument form breaks in
        # slotted dataclasses (their __class__ cell names the class before slots were added).
        if "DECISION_TYPE" in cls.__dict__ and "ATTRIBUTES_KEY" not in cls.__dict__:
            cls.ATTRIBUTES_KEY = decision_attributes_key(cls.DECISION_TYPE)

    def attributes(self) -> dict[str, Any]:
        """The ``<decisionType>DecisionAttributes`` dict (camelCase, no ``None`` values)."""
        raise NotImplementedError

    def to_api(self) -> dict[str, Any]:
        """The decision as SWF's ``Decision`` structure, ready for RespondDecisionTaskCompleted."""
        return {"decisionType": self.DECISION_TYPE, self.ATTRIBUTES_KEY: self.attributes()}

    # -- checks shared by the builders (they raise ValidationError naming the field) --------

    def _what(self, field: str) -> str:
        return f"{type(self).__name__}.{field}"

    def _set(self, field: str, value: Any) -> None:
        object.__setattr__(self, field, value)

    def _identifier(self, field: str, value: Any) -> None:
        check_identifier(value, what=self._what(field))

    def _payload(self, field: str, value: Any, maximum: int = Limits.PAYLOAD_LENGTH) -> None:
        """Check a payload field and keep its wire form (a string: JSON for anything else)."""
        self._set(field, payload_to_wire(value, what=self._what(field), maximum=maximum))

    def _reason(self, field: str, value: Any) -> None:
        check_length(value, what=self._what(field), maximum=Limits.REASON_LENGTH)

    def _run_id(self, field: str, value: Any) -> None:
        check_length(value, what=self._what(field), maximum=Limits.RUN_ID_LENGTH)

    def _lambda_role(self, field: str, value: Any) -> None:
        check_length(value, what=self._what(field), maximum=_LAMBDA_ROLE_MAX, minimum=1)

    def _duration(self, field: str, value: Any, *, allow_none: bool = True) -> str | None:
        """A time-out field's wire form; ``None`` (not given) stays ``None``."""
        if value is None:
            return None
        return duration_to_wire(value, what=self._what(field), allow_none=allow_none)

    def _type(self, field: str, value: Any) -> None:
        """Normalise a type given as a tuple or a model to ``(name, version)``."""
        if isinstance(value, tuple) and len(value) == 2:
            name, version = value
        elif isinstance(value, NamedVersion):
            name, version = value.name, value.version
        else:
            raise ValidationError(
                f"{self._what(field)} must be (name, version) or have .name and .version, "
                f"not {value!r}"
            )
        check_identifier(name, what=f"{self._what(field)} name")
        check_identifier(
            version, what=f"{self._what(field)} version", maximum=Limits.VERSION_LENGTH
        )
        self._set(field, (name, version))

    def _task_list(self, field: str, value: Any) -> None:
        if value is not None:
            check_identifier(value, what=self._what(field))

    def _priority(self, field: str, value: Any) -> None:
        priority_to_wire(value, what=self._what(field))

    def _child_policy(self, field: str, value: Any) -> None:
        if value is not None:
            self._set(field, enum_value(ChildPolicy, value, what=self._what(field)))

    def _tags(self, field: str, value: Iterable[str] | None) -> None:
        if value is None:
            return
        if isinstance(value, str):
            raise ValidationError(f"{self._what(field)} must be a list of strings, not a string")
        tags = tuple(value)
        if len(tags) > Limits.TAGS_PER_EXECUTION:
            raise ValidationError(
                f"{self._what(field)} has {len(tags)} tags; SWF allows {Limits.TAGS_PER_EXECUTION}"
            )
        for tag in tags:
            check_length(tag, what=f"{self._what(field)} tag", maximum=Limits.TAG_LENGTH)
        self._set(field, tags)
