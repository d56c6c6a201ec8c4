"""The exceptions :mod:`swf` raises, and the one place that reads botocore's error codes.

Everything derives from :class:`SWFError`. Errors the service answered with are
:class:`ServiceError` (also reachable as :data:`ResponseError`, the quickstart-era name) and keep
the fault ``code``, ``message``, ``operation`` and ``request_id``. Builtins are mixed in where a
caller would naturally reach for them: :class:`DoesNotExistError` is a :class:`LookupError`,
validation errors are :class:`ValueError`, transport failures are :class:`ConnectionError`.

Only :func:`translate` looks at botocore exception types and error codes::

    try:
        client.describe_domain(name="nope")
    except botocore.exceptions.ClientError as error:
        raise translate(error, operation="DescribeDomain") from error
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AlreadyExistsError",
    "ConfigurationError",
    "DefaultUndefinedFault",
    "DoesNotExistError",
    "DomainAlreadyExistsFault",
    "DomainDeprecatedFault",
    "InvalidCredentialsError",
    "LimitExceededFault",
    "OperationNotPermittedFault",
    "ResponseError",
    "SWFError",
    "ServiceError",
    "ThrottlingException",
    "TooManyTagsFault",
    "TransportError",
    "TypeAlreadyExistsFault",
    "TypeDeprecatedFault",
    "TypeNotDeprecatedFault",
    "UnknownResourceFault",
    "ValidationError",
    "ValidationException",
    "WorkflowExecutionAlreadyStartedFault",
    "translate",
]


class SWFError(Exception):
    """Root of every exception raised by :mod:`swf`."""


class ValidationError(SWFError, ValueError):
    """An argument was rejected locally, before anything was sent to SWF."""


class ConfigurationError(SWFError, ValueError):
    """Settings are unusable: an unknown key, an unreadable or malformed file."""


class TransportError(SWFError, ConnectionError):
    """The request did not get an answer: connection refused, reset or timed out."""


class ServiceError(SWFError):
    """SWF answered with a fault.

    :ivar code: the fault code, e.g. ``"UnknownResourceFault"``.
    :ivar message: the service's message.
    :ivar operation: the SWF operation that failed, e.g. ``"DescribeDomain"``.
    :ivar request_id: the request id, to quote when asking AWS support.
    :ivar status: the HTTP status code.
    """

    code: str | None = None

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        operation: str | None = None,
        request_id: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.operation = operation
        self.request_id = request_id
        self.status = status

    def __str__(self) -> str:
        where = f" ({self.operation})" if self.operation else ""
        code = f"{self.code}: " if self.code else ""
        return f"{code}{self.message}{where}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (type(self), self.message, self.code, self.operation, self.request_id, self.status),
        )


def _rebuild(
    cls: type[ServiceError],
    message: str,
    code: str | None,
    operation: str | None,
    request_id: str | None,
    status: int | None,
) -> ServiceError:
    return cls(message, code=code, operation=operation, request_id=request_id, status=status)


ResponseError = ServiceError
"""The quickstart-era name of :class:`ServiceError`."""


class DoesNotExistError(ServiceError, LookupError):
    """What was asked for does not exist (SWF's ``UnknownResourceFault``, or a failed ``get``)."""


class AlreadyExistsError(ServiceError):
    """What was to be created exists already."""


class InvalidCredentialsError(SWFError):
    """Credentials are missing, unknown, expired, or the request's signature is wrong."""


class UnknownResourceFault(DoesNotExistError):
    """The named domain, type, execution or task does not exist (or is closed)."""

    code = "UnknownResourceFault"


class DomainAlreadyExistsFault(AlreadyExistsError):
    """A domain of that name is registered already."""

    code = "DomainAlreadyExistsFault"


class TypeAlreadyExistsFault(AlreadyExistsError):
    """A workflow or activity type of that name and version is registered already."""

    code = "TypeAlreadyExistsFault"


class WorkflowExecutionAlreadyStartedFault(AlreadyExistsError):
    """An open execution with that workflow id exists in the domain."""

    code = "WorkflowExecutionAlreadyStartedFault"


class DomainDeprecatedFault(ServiceError):
    """The domain is deprecated."""

    code = "DomainDeprecatedFault"


class TypeDeprecatedFault(ServiceError):
    """The workflow or activity type is deprecated."""

    code = "TypeDeprecatedFault"


class TypeNotDeprecatedFault(ServiceError):
    """The type must be deprecated first (before it can be deleted)."""

    code = "TypeNotDeprecatedFault"


class DefaultUndefinedFault(ServiceError):
    """A required setting was neither given nor defaulted by the type."""

    code = "DefaultUndefinedFault"


class LimitExceededFault(ServiceError):
    """An SWF limit was reached (domains, types, pollers, ...)."""

    code = "LimitExceededFault"


class OperationNotPermittedFault(ServiceError):
    """The caller is not allowed to do this (IAM policy)."""

    code = "OperationNotPermittedFault"


class TooManyTagsFault(ServiceError):
    """A resource would carry more than 50 tags."""

    code = "TooManyTagsFault"


class ValidationException(ServiceError, ValidationError):
    """The service rejected the request's input."""

    code = "ValidationException"


class ThrottlingException(ServiceError):
    """The request rate was too high; botocore already retried it."""

    code = "ThrottlingException"


class _CredentialsFault(ServiceError, InvalidCredentialsError):
    """The service rejected the request's credentials or signature."""


def _credentials_fault(code: str) -> type[ServiceError]:
    return type(code, (_CredentialsFault,), {"code": code, "__doc__": f"SWF's ``{code}``."})


_CREDENTIAL_CODES = (
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "MissingAuthenticationTokenException",
    "IncompleteSignature",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "AccessDeniedException",
    "ExpiredTokenException",
    "ExpiredToken",
)

_BY_CODE: dict[str, type[ServiceError]] = {
    str(cls.code): cls
    for cls in (
        UnknownResourceFault,
        DomainAlreadyExistsFault,
        TypeAlreadyExistsFault,
        WorkflowExecutionAlreadyStartedFault,
        DomainDeprecatedFault,
        TypeDeprecatedFault,
        TypeNotDeprecatedFault,
        DefaultUndefinedFault,
        LimitExceededFault,
        OperationNotPermittedFault,
        TooManyTagsFault,
        ValidationException,
        ThrottlingException,
    )
}
_BY_CODE.update({code: _credentials_fault(code) for code in _CREDENTIAL_CODES})
_BY_CODE["Throttling"] = ThrottlingException


def fault_class(code: str) -> type[ServiceError]:
    """The exception class for an SWF fault code (:class:`ServiceError` for unknown codes)."""
    return _BY_CODE.get(code, ServiceError)


def translate(error: BaseException, *, operation: str | None = None) -> SWFError:
    """Turn an exception raised by botocore into the matching :class:`SWFError`.

    ``ClientError`` becomes the class of its fault code (keeping code, message, operation and
    request id); missing or partial credentials become :class:`InvalidCredentialsError`;
    connection and read failures become :class:`TransportError`. An :class:`SWFError` is returned
    as is; anything else is wrapped in a plain :class:`SWFError`.
    """
    from botocore import exceptions as boto

    if isinstance(error, SWFError):
        return error
    if isinstance(error, boto.ClientError):
        response: dict[str, Any] = dict(error.response or {})
        details = response.get("Error") or {}
        metadata = response.get("ResponseMetadata") or {}
        code = str(details.get("Code") or "Unknown")
        code = code.rsplit("#", 1)[-1]
        cls = fault_class(code)
        return cls(
            str(details.get("Message") or ""),
            code=code,
            operation=operation or getattr(error, "operation_name", None),
            request_id=metadata.get("RequestId"),
            status=metadata.get("HTTPStatusCode"),
        )
    if isinstance(error, (boto.NoCredentialsError, boto.PartialCredentialsError)):
        return InvalidCredentialsError(str(error))
    if isinstance(error, boto.NoRegionError):
        return ConfigurationError(
            "no AWS region is configured: give region=..., call swf.settings.set(region=...), "
            "set AWS_DEFAULT_REGION, or point endpoint_url at SWF Local"
        )
    if isinstance(error, boto.ProfileNotFound):
        return ConfigurationError(f"{error} (profiles are in ~/.aws/config and ~/.aws/credentials)")
    if isinstance(
        error,
        (
            boto.EndpointConnectionError,
            boto.ConnectionClosedError,
            boto.ReadTimeoutError,
            boto.ConnectTimeoutError,
            boto.HTTPClientError,
        ),
    ):
        where = f" ({operation})" if operation else ""
        return TransportError(f"{error}{where}")
    if isinstance(error, boto.ParamValidationError):
        return ValidationError(str(error))
    return SWFError(f"{type(error).__name__}: {error}")
