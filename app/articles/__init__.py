"""Article pages: list, paste and upload, the article with its highlighted claims and suggestions."""

from flask import Blueprint

bp = Blueprint("articles", __name__, url_prefix="/articles")

from app.articles import routes  # noqa: E402,F401
