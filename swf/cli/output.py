"""What the ``swf`` sub-commands share: rendering (tables, JSON) and error handling.

Every command of ``domain``, ``workflow-type``, ``activity-type``, ``execution`` and ``demo``
is a :class:`SWFCommand` inside an :class:`SWFGroup`, so that:

- an :class:`~swf.exceptions.SWFError` (an unknown domain, a refused request, an unreachable
  endpoint) ends the command with one line on stderr and exit status 1, never a traceback
  (a model's ``DoesNotExist`` shows as the fault SWF answered, when SWF answered one);
- a usage error (a missing option, a bad value, malformed JSON) is one line on stderr and exit
  status 2;
- any other exception is one line too, unless ``swf -v`` asked for the traceback;
- Ctrl-C (SIGINT) ends the command quietly with exit status 130.

Human output is a plain table; ``--json`` prints JSON (datetimes as ISO 8601 UTC strings,
durations as seconds).
"""

from __future__ import annotations

import enum
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import click
from botocore.exceptions import BotoCoreError

from swf.core import Connection
from swf.exceptions import (
    ConfigurationError,
    DoesNotExistError,
    InvalidCredentialsError,
    ServiceError,
    SWFError,
    TransportError,
    ValidationError,
)
from swf.models import Model
from swf.wire import NONE, payload_to_wire

__all__ = [
    "DURATION",
    "EXECUTION_TIMEOUT",
    "JSON_TEXT",
    "PAYLOAD",
    "CommandError",
    "SWFCommand",
    "SWFGroup",
    "answer_of",
    "domain_option",
    "echo_json",
    "format_duration",
    "format_time",
    "json_option",
    "one_line",
    "render_table",
    "to_jsonable",
]

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_QUOTED_KEEP = 60  # characters of a long quoted value that a one-line error keeps


def _shorten_quoted(match: re.Match[str]) -> str:
    quote = match.group(0)[0]
    value = match.group(1) if match.group(1) is not None else match.group(2)
    if len(value) <= _QUOTED_KEEP + 20:
        return match.group(0)
    return f"{quote}{value[:_QUOTED_KEEP]}...{quote} ({len(value)} characters)"


def one_line(text: str, *, limit: int = 400) -> str:
    """``text`` folded to a single line, shortened past ``limit`` characters without losing
    its reason.

    What gets shortened is what is quoted (a value SWF echoes back, such as a 40 KB input):
    each long quoted value keeps its first characters and says how long it was. Only when the
    line is still too long is its middle cut, so that both its start (what failed) and its end
    (why: SWF puts its constraint last) stay.
    """
    folded = " ".join(str(text).split())
    if len(folded) <= limit:
        return folded
    folded = _QUOTED.sub(_shorten_quoted, folded)
    if len(folded) > limit:
        head = (limit - 5) // 2
        tail = limit - 5 - head
        folded = f"{folded[:head]} ... {folded[-tail:]}"
    return folded


class CommandError(click.ClickException):
    """An error that ends a command with ``Error: <one line>`` on stderr and exit status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line (with where to find help), exit status 2."""

    def __init__(
        self, message: str, ctx: click.Context | None = None, *, command_path: str | None = None
    ) -> None:
        super().__init__(message, ctx=ctx)
        self.command_path = ctx.command_path if ctx is not None else command_path

    def show(self, file: Any = None) -> None:
        """Print the error as one line on stderr."""
        hint = f" (see '{self.command_path} --help')" if self.command_path else ""
        click.echo(f"Error: {one_line(self.format_message())}{hint}", err=True)


def _command_path(info_name: str | None, parent: click.Context | None) -> str | None:
    if parent is None:
        return info_name
    return f"{parent.command_path} {info_name}" if info_name else parent.command_path


