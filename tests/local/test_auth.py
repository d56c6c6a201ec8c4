"""Optional SigV4 verification (--require-auth): accepted and rejected requests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from swf.local import LocalSWF
from tools.local.wire import raw_call


def client(local: LocalSWF, key: str | None, secret: str | None, **extra: Any) -> Any:
    config = Config(retries={"max_attempts": 1})
    if key is None:
        config = config.merge(Config(signature_version=UNSIGNED))
    return boto3.client(
        "swf",
        endpoint_url=local.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=key or "unused",
        aws_secret_access_key=secret or "unused",
        config=config,
        **extra,
    )


def code_of(call: Any) -> tuple[str, int]:
    with pytest.raises(ClientError) as excinfo:
        call()
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_a_properly_signed_request_is_served(secured: LocalSWF) -> None:
    signed = client(secured, "AKIDLOCAL", "s3cr3t")
    signed.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    assert signed.describe_domain(name="d")["domainInfo"]["name"] == "d"


def test_a_signed_request_with_a_session_token_is_served(secured: LocalSWF) -> None:
    signed = client(secured, "OTHER", "x", aws_session_token="token-value")
    assert signed.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []


def test_an_unknown_access_key_is_unrecognized_client(secured: LocalSWF) -> None:
    stranger = client(secured, "AKIDSTRANGER", "s3cr3t")
    assert code_of(lambda: stranger.list_domains(registrationStatus="REGISTERED")) == (
        "UnrecognizedClientException",
        400,
    )


def test_a_wrong_secret_is_invalid_signature(secured: LocalSWF) -> None:
    forger = client(secured, "AKIDLOCAL", "wrong")
    assert code_of(lambda: forger.list_domains(registrationStatus="REGISTERED")) == (
        "InvalidSignatureException",
        400,
    )


def test_an_unsigned_request_is_missing_authentication_token(secured: LocalSWF) -> None:
    anonymous = client(secured, None, None)
    assert code_of(lambda: anonymous.list_domains(registrationStatus="REGISTERED")) == (
        "MissingAuthenticationTokenException",
        400,
    )


def test_a_malformed_authorization_header_is_incomplete_signature(secured: LocalSWF) -> None:
    response = raw_call(
        secured.endpoint_url,
        "ListDomains",
        {"registrationStatus": "REGISTERED"},
        headers={"Authorization": "AWS4-HMAC-SHA256 garbage"},
    )
    assert response.status == 400
    assert response.fault_type == "com.amazon.coral.service#IncompleteSignatureException"


def test_a_tampered_body_fails_the_signature(secured: LocalSWF) -> None:
    signed = client(secured, "AKIDLOCAL", "s3cr3t")

    def tamper(request: Any, **kwargs: Any) -> None:
        request.body = request.body.replace(b"REGISTERED", b"DEPRECATED")  # same length

    signed.meta.events.register_last("before-send.swf.ListDomains", tamper)
    assert code_of(lambda: signed.list_domains(registrationStatus="REGISTERED"))[0] == (
        "InvalidSignatureException"
    )


def test_without_require_auth_any_credentials_are_accepted(swf_local: LocalSWF) -> None:
    anonymous = client(swf_local, None, None)
    assert anonymous.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []


def test_require_auth_without_credentials_is_refused() -> None:
    with pytest.raises(ValueError, match="credentials"):
        LocalSWF(require_auth=True)
