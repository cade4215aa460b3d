"""The shape of the package: stages import one way, down the pipeline; modules stay small.

Stage order (docs/pipeline.md): read → layout → nlp → coding → resolve → merge → store →
query/export → drivers (pipeline, scale, evaluation) → cli/serve. A module may import its own
stage and the ones before it, and the shared base (records, errors, progress). The exceptions
below are today's upward imports, each with its reason: the lists may only shrink.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "dateline"

# First matching prefix wins: longer prefixes first where they overlap.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("dateline.records", "dateline.errors")),
    ("read", ("dateline.read", "dateline.decoding", "dateline.language")),
    ("layout", ("dateline.layout",)),
    ("nlp", ("dateline.nlp", "dateline.attributes", "dateline.entities", "dateline.token_vectors")),
    ("coding", ("dateline.coding",)),
    ("resolve", ("dateline.resolve",)),
    ("merge", ("dateline.merge", "dateline.syndication")),
    ("store", ("dateline.store",)),
    (
        "query/export",
        (
            "dateline.export",
            "dateline.series",
            "dateline.render",
            "dateline.plot",
            "dateline.report",
        ),
    ),
    (
        "drivers",
        ("dateline.pipeline", "dateline.scale", "dateline.evaluate", "dateline.evaluate_news"),
    ),
    ("cli/serve", ("dateline.cli", "dateline.progress", "dateline.serve")),
    ("public API", ("dateline",)),  # the package itself: its __init__ only
]
RANK = {name: rank for rank, (name, _) in enumerate(STAGES)}

# (importer, imported): why it goes up the pipeline today. Remove a line when it is fixed.
UPWARD_IMPORTS: dict[tuple[str, str], str] = {
    (
        "dateline.layout",
        "dateline.resolve.time",
    ): "a caption's own date is found by the time finder",
    **{
        ("dateline.coding.article", f"dateline.resolve.{module}"): (
            "story coding resolves each mention's actors, dates, places and quotes "
            "(no story stage split out of coding yet)"
        )
        for module in ("actors", "coref", "places", "quotes", "time")
    },
    ("dateline.coding.coder", "dateline.resolve.actors"): "names that are no actors (load_kb)",
    ("dateline.evaluate", "dateline"): "scores the public dateline.extract",
    ("dateline.evaluate_news", "dateline"): "scores the public dateline.extract",
    **{
        ("dateline.store.lake", f"dateline.scale.{module}"): (
            "the lake store reads the layout scale/ writes and re-merges through scale.commit"
        )
        for module in ("commit", "lake", "schema")
    },
}

# Modules over MAX_LINES today; each number is a ceiling, its size when listed (on this branch
# or on main at 42c7745, whichever was larger): it may only go down.
MAX_LINES = 600
LONG_MODULES: dict[str, int] = {
    "dateline.coding.article": 1507,
    "dateline.coding.coder": 1725,
    "dateline.coding.lexicon": 717,
    "dateline.read": 771,
    "dateline.resolve.actors": 996,
    "dateline.resolve.places": 864,
    "dateline.store.sqlite": 692,
}


def stage_of(module: str) -> str:
    for name, prefixes in STAGES:
        if module in prefixes or any(
            module.startswith(p + ".") for p in prefixes if p != "dateline"
        ):
            return name
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = SRC / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported(path: Path) -> set[str]:
    """The dateline modules `path` imports, at module level or inside functions (imports
    under `if TYPE_CHECKING:` are for type checkers only, and `__version__` is metadata:
    neither counts)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", None) == "TYPE_CHECKING"
        for statement in block.body
        for node in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "dateline"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source.split(".")[0] != "dateline":
                continue
            for alias in node.names:
                if source == "dateline" and alias.name == "__version__":
                    continue  # the version is metadata, not the public API's code
                child = f"{source}.{alias.name}"
                found.add(child if is_module(child) else source)
    return found - {name}


def import_graph() -> dict[str, set[str]]:
    return {module_name(path): imported(path) for path in sorted(PACKAGE.rglob("*.py"))}


def upward_imports() -> set[tuple[str, str]]:
    return {
        (importer, target)
        for importer, targets in import_graph().items()
        for target in targets
        if RANK[stage_of(target)] > RANK[stage_of(importer)]
    }


def test_every_module_belongs_to_a_stage():
    for module in import_graph():
        stage_of(module)


def test_imports_run_one_way_down_the_pipeline():
    found = upward_imports()
    assert sorted(found - set(UPWARD_IMPORTS)) == [], "a new upward import"
    assert sorted(set(UPWARD_IMPORTS) - found) == [], "fixed: take it off UPWARD_IMPORTS"


def test_no_module_grows_past_the_line_limit():
    sizes = {
        module_name(path): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    too_long = {m: n for m, n in sizes.items() if n > MAX_LINES}
    assert sorted(set(too_long) - set(LONG_MODULES)) == [], "split it, or keep it short"
    grown = {m: (LONG_MODULES[m], n) for m, n in too_long.items() if n > LONG_MODULES.get(m, n)}
    assert grown == {}, "an allowed long module grew: (allowed, now)"
    shrunk = sorted(m for m in LONG_MODULES if sizes.get(m, 0) <= MAX_LINES)
    assert shrunk == [], "now short: take it off LONG_MODULES"


EARLIER_STAGES = ("dateline.read", "dateline.language", "dateline.merge", "dateline.coding")


def test_importing_the_store_loads_no_reading_coding_or_merging():
    """The store only persists: serialisation lives with the records and the ingest driver
    hands the merge step to `Store.write`, so the store loads none of the stages before it."""
    code = "import sys, dateline.store; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [name for name in loaded if name.startswith(EARLIER_STAGES)]
    assert "dateline.store.sqlite" in loaded


# Vocabulary is data: word lists belong in coding/lexicon.py (the lexicon, each list with its
# source). These modules still hold set literals of more than 5 words; each count is a ceiling
# (this branch or main at 42c7745, whichever was larger) that may only go down.
VOCABULARY_HOME = "dateline.coding.lexicon"
WORD_SETS: dict[str, int] = {
    "dateline.coding.article": 14,
    "dateline.coding.coder": 20,
    "dateline.coding.model": 1,
    "dateline.coding.modes": 2,
    "dateline.resolve.actor_kb": 1,
    "dateline.resolve.actors": 11,
    "dateline.resolve.coref": 1,
    "dateline.resolve.places": 1,
    "dateline.store.actors": 1,
}


def word_sets(path: Path) -> int:
    """Set literals of more than 5 strings in a module."""
    return sum(
        1
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Set)
        and len(node.elts) > 5
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    )


def test_word_lists_live_in_the_lexicon():
    counts = {module_name(path): word_sets(path) for path in sorted(PACKAGE.rglob("*.py"))}
    counts = {m: n for m, n in counts.items() if n and m != VOCABULARY_HOME}
    assert {m: n for m, n in counts.items() if n > WORD_SETS.get(m, 0)} == {}, "move it to data"
    assert sorted(m for m in WORD_SETS if m not in counts) == [], "none left: take it off"