def _usage_error(error: click.UsageError, command_path: str | None = None) -> OneLineUsageError:
    if isinstance(error, OneLineUsageError):
        return error
    if error.ctx is None and command_path:
        return OneLineUsageError(error.format_message(), command_path=command_path)
    if isinstance(error, click.exceptions.NoArgsIsHelpError) and error.ctx is not None:
        # click's message is the whole help page; one line names the commands instead.
        command = error.ctx.command
        names = command.list_commands(error.ctx) if isinstance(command, click.Group) else []
        message = f"Missing command: one of {', '.join(names)}" if names else "Missing command"
        return OneLineUsageError(message, ctx=error.ctx)
    return OneLineUsageError(error.format_message(), ctx=error.ctx)


def _is_verbose(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("verbose"))


def describe_error(error: BaseException) -> str:
    """The one line to show for an exception raised while a command ran."""
    if isinstance(error, TransportError):
        endpoint = _endpoint()
        where = f" at {endpoint}" if endpoint else ""
        return f"cannot reach SWF{where}: {error}"
    if isinstance(error, InvalidCredentialsError) and not isinstance(error, ServiceError):
        return (
            f"{error}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or use --profile "
            "(for SWF Local: --endpoint-url, or AWS_ENDPOINT_URL_SWF)"
        )
    if isinstance(error, ConfigurationError) and "region" in str(error).lower():
        return (
            "no AWS region is configured: use --region or set AWS_DEFAULT_REGION "
            "(for SWF Local: --endpoint-url, or AWS_ENDPOINT_URL_SWF)"
        )
    if isinstance(error, DoesNotExistError):
        return _named_once(str(_fault_of(error)))
    if isinstance(error, SWFError):
        return _named_once(str(error))
    if isinstance(error, BotoCoreError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        name = f" {error.filename}" if error.filename else ""
        return f"{error.strerror}{name}"
    return _named_once(f"{type(error).__name__}: {error}")


_REPEATED_NAME = re.compile(r"^(\w+): (?:\1: )+")


def _named_once(text: str) -> str:
    """``text`` with a leading ``Name: Name: `` said once (a fault whose message repeats its
    code, as some SWF answers and wrapped errors do)."""
    return _REPEATED_NAME.sub(r"\1: ", text)


def _fault_of(error: DoesNotExistError) -> ServiceError:
    """SWF's own fault behind a model's ``DoesNotExist`` (what SWF said), else the error."""
    found: ServiceError = error
    while isinstance(found.__cause__, ServiceError):
        found = found.__cause__
    return found


def _endpoint() -> str | None:
    try:
        return Connection().settings.endpoint_url
    except SWFError:
        return None


class SWFCommand(click.Command):
    """A click command whose errors are one line on stderr and a non-zero exit."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse arguments; a usage error becomes one line."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            raise _usage_error(error, _command_path(info_name, parent)) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; library errors become one line on stderr."""
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _usage_error(error) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            # Ctrl-C is how one stops --follow: no "Aborted!", the shell's status for SIGINT.
            raise click.exceptions.Exit(130) from None
        except Exception as error:
            if _is_verbose(ctx):
                log.exception("%s failed", ctx.command_path)
            raise CommandError(describe_error(error)) from None


class SWFGroup(click.Group):
    """A click group of :class:`SWFCommand` (and of further :class:`SWFGroup`)."""

    command_class = SWFCommand
    group_class = type

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse arguments; a usage error becomes one line."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            raise _usage_error(error, _command_path(info_name, parent)) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Find the sub-command; an unknown one is a one-line usage error."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            raise _usage_error(error) from None


# -- parameter types ---------------------------------------------------------------------------


class DurationType(click.ParamType):
    """A duration: plain seconds (``300``) or amounts with units (``90s``, ``5m``, ``1h30m``,
    ``1.5h``, ``2d``), and ``NONE`` (no time-out) only where SWF accepts it.

    The units are ``s``, ``m`` (minutes), ``h`` and ``d``, in lower case: ``1M`` (a month? a
    minute?) and other units are refused with a hint, never guessed. Converts to a
    :class:`~datetime.timedelta` (or ``"NONE"``), which the library then checks with its one
    rule (:func:`swf.wire.duration_to_wire`): whole seconds, at most 99999999.

    :param allow_none: whether ``NONE`` is accepted (not for an execution's time-out).
    :param minimum: the least number of seconds accepted (1 where 0 makes no sense).
    :param why_minimum: what to say when a value is below ``minimum``.
    """

    name = "duration"
    _UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    _PART = re.compile(r"(\d+(?:\.\d+)?|\.\d+)([A-Za-z]*)")
    _EXAMPLES = "e.g. 300, 90s, 5m, 1h30m, 1.5h or 2d"

    def __init__(self, *, allow_none: bool = True, minimum: int = 0, why_minimum: str = "") -> None:
        self.allow_none = allow_none
        self.minimum = minimum
        self.why_minimum = why_minimum

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> timedelta | str:
        """The :class:`timedelta` for ``value`` (``"NONE"`` where allowed)."""
        if isinstance(value, timedelta):
            return self._checked(value, value, param, ctx)
        text = str(value).strip()
        if text.upper() == NONE:
            if not self.allow_none:
                self.fail(
                    f"NONE is not accepted here: SWF needs a duration ({self._EXAMPLES})",
                    param,
                    ctx,
                )
            return NONE
        examples = self._EXAMPLES + (" or NONE" if self.allow_none else "")
        parts = list(self._PART.finditer(text))
        if not text or "".join(part.group(0) for part in parts) != text:
            self.fail(f"{value!r} is not a duration ({examples})", param, ctx)
        seconds = Fraction(0)
        for part in parts:
            number, unit = part.group(1), part.group(2)
            if not unit and len(parts) > 1:
                self.fail(
                    f"{value!r} is not a duration: give every amount a unit ({examples})",
                    param,
                    ctx,
                )
            if unit and unit not in self._UNITS:
                hint = (
                    "units are s, m (minutes), h and d, in lower case"
                    if unit.lower() in self._UNITS
                    else "units are s, m, h and d"
                )
                self.fail(
                    f"{value!r} is not a duration: unknown unit {unit!r} ({hint}; {examples})",
                    param,
                    ctx,
                )
            seconds += Fraction(number) * self._UNITS[unit or "s"]
        if seconds.denominator != 1:
            self.fail(
                f"{value!r} is not whole seconds ({float(seconds):g}s): SWF counts in seconds",
                param,
                ctx,
            )
        return self._checked(timedelta(seconds=int(seconds)), value, param, ctx)

    def _checked(
        self,
        duration: timedelta,
        value: Any,
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> timedelta:
        seconds = duration.total_seconds()
        if seconds != int(seconds):
            self.fail(
                f"{value!r} is not whole seconds ({seconds:g}s): SWF counts in seconds", param, ctx
            )
        if seconds > 99_999_999:
            self.fail(f"{value!r} is longer than SWF allows (99999999 seconds)", param, ctx)
        if seconds < self.minimum:
            why = f": {self.why_minimum}" if self.why_minimum else ""
            self.fail(f"{value!r} is less than {self.minimum} second(s){why}", param, ctx)
        return duration


class PayloadType(click.ParamType):
    """A payload (an input, details): text given inline, as ``@path`` (a file) or ``-`` (stdin).

    The library's payload rule applies (:func:`swf.wire.payload_to_wire`): the text is sent as
    it is, JSON or not (``--input Ada`` sends ``Ada``; ``--input '{"sku": "A1"}'`` sends that
    JSON), and a payload longer than SWF allows is refused before any request is sent. Text
    that starts like JSON (``{``, ``[`` or ``"``) but does not parse is refused too: it is
    almost always a typo (give it as ``@file`` to send it anyway). The whitespace around a
    file's or stdin's text (its final newline) is not sent.
    """

    name = "text"

    def __init__(self, *, what: str = "input") -> None:
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The text to send, after SWF's checks."""
        text = str(value)
        from_file = False
        if text == "-":
            text = sys.stdin.read().strip()
            from_file = True
        elif text.startswith("@"):
            path = Path(text[1:])
            try:
                text = path.read_text(encoding="utf-8").strip()
            except OSError as error:
                self.fail(f"cannot read {path}: {error.strerror}", param, ctx)
            from_file = True
        if not from_file and text.lstrip()[:1] in ("{", "[", '"'):
            try:
                json.loads(text)
            except ValueError as error:
                self.fail(
                    f"malformed JSON: {error} (plain text is sent as it is; "
                    "give JSON-looking text that is not JSON as @file)",
                    param,
                    ctx,
                )
        try:
            wired = payload_to_wire(text, what=self.what)
        except ValidationError as error:
            self.fail(str(error), param, ctx)
        assert wired is not None
        return wired


JSONTextType = PayloadType
"""The former name of :class:`PayloadType`."""


DURATION = DurationType()
"""A duration where SWF also takes ``NONE`` (no time-out)."""
EXECUTION_TIMEOUT = DurationType(
    allow_none=False,
    minimum=1,
    why_minimum="an execution with a time-out of 0 times out as soon as it starts",
)
"""An execution's start-to-close time-out: SWF refuses ``NONE``, and 0 is refused here."""
PAYLOAD = PayloadType()
"""An ``--input``: text (JSON or not), ``@file`` or ``-``, sent as it is."""
JSON_TEXT = PAYLOAD
"""The former name of :data:`PAYLOAD`."""


def json_option(function: F) -> F:
    """``--json``: print JSON instead of a table."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        function
    )


def domain_option(function: F) -> F:
    """``--domain/-d`` (required; ``SWF_DOMAIN`` in the environment works too)."""
    return click.option(
        "--domain",
        "-d",
        required=True,
        envvar="SWF_DOMAIN",
        show_envvar=True,
        help="The SWF domain.",
    )(function)


# -- rendering -----------------------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """``value`` with datetimes as ISO 8601 UTC strings and timedeltas as seconds."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(item) for item in value]
    return value


def answer_of(model: Model) -> Mapping[str, Any]:
    """SWF's answer a model was built from (:attr:`~swf.models.Model.raw`): what ``--json``
    prints."""
    if model.raw is None:
        raise CommandError(f"{model!r} was not read from SWF")
    return model.raw


def echo_json(value: Any, *, compact: bool = False) -> None:
    """Print ``value`` as JSON on stdout."""
    if compact:
        click.echo(json.dumps(to_jsonable(value), separators=(",", ":"), sort_keys=False))
    else:
        click.echo(json.dumps(to_jsonable(value), indent=2, sort_keys=False))


def format_time(value: Any) -> str:
    """A wire timestamp as ``YYYY-MM-DD HH:MM:SS`` UTC (empty for none)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    else:
        moment = datetime.fromtimestamp(float(value), tz=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def format_duration(value: timedelta | str | None, *, none: str = "") -> str:
    """A duration (a timedelta, or a wire string such as ``"300"`` or ``"NONE"``) for people
    (``5m``, ``none``); ``None`` shows as ``none`` (give ``none="none"`` where the model's
    ``None`` means SWF's ``NONE``)."""
    if value is None:
        return none
    if value == NONE:
        return "none"
    seconds = int(value.total_seconds()) if isinstance(value, timedelta) else int(value)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain text table: a header line, then one line per row, columns padded."""
    lines = [[str(cell) if cell is not None else "" for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for line in lines:
        for index, cell in enumerate(line):
            widths[index] = max(widths[index], len(cell))
    out = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for line in lines:
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return "\n".join(out)


def echo_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, empty: str) -> None:
    """Print a table, or ``empty`` on stderr when there are no rows."""
    materialized = list(rows)
    if not materialized:
        click.echo(empty, err=True)
        return
    click.echo(render_table(headers, materialized))


def echo_fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """Print ``name: value`` lines (skipping empty values), names aligned."""
    kept = [(name, value) for name, value in pairs if value not in (None, "", [], {})]
    width = max((len(name) for name, _ in kept), default=0)
    for name, value in kept:
        click.echo(f"{(name + ':').ljust(width + 1)} {value}")


def stdout_is_tty() -> bool:
    """Whether stdout is a terminal (colours and progress only then)."""
    return sys.stdout.isatty()
