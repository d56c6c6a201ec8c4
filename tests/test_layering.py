"""The import arrows of docs/architecture: a walk over every module's imports.

SWF Local talks to the client only over HTTP, so each side checks the other; pure code
(history, decisions) does no I/O; nothing imports the command line or the test plugin.
"""

from __future__ import annotations

import ast
from pathlib import Path

import swf

ROOT = Path(swf.__file__).parent
LEAVES = {"swf", "swf.exceptions", "swf.constants", "swf.settings", "swf.wire"}

# Which swf layers a layer may import (besides itself and the leaves).
ALLOWED: dict[str, set[str]] = {
    "root": {"core"},
    "leaves": set(),
    "core": set(),
    "history": set(),
    "decisions": set(),
    "querysets": {"core", "models", "history"},
    "models": {"core", "querysets", "history", "decisions"},
    "actors": {"core", "models", "querysets", "history", "decisions"},
    "local": set(),
    "testing": {"core", "local"},
    "web": {"core", "models", "querysets", "history"},
    "cli": {"*"},
}
# Third-party packages a layer must not import.
FORBIDDEN_PACKAGES: dict[str, set[str]] = {
    "history": {"boto3", "botocore"},
    "decisions": {"boto3", "botocore"},
    "local": {"boto3"},
    "web": {"boto3", "botocore"},
}


def layer_of(module: str) -> str:
    if module == "swf":
        return "root"
    if module in LEAVES:
        return "leaves"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "leaves"


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    )
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def violations() -> list[str]:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        source = module_name(path)
        layer = layer_of(source)
        allowed = ALLOWED[layer]
        for target in sorted(imports_of(path)):
            top = target.split(".")[0]
            if top in FORBIDDEN_PACKAGES.get(layer, set()):
                problems.append(f"{source} imports {target}")
            if top != "swf" or target in LEAVES or not _is_module(target):
                continue
            target_layer = layer_of(target)
            if target_layer == layer or "*" in allowed:
                continue
            if layer == "local" or target_layer not in allowed:
                problems.append(f"{source} ({layer}) imports {target} ({target_layer})")
    return problems


def _is_module(name: str) -> bool:
    parts = name.split(".")
    path = ROOT.parent.joinpath(*parts)
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_import_arrows_follow_the_architecture() -> None:
    assert violations() == []


def test_local_imports_no_client_module_even_leaves() -> None:
    offenders = []
    for path in (ROOT / "local").rglob("*.py"):
        for target in imports_of(path):
            if target.split(".")[0] == "swf" and not target.startswith("swf.local"):
                offenders.append(f"{module_name(path)} imports {target}")
    assert offenders == []


def test_nothing_imports_the_command_line_or_the_test_plugin() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        source = module_name(path)
        for target in imports_of(path):
            for private in ("swf.cli", "swf.testing"):
                if target.startswith(private) and not source.startswith(private):
                    if source.startswith("swf.cli"):
                        continue  # the command line may use anything
                    offenders.append(f"{source} imports {target}")
    assert offenders == []


def test_only_the_command_line_imports_the_web_view() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        source = module_name(path)
        if source.startswith(("swf.web", "swf.cli")):
            continue
        offenders += [f"{source} imports {t}" for t in imports_of(path) if t.startswith("swf.web")]
    assert offenders == []


def test_the_web_view_calls_swf_only_through_the_object_api_and_its_gaps_module() -> None:
    # swf/web/_gaps.py holds what the library lacks yet (to move into it); nothing else in
    # the view may call Connection.call or paginate itself.
    offenders = []
    for path in sorted((ROOT / "web").rglob("*.py")):
        if path.name == "_gaps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("call", "paginate")
            ):
                offenders.append(f"{module_name(path)} line {node.lineno}")
    assert offenders == []
    assert (ROOT / "web" / "_gaps.py").exists()


def test_the_checker_sees_a_violation() -> None:
    # Guard against a walker that silently finds nothing.
    assert "swf.core" in imports_of(ROOT / "__init__.py")
    assert layer_of("swf.local.server") == "local"
