"""Earlier fact-checks (admin): the list, importing files, reading pages by URL, partner feeds; and the commands."""

from flask import Blueprint

bp = Blueprint("earlier_checks", __name__, url_prefix="/admin/factchecks")

from app.earlier_checks import routes  # noqa: E402,F401
