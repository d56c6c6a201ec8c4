"""Pagination of SWF Local: one page-size rule and one page-token scheme for every operation.

A token is opaque to clients: URL-safe base64 of a small JSON object holding the *scope* (a
digest of the query it continues: operation and filters, never the page size), the *position*
where the next page starts, and when it was issued. A token replayed against another query, or
altered, is a ValidationException; so is one older than its lifetime: a day, as on the live
service, except the history pages of a decision task (PollForDecisionTask's nextPageToken),
which expire after 60 seconds (AWS's answer on its forum, quoted in
github.com/ericabouaf/aws-swf/issues/57): a decision task is meant to be short.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from swf.local import faults

__all__ = [
    "DECISION_TASK_TOKEN_LIFETIME",
    "DEFAULT_PAGE_SIZE",
    "TOKEN_LIFETIME",
    "decode_token",
    "encode_token",
    "page_size",
    "scope_of",
]

#: Results per page when a request asks for none (``maximumPageSize`` 0 or absent); also the
#: most a page may hold.
DEFAULT_PAGE_SIZE = 1_000
#: Seconds a page token stays valid.
TOKEN_LIFETIME = 24 * 3600.0
#: ... for the history pages of a decision task.
DECISION_TASK_TOKEN_LIFETIME = 60.0


def page_size(value: int | None) -> int:
    """The page size of a request: ``maximumPageSize``, or the default when 0 or absent."""
    if not value:
        return DEFAULT_PAGE_SIZE
    if value < 0 or value > DEFAULT_PAGE_SIZE:
        raise faults.ValidationException(
            f"Invalid maximumPageSize: {value} (0 to {DEFAULT_PAGE_SIZE})"
        )
    return value


def scope_of(*query: Any) -> str:
    """The scope of a query: a short digest of its JSON-encodable parts."""
    text = json.dumps(query, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_token(scope: str, position: Any, *, issued: float) -> str:
    """A ``nextPageToken`` continuing the query ``scope`` at ``position``, issued at ``issued``
    (the service clock, epoch seconds)."""
    raw = json.dumps({"s": scope, "p": position, "i": issued}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_token(token: str, scope: str, *, now: float, lifetime: float = TOKEN_LIFETIME) -> Any:
    """The position of a token made by :func:`encode_token` for ``scope``.

    ValidationException if it is not one, belongs to another query, or is older than
    ``lifetime`` seconds.
    """
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, dict) or data.get("s") != scope:
            raise ValueError(token)
        position, issued = data["p"], float(data["i"])
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        raise faults.ValidationException(
            "Invalid nextPageToken: it does not belong to this request"
        ) from None
    if now - issued > lifetime:
        raise faults.ValidationException("Specified token has exceeded its maximum lifetime")
    return position
