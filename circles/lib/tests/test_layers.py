"""Dependencies run one way and never in a circle (see docs/architecture.md).

A small walk over the source with ``ast``: every ``import`` counts, at the top
of a file, inside a function or under ``TYPE_CHECKING``, because each of them
ties the two modules together just the same. Tests and migrations may import
anything, but nothing may form a cycle of ordinary modules.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import circles

ROOT = Path(circles.__file__).resolve().parent

# Each area may import itself and the areas before it in this chain. The
# person-centred areas come after the group work they build on: a safety concern
# shows the person's own wellness plan (plans), contact notes link to concerns
# (safety), referrals attach to one-to-one work (peerwork), the team view counts
# caseloads and open concerns (workforce), privacy covers all of them, and
# reports read everything. An earlier area that must react to a later one does
# it through a settings hook or a template tag, never an import.
CHAIN = [
    "lib",
    "accounts",
    "groups",
    "meetings",
    "feedback",
    "plans",
    "safety",
    "peerwork",
    "directory",
    "workforce",
    "privacy",
    "reports",
]
# Whatever puts the house together may import any area.
TOP = {"home", "api", "urls", "cli", "testing", "settings", "wsgi"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


MODULES = source_files()


def is_exempt(name: str) -> bool:
    parts = name.split(".")
    return "tests" in parts or "migrations" in parts


def area_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "lib"  # the bare package sits at the bottom


def imported_modules(name: str, path: Path) -> Iterator[str]:
    """The circles modules ``name`` imports, wherever in the file the import sits."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from known(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, node.module] if node.module else base_parts)
            else:
                base = node.module or ""
            for alias in node.names:
                # ``from circles.feedback import views`` imports the submodule.
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    yield submodule
                else:
                    yield from known(base)


def known(dotted: str) -> Iterator[str]:
    # ``import circles.feedback.views`` names a module; anything else is not ours.
    if dotted in MODULES:
        yield dotted


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        graph[name] = {target for target in imported_modules(name, path) if target != name}
    return graph


def may_import(importer: str, imported: str) -> bool:
    if importer == imported or importer in TOP:
        return True
    if importer in CHAIN:
        return imported in CHAIN[: CHAIN.index(importer)]
    raise AssertionError(f"circles/{importer}/ is in no layer: add it to test_layers.py")


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for importer, targets in sorted(graph.items()):
        if is_exempt(importer):
            continue
        for target in sorted(targets):
            if not may_import(area_of(importer), area_of(target)):
                found.append(f"{importer} -> {target}")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), tests left out."""
    nodes = {name for name in graph if not is_exempt(name)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node] & nodes):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return sorted(components)


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return "cycle: " + "; ".join(edges)


def test_the_walk_sees_imports_in_functions_and_type_checking(tmp_path: Path) -> None:
    """The walk itself: a test that could never fail would protect nothing."""
    graph = import_graph()
    assert "circles.accounts.models" in graph["circles.accounts.access"]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from circles.feedback import models\n"
        "def f():\n    from ..meetings.models import Meeting\n"
    )
    fake = tmp_path / "groups" / "probe.py"
    fake.parent.mkdir()
    fake.write_text(ast.unparse(tree))
    MODULES["circles.groups.probe"] = fake
    try:
        found = set(imported_modules("circles.groups.probe", fake))
    finally:
        del MODULES["circles.groups.probe"]
    assert found == {"circles.feedback.models", "circles.meetings.models"}
    assert layer_violations({"circles.groups.probe": found}) == [
        "circles.groups.probe -> circles.feedback.models",
        "circles.groups.probe -> circles.meetings.models",
    ]
    loop = {"circles.lib.a": {"circles.lib.b"}, "circles.lib.b": {"circles.lib.a"}}
    assert cycles(loop) == [["circles.lib.a", "circles.lib.b"]]
    assert cycles({**loop, "circles.lib.b": set()}) == []


def layering_problems() -> list[str]:
    graph = import_graph()
    return layer_violations(graph) + [describe(c, graph) for c in cycles(graph)]


def test_imports_follow_the_layers_without_cycles() -> None:
    problems = layering_problems()
    assert not problems, "imports against the layers:\n" + "\n".join(problems)
