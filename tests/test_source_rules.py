"""Rules about the project's own source that no linter checks."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
GETTEXT = "_"


def _binds_and_calls_gettext(function: ast.AST) -> tuple[list[int], list[int]]:
    binds = [n.lineno for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == GETTEXT
             and isinstance(n.ctx, ast.Store)]
    binds += [n.lineno for n in ast.walk(function) if isinstance(n, ast.arg) and n.arg == GETTEXT]
    calls = [n.lineno for n in ast.walk(function) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id == GETTEXT]
    return binds, calls


def test_no_function_both_binds_underscore_and_calls_it_as_gettext():
    """`start, _, end = raw.partition(":")` then `_("…")` is a str called: a 500 on the first bad input
    (the suggestions form did it once). Name the throwaway anything else where `_` is gettext."""
    found = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                binds, calls = _binds_and_calls_gettext(node)
                if binds and calls:
                    found.append(f"{path.relative_to(APP.parent)}:{binds[0]} binds _ and calls _() at {calls[0]}")
    assert not found, "\n".join(found)
