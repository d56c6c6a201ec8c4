"""The code in the documentation runs, against SWF Local.

Each page's ``.. code-block:: python`` / ``pycon`` blocks (and ``.. doctest::`` blocks) run in
order in one namespace, like a reader typing them into one interpreter: ``>>>`` examples are
checked against their output, plain blocks are executed. A block with ``:class: no-test`` is
skipped (e.g. code for Amazon SWF itself); a block with ``:class: pytest`` is a test module,
run with pytest in a subprocess. In ``.. code-block:: console`` blocks, each ``$ swf ...``
command runs (in-process) and its output is checked against the lines under it (``...``
matches anything, and a line of just ``...`` any number of lines; commands that run until
stopped, ``swf demo`` and ``swf flow`` (which needs the reader's module) are not run). The
pages speak of ``http://127.0.0.1:8080`` (``swf local serve --port 8080``); here that address
is replaced by a fresh SWF Local on a free port. Each page also runs on a server that other
pages used before, in any order: a reader may run them all against one ``swf local serve``,
so each page uses names of its own.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from swf.cli import main
from swf.local import LocalSWF

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ALL_PAGES = sorted([*DOCS.glob("*.rst"), ROOT / "README.rst"])
# Pages of reference and navigation only; a test below checks they hold no code to run.
CODELESS = {"architecture.rst", "index.rst"}
PAGES = [page for page in ALL_PAGES if page.name not in CODELESS]
DOCUMENTED_ENDPOINT = "http://127.0.0.1:8080"
_DIRECTIVE = re.compile(
    r"^(?P<indent> *)\.\. (?:code-block|code|sourcecode|doctest)::\s*(?P<lang>\S*)"
)


@dataclass
class Block:
    """One code block of a page."""

    line: int
    language: str
    options: dict[str, str]
    code: str


def blocks_of(text: str) -> list[Block]:
    """The code blocks of an reST text, with their options, in order."""
    lines = text.splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index])
        if not match:
            index += 1
            continue
        start = index
        indent = len(match.group("indent"))
        language = match.group("lang") or ("pycon" if "doctest" in lines[index] else "")
        if lines[index].strip().startswith(".. doctest::"):
            language = "pycon"
        index += 1
        options: dict[str, str] = {}
        while index < len(lines) and re.match(r"^\s+:[\w-]+:", lines[index]):
            key, _, value = lines[index].strip()[1:].partition(":")
            options[key] = value.strip()
            index += 1
        body: list[str] = []
        while index < len(lines):
            line = lines[index]
            if line.strip() and (len(line) - len(line.lstrip())) <= indent:
                break
            body.append(line)
            index += 1
        found.append(
            Block(start + 1, language, options, textwrap.dedent("\n".join(body)).strip("\n"))
        )
    return found


# They serve or poll until stopped, run the demo, or need the reader's own module (``swf flow``).
_NOT_RUN = (
    ("local", "serve"),
    ("decider", "start"),
    ("worker", "start"),
    ("demo",),
    ("flow", "run"),
    ("flow", "replay"),
)


def _lines_match(checker: doctest.OutputChecker, want: list[str], got: list[str]) -> bool:
    """Whether ``got`` matches ``want`` line by line, a line of just ``...`` standing for any
    number of lines, none included (a listing that other pages' domains may lengthen)."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    if not want:
        return not got
    if want[0].strip() == "...":
        return any(_lines_match(checker, want[1:], got[index:]) for index in range(len(got) + 1))
    return (
        bool(got)
        and checker.check_output(want[0] + "\n", got[0] + "\n", flags)
        and _lines_match(checker, want[1:], got[1:])
    )


def console_failures(block: Block) -> list[str]:
    """Run the ``$ swf ...`` commands of a console block; the mismatches, as messages."""
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failures: list[str] = []
    commands: list[tuple[str, list[str]]] = []
    for line in block.code.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    for command, expected in commands:
        words = shlex.split(command)
        if words[0] != "swf" or any(tuple(words[1 : 1 + len(n)]) == n for n in _NOT_RUN):
            continue
        result = CliRunner().invoke(main, words[1:], prog_name="swf")
        want = "\n".join(expected) + "\n" if expected else ""
        if not checker.check_output(want, result.output, flags) and not _lines_match(
            checker, expected, result.output.splitlines()
        ):
            failures.append(
                f"line {block.line}: $ {command}\n--- expected:\n{want}--- got "
                f"(exit {result.exit_code}):\n{result.output}"
            )
    return failures


def _run_console(line: int, code: str) -> None:
    failures = console_failures(Block(line, "console", {}, code))
    if failures:
        raise AssertionError("\n".join(failures))


def _is_run(block: Block) -> bool:
    classes = block.options.get("class", "").split()
    return block.language in {"python", "pycon", "python3", "py"} and "no-test" not in classes


def _examples(page: Path, text: str) -> tuple[list[doctest.Example], list[Block]]:
    parser = doctest.DocTestParser()
    examples: list[doctest.Example] = []
    pytest_blocks: list[Block] = []
    for block in blocks_of(text):
        if "pytest" in block.options.get("class", "").split():
            pytest_blocks.append(block)
            continue
        if block.language == "console":
            # run in document order, between the Python examples around it
            source = f"_run_console({block.line!r}, {block.code!r})"
            examples.append(doctest.Example(source + "\n", "", lineno=block.line))
            continue
        if not _is_run(block):
            continue
        if ">>>" in block.code:
            for example in parser.get_examples(block.code, name=f"{page.name}:{block.line}"):
                example.lineno += block.line
                examples.append(example)
        else:
            # doctest compiles one statement at a time; a block is a module's worth of them
            source = f"exec(compile({block.code!r}, {page.name + ':' + str(block.line)!r}, 'exec'))"
            examples.append(doctest.Example(source + "\n", "", lineno=block.line))
    return examples, pytest_blocks


def run_page(
    page: Path,
    local: LocalSWF,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    pytest_modules: bool = True,
) -> None:
    """Run the code of ``page`` against ``local`` (fresh or shared), as a reader would.

    ``pytest_modules=False`` leaves out the page's test modules (they run on the pytest
    plugin's own SWF Local, never on ``local``).
    """
    text = page.read_text(encoding="utf-8")
    text = text.replace(DOCUMENTED_ENDPOINT, local.endpoint_url)
    examples, pytest_blocks = _examples(page, text)
    assert examples or pytest_blocks, f"{page.name} has no code: add it to CODELESS"
    workdir = tmp_path / page.stem
    workdir.mkdir(exist_ok=True)
    with monkeypatch.context() as patch:
        patch.chdir(workdir)
        patch.setenv("AWS_ENDPOINT_URL_SWF", local.endpoint_url)
        globs = {"__name__": "__docs__", "_run_console": _run_console}
        test = doctest.DocTest(examples, globs, page.name, str(page), 0, text)
        report: list[str] = []
        runner = doctest.DocTestRunner(
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        )
        try:
            runner.run(test, out=report.append, clear_globs=True)
        finally:
            import swf.settings

            swf.settings.clear()  # what the page set (e.g. an endpoint) is the page's own
        assert runner.failures == 0, "".join(report)
    for block in pytest_blocks if pytest_modules else ():
        module = workdir / f"test_docs_{page.stem}_{block.line}.py"
        module.write_text(block.code + "\n", encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)],
            capture_output=True,
            text=True,
            cwd=workdir,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, f"{page.name}:{block.line}\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("page", PAGES, ids=[path.name for path in PAGES])
