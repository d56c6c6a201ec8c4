"""swf.history and swf.decisions are pure: leaves and the standard library only, no I/O."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import swf.decisions
import swf.history

_ALLOWED_SWF = ("swf.constants", "swf.exceptions", "swf.wire", "swf.history", "swf.decisions")
_FORBIDDEN_STDLIB = {"socket", "http", "urllib", "subprocess", "sqlite3", "threading", "os"}


def _runtime_imports(package_dir: Path) -> list[tuple[str, str]]:
    """Imports outside ``if TYPE_CHECKING:`` blocks."""
    result = []
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        guarded = {
            id(child)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for child in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                result += [(path.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                result.append((path.name, node.module))
    return result


@pytest.mark.parametrize("package", [swf.history, swf.decisions], ids=lambda p: p.__name__)
def test_imports_only_leaves_and_the_standard_library(package: object) -> None:
    package_dir = Path(package.__file__).parent  # type: ignore[attr-defined]
    for filename, module in _runtime_imports(package_dir):
        top = module.split(".")[0]
        if top == "swf":
            assert module.startswith(_ALLOWED_SWF), (filename, module)
        else:
            assert top in sys.stdlib_module_names, (filename, module)
            assert top not in _FORBIDDEN_STDLIB, (filename, module)


@pytest.mark.parametrize("package", [swf.history, swf.decisions], ids=lambda p: p.__name__)
def test_public_names_are_pinned_in_dunder_all(package: object) -> None:
    names = package.__all__  # type: ignore[attr-defined]
    assert len(set(names)) == len(names)
    for name in names:
        assert getattr(package, name) is not None, name
    public = {n for n in vars(package) if not n.startswith("_") and n[0].isupper()}
    assert public <= set(names) | {"annotations"}
