"""JSON API v1: bearer tokens, the pages' permissions, one error shape."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import (
    openapi,  # noqa: E402,F401
    routes,  # noqa: E402,F401  (routes attach themselves to bp)
)
from app.api import reports  # noqa: E402,F401
