"""The :class:`Domain` model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from swf.constants import REGISTERED, Limits, RegistrationStatus
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.models.base import Model, SettingsOverrides, connection_of, registration_status
from swf.wire import check_identifier, check_length

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from swf.querysets.activity_type import ActivityTypeQuerySet
    from swf.querysets.workflow_execution import WorkflowExecutionQuerySet
    from swf.querysets.workflow_type import WorkflowTypeQuerySet

__all__ = ["DEFAULT_RETENTION_DAYS", "Domain"]


def retention_days(value: Any) -> int:
    """A retention period in whole days (SWF sends it as a string; ``"NONE"`` is 0)."""
    if isinstance(value, str):
        if value == "NONE":
            return 0
        if not value.isdigit():
            raise ValidationError(f"retention_period must be a number of days, not {value!r}")
        value = int(value)
    elif isinstance(value, timedelta):
        if value % timedelta(days=1):
            raise ValidationError(f"retention_period must be whole days, not {value}")
        value = value.days
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(
            f"retention_period must be a number of days, not {type(value).__name__}"
        )
    if not 0 <= value <= Limits.RETENTION_DAYS_MAX:
        raise ValidationError(
            f"retention_period must be between 0 and {Limits.RETENTION_DAYS_MAX} days, not {value}"
        )
    return value


DEFAULT_RETENTION_DAYS = 30
"""Days a domain keeps closed executions unless told otherwise: the one default of
:class:`Domain`, :meth:`DomainQuerySet.create <swf.querysets.DomainQuerySet.create>` and
``swf domain register``."""


class Domain(Model):
    """An SWF domain: a namespace for workflow types, activity types and executions.

    Nothing is sent to SWF until :meth:`save`.

    >>> domain = Domain("orders", description="Order processing", retention_period=7)
    >>> domain
    Domain('orders')
    >>> domain.save()  # doctest: +SKIP

    :param name: 1 to 256 characters, without ``:``, ``/``, ``|`` or control characters.
    :param status: :data:`~swf.constants.REGISTERED` or :data:`~swf.constants.DEPRECATED`.
    :param description: up to 1024 characters.
    :param retention_period: days SWF keeps closed executions (0 to 90; default
        :data:`DEFAULT_RETENTION_DAYS`, 30).
    :param arn: the domain's ARN, as SWF reports it (read-only information, not compared).
    :param connection: the connection to use; or give setting overrides (``region=``,
        ``endpoint_url=``, ...), which win over :mod:`swf.settings`.
    """

    class DoesNotExist(Model.DoesNotExist):
        """No such domain."""

    _fields = ("name", "status", "description", "retention_period")
    _synced_fields = ("status", "description", "retention_period")

    name: str
    """The domain's name."""
    status: RegistrationStatus
    """REGISTERED or DEPRECATED."""
    description: str | None
    """The description given at registration."""
    retention_period: int
    """Days SWF keeps the record of a closed execution."""
    arn: str | None
    """The ARN SWF reported (``None`` for a model built locally)."""

    def __init__(
        self,
        name: str,
        status: RegistrationStatus | str = REGISTERED,
        description: str | None = None,
        retention_period: int = DEFAULT_RETENTION_DAYS,
        *,
        arn: str | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(**connection_of(connection, overrides))
        self.name = check_identifier(name, what="domain name")
        self.status = registration_status(status)
        check_length(description, what="description", maximum=Limits.DESCRIPTION_LENGTH)
        self.description = description or None  # SWF does not keep an empty one
        self.retention_period = retention_days(retention_period)
        self.arn = arn
        self._freeze()

    def __repr__(self) -> str:
        return f"Domain({self.name!r})"

    def _identity(self) -> tuple[Any, ...]:
        return (self.name,)

    def _init_arguments(self) -> dict[str, Any]:
        return {**super()._init_arguments(), "arn": self.arn}

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def from_api(cls, detail: Mapping[str, Any], *, connection: Connection | None = None) -> Domain:
        """A domain from a ``DescribeDomain`` response (or a bare ``domainInfo``), which it
        keeps as :attr:`raw`."""
        info = detail.get("domainInfo", detail)
        configuration = detail.get("configuration") or {}
        return cls(
            info["name"],
            status=info["status"],
            description=info.get("description"),
            retention_period=configuration.get(
                "workflowExecutionRetentionPeriodInDays", DEFAULT_RETENTION_DAYS
            ),
            arn=info.get("arn"),
            connection=connection,
        )._with_raw(detail)

    def _missing(self) -> str:
        return f"no domain named {self.name!r}"

    def _describe(self) -> dict[str, Any]:
        return self.connection.call("DescribeDomain", name=self.name)

    def _from_description(self, response: dict[str, Any]) -> Self:
        return type(self).from_api(response, connection=self.connection)  # type: ignore[return-value]

    # -- changes -------------------------------------------------------------------------

    def save(self, *, tags: Mapping[str, str] | None = None) -> None:
        """Register the domain (then deprecate it if its status is DEPRECATED).

        :param tags: resource tags to register it with (at most 50).
        :raises swf.exceptions.DomainAlreadyExistsFault: a domain of that name exists.
        """
        params: dict[str, Any] = {
            "name": self.name,
            "workflowExecutionRetentionPeriodInDays": str(self.retention_period),
        }
        if self.description is not None:
            params["description"] = self.description
        if tags:
            params["tags"] = _tag_list(tags)
        self.connection.call("RegisterDomain", **params)
        if self.status == RegistrationStatus.DEPRECATED:
            self.connection.call("DeprecateDomain", name=self.name)

    def deprecate(self) -> Domain:
        """Deprecate the domain in SWF; returns the model with status DEPRECATED."""
        self.connection.call("DeprecateDomain", name=self.name)
        return self.replace(status=RegistrationStatus.DEPRECATED)

    def undeprecate(self) -> Domain:
        """Undeprecate the domain in SWF; returns the model with status REGISTERED."""
        self.connection.call("UndeprecateDomain", name=self.name)
        return self.replace(status=RegistrationStatus.REGISTERED)

    def delete(self) -> None:
        """SWF cannot delete a domain: this deprecates it, as the closest thing."""
        self.connection.call("DeprecateDomain", name=self.name)

    # -- tags ----------------------------------------------------------------------------

    @property
    def resource_arn(self) -> str:
        """The domain's ARN (asks SWF when the model does not know it)."""
        if self.arn:
            return self.arn
        arn = self.upstream().arn
        if not arn:
            raise ValidationError(f"SWF did not report the ARN of {self!r}")
        return arn

    def tags(self) -> dict[str, str]:
        """The domain's resource tags, as a dict."""
        response = self.connection.call("ListTagsForResource", resourceArn=self.resource_arn)
        return {tag["key"]: tag.get("value", "") for tag in response.get("tags", [])}

    def tag(self, tags: Mapping[str, str]) -> None:
        """Add or overwrite resource tags on the domain."""
        wire = _tag_list(tags)  # checked before the ARN lookup, which may need a request
        self.connection.call("TagResource", resourceArn=self.resource_arn, tags=wire)

    def untag(self, keys: Iterable[str]) -> None:
        """Remove resource tags from the domain by key (a list of keys, not one string)."""
        if isinstance(keys, str):
            # list("env") would remove the tags "e", "n" and "v".
            raise ValidationError("keys must be a list of tag keys, not a string")
        keys = list(keys)
        for key in keys:
            check_length(key, what="tag key", maximum=128, minimum=1)
        self.connection.call("UntagResource", resourceArn=self.resource_arn, tagKeys=keys)

    # -- what the domain holds -----------------------------------------------------------

    def workflows(self, *, status: RegistrationStatus | str = REGISTERED) -> WorkflowTypeQuerySet:
        """The domain's workflow types of that status, as a lazy queryset."""
        from swf.querysets.workflow_type import WorkflowTypeQuerySet

        return WorkflowTypeQuerySet(self, connection=self.connection).filter(status=status)

    def activities(self, *, status: RegistrationStatus | str = REGISTERED) -> ActivityTypeQuerySet:
        """The domain's activity types of that status, as a lazy queryset."""
        from swf.querysets.activity_type import ActivityTypeQuerySet

        return ActivityTypeQuerySet(self, connection=self.connection).filter(status=status)

    def executions(
        self,
        *,
        status: str | None = None,
        started_after: datetime | timedelta | None = None,
        started_before: datetime | timedelta | None = None,
    ) -> WorkflowExecutionQuerySet:
        """The domain's workflow executions (open and closed unless ``status`` says which).

        Refine the result with :meth:`~swf.querysets.WorkflowExecutionQuerySet.filter`.
        """
        from swf.querysets.workflow_execution import WorkflowExecutionQuerySet

        return WorkflowExecutionQuerySet(self, connection=self.connection).filter(
            status=status, started_after=started_after, started_before=started_before
        )


def _tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    if not isinstance(tags, Mapping):
        raise ValidationError(f"tags must be a mapping of key to value, not {type(tags).__name__}")
    if len(tags) > Limits.RESOURCE_TAGS:
        raise ValidationError(f"a domain has at most {Limits.RESOURCE_TAGS} tags, not {len(tags)}")
    out = []
    for key, value in tags.items():
        check_length(key, what="tag key", maximum=128, minimum=1)
        check_length(value, what=f"value of tag {key!r}", maximum=256)
        # SWF's tag value is optional: None sends the key alone (never a null value).
        out.append({"key": key} if value is None else {"key": key, "value": value})
    return out


def as_domain(domain: Domain | str, *, connection: Connection) -> Domain:
    """A :class:`Domain` from a domain model or a domain name."""
    if isinstance(domain, Domain):
        return domain
    if isinstance(domain, str):
        return Domain(domain, connection=connection)
    raise ValidationError(f"domain must be a Domain or a name, not {type(domain).__name__}")


def connection_for(
    domain: Domain | str, connection: Connection | None, overrides: SettingsOverrides
) -> dict[str, Any]:
    """Connection arguments for a model in ``domain``: a Domain's connection unless told."""
    given = connection_of(connection, overrides)
    if not given and isinstance(domain, Domain):
        given["connection"] = domain.connection
    return given
