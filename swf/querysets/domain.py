"""The :class:`DomainQuerySet`: the account's domains."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from swf.constants import REGISTERED, RegistrationStatus
from swf.core import Connection
from swf.exceptions import AlreadyExistsError
from swf.models.base import SettingsOverrides, registration_status
from swf.models.domain import DEFAULT_RETENTION_DAYS, Domain
from swf.querysets.base import ListQuerySet
from swf.wire import check_identifier

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["DomainQuery", "DomainQuerySet"]


class DomainQuerySet(ListQuerySet[Domain]):
    """The domains of the account, REGISTERED ones unless filtered otherwise, by name.

    >>> DomainQuerySet().all()  # doctest: +SKIP
    [Domain('test1'), Domain('test2')]
    >>> DomainQuerySet().filter(status=DEPRECATED)  # doctest: +SKIP
    [Domain('old')]

    Each domain is described as it is reached (SWF's list omits the retention period), so
    the models are complete and in sync.
    """

    def __init__(
        self,
        *,
        status: RegistrationStatus | str = REGISTERED,
        page_size: int | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(page_size=page_size, connection=connection, **overrides)
        self.status = registration_status(status)

    def filter(self, *, status: RegistrationStatus | str | None = None) -> Self:
        """The domains of that registration status (unchanged when ``None``)."""
        if status is None:
            return self._clone()
        return self._clone(status=registration_status(status))

    def _request(self) -> tuple[str, dict[str, Any], str]:
        params = {"registrationStatus": str(self.status), "reverseOrder": self._reverse}
        return "ListDomains", params, "domainInfos"

    def _results(self, entries: Iterable[dict[str, Any]]) -> Iterator[Domain]:
        for info in entries:
            try:
                yield self._get(info["name"])
            except Domain.DoesNotExist:
                continue  # gone between the list and the describe

    def _get(self, name: str) -> Domain:
        return Domain(name, connection=self.connection).upstream()

    def get(self, name: str) -> Domain:
        """The domain of that name, whatever its status.

        :raises Domain.DoesNotExist: there is no such domain.
        """
        return self._get(check_identifier(name, what="domain name"))

    def create(
        self,
        name: str,
        description: str | None = None,
        retention_period: int = DEFAULT_RETENTION_DAYS,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> Domain:
        """Register a domain and return it.

        :raises swf.exceptions.DomainAlreadyExistsFault: it exists already.
        """
        domain = Domain(
            name,
            description=description,
            retention_period=retention_period,
            connection=self.connection,
        )
        domain.save(tags=tags)
        return domain

    def get_or_create(
        self,
        name: str,
        description: str | None = None,
        retention_period: int = DEFAULT_RETENTION_DAYS,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> Domain:
        """The domain of that name, registered first if it does not exist.

        Safe when several processes race to create it: the loser fetches the winner's.
        The other arguments are used only when the domain is created.
        """
        try:
            return self.get(name)
        except Domain.DoesNotExist:
            pass
        try:
            return self.create(
                name, description=description, retention_period=retention_period, tags=tags
            )
        except AlreadyExistsError:
            return self.get(name)


DomainQuery = DomainQuerySet
"""The quickstart's name for :class:`DomainQuerySet`."""
