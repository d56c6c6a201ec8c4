"""The public namespace is curated: changing it must be a deliberate act."""

from __future__ import annotations

import subprocess
import sys

import swf


def test_top_level_all_is_pinned() -> None:
    assert sorted(swf.__all__) == sorted(
        [
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
    )
    for name in swf.__all__:
        assert hasattr(swf, name), name


def test_importing_swf_loads_neither_boto3_nor_the_service() -> None:
    code = (
        "import sys, swf; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore') "
        "or m.startswith('swf.local')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_library_logs_through_a_null_handler() -> None:
    import logging

    handlers = logging.getLogger("swf").handlers
    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)


def test_a_name_two_namespaces_export_is_one_object() -> None:
    import swf.actors
    import swf.models

    shared = set(swf.models.__all__) & set(swf.actors.__all__)
    assert shared == {"ActivityTask"}
    for name in shared:
        assert getattr(swf.models, name) is getattr(swf.actors, name), name
