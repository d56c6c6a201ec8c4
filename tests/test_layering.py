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
    "flow": {"core", "models", "querysets", "history", "decisions", "actors"},
    "local": set(),
    "testing": {"core", "local", "flow"},
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


def module_name(path: Path, root: Path = ROOT) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
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


def violations(root: Path = ROOT) -> list[str]:
    """Every import of the package at ``root`` that breaks the arrows (``swf`` by default)."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        source = module_name(path, root)
        layer = layer_of(source)
        allowed = ALLOWED[layer]
        for target in sorted(imports_of(path, root)):
            top = target.split(".")[0]
            if top in FORBIDDEN_PACKAGES.get(layer, set()):
                problems.append(f"{source} imports {target}")
            if top != "swf" or target in LEAVES or not _is_module(target, root):
                continue
            target_layer = layer_of(target)
            if target_layer == layer or "*" in allowed:
                continue
            if layer == "local" or target_layer not in allowed:
                problems.append(f"{source} ({layer}) imports {target} ({target_layer})")
    return problems


def _is_module(name: str, root: Path = ROOT) -> bool:
    parts = name.split(".")
    path = root.parent.joinpath(*parts)
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


def test_the_checker_reports_real_violations(tmp_path: Path) -> None:
    # A small tree shaped like swf/, with one broken arrow of each kind: a checker that
    # silently finds nothing would pass the real test above.
    package = tmp_path / "swf"
    files = {
        "__init__.py": "",
        "core.py": "",
        "models/__init__.py": "from swf import core\n",
        "history/__init__.py": "import boto3\n",
        "local/__init__.py": "",
        "local/server.py": "from swf.models import Domain\nfrom ..core import Connection\n",
        "querysets/__init__.py": "from swf.actors import Decider\n",
        "actors/__init__.py": "from swf import models\n",
    }
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert violations(package) == [
        "swf.history imports boto3",
        "swf.local.server (local) imports swf.core (core)",
        "swf.local.server (local) imports swf.models (models)",
        "swf.querysets (querysets) imports swf.actors (actors)",
    ]


def test_only_the_command_line_and_the_test_plugin_import_flow() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        source = module_name(path)
        if layer_of(source) in ("flow", "cli", "testing"):
            continue
        for target in imports_of(path):
            if target == "swf.flow" or target.startswith("swf.flow."):
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
