"""The claim page: evidence, verdict, review, comments, assignment, history, similar claims."""

from flask import Blueprint

bp = Blueprint("claims", __name__, url_prefix="/claims")

from app.claims import routes  # noqa: E402,F401
