"""Reports on the web: the desk's download and publish routes, and the anonymous published links (/r/<token>)."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import desk, routes  # noqa: E402,F401  (routes attach themselves to bp)
