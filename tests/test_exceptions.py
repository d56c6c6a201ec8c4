"""Every fault SWF can answer becomes its own exception class, with its context kept."""

from __future__ import annotations

import pickle

import botocore.loaders
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from swf import core, exceptions
from swf.core import Connection
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    InvalidCredentialsError,
    ResponseError,
    ServiceError,
    SWFError,
    TransportError,
    ValidationError,
    translate,
)

from .fault_server import canned_server

MODEL = botocore.loaders.Loader().load_service_model("swf", "service-2")
MODELLED_FAULTS = sorted(name for name, shape in MODEL["shapes"].items() if shape.get("exception"))
OTHER_CODES = {
    "ValidationException": ("com.amazon.coral.validate", exceptions.ValidationException),
    "ThrottlingException": ("com.amazon.coral.availability", exceptions.ThrottlingException),
    "UnrecognizedClientException": ("com.amazon.coral.service", InvalidCredentialsError),
    "InvalidSignatureException": ("com.amazon.coral.service", InvalidCredentialsError),
    "MissingAuthenticationTokenException": ("com.amazon.coral.service", InvalidCredentialsError),
    "AccessDeniedException": ("com.amazon.coral.service", InvalidCredentialsError),
}


def test_every_modelled_fault_has_its_own_class() -> None:
    assert len(MODELLED_FAULTS) == 11
    for code in MODELLED_FAULTS:
        cls = getattr(exceptions, code)
        assert issubclass(cls, ServiceError)
        assert cls.code == code


@pytest.mark.parametrize("code", MODELLED_FAULTS + sorted(OTHER_CODES))
def test_fault_from_the_wire_becomes_its_class(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "MAX_ATTEMPTS", 1)  # no retries of throttling: one answer each
    namespace, expected = OTHER_CODES.get(code, ("com.amazonaws.swf.base.model", None))
    expected = expected or getattr(exceptions, code)
    with canned_server() as server:
        server.status = 400
        server.body = {"__type": f"{namespace}#{code}", "message": f"it is a {code}"}
        connection = Connection(
            endpoint_url=f"http://127.0.0.1:{server.server_address[1]}",
            aws_access_key_id="k",
            aws_secret_access_key="s",
        )
        with pytest.raises(expected) as caught:
            connection.call("DescribeDomain", name="d")
    error = caught.value
    assert isinstance(error, ServiceError)
    assert error.code == code
    assert error.message == f"it is a {code}"
    assert error.operation == "DescribeDomain"
    assert error.request_id == "req-1234"
    assert error.status == 400
    assert code in str(error) and "DescribeDomain" in str(error)


def test_quickstart_era_names_mix_in_builtins() -> None:
    assert issubclass(exceptions.UnknownResourceFault, DoesNotExistError)
    assert issubclass(DoesNotExistError, LookupError)
    assert issubclass(exceptions.DomainAlreadyExistsFault, AlreadyExistsError)
    assert issubclass(exceptions.TypeAlreadyExistsFault, AlreadyExistsError)
    assert issubclass(exceptions.WorkflowExecutionAlreadyStartedFault, AlreadyExistsError)
    assert issubclass(ValidationError, ValueError)
    assert issubclass(exceptions.ValidationException, ValueError)
    assert issubclass(TransportError, ConnectionError)
    assert ResponseError is ServiceError
    for cls in (DoesNotExistError, AlreadyExistsError, InvalidCredentialsError, TransportError):
        assert issubclass(cls, SWFError)


def test_unknown_code_is_a_plain_service_error() -> None:
    error = translate(
        ClientError({"Error": {"Code": "BrandNewFault", "Message": "m"}}, "ListDomains")
    )
    assert type(error) is ServiceError
    assert error.code == "BrandNewFault"
    assert error.operation == "ListDomains"


def test_missing_credentials_become_invalid_credentials_error() -> None:
    assert isinstance(translate(NoCredentialsError()), InvalidCredentialsError)


def test_connection_refused_is_a_transport_error() -> None:
    error = translate(EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), operation="X")
    assert isinstance(error, TransportError)
    assert "X" in str(error)


def test_unreachable_endpoint_raises_transport_error_from_a_call() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    connection = Connection(endpoint_url=f"http://127.0.0.1:{port}")
    connection.client.meta.config.retries["total_max_attempts"] = 1
    with pytest.raises(TransportError):
        connection.call("ListDomains", registrationStatus="REGISTERED")


def test_service_errors_survive_pickling() -> None:
    error = exceptions.UnknownResourceFault(
        "Unknown domain", code="UnknownResourceFault", operation="DescribeDomain", request_id="r"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is exceptions.UnknownResourceFault
    assert (copy.message, copy.operation, copy.request_id) == (
        "Unknown domain",
        "DescribeDomain",
        "r",
    )


def test_only_the_exceptions_module_reads_botocore_error_codes() -> None:
    import pathlib

    root = pathlib.Path(exceptions.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "exceptions.py"
        and "local" not in path.parts
        and ('["Error"]' in path.read_text() or "ClientError" in path.read_text())
    ]
    assert offenders == []


def test_an_unknown_profile_is_a_configuration_error_with_its_cause_kept() -> None:
    from botocore.exceptions import ProfileNotFound

    from swf.exceptions import ConfigurationError

    connection = Connection(profile="nosuch")
    with pytest.raises(ConfigurationError, match="nosuch") as caught:
        list(connection.paginate("ListDomains", registrationStatus="REGISTERED"))
    assert isinstance(caught.value.__cause__, ProfileNotFound)
    with pytest.raises(ConfigurationError, match=r"~/\.aws/config") as caught:
        connection.call("ListDomains", registrationStatus="REGISTERED")
    assert caught.value.__cause__ is not caught.value
