"""The connection to SWF, shared by every object of the client.

A :class:`Connection` resolves its settings (its own arguments first, then
:mod:`swf.settings`, then boto3's chain) the first time it is used, and from then on uses one
boto3 SWF client, shared with every other connection of the same configuration. botocore
clients are thread-safe, so one client serves every thread.

:class:`ConnectedSWFObject` is the base of models, querysets and actors: it *has* a connection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from swf import settings as _settings
from swf.exceptions import ConfigurationError, SWFError, translate

__all__ = ["READ_TIMEOUT", "ConnectedSWFObject", "Connection", "ResolvedSettings"]

log = logging.getLogger(__name__)

READ_TIMEOUT = 70
"""Seconds botocore waits for an answer: SWF holds long polls for 60 s, so more than that."""

CONNECT_TIMEOUT = 10
MAX_ATTEMPTS = 5
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_LOCAL_CREDENTIALS = ("swf-local", "swf-local")


@dataclass(frozen=True)
class ResolvedSettings:
    """The settings one connection uses, after precedence was applied."""

    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = None
    aws_session_token: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    profile: str | None = None

    def __repr__(self) -> str:
        shown = {
            f.name: ("***" if "secret" in f.name or "token" in f.name else getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name) is not None
        }
        inner = ", ".join(f"{key}={value!r}" for key, value in shown.items())
        return f"ResolvedSettings({inner})"

    @property
    def is_local(self) -> bool:
        """True when the endpoint is on this machine (SWF Local, most likely)."""
        if not self.endpoint_url:
            return False
        return (urlsplit(self.endpoint_url).hostname or "") in _LOOPBACK


_clients: dict[ResolvedSettings, Any] = {}
_clients_lock = threading.Lock()
_loader: Any = None


def _shared_botocore_session() -> Any:
    """A new botocore session that reuses one data loader, so models are parsed only once.

    The profile is never read from ``AWS_PROFILE`` by botocore itself: :mod:`swf.settings`
    already read it (or, inside :func:`swf.settings.isolated`, deliberately did not), and the
    client gets it as ``profile_name``.
    """
    import botocore.loaders
    import botocore.session

    global _loader
    if _loader is None:
        _loader = botocore.loaders.create_loader()
    session = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    session.register_component("data_loader", _loader)
    return session


def _build_client(resolved: ResolvedSettings) -> Any:
    import boto3
    from botocore.config import Config

    key_id = resolved.aws_access_key_id
    secret = resolved.aws_secret_access_key
    if resolved.is_local and not (key_id or resolved.profile):
        # SWF Local does not check signatures unless told to; spare users a fake ~/.aws.
        key_id, secret = _LOCAL_CREDENTIALS
    session = boto3.session.Session(
        botocore_session=_shared_botocore_session(),
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        aws_session_token=resolved.aws_session_token,
        region_name=resolved.region or ("us-east-1" if resolved.endpoint_url else None),
        profile_name=resolved.profile,
    )
    config = Config(
        read_timeout=READ_TIMEOUT,
        connect_timeout=CONNECT_TIMEOUT,
        retries={"mode": "standard", "max_attempts": MAX_ATTEMPTS},
        max_pool_connections=50,
        tcp_keepalive=True,
    )
    client = session.client("swf", endpoint_url=resolved.endpoint_url, config=config)
    log.debug("built SWF client for %r (region %s)", resolved, client.meta.region_name)
    return client


class Connection:
    """Access to SWF with one set of settings.

    Arguments given here win over every other source of settings. Nothing is read or built
    until the connection is first used; then the settings are fixed for its lifetime.

    >>> connection = Connection(region="eu-west-1")
    >>> connection.call("ListDomains", registrationStatus="REGISTERED")  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        profile: str | None = None,
    ) -> None:
        self._overrides = {
            key: value
            for key, value in {
                "aws_access_key_id": aws_access_key_id,
                "aws_secret_access_key": aws_secret_access_key,
                "aws_session_token": aws_session_token,
                "region": region,
                "endpoint_url": endpoint_url,
                "profile": profile,
            }.items()
            if value is not None
        }
        self._resolved: ResolvedSettings | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        if self._resolved is None:
            return f"<Connection (unresolved) {sorted(self._overrides)}>"
        return f"<Connection {self._resolved!r}>"

    @property
    def overrides(self) -> dict[str, str]:
        """The settings given to this connection explicitly (a copy)."""
        return dict(self._overrides)

    @property
    def settings(self) -> ResolvedSettings:
        """The settings in force, resolved on first access."""
        if self._resolved is None:
            with self._lock:
                if self._resolved is None:
                    merged = _settings.get()
                    merged.update(self._overrides)
                    if "endpoint_url" in merged:
                        _check_endpoint(merged["endpoint_url"])
                    self._resolved = ResolvedSettings(**merged)
        return self._resolved

    @property
    def client(self) -> Any:
        """The boto3 SWF client, shared by every connection with the same settings."""
        resolved = self.settings
        client = _clients.get(resolved)
        if client is None:
            with _clients_lock:
                client = _clients.get(resolved)
                if client is None:
                    try:
                        client = _build_client(resolved)
                    except Exception as error:
                        raise translate(error) from error
                    _clients[resolved] = client
        return client

    @property
    def region(self) -> str:
        """The region this connection talks to."""
        return str(self.client.meta.region_name)

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        """Call an SWF operation by its name (``"DescribeDomain"`` or ``"describe_domain"``).

        Parameters are the operation's wire members. The response's ``ResponseMetadata`` is
        dropped. Errors are raised as :mod:`swf.exceptions` classes.
        """
        method_name = _snake(operation)
        method = getattr(self.client, method_name, None)
        if method is None:
            raise ConfigurationError(f"SWF has no operation {operation!r}")
        try:
            response: dict[str, Any] = method(**params)
        except SWFError:
            raise
        except Exception as error:
            raise translate(error, operation=_pascal(operation)) from error
        response.pop("ResponseMetadata", None)
        return response

    def paginate(self, operation: str, /, **params: Any) -> Iterator[dict[str, Any]]:
        """Yield each page of a paginated SWF operation, fetched lazily through botocore."""
        try:
            paginator = self.client.get_paginator(_snake(operation))
            pages = iter(paginator.paginate(**params))
        except SWFError:
            raise
        except Exception as error:
            raise translate(error, operation=_pascal(operation)) from error
        while True:
            try:
                page = next(pages)
            except StopIteration:
                return
            except SWFError:
                raise
            except Exception as error:
                raise translate(error, operation=_pascal(operation)) from error
            page.pop("ResponseMetadata", None)
            yield page


