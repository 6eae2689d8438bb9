"""The stages import downwards only: read from the source of every module (ast), imports inside
functions included, so an upward import cannot hide in a late import and no import circle can form.

Order, lowest first: records/errors/settings -> dictionaries -> ingest -> clean -> nlp -> actors ->
events -> pledges -> store -> analyse -> pipeline (processing documents) -> workers
(the same on several cores) -> run (the whole run: inputs to stored rows and derived tables) ->
shells (serve, watch, cli, spark, evaluate). A module may import its own stage and the stages below it.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyadwatch"

STAGES: list[tuple[str, ...]] = [
    ("records", "errors", "settings"),
    ("dictionaries",),
    ("ingest",),
    ("clean",),
    ("nlp",),
    ("actors",),
    ("events",),
    ("pledges",),
    ("store",),
    ("analyse",),
    ("pipeline",),
    ("workers", "worker_preload"),
    ("run",),
    # evaluate scores whole runs (evaluate news runs the pipeline end to end), so it sits with the shells
    # watch polls feeds and folders into the run and serves the app from its own connection
    ("serve", "watch", "cli", "spark", "evaluate"),
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    where = PACKAGE.parent / Path(*name.split("."))
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def imported(path: Path) -> list[tuple[str, int]]:
    return imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def imports_of(source: str, name: str, is_package: bool = False) -> list[tuple[str, int]]:
    """(module, line) of every dyadwatch module the source of module `name` imports, anywhere in it:
    `import x`, `from x import y` (y when it is a module), relative imports and
    importlib.import_module("x"), at the top or inside a function."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((target if is_module(target) else base, node.lineno))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value, node.lineno))
    ours = [(target, line) for target, line in found if target == "dyadwatch" or target.startswith("dyadwatch.")]
    return list(dict.fromkeys(ours))  # `from x import a, b` once


def stage(module: str) -> str | None:
    """The stage a module belongs to: the first name under dyadwatch (None for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def upward_imports(graph: dict[str, list[tuple[str, int]]]) -> list[str]:
    found = []
    for module, targets in graph.items():
        own = stage(module)
        for target, line in targets:
            theirs = stage(target)
            if own in RANK and theirs in RANK and RANK[theirs] > RANK[own]:
                found.append(f"{module}:{line} imports {target} ({theirs} is above {own})")
    return found


def circles(graph: dict[str, list[tuple[str, int]]]) -> list[str]:
    """Every import circle met by a depth-first walk, as "a -> b -> a"."""
    edges = {module: sorted({t for t, _ in targets if t in graph and t != module}) for module, targets in graph.items()}
    found: list[str] = []
    state: dict[str, str] = {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        stack.append(module)
        for target in edges[module]:
            if state.get(target) == "open":
                found.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))
GRAPH = {module_name(path): imported(path) for path in MODULES}


def test_the_source_is_found_and_late_imports_are_read():
    assert len(MODULES) > 50 and "dyadwatch.store.writer" in GRAPH and "dyadwatch.run" in GRAPH
    # pipeline imports the coder inside load_coder: a late import is read like a top-level one
    assert "dyadwatch.events.coder" in {target for target, _ in GRAPH["dyadwatch.pipeline"]}


def test_every_module_belongs_to_a_stage():
    unplaced = sorted({stage(m) for m in GRAPH if stage(m) is not None and stage(m) not in RANK})
    assert unplaced == [], f"place these in STAGES (tests/test_import_layers.py): {unplaced}"


def test_no_stage_imports_a_stage_above_it():
    assert upward_imports(GRAPH) == []


# Circles inside serve/ (the app module builds the app from api and pages, which import the app's
# helpers back), outside the stages this test was written with; to be untangled in serve/, then
# dropped from here. No other circle may appear.
KNOWN_CIRCLES = {
    "dyadwatch.serve.app -> dyadwatch.serve.api -> dyadwatch.serve.app",
    "dyadwatch.serve.app -> dyadwatch.serve.pages -> dyadwatch.serve.app",
}


def test_no_import_circle_between_modules():
    """Within a stage too: no module reaches itself through the modules it imports."""
    assert set(circles(GRAPH)) - KNOWN_CIRCLES == set()


def test_the_checks_catch_a_late_upward_import_and_a_circle():
    """What the store writer once did: import the pipeline at the top and analyse inside a function."""
    source = ("from dyadwatch.pipeline import ProcessedArticle\n\n"
              "def record(con):\n    from dyadwatch.analyse.agreements import record_proposed\n")
    targets = imports_of(source, "dyadwatch.store.writer")
    assert targets == [("dyadwatch.pipeline", 1), ("dyadwatch.analyse.agreements", 4)]
    assert len(upward_imports({"dyadwatch.store.writer": targets})) == 2
    graph = {"dyadwatch.analyse.story": [("dyadwatch.analyse.agreements", 1)],
             "dyadwatch.analyse.agreements": [("dyadwatch.analyse.story", 9)]}
    assert circles(graph) == ["dyadwatch.analyse.agreements -> dyadwatch.analyse.story -> dyadwatch.analyse.agreements"]
