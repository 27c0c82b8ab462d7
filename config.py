"""Configuration, read from the environment (12-factor), with test and production variants."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _default_sqlite_url() -> str:
    return f"sqlite:///{BASE_DIR / 'instance' / 'claimdesk.sqlite'}"


def _normalise_db_url(url: str) -> str:
    # Heroku-style and bare postgres URLs should use psycopg 3, the driver we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    ENV_NAME = "development"
    # Unset: development generates one under instance/, production refuses to start (see create_app).
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    # Earlier keys, comma-separated: sessions they signed and TOTP secrets they sealed still open (README,
    # Two-factor login: changing SECRET_KEY).
    SECRET_KEY_FALLBACKS = [key.strip() for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()]
    # Number of proxies in front of the app (a load balancer: 1) whose X-Forwarded-* headers are trusted.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0") or 0)
    SQLALCHEMY_DATABASE_URI = _normalise_db_url(os.environ.get("DATABASE_URL") or _default_sqlite_url())
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Input limits: requests, article bodies and titles.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 5 * 1024 * 1024)
    MAX_BODY_CHARS = _env_int("CLAIMDESK_MAX_BODY_CHARS", 500_000)
    MAX_TITLE_CHARS = _env_int("CLAIMDESK_MAX_TITLE_CHARS", 500)
    MAX_TEXT_CHARS = _env_int("CLAIMDESK_MAX_TEXT_CHARS", 20_000)

    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None

    # Rate limits (Flask-Limiter): memory in development, Redis in production.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Seconds a Redis connect or command may take before the limiter counts in memory instead (a hung
    # Redis must not hold every login for the socket's default of forever).
    RATELIMIT_STORAGE_TIMEOUT = float(os.environ.get("RATELIMIT_STORAGE_TIMEOUT") or 0.5)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # Also per account, so that many addresses cannot guess one password (kept loose: it is also a lock-out).
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "30 per 10 minutes")
    RATELIMIT_ENABLED = True
    # Two-factor codes tried against one account (on top of the login limits, which cover codes too).
    TWO_FACTOR_RATE_LIMIT = os.environ.get("TWO_FACTOR_RATE_LIMIT", "10 per 10 minutes")
    # Strict-Transport-Security: 0 sends none (development); production defaults to a year.
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 0)
    HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_INCLUDE_SUBDOMAINS", "1") == "1"

    # Redis job queue (RQ) for slow work; empty means run inline.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "claimdesk")
    # Without Redis, jobs run on this many threads beside each web process (app/jobs/local.py), and a request
    # that queues one waits for it at most JOBS_INLINE_WAIT seconds before answering with the job running.
    JOBS_LOCAL_THREADS = _env_int("JOBS_LOCAL_THREADS", 2)
    JOBS_INLINE_WAIT = float(os.environ.get("JOBS_INLINE_WAIT", "2") or 0)
    # A worker schedules a link-rot re-check this often, of sources not checked for RECHECK_OLDER_THAN_DAYS.
    RECHECK_INTERVAL_HOURS = float(os.environ.get("RECHECK_INTERVAL_HOURS", "24") or 0)
    RECHECK_OLDER_THAN_DAYS = _env_int("RECHECK_OLDER_THAN_DAYS", 7)
    # The same tick pulls every partner desk's ClaimReview feed (new earlier fact-checks only).
    FACTCHECK_PULL_ON_TICK = os.environ.get("FACTCHECK_PULL_ON_TICK", "1").lower() not in ("0", "false", "no", "")
    # Imports asking for suggestions with a longer body than this run as a job: storing the suggested
    # claims of 20,000 characters took about 5 s here (bench/live_bench.py), the most a request should hold.
    SUGGEST_INLINE_MAX_CHARS = _env_int("SUGGEST_INLINE_MAX_CHARS", 20_000)
    # A PDF of an article with more claims than this is always rendered by a job, never inside a request
    # (a 1,200-claim article took over 30 s).
    REPORT_PDF_INLINE_CLAIMS = _env_int("REPORT_PDF_INLINE_CLAIMS", 100)

    # Outbound fetches (articles by URL, source captures): see app/fetch/policy.py.
    FETCH_TIMEOUT = float(os.environ.get("FETCH_TIMEOUT", "10") or 10)
    FETCH_MAX_BYTES = _env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024)
    FETCH_ALLOWED_HOSTS = os.environ.get("FETCH_ALLOWED_HOSTS", "")
    FETCH_USER_AGENT = os.environ.get("FETCH_USER_AGENT", "ClaimDesk/1.0 (+source capture for fact-checking)")
    # Captures (WARC files) and files made by jobs; default: instance/captures.
    CAPTURE_STORE_DIR = os.environ.get("CAPTURE_STORE_DIR", "")
    # Attaching evidence queues a capture of its source.
    CAPTURE_ON_ATTACH = os.environ.get("CAPTURE_ON_ATTACH", "1") == "1"

    # Interface language, time zone and digits: the desk's defaults; each reader can choose their own.
    LANGUAGES = ["en", "ar"]
    BABEL_DEFAULT_LOCALE = os.environ.get("CLAIMDESK_LANGUAGE") or "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("CLAIMDESK_TIMEZONE") or os.environ.get("BABEL_DEFAULT_TIMEZONE") or "UTC"
    DEFAULT_DIGITS = os.environ.get("CLAIMDESK_DIGITS") or "western"  # or "arabic" (٠١٢٣…, Arabic interface)
    # Gregorian month names in Arabic: "egyptian" (يناير، فبراير…) or "levantine" (كانون الثاني، شباط…)
    MONTH_NAMES = os.environ.get("CLAIMDESK_MONTH_NAMES") or "egyptian"

    # Organisation named as ClaimReview author in reports.
    ORG_NAME = os.environ.get("CLAIMDESK_ORG_NAME", "ClaimDesk")
    ORG_URL = os.environ.get("CLAIMDESK_ORG_URL", "https://claimdesk.example")
    PUBLIC_BASE_URL = os.environ.get("CLAIMDESK_PUBLIC_BASE_URL", "")
    # Published reports, the feed and the list are public for this many seconds (Cache-Control max-age), and
    # a shared cache may serve them stale this many more while it asks again: a new version or a withdrawal
    # reaches readers within the sum (README, Deployment: nginx).
    PUBLIC_MAX_AGE = _env_int("CLAIMDESK_PUBLIC_MAX_AGE", 60)
    PUBLIC_STALE_SECONDS = _env_int("CLAIMDESK_PUBLIC_STALE_SECONDS", 30)

    # Learned check-worthiness: the desk's model lives here (default: instance/models/); off = rules only.
    CLAIMDESK_MODEL_DIR = os.environ.get("CLAIMDESK_MODEL_DIR", "")
    # Vector index files shared by a machine's processes (app/services/vector_index.py); default instance/vector_index
    VECTOR_INDEX_DIR = os.environ.get("VECTOR_INDEX_DIR", "")
    MATCH_MEANING_WEIGHT = os.environ.get("MATCH_MEANING_WEIGHT", "")  # empty: matching's default
    SUGGEST_LEARNED = os.environ.get("CLAIMDESK_SUGGEST_LEARNED", "1") == "1"
    # The request path runs the sentence encoder itself for at most this many unscored sentences.
    SUGGEST_INLINE_SENTENCES = _env_int("CLAIMDESK_SUGGEST_INLINE_SENTENCES", 120)

    # The desk's settings an admin sets on /admin/desk (app/services/desk_settings.py). A variable set in the
    # environment wins over the page and the page shows it as fixed: DESK_ENV_FIXED names the config keys the
    # environment set (explicitly, even to a default value), read once here.
    LOGO_TEXT = os.environ.get("CLAIMDESK_LOGO_TEXT", "")
    PUBLIC_STAFF_NAMES = os.environ.get("CLAIMDESK_PUBLIC_STAFF_NAMES", "0") == "1"
    DESK_ENV_FIXED = tuple(key for env, key in (
        ("CLAIMDESK_ORG_NAME", "ORG_NAME"), ("CLAIMDESK_LOGO_TEXT", "LOGO_TEXT"),
        ("CLAIMDESK_LANGUAGE", "BABEL_DEFAULT_LOCALE"), ("CLAIMDESK_DIGITS", "DEFAULT_DIGITS"),
        ("CLAIMDESK_TIMEZONE", "BABEL_DEFAULT_TIMEZONE"), ("BABEL_DEFAULT_TIMEZONE", "BABEL_DEFAULT_TIMEZONE"),
        ("CLAIMDESK_MONTH_NAMES", "MONTH_NAMES"), ("CLAIMDESK_PUBLIC_STAFF_NAMES", "PUBLIC_STAFF_NAMES"),
    ) if os.environ.get(env))

    # E-mail of notifications (Flask-Mail's names): without MAIL_SERVER nothing is sent and the inbox still works.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"  # STARTTLS after connecting
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"  # TLS from the first byte (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "claimdesk@localhost")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10") or 10)

    PER_PAGE_DEFAULT = 50
    PER_PAGE_MAX = 200
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = _normalise_db_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    REDIS_URL = ""
    LOG_LEVEL = "WARNING"
    # Tests never fetch the web: a capture test turns this on with a local server in FETCH_ALLOWED_HOSTS.
    CAPTURE_ON_ATTACH = False
    FETCH_ALLOWED_HOSTS = ""
    # The encoder costs 10-150 ms a sentence: tests that measure learning turn it on themselves.
    SUGGEST_LEARNED = False
    # A request waits for its job to the end, however slow the machine, so a test of a quick job never sees
    # it still running; tests of long work lower this themselves.
    JOBS_INLINE_WAIT = 300.0
    # Tests set the desk's values on the page; the machine's environment fixes none of them, nor sends mail.
    DESK_ENV_FIXED = ()
    MAIL_SERVER = ""


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 31_536_000)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS.get(os.environ.get("CLAIMDESK_ENV", "development"), DevelopmentConfig)