def _check_endpoint(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(f"endpoint_url must be an http(s) URL, not {url!r}")


def _snake(operation: str) -> str:
    if "_" in operation or operation.islower():
        return operation
    out = []
    for index, char in enumerate(operation):
        if char.isupper() and index:
            out.append("_")
        out.append(char.lower())
    return "".join(out)


def _pascal(operation: str) -> str:
    if "_" not in operation and not operation.islower():
        return operation
    return "".join(part.capitalize() for part in operation.split("_"))


def clear_clients(*, endpoint_url: str | None = None) -> None:
    """Drop cached boto3 clients (tests; or after credentials were rotated).

    With ``endpoint_url``, only the clients built for that endpoint (a test server that has
    stopped, say); otherwise every one.
    """
    with _clients_lock:
        if endpoint_url is None:
            _clients.clear()
            return
        for resolved in [key for key in _clients if key.endpoint_url == endpoint_url]:
            del _clients[resolved]


class ConnectedSWFObject:
    """Base of everything that talks to SWF: it has a :class:`Connection`.

    Give it a ``connection=`` to share one, or setting overrides (``region=``,
    ``endpoint_url=``, ...) to get a connection of its own; with neither it uses the settings
    in force when it first talks to SWF.
    """

    def __init__(
        self,
        *,
        connection: Connection | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        profile: str | None = None,
    ) -> None:
        overrides = {
            "aws_access_key_id": aws_access_key_id,
            "aws_secret_access_key": aws_secret_access_key,
            "aws_session_token": aws_session_token,
            "region": region,
            "endpoint_url": endpoint_url,
            "profile": profile,
        }
        given = {key: value for key, value in overrides.items() if value is not None}
        if connection is not None and given:
            raise ConfigurationError(
                "give either connection= or setting overrides, not both: "
                + ", ".join(sorted(given))
            )
        self._connection = connection if connection is not None else Connection(**given)

    @property
    def connection(self) -> Connection:
        """The connection this object talks through."""
        return self._connection

    @property
    def region(self) -> str:
        """The region this object talks to."""
        return self._connection.region


def connection_from(settings: Mapping[str, str | None]) -> Connection:
    """A :class:`Connection` from a mapping of setting overrides (``None`` values ignored)."""
    _settings.check_keys(dict(settings), source="connection settings")
    return Connection(**{key: value for key, value in settings.items() if value is not None})
