"""Optional SigV4 verification for SWF Local (``swf local serve --require-auth``).

With configured access keys, every request must carry a valid ``AWS4-HMAC-SHA256``
``Authorization`` header for service ``swf``. Rejections use the codes AWS uses (all HTTP 400):
MissingAuthenticationTokenException (unsigned), IncompleteSignatureException (malformed header),
UnrecognizedClientException (unknown access key), InvalidSignatureException (bad signature or
scope). Request time skew is not checked (SWF Local's clock may be a manual one).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from urllib.parse import quote, unquote

from swf.local import faults
from swf.local.protocol import Request

__all__ = ["SigV4Verifier"]

_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*"
    r"Signature=([0-9a-fA-F]+)\s*$"
)


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    pairs = []
    for part in query.split("&"):
        name, _, value = part.partition("=")
        pairs.append((quote(unquote(name), safe="-_.~"), quote(unquote(value), safe="-_.~")))
    return "&".join(f"{n}={v}" for n, v in sorted(pairs))


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
                f"parameters in the AWS4-HMAC-SHA256 format. Authorization={authorization}"
            )
        credential, signed_headers, signature = match.groups()
        scope_parts = credential.split("/")
        if len(scope_parts) != 5 or scope_parts[4] != "aws4_request":
            raise faults.IncompleteSignatureException(f"Invalid credential scope: {credential}")
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
        canonical_headers = "".join(
            f"{name}:{' '.join(request.headers.get(name, '').split())}\n" for name in names
        )
        canonical_request = "\n".join(
            [
                request.method,
                quote(request.path or "/", safe="/-_.~"),
                _canonical_query(request.query),
                canonical_headers,
                signed_headers,
                hashlib.sha256(request.body).hexdigest(),
            ]
        )
        scope = f"{date}/{region}/{service}/aws4_request"
        string_to_sign = "\n".join(
            [
                "AWS4-HMAC-SHA256",
                amz_date,
                scope,
                hashlib.sha256(canonical_request.encode()).hexdigest(),
            ]
        )
        key = _hmac(("AWS4" + secret).encode(), date)
        key = _hmac(key, region)
        key = _hmac(key, service)
        key = _hmac(key, "aws4_request")
        expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.lower()):
            raise faults.InvalidSignatureException(
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details."
            )
