"""The package's folders are layers, and imports only point down (README, "Where things live").

From the top: ``cli`` (the face), ``render``, the stages (``interview``, ``review``,
``followup``), ``engine``, ``intake``, ``bank``, ``base``. A module may import its own
layer or any layer below it; the three stages do not import each other; ``base`` imports
nothing of ours but itself. Imports inside functions count too: a lazy import is still an
arrow. Importing ``a.b.c`` also runs the package ``a.b``, so that is an arrow as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ldconsult"
LAYERS = {"cli": 7, "render": 6, "interview": 5, "review": 5, "followup": 5, "engine": 4,
          "intake": 3, "bank": 2, "base": 1}
# ldconsult/__init__.py holds only the version; ldconsult/data is not code.
ROOT_OK = {"ldconsult"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").is_file() or \
        (PACKAGE.parent / rel / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    """Every ldconsult module that importing ``path`` (or calling into it) runs."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            targets = [f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base
                       for a in node.names]
        for target in targets:
            if target == "ldconsult" or target.startswith("ldconsult."):
                parts = target.split(".")
                found |= {".".join(parts[:n]) for n in range(2, len(parts) + 1)
                          if not name.startswith(".".join(parts[:n]) + ".")}
    found.discard(name)
    return found


GRAPH = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_at_most_four_modules_sit_flat_at_the_package_root() -> None:
    flat = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert len(flat) <= 4, flat


def test_every_folder_is_a_known_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders <= set(LAYERS), folders - set(LAYERS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module: str) -> None:
    mine = _layer(module)
    if mine is None:  # ldconsult, ldconsult.__main__ (the entry point)
        return
    wrong = []
    for target in GRAPH[module]:
        theirs = _layer(target)
        if target in ROOT_OK or theirs is None and target == "ldconsult.__main__":
            continue
        if theirs is None or LAYERS[theirs] > LAYERS[mine] or \
                (LAYERS[theirs] == LAYERS[mine] and theirs != mine):
            wrong.append(target)
    assert wrong == [], f"{module} imports {sorted(wrong)}, which sit above it or beside it"


def test_only_renderers_and_the_cli_import_render() -> None:
    users = sorted(m for m, targets in GRAPH.items()
                   if any(t == "ldconsult.render" or t.startswith("ldconsult.render.")
                          for t in targets) and _layer(m) not in ("render", "cli"))
    assert users == []


def test_there_are_no_import_cycles() -> None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in sorted(GRAPH.get(m, ())):
            if state.get(t) == 1:
                raise AssertionError(" -> ".join(path[path.index(t):] + [t]))
            if t in GRAPH and not state.get(t):
                visit(t)
        path.pop()
        state[m] = 2

    for module in sorted(GRAPH):
        if not state.get(module):
            visit(module)


def _parent_names_at_import(path: Path) -> list[str]:
    """Names (not submodules) a module takes from its own package at import time: the
    package's ``__init__`` may be half-run then, when it imports this module (a cycle the
    graph above does not see, as it leaves out a module's own parents)."""
    name = _module_name(path)
    package = name.rpartition(".")[0]
    out = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if base == package:
                out += [a.name for a in node.names if not _is_module(f"{base}.{a.name}")]
    return out


@pytest.mark.parametrize("path", [p for p in sorted(PACKAGE.rglob("*.py"))
                                  if p.name != "__init__.py" and p.parent != PACKAGE],
                         ids=lambda p: _module_name(p))
def test_no_module_takes_a_name_from_its_own_package_at_import_time(path: Path) -> None:
    assert _parent_names_at_import(path) == [], _module_name(path)
