"""Source pages: a capture read inside the desk ("as captured on …"), capture again, the WARC file."""

from flask import Blueprint

bp = Blueprint("sources", __name__, url_prefix="/sources")

from app.sources import routes  # noqa: E402,F401
