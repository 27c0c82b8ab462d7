"""ClaimDesk: a claim-verification desk for fact-checkers."""

from __future__ import annotations

import logging
import os

from flask import Flask
from flask_login import current_user

from config import Config, config_from_env


def create_app(config: type[Config] | dict | None = None) -> Flask:
    """The app factory: configuration, extensions, blueprints, error handlers, commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_from_env() if config is None or isinstance(config, dict) else config)
    if isinstance(config, dict):
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    configure_secret_key(app)
    configure_public_base_url(app)
    from app.web import BoundedIntConverter, JSONProvider

    app.url_map.converters["int"] = BoundedIntConverter
    app.json = JSONProvider(app)
    from app.anonymous import SessionInterface

    app.session_interface = SessionInterface()  # no session for public pages (app/anonymous.py)
    if app.config.get("PROXY_FIX_X_FOR"):
        # Behind a load balancer: take the client's address from X-Forwarded-For (rate limits, logs).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"],
                                x_proto=app.config["PROXY_FIX_X_FOR"], x_host=0)
    app.json.ensure_ascii = False  # Arabic travels as UTF-8 text, not \u escapes
    app.json.sort_keys = False
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_hsts(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure_secret_key(app: Flask) -> None:
    """A real secret: from SECRET_KEY; in development one generated once and kept under instance/."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("ENV_NAME") == "production":
        raise RuntimeError("SECRET_KEY must be set in production: it signs sessions and CSRF tokens.")
    path = os.path.join(app.instance_path, "secret_key")
    if not os.path.exists(path):
        import secrets

        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        app.config["SECRET_KEY"] = handle.read().strip()


# Where a development or test desk says its published reports live when nothing is configured: fixed, so that
# no request's Host header ever chooses the links frozen into a public page.
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:5000"


def configure_public_base_url(app: Flask) -> None:
    """The desk's public address, from the configuration only (links frozen into published reports, the feed).

    Production refuses to start without CLAIMDESK_PUBLIC_BASE_URL; development and tests fall back to SERVER_NAME
    or a fixed local address. A request's Host header is never used: a published page would keep it."""
    from urllib.parse import urlsplit

    base = (app.config.get("PUBLIC_BASE_URL") or "").strip()
    if not base and app.config.get("ENV_NAME") == "production":
        raise RuntimeError("CLAIMDESK_PUBLIC_BASE_URL must be set in production (e.g. https://desk.example.org): "
                           "links in published reports are made from it, never from a request's Host header.")
    if not base and app.config.get("SERVER_NAME"):
        base = f"{app.config.get('PREFERRED_URL_SCHEME') or 'http'}://{app.config['SERVER_NAME']}"
    base = (base or DEFAULT_PUBLIC_BASE_URL).rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise RuntimeError(f"CLAIMDESK_PUBLIC_BASE_URL must be an http(s) address such as https://desk.example.org, "
                           f"not {base!r}.")
    app.config["PUBLIC_BASE_URL"] = base


def configure_logging(app: Flask) -> None:
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.logger.setLevel(level)
    # Alembic announces every plugin it loads at INFO; that is noise in a person's log.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from app import auth_setup, localization
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"),
                    render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis://", "rediss://", "redis+unix://")):
        timeout = app.config.get("RATELIMIT_STORAGE_TIMEOUT", 0.5)
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_timeout": timeout,
                                                            "socket_connect_timeout": timeout})
    limiter.init_app(app)
    # templates reach current_user through the Jinja global (register_template_helpers), lazily: a page that
    # never shows it (the public ones) never loads the user nor reads the session
    login_manager.init_app(app, add_context_processor=False)
    babel.init_app(app, locale_selector=localization.select_locale, timezone_selector=localization.select_timezone)
    auth_setup.configure_login(login_manager)
    configure_services(app)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        from app.database import SQLITE_BUSY_MS

        @event.listens_for(Engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            if type(dbapi_connection).__module__.startswith("sqlite3"):
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
                cursor.close()


def configure_services(app: Flask) -> None:
    """The settings the services read outside a request (limits, keys, jobs, learning), from this app's
    configuration. They are per process: the last app made in a process sets them."""
    from app import jobs
    from app.services import checkworthiness, desk_settings, matching, notifications, search, secret_box, settings, vector_index

    settings.configure(app.config)
    desk_settings.configure(app.config)  # the environment's values, which win over the settings page
    notifications.configure(app.config)  # whether e-mail can be sent (MAIL_SERVER)
    search.keep_index_current()  # every flush keeps the search index current
    secret_box.configure(app.config)  # TOTP secrets at rest: sealed under SECRET_KEY, opened with fallbacks too
    jobs.configure(app.config)
    checkworthiness.configure(app.config, app.instance_path)
    vector_index.configure(app.config, app.instance_path)
    matching.configure(app.config)


def register_blueprints(app: Flask) -> None:
    from app.account import bp as account_bp
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.articles import bp as articles_bp
    from app.auth import bp as auth_bp
    from app.claims import bp as claims_bp
    from app.extensions import csrf
    from app.main import bp as main_bp
    from app.queue import bp as queue_bp
    from app.search import bp as search_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(articles_bp)
    app.register_blueprint(claims_bp)
    app.register_blueprint(queue_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(admin_bp)
    from app.earlier_checks import bp as earlier_checks_bp
    from app.jobs.routes import bp as jobs_bp
    from app.sources import bp as sources_bp

    app.register_blueprint(earlier_checks_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(sources_bp)
    from app.dashboard import bp as dashboard_bp

    app.register_blueprint(dashboard_bp)
    # The API authenticates with bearer tokens, not cookies, so CSRF does not apply to it.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    from app.public import bp as public_bp

    app.register_blueprint(public_bp)
    from app.inbox import bp as inbox_bp
    from app.inbox.routes import register as register_inbox

    app.register_blueprint(inbox_bp)
    register_inbox(app)  # the header's unread count; e-mail jobs queued after each request's commit


def register_errorhandlers(app: Flask) -> None:
    from app.web import refuse_unstorable_input, register_error_handlers

    register_error_handlers(app)
    app.before_request(refuse_unstorable_input)


def register_security_headers(app: Flask) -> None:
    from app.web import security_headers

    app.after_request(security_headers)


def register_hsts(app: Flask) -> None:
    """Strict-Transport-Security in production (HSTS_SECONDS, HSTS_INCLUDE_SUBDOMAINS); none when 0."""
    seconds = int(app.config.get("HSTS_SECONDS") or 0)
    if seconds <= 0:
        return
    value = f"max-age={seconds}" + ("; includeSubDomains" if app.config.get("HSTS_INCLUDE_SUBDOMAINS") else "")

    @app.after_request
    def _hsts(response):
        response.headers.setdefault("Strict-Transport-Security", value)
        return response


def register_template_helpers(app: Flask) -> None:
    from app import web

    web.register_template_helpers(app)
    app.jinja_env.globals["current_user"] = current_user


def register_commands(app: Flask) -> None:
    from app.cli import register
    from app.jobs.cli import register as register_jobs

    register(app)
    register_jobs(app)
