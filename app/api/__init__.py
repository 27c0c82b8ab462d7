"""JSON API v1: bearer tokens, the pages' permissions, one error shape."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The route modules attach themselves to bp.
from app.api import factchecks, jobs, live, matching, openapi, reports, routes  # noqa: E402,F401
