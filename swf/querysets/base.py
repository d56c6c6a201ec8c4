"""The base of the querysets: lazy, chainable, one result cache, every page through botocore.

A queryset sends nothing until it is iterated, counted, indexed, sliced or printed. Its
results land in one cache, filled as far as was asked (``qs[0]`` fetches the first page
only). Every refinement (``filter``, ``all``) returns a new queryset with an empty cache.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from swf.constants import REGISTERED, Limits, RegistrationStatus
from swf.core import ConnectedSWFObject, Connection
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    UnknownResourceFault,
    ValidationError,
)
from swf.models.base import Model, SettingsOverrides, connection_of, registration_status
from swf.models.domain import Domain, as_domain
from swf.wire import check_identifier

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["REPR_LIMIT", "DomainScopedQuerySet", "QuerySet", "TypeQuerySet"]

M = TypeVar("M")
T = TypeVar("T", bound=Model)

REPR_LIMIT = 20
"""How many results a queryset's repr shows."""


def page_size_arg(value: int | None) -> int | None:
    """A page size (1 to 1000) or ``None`` for SWF's default."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000:
        raise ValidationError(f"page_size must be an int from 1 to 1000, not {value!r}")
    return value


class QuerySet(ConnectedSWFObject, Generic[M]):
    """A lazy, list-like sequence of models read from SWF.

    :param page_size: results per request (1 to 1000; SWF's default when ``None``). Every
        page is fetched in turn whatever the size: it only changes the number of requests.
    :param connection: the connection to use; or give setting overrides (``region=``, ...).
    """

    def __init__(
        self,
        *,
        page_size: int | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(**connection_of(connection, overrides))
        self.page_size = page_size_arg(page_size)
        self._cache: list[M] = []
        self._source: Iterator[M] | None = None
        self._done = False
        # One thread fills the cache at a time: a generator cannot be read by two at once.
        self._lock = threading.RLock()

    # -- what subclasses provide ---------------------------------------------------------

    def _fetch(self) -> Iterator[M]:
        """Yield every result, fetching pages lazily."""
        raise NotImplementedError

    # -- cloning -------------------------------------------------------------------------

    def _clone(self, **changes: Any) -> Self:
        clone = copy.copy(self)
        for name, value in changes.items():
            setattr(clone, name, value)
        clone._cache = []
        clone._source = None
        clone._done = False
        clone._lock = threading.RLock()
        return clone

    def all(self) -> Self:
        """A fresh copy of this queryset (results are fetched again)."""
        return self._clone()

    # -- the result cache ----------------------------------------------------------------

    def _paginate(self, operation: str, **params: Any) -> Iterator[dict[str, Any]]:
        if self.page_size is not None:
            params["PaginationConfig"] = {"PageSize": self.page_size}
        return self.connection.paginate(operation, **params)

    def _fill(self, upto: int | None = None) -> None:
        """Fetch results until the cache holds ``upto`` of them (all of them for ``None``)."""
        with self._lock:
            self._fill_locked(upto)

    def _fill_locked(self, upto: int | None) -> None:
        if self._done:
            return
        if self._source is None:
            self._source = self._fetch()
        while upto is None or len(self._cache) < upto:
            try:
                self._cache.append(next(self._source))
            except StopIteration:
                self._done = True
                self._source = None
                return
            except BaseException:
                # A generator that raised is finished: reading it again would end the
                # results early, silently. Start over on the next access instead.
                self._source = None
                self._cache = []
                raise

    def __iter__(self) -> Iterator[M]:
        index = 0
        while True:
            if index >= len(self._cache):
                if self._done:
                    return
                self._fill(index + 1)
                if index >= len(self._cache):
                    return
            yield self._cache[index]
            index += 1

    def __len__(self) -> int:
        self._fill()
        return len(self._cache)

    def __bool__(self) -> bool:
        self._fill(1)
        return bool(self._cache)

    @overload
    def __getitem__(self, index: int) -> M: ...

    @overload
    def __getitem__(self, index: slice) -> list[M]: ...

    def __getitem__(self, index: int | slice) -> M | list[M]:
        if isinstance(index, slice):
            start, stop, step = index.start, index.stop, index.step
            negative = any(v is not None and v < 0 for v in (start, stop))
            if negative or stop is None or (step is not None and step < 0):
                self._fill()
            else:
                self._fill(stop)
            return self._cache[index]
        if not isinstance(index, int):
            raise TypeError(f"queryset indices must be ints or slices, not {type(index).__name__}")
        self._fill(None if index < 0 else index + 1)
        return self._cache[index]

    def __repr__(self) -> str:
        self._fill(REPR_LIMIT + 1)
        shown = [repr(item) for item in self._cache[:REPR_LIMIT]]
        if len(self._cache) > REPR_LIMIT:
            shown.append("...(remaining elements truncated)...")
        return "[" + ", ".join(shown) + "]"

    # -- shortcuts -----------------------------------------------------------------------

    def first(self) -> M | None:
        """The first result, or ``None`` when there is none (fetches one page at most)."""
        self._fill(1)
        return self._cache[0] if self._cache else None

    def exists(self) -> bool:
        """Whether there is at least one result."""
        return bool(self)

    def count(self) -> int:
        """The number of results."""
        return len(self)


class DomainScopedQuerySet(QuerySet[M]):
    """A queryset over what a domain holds.

    :param domain: a :class:`~swf.models.Domain` or a domain name. With a Domain and no
        ``connection=``, the queryset talks through the domain's connection.
    """

    def __init__(
        self,
        domain: Domain | str,
        *,
        page_size: int | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        given = connection_of(connection, overrides)
        if not given and isinstance(domain, Domain):
            given["connection"] = domain.connection
        super().__init__(page_size=page_size, **given)
        self.domain: Domain = as_domain(domain, connection=self.connection)


class TypeQuerySet(DomainScopedQuerySet[T]):
    """Shared behaviour of the workflow type and activity type querysets.

    REGISTERED types unless filtered otherwise; each type is described as it is reached
    (SWF's list omits the defaults), so the models are complete and in sync.
    """

    _model: type[T]
    _kind: str  # "Workflow" or "Activity"
    _key: str  # "workflowType" or "activityType"

    def __init__(
        self,
        domain: Domain | str,
        *,
        status: RegistrationStatus | str = REGISTERED,
        name: str | None = None,
        page_size: int | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(domain, page_size=page_size, connection=connection, **overrides)
        self.status = registration_status(status)
        self.name = None if name is None else check_identifier(name, what="type name")

    def filter(
        self, *, status: RegistrationStatus | str | None = None, name: str | None = None
    ) -> Self:
        """The types of that registration status and that name (``None`` keeps the current
        value; a new queryset starts with REGISTERED types of every name)."""
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = registration_status(status)
        if name is not None:
            changes["name"] = check_identifier(name, what="type name")
        return self._clone(**changes)

    def _fetch(self) -> Iterator[T]:
        params: dict[str, Any] = {
            "domain": self.domain.name,
            "registrationStatus": str(self.status),
        }
        if self.name is not None:
            params["name"] = self.name
        for page in self._paginate(f"List{self._kind}Types", **params):
            for info in page.get("typeInfos", []):
                named = info[self._key]
                if self.name is not None and named["name"] != self.name:
                    continue  # a service that ignores the name filter (moto) costs no describe
                try:
                    yield self._get(named["name"], named["version"])
                except DoesNotExistError:
                    continue  # deleted between the list and the describe

    def _get(self, name: str, version: str) -> T:
        try:
            response = self.connection.call(
                f"Describe{self._kind}Type",
                domain=self.domain.name,
                **{self._key: {"name": name, "version": version}},
            )
        except UnknownResourceFault as error:
            raise self._model.DoesNotExist(
                f"no {self._kind.lower()} type {name!r} version {version!r} "
                f"in domain {self.domain.name!r}",
                code=error.code,
                operation=error.operation,
                request_id=error.request_id,
                status=error.status,
            ) from error
        return self._model.from_api(  # type: ignore[attr-defined]
            self.domain, response, connection=self.connection
        )

    def get(self, name: str, version: str) -> T:
        """The type of that name and version, whatever its status.

        :raises DoesNotExist: the model's own ``DoesNotExist`` when there is no such type.
        """
        check_identifier(name, what="type name")
        check_identifier(version, what="type version", maximum=Limits.VERSION_LENGTH)
        return self._get(name, version)

    def _create(self, name: str, version: str, options: Mapping[str, Any]) -> T:
        factory: Any = self._model
        model: T = factory(self.domain, name, version, connection=self.connection, **options)
        model.save()  # type: ignore[attr-defined]
        return model

    def _get_or_create(self, name: str, version: str, options: Mapping[str, Any]) -> T:
        try:
            return self.get(name, version)
        except DoesNotExistError:
            pass
        try:
            return self._create(name, version, options)
        except AlreadyExistsError:
            return self.get(name, version)
