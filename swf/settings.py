"""Where :mod:`swf` finds credentials, region and endpoint.

Sources, highest first:

1. arguments given to an object or a :class:`~swf.core.Connection` (``region="eu-west-1"``);
2. :func:`set` (``swf.settings.set(region="eu-west-1")``);
3. the environment: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``,
   ``AWS_DEFAULT_REGION`` / ``AWS_REGION`` / ``region``, ``AWS_ENDPOINT_URL_SWF``,
   ``AWS_PROFILE``;
4. the file ``~/.swf``::

       [credentials]
       aws_access_key_id=...
       aws_secret_access_key=...

       [defaults]
       region=us-east-1
       endpoint_url=http://127.0.0.1:8080

5. boto3's own chain (profiles in ``~/.aws``, SSO, instance roles...), for whatever is still
   unset.

Nothing is read at import time: every source is read when a connection first needs it.
"""

from __future__ import annotations

import configparser
import logging
import os
import stat
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from swf.exceptions import ConfigurationError

__all__ = ["KEYS", "clear", "from_env", "from_file", "from_home", "get", "isolated", "set"]

log = logging.getLogger(__name__)

KEYS = (
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "region",
    "endpoint_url",
    "profile",
)
"""The settings :mod:`swf` knows."""

_SECRET_KEYS = ("aws_secret_access_key", "aws_session_token")

# Environment variables per key, first found wins.
_ENVIRONMENT = {
    "aws_access_key_id": ("AWS_ACCESS_KEY_ID",),
    "aws_secret_access_key": ("AWS_SECRET_ACCESS_KEY",),
    "aws_session_token": ("AWS_SESSION_TOKEN",),
    "region": ("AWS_DEFAULT_REGION", "AWS_REGION", "region"),
    "endpoint_url": ("AWS_ENDPOINT_URL_SWF",),
    "profile": ("AWS_PROFILE",),
}

# Keys accepted in each section of ~/.swf.
_FILE_SECTIONS = {
    "credentials": ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
    "defaults": ("region", "endpoint_url", "profile"),
}

_lock = threading.Lock()
_explicit: dict[str, str] = {}
# While isolated() is in force: the settings that replace the environment and ~/.swf.
_machine_override: dict[str, str] | None = None


def check_keys(settings: Mapping[str, object], *, source: str) -> None:
    """Raise :class:`ConfigurationError` naming the first key that is not a known setting."""
    for key in settings:
        if key not in KEYS:
            raise ConfigurationError(
                f"unknown setting {key!r} in {source}; known settings: {', '.join(KEYS)}"
            )


def set(**settings: str | None) -> None:
    """Set settings for every connection built from now on.

    A value of ``None`` removes that key. Objects that already have a connection keep it.

    >>> import swf.settings
    >>> swf.settings.set(region="eu-west-1")
    """
    check_keys(settings, source="swf.settings.set()")
    with _lock:
        for key, value in settings.items():
            if value is None:
                _explicit.pop(key, None)
            else:
                _explicit[key] = str(value)


def clear() -> None:
    """Forget everything given to :func:`set`."""
    with _lock:
        _explicit.clear()


@contextmanager
def isolated(**settings: str | None) -> Iterator[None]:
    """Use ``settings`` instead of the machine's own settings until the block ends.

    Within the block the environment (``AWS_*``) and ``~/.swf`` are not read: connections built
    there see ``settings`` (``None`` values left out), then whatever :func:`set` adds, which
    still wins as it always does. Keys left unset fall back to boto3's chain, so give the
    credentials and the region too when that chain must not be used. At the end the previous
    settings come back, including what :func:`set` held before the block (calls of
    :func:`set` inside it are undone). The pytest plugin wraps every test that uses
    ``swf_local`` in it, so that a test cannot reach Amazon SWF by accident::

        with swf.settings.isolated(endpoint_url="http://127.0.0.1:8080", region="us-east-1",
                                   aws_access_key_id="x", aws_secret_access_key="x"):
            Domain("d", retention_period=1).save()     # goes to 127.0.0.1:8080

    Connections are fixed when they are first used: one used before the block keeps its old
    settings, and one first used in it keeps these after.
    """
    global _machine_override
    given = {key: value for key, value in settings.items() if value is not None}
    check_keys(given, source="swf.settings.isolated()")
    with _lock:
        saved = (_machine_override, dict(_explicit))
        _machine_override = {key: str(value) for key, value in given.items()}
    try:
        yield
    finally:
        with _lock:
            _machine_override = saved[0]
            _explicit.clear()
            _explicit.update(saved[1])


def from_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The settings found in the environment (or in ``environ``)."""
    env = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for key, names in _ENVIRONMENT.items():
        for name in names:
            value = env.get(name)
            if value:
                found[key] = value
                break
    return found


def from_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """The settings in an INI file shaped like ``~/.swf``.

    Raises :class:`ConfigurationError` naming the path when the file cannot be read or parsed,
    and naming the key when it holds an unknown one. Logs a warning when the file holds secrets
    and can be read by other users.
    """
    path = Path(path)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as stream:
            parser.read_file(stream)
    except OSError as error:
        raise ConfigurationError(f"cannot read settings file {path}: {error.strerror}") from error
    except (configparser.Error, UnicodeDecodeError) as error:
        raise ConfigurationError(f"cannot parse settings file {path}: {error}") from error
    found: dict[str, str] = {}
    for section in parser.sections():
        allowed = _FILE_SECTIONS.get(section)
        if allowed is None:
            raise ConfigurationError(
                f"unknown section [{section}] in {path}; known sections: "
                + ", ".join(f"[{name}]" for name in _FILE_SECTIONS)
            )
        for key, value in parser.items(section):
            if key not in allowed:
                raise ConfigurationError(
                    f"unknown setting {key!r} in section [{section}] of {path}; "
                    f"known there: {', '.join(allowed)}"
                )
            if value:
                found[key] = value
    if any(key in found for key in _SECRET_KEYS):
        _warn_if_readable_by_others(path)
    return found


def _warn_if_readable_by_others(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        log.warning(
            "%s holds AWS secrets and can be read by other users; run: chmod 600 %s", path, path
        )


def home_file() -> Path:
    """The path of the user's settings file, ``~/.swf``."""
    return Path(os.path.expanduser("~")) / ".swf"


def from_home() -> dict[str, str]:
    """The settings in ``~/.swf``, or nothing when there is no such file."""
    path = home_file()
    if not path.exists():
        return {}
    return from_file(path)


def get() -> dict[str, str]:
    """Every setting from :func:`set`, the environment and ``~/.swf``, merged by precedence.

    Reads the environment and the file on every call: call it when a connection is built, not
    in a loop. Inside :func:`isolated`, its settings stand for the environment and the file.
    """
    with _lock:
        override = None if _machine_override is None else dict(_machine_override)
    if override is None:
        merged = from_home()
        merged.update(from_env())
    else:
        merged = override
    with _lock:
        merged.update(_explicit)
    return merged
