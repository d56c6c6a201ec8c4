"""The base of every model: an immutable value that knows how to compare itself with SWF.

A model is built locally (nothing is sent) and talks to SWF only in :meth:`Model.save`,
:meth:`Model.delete`, :meth:`Model.upstream` and the sync properties :attr:`Model.exists`,
:attr:`Model.is_synced` and :attr:`Model.changes`. Changing a model makes a new one
(:meth:`Model.replace`); the old one is left as it was.

Equality ignores the connection: two models of the same entity with the same attributes are
equal whichever settings they talk through.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypedDict, TypeVar

from swf.constants import ChildPolicy, RegistrationStatus
from swf.core import ConnectedSWFObject, Connection
from swf.exceptions import DoesNotExistError, ValidationError
from swf.wire import (
    check_identifier,
    check_length,
    does_not_exist,
    duration_from_wire,
    duration_to_wire,
    enum_value,
    payload_to_wire,
)

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Difference", "Model", "ModelDiff", "SettingsOverrides"]

M = TypeVar("M", bound="Model")


class SettingsOverrides(TypedDict, total=False):
    """Settings a model or queryset may be given instead of a ``connection=``."""

    aws_access_key_id: str | None
    aws_secret_access_key: str | None
    aws_session_token: str | None
    region: str | None
    endpoint_url: str | None
    profile: str | None


def _show(value: Any) -> str:
    # Enums print as their wire value, so a diff reads like the quickstart's.
    if isinstance(value, enum.Enum) and isinstance(value, str):
        return repr(str(value))
    return repr(value)


class Difference(NamedTuple):
    """One attribute whose local value differs from SWF's.

    >>> Difference("status", "REGISTERED", "DEPRECATED")
    Difference('status', 'REGISTERED', 'DEPRECATED')
    """

    attr: str
    """The attribute's name on the model."""
    local: Any
    """The value on the local model."""
    upstream: Any
    """The value SWF has."""

    def __repr__(self) -> str:
        return f"Difference({self.attr!r}, {_show(self.local)}, {_show(self.upstream)})"


class ModelDiff:
    """The differences between a local model and its upstream version; empty when in sync.

    >>> ModelDiff()
    ModelDiff()
    >>> diff = ModelDiff(Difference("status", "REGISTERED", "DEPRECATED"))
    >>> bool(diff), len(diff), "status" in diff
    (True, 1, True)
    """

    __slots__ = ("_differences",)

    def __init__(self, *differences: Difference) -> None:
        self._differences: tuple[Difference, ...] = tuple(
            item if isinstance(item, Difference) else Difference(*item) for item in differences
        )

    @classmethod
    def compare(cls, triples: Iterable[tuple[str, Any, Any]]) -> ModelDiff:
        """A diff of the ``(attr, local, upstream)`` triples whose two values differ."""
        return cls(*(Difference(*t) for t in triples if t[1] != t[2]))

    @property
    def attrs(self) -> tuple[str, ...]:
        """The names of the attributes that differ."""
        return tuple(item.attr for item in self._differences)

    def get(self, attr: str) -> Difference | None:
        """The difference on ``attr``, or ``None`` when it is in sync."""
        for item in self._differences:
            if item.attr == attr:
                return item
        return None

    def __iter__(self) -> Iterator[Difference]:
        return iter(self._differences)

    def __len__(self) -> int:
        return len(self._differences)

    def __bool__(self) -> bool:
        return bool(self._differences)

    def __getitem__(self, index: int) -> Difference:
        return self._differences[index]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self.attrs
        return item in self._differences

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ModelDiff):
            return self._differences == other._differences
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._differences)

    def __repr__(self) -> str:
        if not self._differences:
            return "ModelDiff()"
        inner = ",\n".join(f"    {item!r}" for item in self._differences)
        return f"ModelDiff(\n{inner}\n)"


