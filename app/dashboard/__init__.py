"""The editor's dashboard: the desk's figures over the last weeks, drawn on the server."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from app.dashboard import routes  # noqa: E402,F401
