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


def _blueprint_packages() -> set[str]:
    """Every module that makes a Blueprint, and its package: the web layer's rooms."""
    found = set()
    for path in APP.rglob("*.py"):
        if "Blueprint(" in path.read_text(encoding="utf-8"):
            module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
            found.add(module.removesuffix(".__init__"))
    return found


# What is the web layer, beside the blueprints: the module the pages and the API share, and any response cache.
WEB_LAYER = {"app.web", "app.page_memo", "app.fragments", "app.revision", "flask", "flask_caching", "flask_login",
             "flask_wtf"}


def _imported_modules(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    """Each import in a module, at its top or inside a function, as absolute module names."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _web_imports(tree: ast.AST, module: str, web: set[str]) -> list[str]:
    return [f"{module}:{line} imports {name}" for line, name in _imported_modules(tree, module)
            if any(name == w or name.startswith(w + ".") for w in web)]


def test_services_never_import_the_web_layer():
    """Imports run one way: models <- services <- web, API, jobs, commands. A service that imported a view,
    app/web.py, Flask or a cache would tie the domain to a request (and a cache to the domain's writes)."""
    web = WEB_LAYER | _blueprint_packages()
    found = []
    for path in sorted((APP / "services").rglob("*.py")):
        module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
        found += _web_imports(ast.parse(path.read_text(encoding="utf-8"), str(path)), module, web)
    assert not found, "\n".join(found)


def test_the_rule_about_the_web_layer_sees_every_way_of_importing_it():
    source = ("import flask\nfrom app.web import commit\ndef f():\n    from app.claims import routes\n"
              "    from ..api.routes import bp\n    from app.services import audit\n")
    web = WEB_LAYER | _blueprint_packages()
    lines = sorted({int(item.split(":")[1].split()[0]) for item in _web_imports(ast.parse(source), "app.services.x", web)})
    assert lines == [1, 2, 4, 5]
