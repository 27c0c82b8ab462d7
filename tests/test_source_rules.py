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


# What the front (app/page_memo.py) leaves out of a request's key: the desk must never answer by them.
_TRANSPORT_ATTRIBUTES = {"referrer", "cache_control", "pragma"}


def _transport_header(text: str) -> bool:
    from app.page_memo import TRANSPORT_HEADERS, TRANSPORT_PREFIXES

    name = text.strip().upper().replace("-", "_")
    name = name if name.startswith("HTTP_") else "HTTP_" + name
    return name in TRANSPORT_HEADERS or name.startswith(TRANSPORT_PREFIXES)


def _reads_of_request(tree: ast.AST) -> list[tuple[int, str]]:
    """`request.referrer`, `request.headers.get("Referer")`, `request.environ["HTTP_SEC_FETCH_SITE"]`…"""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "request" \
                and node.attr in _TRANSPORT_ATTRIBUTES:
            found.append((node.lineno, f"request.{node.attr}"))
        source = None
        if isinstance(node, ast.Subscript):
            source, names = node.value, [node.slice]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getlist"):
            source, names = node.func.value, node.args[:1]
        if isinstance(source, ast.Attribute) and source.attr in ("headers", "environ", "META") \
                and isinstance(source.value, ast.Name) and source.value.id == "request":
            found += [(node.lineno, n.value) for n in names
                      if isinstance(n, ast.Constant) and isinstance(n.value, str) and _transport_header(n.value)]
    return found


def test_no_answer_depends_on_a_header_the_front_leaves_out_of_its_key():
    """The front serves an answer again to a request that differs only in transport headers (Referer,
    Cache-Control, Sec-Fetch-*...). A view that read one of them could give another answer than the kept
    one, so none may."""
    found = [f"{path.relative_to(APP.parent)}:{line} reads {what}"
             for path in sorted(APP.rglob("*.py"))
             for line, what in _reads_of_request(ast.parse(path.read_text(encoding="utf-8"), str(path)))]
    assert not found, "\n".join(found)


def test_the_rule_about_transport_headers_catches_each_way_of_reading_one():
    source = ("def view():\n    a = request.referrer\n    b = request.headers.get('Sec-Fetch-Site')\n"
              "    c = request.environ['HTTP_CACHE_CONTROL']\n    d = request.headers.get('Accept-Language')\n")
    assert [line for line, _ in _reads_of_request(ast.parse(source))] == [2, 3, 4]
