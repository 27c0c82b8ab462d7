"""Rules about the project's own source that no linter checks."""

import ast
import re
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


def _is_request(node: ast.AST) -> bool:
    """`request`, `flask.request`, `self.request`..."""
    return (isinstance(node, ast.Name) and node.id == "request") or (isinstance(node, ast.Attribute)
                                                                     and node.attr == "request")


def _is_request_headers(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in ("headers", "environ") and _is_request(node.value)


def _named_transport(nodes) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and _transport_header(n.value)]


def _reads_of_request(tree: ast.AST) -> list[tuple[int, str]]:
    """`request.referrer`, `request.headers.get("Referer")`, `request.environ["HTTP_SEC_FETCH_SITE"]`,
    `"Cache-Control" in flask.request.headers`…"""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_request(node.value) and node.attr in _TRANSPORT_ATTRIBUTES:
            found.append((node.lineno, f"request.{node.attr}"))
        elif isinstance(node, ast.Subscript) and _is_request_headers(node.value):
            found += [(node.lineno, name) for name in _named_transport([node.slice])]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("get", "getlist", "get_all") and _is_request_headers(node.func.value):
            found += [(node.lineno, name) for name in _named_transport(node.args[:1])]
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) \
                and any(_is_request_headers(c) for c in node.comparators):
            found += [(node.lineno, name) for name in _named_transport([node.left])]
    return found


_TEMPLATE_READ = re.compile(r"request\.(?:(referrer|cache_control|pragma)\b|(?:headers|environ)\s*"
                            r"(?:\[|\.get(?:list|_all)?\s*\()\s*['\"]([^'\"]+)['\"])"
                            r"|['\"]([^'\"]+)['\"]\s+(?:not\s+)?in\s+request\.(?:headers|environ)")


def _reads_in_template(text: str) -> list[tuple[int, str]]:
    found = []
    for match in _TEMPLATE_READ.finditer(text):
        attribute, name = match.group(1), match.group(2) or match.group(3)
        if attribute or _transport_header(name):
            found.append((text.count("\n", 0, match.start()) + 1, attribute or name))
    return found


def test_no_answer_depends_on_a_header_the_front_leaves_out_of_its_key():
    """The front serves an answer again to a request that differs only in transport headers (Referer,
    Cache-Control, Sec-Fetch-*...). A view or template that read one of them could give another answer than
    the kept one, so none may."""
    found = [f"{path.relative_to(APP.parent)}:{line} reads {what}"
             for path in sorted(APP.rglob("*.py"))
             for line, what in _reads_of_request(ast.parse(path.read_text(encoding="utf-8"), str(path)))]
    found += [f"{path.relative_to(APP.parent)}:{line} reads {what}"
              for path in sorted((APP / "templates").rglob("*.html"))
              for line, what in _reads_in_template(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_the_rule_about_transport_headers_catches_each_way_of_reading_one():
    source = ("def view():\n    a = request.referrer\n    b = request.headers.get('Sec-Fetch-Site')\n"
              "    c = request.environ['HTTP_CACHE_CONTROL']\n    d = request.headers.get('Accept-Language')\n"
              "    e = 'Pragma' in flask.request.headers\n    f = request.headers.get_all('Referer')\n")
    assert [line for line, _ in _reads_of_request(ast.parse(source))] == [2, 3, 4, 6, 7]
    template = ("<a href=\"{{ request.referrer }}\">\n{{ request.headers.get('Accept-Language') }}\n"
                "{% if 'Sec-Fetch-User' in request.headers %}{{ request.headers['DNT'] }}{% endif %}\n")
    assert [line for line, _ in _reads_in_template(template)] == [1, 3, 3]
