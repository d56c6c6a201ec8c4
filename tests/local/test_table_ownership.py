"""Every table of SWF Local has one owner: a single module holds its schema and every statement
that writes it (INSERT, UPDATE, DELETE, CREATE, ALTER, DROP).

The check reads the string constants of every module under ``swf/local`` (implicitly joined
literals are one constant), so it sees the SQL as it is sent; a writing statement assembled at
run time (an f-string) is refused, since it would hide which table it writes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import swf.local

ROOT = Path(swf.local.__file__).parent

#: Who owns each table.
OWNERS = {
    "domains": "service/_registry.py",
    "types": "service/_registry.py",
    "resource_tags": "service/_tags.py",
    "events": "service/_events.py",
    "executions": "service/_executions.py",
    "execution_tags": "service/_visibility.py",
    "decision_tasks": "service/_decision_tasks.py",
    "activity_tasks": "service/_activity_tasks.py",
    "timers": "service/_timers.py",
    "deadlines": "deadlines.py",
    "swf_local_meta": "service/_meta.py",
}

_WRITE = re.compile(
    r"\b(?:"
    r"INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO"
    r"|(?<!DO )UPDATE(?:\s+OR\s+[A-Z]+)?"
    r"|DELETE\s+FROM"
    r"|REPLACE\s+INTO"
    r"|CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TABLE(?:\s+IF\s+NOT\s+EXISTS)?"
    r"|CREATE\s+(?:UNIQUE\s+)?INDEX(?:\s+IF\s+NOT\s+EXISTS)?\s+\w+\s+ON"
    r"|ALTER\s+TABLE"
    r"|DROP\s+TABLE(?:\s+IF\s+EXISTS)?"
    r")\s+(\w+)"
)
_WRITE_KEYWORD = re.compile(r"\b(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP)\b")


def _sql_texts(source: str) -> tuple[list[str], list[str]]:
    """The string constants of a module, and the literal parts of its f-strings."""
    constants: list[str] = []
    dynamic: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            dynamic.append(
                "".join(
                    part.value
                    for part in node.values
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                )
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            constants.append(node.value)
    return constants, dynamic


def written_tables(sources: dict[str, str]) -> tuple[dict[str, set[str]], list[str]]:
    """Which modules write each table, and the modules that build writing SQL at run time."""
    writers: dict[str, set[str]] = {}
    dynamic_writers: list[str] = []
    for module, source in sorted(sources.items()):
        constants, dynamic = _sql_texts(source)
        for text in constants:
            for table in _WRITE.findall(text):
                writers.setdefault(table, set()).add(module)
        if any(_WRITE_KEYWORD.search(text) for text in dynamic):
            dynamic_writers.append(module)
    return writers, dynamic_writers


def _local_sources() -> dict[str, str]:
    return {
        path.relative_to(ROOT).as_posix(): path.read_text() for path in sorted(ROOT.rglob("*.py"))
    }


def test_every_table_is_written_by_exactly_one_module() -> None:
    writers, dynamic = written_tables(_local_sources())
    assert dynamic == []
    shared = {table: sorted(modules) for table, modules in writers.items() if len(modules) > 1}
    assert shared == {}
    assert {table: modules.pop() for table, modules in writers.items()} == OWNERS


def test_the_check_sees_a_table_written_from_two_modules_and_sql_built_at_run_time() -> None:
    owner = 'SCHEMA = "CREATE TABLE IF NOT EXISTS timers (run_id TEXT)"\n'
    intruder = (
        "def fire(tx, run_id):\n"
        '    tx.execute("DELETE FROM timers "\n'
        '               "WHERE run_id = ?", (run_id,))\n'
        '    tx.execute("INSERT INTO deadlines (kind) VALUES (?) "\n'
        '               "ON CONFLICT (kind) DO UPDATE SET kind = excluded.kind", ("t",))\n'
    )
    dynamic = 'def purge(tx, table):\n    tx.execute(f"DELETE FROM {table}")\n'
    writers, dynamic_writers = written_tables(
        {"owner.py": owner, "intruder.py": intruder, "dynamic.py": dynamic}
    )
    assert writers == {"timers": {"owner.py", "intruder.py"}, "deadlines": {"intruder.py"}}
    assert dynamic_writers == ["dynamic.py"]
