"""The claim queue across articles."""

from flask import Blueprint

bp = Blueprint("queue", __name__, url_prefix="/queue")

from app.queue import routes  # noqa: E402,F401
