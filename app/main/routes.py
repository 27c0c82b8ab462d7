"""Home page, /livez and /healthz, and the language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, jsonify, make_response, redirect, request, url_for
from flask_login import current_user

from app.extensions import db
from app.localization import remember_language
from app.main import bp
from app.services import landing, preferences
from app.web import commit, safe_next


@bp.get("/")
def index():
    """Logged-in users land on the work waiting for them (services/landing.py); others on the login page."""
    if current_user.is_authenticated:
        target = landing.landing(current_user._get_current_object())
        return redirect(url_for("queue.index", landed=1, **target) if target else url_for("queue.index"))
    return redirect(url_for("auth.login"))


@bp.get("/livez")
def livez():
    """Liveness: the process answers. Touches no database and no session (readiness is /healthz)."""
    return Response(b'{"status": "ok"}\n', content_type="application/json", headers={"Cache-Control": "no-store"})


@bp.get("/healthz")
def healthz():
    """Liveness and database reachability, for load balancers (no login)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        return jsonify({"status": "ok", "database": "ok"})
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        db.session.rollback()
        return jsonify({"status": "error", "database": "unreachable"}), 503


@bp.post("/language")
def set_language():
    """Remember the interface language chosen (ar or en): in this browser, and on the account when logged in."""
    lang = request.form.get("lang")
    response = make_response(redirect(safe_next(request.form.get("next"), url_for("main.index"))))
    if lang in preferences.LANGUAGES:
        if current_user.is_authenticated:
            preferences.set_language(current_user._get_current_object(), lang)
            commit()
        remember_language(response, lang)
    return response