def test_the_code_of_the_page_runs(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalSWF(tmp_path / "docs.sqlite3", poll_hold=0.3) as local:
        run_page(page, local, tmp_path, monkeypatch)


def _page(name: str) -> Path:
    return next(page for page in PAGES if page.name == name)


@pytest.mark.parametrize(
    "names",
    [("models.rst", "querysets.rst"), ("querysets.rst", "models.rst"),
     ("README.rst", "cli.rst"), ("cli.rst", "README.rst"),
     ("quickstart.rst", "README.rst"), ("README.rst", "quickstart.rst")],
    ids=lambda names: " then ".join(names),
)  # fmt: skip
def test_two_pages_run_one_after_the_other_on_one_server(
    names: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalSWF(tmp_path / "shared.sqlite3", poll_hold=0.3) as local:
        for name in names:
            run_page(_page(name), local, tmp_path, monkeypatch, pytest_modules=False)


@pytest.mark.parametrize("order", ["forward", "reverse"])
def test_every_page_runs_on_one_shared_server(
    order: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = PAGES if order == "forward" else PAGES[::-1]
    with LocalSWF(tmp_path / "shared.sqlite3", poll_hold=0.3) as local:
        for page in pages:
            run_page(page, local, tmp_path, monkeypatch, pytest_modules=False)


def test_the_quickstart_shows_the_deciders_real_history_cache_size() -> None:
    from swf.actors.decider import DEFAULT_HISTORY_CACHE_SIZE

    text = (DOCS / "quickstart.rst").read_text(encoding="utf-8")
    shown = re.findall(r"history_cache_size=(\d+)", text)
    assert shown and {int(value) for value in shown} == {DEFAULT_HISTORY_CACHE_SIZE}


def test_the_pages_without_code_have_none() -> None:
    for page in ALL_PAGES:
        if page.name in CODELESS:
            examples, pytest_blocks = _examples(page, page.read_text(encoding="utf-8"))
            assert (examples, pytest_blocks) == ([], []), page.name
    assert CODELESS <= {page.name for page in ALL_PAGES}
