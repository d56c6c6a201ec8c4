"""simple-workflow: a synchronous, Pythonic client for Amazon Simple Workflow (SWF).

The client lives in submodules: :mod:`swf.models`, :mod:`swf.querysets`, :mod:`swf.history`,
:mod:`swf.decisions` and :mod:`swf.actors`; :mod:`swf.local` is SWF Local, an embedded
SWF-compatible service. Importing :mod:`swf` reads no settings and opens no connection.
"""

from __future__ import annotations

import logging

from swf import settings
from swf.core import ConnectedSWFObject, Connection
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    InvalidCredentialsError,
    ResponseError,
    ServiceError,
    SWFError,
    TransportError,
    ValidationError,
)

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "AlreadyExistsError",
    "ConnectedSWFObject",
    "Connection",
    "DoesNotExistError",
    "InvalidCredentialsError",
    "ResponseError",
    "SWFError",
    "ServiceError",
    "TransportError",
    "ValidationError",
    "__version__",
    "settings",
]