class Model(ConnectedSWFObject):
    """Base of the models: an immutable value over one SWF entity.

    Subclasses list their attributes in ``_fields`` (what ``==``, ``hash`` and :meth:`replace`
    use, in constructor order) and the attributes checked against SWF in ``_synced_fields``.
    """

    _fields: ClassVar[tuple[str, ...]] = ()
    _synced_fields: ClassVar[tuple[str, ...]] = ()
    _frozen: bool = False

    raw: Mapping[str, Any] | None = None
    """SWF's answer this model was built from, exactly as received (a ``Describe*`` response,
    or one entry of a ``List*`` answer); ``None`` for a model built locally.

    Information, like Temporal's ``raw_info``: it is not compared, and :meth:`replace` does not
    carry it (the copy is no longer what SWF said). The command line's ``--json`` prints it.
    """

    class DoesNotExist(DoesNotExistError):
        """The model's entity does not exist in SWF."""

    def _freeze(self) -> None:
        object.__setattr__(self, "_frozen", True)

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen:
            raise AttributeError(
                f"{type(self).__name__} is immutable: "
                f"use .replace({name}=...) to get a changed copy"
            )
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    # -- values --------------------------------------------------------------------------

    def _key(self) -> tuple[Any, ...]:
        return tuple(self._compared(name) for name in self._fields)

    def _compared(self, name: str) -> Any:
        """The value of ``name`` as compared (a domain compares by its name)."""
        value = getattr(self, name)
        if isinstance(value, Model):
            return (type(value).__name__, value._identity())
        return value

    def _identity(self) -> tuple[Any, ...]:
        """What names the entity in SWF (a domain's name; a type's domain, name, version)."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def _init_arguments(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._fields}

    def _with_raw(self, raw: Mapping[str, Any] | None) -> Self:
        """This model, keeping ``raw`` (read-only) as the answer it was built from."""
        object.__setattr__(self, "raw", None if raw is None else MappingProxyType(dict(raw)))
        return self

    # An immutable value needs no copy; the copy would also need a new connection.
    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (to hand a task to a worker process, say) without the connection, whose
        # client and lock cannot cross processes; the copy gets a connection with the same
        # explicit settings, resolved again where it is unpickled.
        overrides = self.connection.overrides
        raw = None if self.raw is None else dict(self.raw)
        return (_rebuild, (type(self), self._init_arguments(), overrides, raw))

    def replace(self, **changes: Any) -> Self:
        """A copy with some attributes changed (and the same connection); unknown names raise.

        >>> Domain("orders").replace(description="Orders")  # doctest: +SKIP
        Domain('orders')
        """
        arguments = self._init_arguments()
        unknown = sorted(set(changes) - set(arguments))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no attribute(s) {', '.join(unknown)}")
        arguments.update(changes)
        return type(self)(**arguments, connection=self.connection)

    # -- talking to SWF ------------------------------------------------------------------

    def _describe(self) -> dict[str, Any]:
        """The Describe* response for this entity (raises on a fault)."""
        raise NotImplementedError

    def _from_description(self, response: dict[str, Any]) -> Self:
        """A new instance built from a Describe* response."""
        raise NotImplementedError

    def _missing(self) -> str:
        """What :attr:`DoesNotExist` says when SWF does not know this entity."""
        return f"{self!r} does not exist"

    def upstream(self) -> Self:
        """A new instance holding what SWF has now; raises :attr:`DoesNotExist` if nothing."""
        try:
            response = self._describe()
        except DoesNotExistError as error:
            raise does_not_exist(self.DoesNotExist, self._missing(), error) from error
        return self._from_description(response)

    @property
    def exists(self) -> bool:
        """Whether SWF knows this entity (one Describe call)."""
        try:
            self._describe()
        except DoesNotExistError:
            return False
        return True

    def _differences(self, upstream: Self) -> ModelDiff:
        return ModelDiff.compare(
            (name, self._compared(name), upstream._compared(name)) for name in self._synced_fields
        )

    @property
    def changes(self) -> ModelDiff:
        """How this model differs from SWF's version (empty when in sync).

        Raises :attr:`DoesNotExist` when SWF does not know the entity.
        """
        return self._differences(self.upstream())

    @property
    def is_synced(self) -> bool:
        """True when SWF has this entity with the same attributes; False otherwise."""
        try:
            upstream = self.upstream()
        except DoesNotExistError:
            return False
        return not self._differences(upstream)


def _rebuild(
    cls: type[M],
    arguments: dict[str, Any],
    overrides: dict[str, Any],
    raw: dict[str, Any] | None = None,
) -> M:
    return cls(**arguments, connection=Connection(**overrides))._with_raw(raw)


def connection_of(connection: Connection | None, overrides: SettingsOverrides) -> dict[str, Any]:
    """Keyword arguments for :class:`ConnectedSWFObject` (drops ``None`` overrides).

    Raises :class:`TypeError` for a keyword that is no setting: a misspelt argument of a model
    lands here, and must not pass silently.
    """
    unknown = sorted(set(overrides) - set(SettingsOverrides.__annotations__))
    if unknown:
        raise TypeError(
            f"unexpected keyword argument(s) {', '.join(map(repr, unknown))} "
            "(neither an attribute nor a connection setting)"
        )
    given: dict[str, Any] = {key: value for key, value in overrides.items() if value is not None}
    if connection is not None:
        given["connection"] = connection
    return given


# -- argument converters shared by the models -----------------------------------------------


def duration(value: timedelta | int | str | None, *, what: str) -> timedelta | None:
    """A duration argument as a :class:`timedelta` (``None`` and ``"NONE"`` mean no time-out).

    Accepts a timedelta, whole seconds as an int, or SWF's string form; checks SWF's limits.
    """
    return duration_from_wire(duration_to_wire(value, what=what))


def priority(value: int | str | None, *, what: str = "task_priority") -> int | None:
    """A task priority as an int in SWF's range (SWF sends it as a string)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            raise ValidationError(f"{what} must be an integer, not {value!r}") from None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(f"{what} must be an integer, not {type(value).__name__}")
    if not -(2**31) <= value <= 2**31 - 1:
        raise ValidationError(f"{what} must be between -2**31 and 2**31-1, not {value}")
    return value


def child_policy(value: ChildPolicy | str | None) -> ChildPolicy | None:
    """A child policy argument as a :class:`ChildPolicy`."""
    return None if value is None else enum_value(ChildPolicy, value, what="child_policy")


def task_list_name(value: str | None, *, what: str = "task_list") -> str | None:
    """A task list name (SWF's ``{"name": ...}`` is unwrapped)."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("name")
    return check_identifier(value, what=what)  # type: ignore[arg-type]


def registration_status(value: Any) -> RegistrationStatus:
    """``value`` as a :class:`RegistrationStatus`, or a clear :class:`ValidationError`."""
    return enum_value(RegistrationStatus, value, what="status")


def optional_wire(params: dict[str, Any], key: str, value: Any) -> None:
    """Put ``value`` in ``params`` under ``key`` unless it is ``None``."""
    if value is not None:
        params[key] = value


def role_arn(value: str | None) -> str | None:
    """An IAM role ARN for Lambda tasks (1 to 1600 characters)."""
    check_length(value, what="lambda_role", maximum=1600, minimum=1)
    return value


def payload(value: Any, *, what: str) -> str | None:
    """An input, result or details value in its wire form (:func:`swf.wire.payload_to_wire`:
    a string as it is, anything else as JSON; at most 32,768 characters)."""
    return payload_to_wire(value, what=what)
