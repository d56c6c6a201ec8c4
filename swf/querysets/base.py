"""The base of the querysets: lazy, chainable, one result cache, every page through botocore.

A queryset sends nothing until it is iterated, counted, indexed, sliced or printed. Its
results land in one cache, filled as far as was asked (``qs[0]`` fetches the first page
only). Every refinement (``filter``, ``all``, ``reverse``) returns a new queryset with an
empty cache. :meth:`ListQuerySet.page` reads one page of SWF's answer at a time instead,
with SWF's own page tokens, for a caller that pages itself (a web page, say).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from swf.constants import REGISTERED, Limits, RegistrationStatus
from swf.core import ConnectedSWFObject, Connection
from swf.exceptions import AlreadyExistsError, DoesNotExistError
from swf.models.base import Model, SettingsOverrides, connection_of, registration_status
from swf.models.domain import Domain, as_domain
from swf.wire import check_identifier, check_length, check_page_size

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = [
    "REPR_LIMIT",
    "DomainScopedQuerySet",
    "ListQuerySet",
    "Page",
    "QuerySet",
    "TypeQuerySet",
]

M = TypeVar("M")
T = TypeVar("T", bound=Model)

REPR_LIMIT = 20
"""How many results a queryset's repr shows."""

_TOKEN_LENGTH = 2048  # SWF's limit on nextPageToken


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of SWF's answer to a list request: its results and the next page's token.

    A queryset that checks some filters itself (see
    :meth:`WorkflowExecutionQuerySet.where() <swf.querysets.WorkflowExecutionQuerySet.where>`)
    may return fewer results than the page size, even none, while more pages follow:
    :attr:`next_page_token` alone says whether there are more.

    >>> page = WorkflowExecutionQuerySet("orders", page_size=25).filter(status=OPEN).page()
    >>> page.items, page.next_page_token  # doctest: +SKIP
    ((WorkflowExecution('order-42', '22Eng9...'), ...), 'AAAAKgAAAAI...')
    """

    items: tuple[M, ...]
    """The results of this page, in SWF's order."""
    next_page_token: str | None = None
    """SWF's ``nextPageToken``: give it to ``page()`` for the next page; ``None`` on the last."""

    def __iter__(self) -> Iterator[M]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


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
        self.page_size = check_page_size(page_size)
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


class ListQuerySet(QuerySet[M]):
    """A queryset over SWF's ``List*`` answers: it can be reversed and read a page at a time.

    Subclasses say which request to send (:meth:`_request`) and how an entry of the answer
    becomes results (:meth:`_results`).
    """

    _reverse: bool = False

    def reverse(self) -> Self:
        """The results in SWF's reverse order (``reverseOrder``): names descending for domains
        and types, oldest first for executions. Calling it again restores the order."""
        return self._clone(_reverse=not self._reverse)

    # -- what subclasses provide ---------------------------------------------------------

    def _request(self) -> tuple[str, dict[str, Any], str]:
        """The operation, its parameters (without page size and token) and the answer's key."""
        raise NotImplementedError

    def _results(self, entries: Iterable[dict[str, Any]]) -> Iterator[M]:
        """The results for the entries of one page of the answer."""
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------

    def _fetch(self) -> Iterator[M]:
        operation, params, key = self._request()
        for page in self._paginate(operation, **params):
            yield from self._results(page.get(key, []))

    def page(self, token: str | None = None) -> Page[M]:
        """One page of results: one request (``page_size`` entries at most), then the token
        of the next page, SWF's own ``nextPageToken``.

        Give the token back to the same query (a token belongs to one request; SWF refuses
        it for another one). Nothing is cached: each call sends its request.
        """
        if token is not None:
            check_length(token, what="token", maximum=_TOKEN_LENGTH, minimum=1)
        operation, params, key = self._request()
        return self._page(operation, params, key, token)

    def _page(self, operation: str, params: dict[str, Any], key: str, token: str | None) -> Page[M]:
        if self.page_size is not None:
            params["maximumPageSize"] = self.page_size
        if token is not None:
            params["nextPageToken"] = token
        answer = self.connection.call(operation, **params)
        return Page(tuple(self._results(answer.get(key, []))), answer.get("nextPageToken"))


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


class TypeQuerySet(DomainScopedQuerySet[T], ListQuerySet[T]):
    """Shared behaviour of the workflow type and activity type querysets.

    REGISTERED types unless filtered otherwise, by name then version; each type is described
    as it is reached (SWF's list omits the defaults), so the models are complete and in sync.
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

    def _request(self) -> tuple[str, dict[str, Any], str]:
        params: dict[str, Any] = {
            "domain": self.domain.name,
            "registrationStatus": str(self.status),
            "reverseOrder": self._reverse,
        }
        if self.name is not None:
            params["name"] = self.name
        return f"List{self._kind}Types", params, "typeInfos"

    def _results(self, entries: Iterable[dict[str, Any]]) -> Iterator[T]:
        for info in entries:
            named = info[self._key]
            if self.name is not None and named["name"] != self.name:
                continue  # a service that ignores the name filter (moto) costs no describe
            try:
                yield self._get(named["name"], named["version"])
            except DoesNotExistError:
                continue  # deleted between the list and the describe

    def _get(self, name: str, version: str) -> T:
        factory: Any = self._model
        model: T = factory(self.domain, name, version, connection=self.connection)
        return model.upstream()

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
