"""Optional SigV4 verification for SWF Local (``swf local serve --require-auth``).

With configured access keys, every request must carry a valid ``AWS4-HMAC-SHA256``
``Authorization`` header for service ``swf``. Rejections use the codes AWS uses (all HTTP 400):
MissingAuthenticationTokenException (unsigned), IncompleteSignatureException (malformed header),
UnrecognizedClientException (unknown access key), InvalidSignatureException (bad signature or
scope). Request time skew is not checked (SWF Local's clock may be a manual one).

The canonical request, the string to sign and the signature are botocore's own
(:class:`botocore.auth.SigV4Auth`), computed over the headers the client says it signed;
what is checked here is what a signer never does: the header's form, the scope, the date.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials

from swf.local import faults
from swf.local.protocol import Request
from swf.local.validation import preview

__all__ = ["SigV4Verifier"]

_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*"
    r"Signature=([0-9a-fA-F]+)\s*$"
)


class _Signer(SigV4Auth):
    """botocore's SigV4 over the headers a request says it signed (not those botocore would
    choose: a verifier must check exactly what the client signed)."""

    def __init__(self, secret: str, service: str, region: str, signed: list[str]) -> None:
        super().__init__(Credentials("unused", secret), service, region)
        self._signed = signed

    def headers_to_sign(self, request: Any) -> Any:
        headers = HTTPHeaders()
        for name in self._signed:
            headers[name] = request.headers.get(name, "")
        return headers


class SigV4Verifier:
    """Checks SigV4 signatures against ``credentials`` (access key id -> secret key)."""

    def __init__(self, credentials: Mapping[str, str], *, service: str = "swf") -> None:
        self.credentials = dict(credentials)
        self.service = service

    def __call__(self, request: Request) -> None:
        """Raise the fault AWS would answer if ``request`` is not properly signed."""
        authorization = request.headers.get("authorization")
        if not authorization:
            raise faults.MissingAuthenticationTokenException("Missing Authentication Token")
        match = _AUTHORIZATION.match(authorization)
        if match is None:
            raise faults.IncompleteSignatureException(
                f"Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
                f"parameters in the AWS4-HMAC-SHA256 format. Authorization={preview(authorization)}"
            )
        credential, signed_headers, signature = match.groups()
        scope_parts = credential.split("/")
        if len(scope_parts) != 5 or scope_parts[4] != "aws4_request":
            raise faults.IncompleteSignatureException(
                f"Invalid credential scope: {preview(credential)}"
            )
        access_key, date, region, service, _ = scope_parts
        secret = self.credentials.get(access_key)
        if secret is None:
            raise faults.UnrecognizedClientException(
                "The security token included in the request is invalid."
            )
        if service != self.service:
            raise faults.InvalidSignatureException(
                f"Credential should be scoped to correct service: '{self.service}'."
            )
        amz_date = request.headers.get("x-amz-date", "")
        if not amz_date.startswith(date):
            raise faults.InvalidSignatureException(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                "from HTTP."
            )
        names = signed_headers.split(";")
        if "host" not in names:
            raise faults.InvalidSignatureException("'Host' must be a signed header.")
        signed = AWSRequest(
            method=request.method,
            url="http://localhost" + request.target,
            headers=dict(request.headers),
            data=request.body,
        )
        signed.context["timestamp"] = amz_date
        signer = _Signer(secret, service, region, names)
        expected = signer.signature(
            signer.string_to_sign(signed, signer.canonical_request(signed)), signed
        )
        if not hmac.compare_digest(expected, signature.lower()):
            raise faults.InvalidSignatureException(
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details."
            )
