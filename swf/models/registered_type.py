"""What :class:`~swf.models.ActivityType` and :class:`~swf.models.WorkflowType` share.

Both are a name and version registered in a domain, with a status, a description, a default
task list and priority, and defaults of their own (time-outs, child policy ...). Their wire
operations differ only by ``Activity`` / ``Workflow`` in the operation's name and
``activityType`` / ``workflowType`` in the parameters, so one class holds the life cycle
(describe, register, deprecate, undeprecate, delete) and each subclass adds its defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from swf.constants import REGISTERED, Limits, RegistrationStatus
from swf.core import Connection
from swf.models.base import (
    Model,
    SettingsOverrides,
    optional_wire,
    priority,
    registration_status,
    task_list_name,
)
from swf.models.domain import Domain, as_domain, connection_for
from swf.wire import check_identifier, check_length, datetime_from_wire

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RegisteredType"]


class RegisteredType(Model):
    """Base of the two type models; subclasses set ``_kind`` and their own defaults.

    A subclass's ``__init__`` calls this one with the shared arguments, sets its own
    attributes, then freezes the instance; it maps its defaults to and from the wire in
    :meth:`_defaults_to_api` and :meth:`_defaults_from_api`.
    """

    _kind: ClassVar[str] = ""
    """``"Activity"`` or ``"Workflow"``: the word in the operation names."""

    domain: Domain
    """The domain the type is registered in."""
    name: str
    """The type's name."""
    version: str
    """The type's version."""
    status: RegistrationStatus
    """REGISTERED or DEPRECATED."""
    description: str | None
    """The description given at registration."""
    task_list: str | None
    """The default task list's name."""
    task_priority: int | None
    """The default task priority."""
    creation_date: datetime | None
    """When SWF registered it (information, not compared)."""
    deprecation_date: datetime | None
    """When SWF deprecated it (information, not compared)."""

    def __init__(
        self,
        domain: Domain | str,
        name: str,
        version: str,
        *,
        status: RegistrationStatus | str = REGISTERED,
        description: str | None = None,
        task_list: str | None = None,
        task_priority: int | str | None = None,
        creation_date: datetime | None = None,
        deprecation_date: datetime | None = None,
        connection: Connection | None = None,
        overrides: SettingsOverrides,
    ) -> None:
        super().__init__(**connection_for(domain, connection, overrides))
        kind = self._kind.lower()
        self.domain = as_domain(domain, connection=self.connection)
        self.name = check_identifier(name, what=f"{kind} type name")
        self.version = check_identifier(
            version, what=f"{kind} type version", maximum=Limits.VERSION_LENGTH
        )
        self.status = registration_status(status)
        check_length(description, what="description", maximum=Limits.DESCRIPTION_LENGTH)
        self.description = description or None  # SWF does not keep an empty one
        self.task_list = task_list_name(task_list)
        self.task_priority = priority(task_priority)
        self.creation_date = datetime_from_wire(creation_date)
        self.deprecation_date = datetime_from_wire(deprecation_date)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {self.version!r})"

    def _identity(self) -> tuple[Any, ...]:
        return (self.domain.name, self.name, self.version)

    def _init_arguments(self) -> dict[str, Any]:
        return {
            **super()._init_arguments(),
            "creation_date": self.creation_date,
            "deprecation_date": self.deprecation_date,
        }

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def _defaults_from_api(cls, configuration: Mapping[str, Any]) -> dict[str, Any]:
        """The subclass's own constructor arguments from a Describe* ``configuration``."""
        raise NotImplementedError

    def _defaults_to_api(self) -> dict[str, Any]:
        """The subclass's own Register* parameters."""
        raise NotImplementedError

    @classmethod
    def from_api(
        cls,
        domain: Domain | str,
        detail: Mapping[str, Any],
        *,
        connection: Connection | None = None,
    ) -> Self:
        """A type from a ``DescribeActivityType`` / ``DescribeWorkflowType`` response, which it
        keeps as :attr:`raw`."""
        info = detail["typeInfo"]
        configuration = detail.get("configuration") or {}
        named = info[f"{cls._kind.lower()}Type"]
        factory: Any = cls  # the subclass's signature, which adds its defaults
        instance: Self = factory(
            domain,
            named["name"],
            named["version"],
            status=info["status"],
            description=info.get("description"),
            task_list=(configuration.get("defaultTaskList") or {}).get("name"),
            task_priority=configuration.get("defaultTaskPriority"),
            creation_date=info.get("creationDate"),
            deprecation_date=info.get("deprecationDate"),
            connection=connection,
            **cls._defaults_from_api(configuration),
        )
        return instance._with_raw(detail)

    def to_api(self) -> dict[str, str]:
        """The ``activityType`` / ``workflowType`` structure naming this type."""
        return {"name": self.name, "version": self.version}

    def _call(self, verb: str) -> dict[str, Any]:
        """``<verb><Kind>Type`` on this type (Describe, Deprecate, Undeprecate, Delete)."""
        return self.connection.call(
            f"{verb}{self._kind}Type",
            domain=self.domain.name,
            **{f"{self._kind.lower()}Type": self.to_api()},
        )

    def _missing(self) -> str:
        return (
            f"no {self._kind.lower()} type {self.name!r} version {self.version!r} "
            f"in domain {self.domain.name!r}"
        )

    def _describe(self) -> dict[str, Any]:
        return self._call("Describe")

    def _from_description(self, response: dict[str, Any]) -> Self:
        return self.from_api(self.domain, response, connection=self.connection)

    # -- changes -------------------------------------------------------------------------

    def save(self) -> None:
        """Register the type (then deprecate it if its status is DEPRECATED).

        :raises swf.exceptions.TypeAlreadyExistsFault: that name and version exist already.
        """
        params: dict[str, Any] = {
            "domain": self.domain.name,
            "name": self.name,
            "version": self.version,
            **self._defaults_to_api(),
        }
        optional_wire(params, "description", self.description)
        if self.task_list is not None:
            params["defaultTaskList"] = {"name": self.task_list}
        if self.task_priority is not None:
            params["defaultTaskPriority"] = str(self.task_priority)
        self.connection.call(f"Register{self._kind}Type", **params)
        if self.status == RegistrationStatus.DEPRECATED:
            self._call("Deprecate")

    def deprecate(self) -> Self:
        """Deprecate the type in SWF; returns the model with status DEPRECATED."""
        self._call("Deprecate")
        return self.replace(status=RegistrationStatus.DEPRECATED)

    def undeprecate(self) -> Self:
        """Undeprecate the type in SWF; returns the model with status REGISTERED."""
        self._call("Undeprecate")
        return self.replace(status=RegistrationStatus.REGISTERED, deprecation_date=None)

    def delete(self, *, deprecate_first: bool = True) -> None:
        """Delete the type from SWF, deprecating it first when it is still registered.

        ``deprecate_first=False`` sends the deletion alone, as SWF defines it: a type that is
        still registered is refused (:class:`~swf.exceptions.TypeNotDeprecatedFault`).
        """
        if deprecate_first:
            upstream = self.upstream()
            if upstream.status == RegistrationStatus.REGISTERED:
                upstream.deprecate()
        self._call("Delete")
