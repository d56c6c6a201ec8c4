"""Wire faults of SWF Local: exceptions that the protocol layer encodes as AWS does.

A fault travels as HTTP ``status`` (400) with the JSON body
``{"__type": "<namespace>#<code>", "message": "..."}``; botocore keeps the part after ``#`` as
``Error.Code``. Raise them from operations; anything else becomes an InternalFailure (500).
"""

from __future__ import annotations

from typing import Any

SWF_NAMESPACE = "com.amazonaws.swf.base.model"
VALIDATE_NAMESPACE = "com.amazon.coral.validate"
SERVICE_NAMESPACE = "com.amazon.coral.service"


class Fault(Exception):
    """A fault the service answers with instead of a result."""

    code: str = "InternalFailure"
    namespace: str = SERVICE_NAMESPACE
    status: int = 400

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    @property
    def type(self) -> str:
        """The ``__type`` value on the wire."""
        return f"{self.namespace}#{self.code}"

    def to_wire(self) -> dict[str, Any]:
        """The JSON body of the fault."""
        return {"__type": self.type, "message": self.message}

    def __repr__(self) -> str:
        return f"<{self.code}: {self.message}>"


class InternalFailure(Fault):
    """An unexpected error inside the service (HTTP 500)."""

    code = "InternalFailure"
    status = 500


# The 11 faults modelled in SWF's service model.


class SWFFault(Fault):
    """Base of the faults modelled in SWF's service model."""

    namespace = SWF_NAMESPACE


class UnknownResourceFault(SWFFault):
    """The named resource does not exist (or not in this scope)."""

    code = "UnknownResourceFault"


class TypeAlreadyExistsFault(SWFFault):
    """The type exists already (registered or deprecated), or is registered on undeprecate."""

    code = "TypeAlreadyExistsFault"


class DomainAlreadyExistsFault(SWFFault):
    """The domain exists already, or is registered on undeprecate."""

    code = "DomainAlreadyExistsFault"


class DomainDeprecatedFault(SWFFault):
    """The domain is deprecated."""

    code = "DomainDeprecatedFault"


class TypeDeprecatedFault(SWFFault):
    """The type is deprecated."""

    code = "TypeDeprecatedFault"


class TypeNotDeprecatedFault(SWFFault):
    """Deleting a type that is not deprecated."""

    code = "TypeNotDeprecatedFault"


class DefaultUndefinedFault(SWFFault):
    """A required value was given neither in the request nor as a type default."""

    code = "DefaultUndefinedFault"


class LimitExceededFault(SWFFault):
    """A service limit was reached."""

    code = "LimitExceededFault"


class OperationNotPermittedFault(SWFFault):
    """The caller may not perform the operation."""

    code = "OperationNotPermittedFault"


class TooManyTagsFault(SWFFault):
    """More than 50 tags on a resource."""

    code = "TooManyTagsFault"


class WorkflowExecutionAlreadyStartedFault(SWFFault):
    """An open execution with this workflowId exists already in the domain."""

    code = "WorkflowExecutionAlreadyStartedFault"


# Faults of the AWS front end (coral).


class ValidationException(Fault):
    """The request does not satisfy the input shape or a value constraint."""

    code = "ValidationException"
    namespace = VALIDATE_NAMESPACE


class SerializationException(Fault):
    """The body is not JSON, or a value has the wrong JSON type."""

    code = "SerializationException"


class UnknownOperationException(Fault):
    """The ``X-Amz-Target`` names no operation of the service."""

    code = "UnknownOperationException"


class ThrottlingException(Fault):
    """Too many requests (botocore retries it)."""

    code = "ThrottlingException"


class RequestEntityTooLargeException(Fault):
    """The request body exceeds 1 MB (HTTP 413)."""

    code = "RequestEntityTooLargeException"
    status = 413


class MissingAuthenticationTokenException(Fault):
    """The request is not signed (and authentication is required)."""

    code = "MissingAuthenticationTokenException"


class UnrecognizedClientException(Fault):
    """The access key is unknown."""

    code = "UnrecognizedClientException"


class InvalidSignatureException(Fault):
    """The SigV4 signature does not match."""

    code = "InvalidSignatureException"


class IncompleteSignatureException(Fault):
    """The Authorization header is malformed."""

    code = "IncompleteSignatureException"
