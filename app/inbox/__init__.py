"""The inbox: a person's notifications (assigned, approval requested, sent back, re-check due, source gone)."""

from flask import Blueprint

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

from app.inbox import routes  # noqa: E402,F401
