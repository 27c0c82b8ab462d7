"""Fixtures: the app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL), builders, logged-in clients."""

from __future__ import annotations

import contextvars
import itertools
import os
import shutil
import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from werkzeug.serving import make_server

from app import configure_services, create_app, jobs
from app.extensions import db, limiter
from app.models import Article, Claim, User
from app.services import articles as article_service
from app.services import claims as claim_service
from app.services import secret_box
from app.services import users as user_service
from config import TestingConfig

# No test may fail because the machine is slow: Hypothesis's per-example deadline and its "too slow" health
# check both read the clock, so neither applies anywhere (work is bounded by counting instead).
settings.register_profile("claimdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("claimdesk")

PASSWORD = "correct-horse-battery"
ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres")
SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "shared")
CORPUS = os.path.join(SHARED, "corpus", "qasrak-evacuation.ar.txt")


def reset_database(engine: sa.Engine) -> None:
    """An empty database: on PostgreSQL the public schema is dropped and made anew."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(conn)
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def database_url(tmp_dir: str) -> str:
    """TEST_DATABASE_URL, or a SQLite file (a real file: threads and locks behave as in production)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return TestingConfig.SQLALCHEMY_DATABASE_URI
    return f"sqlite:///{os.path.join(tmp_dir, 'claimdesk-test.sqlite')}"


class IsolatedClient(FlaskClient):
    """A test client whose requests get their own app context, database session and `g`, as in production.

    Without this, a request would reuse the test's app context: Flask-Login's cached user in `g`
    would leak from one request (and one client) to the next, hiding real session bugs.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url(str(tmp_path_factory.mktemp("db")))

    app = create_app(Config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        reset_database(db.engine)
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def ctx(app):
    """Each test runs in an app context and leaves every table empty behind it."""
    with app.app_context():
        yield
        # No job thread (app/jobs/local.py) may still write once the tables are emptied for the next test.
        assert jobs.drain(timeout=600), "a job started by this test is still running on the job threads"
        db.session.rollback()
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
        limiter.reset()  # login attempts counted by one test must not throttle the next
        configure_services(app)  # a test that made an app of its own (production, other keys) set them last


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_user() -> Callable[..., User]:
    def make(role: str = "reviewer", email: str | None = None, password: str = PASSWORD, name: str = "") -> User:
        email = email or f"{role}{next(_counter)}@desk.example"
        user, _ = user_service.create_user(None, email, role, password, name or email.split("@")[0])
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_article(make_user) -> Callable[..., Article]:
    def make(body: str = "The base holds about 1,000 soldiers. The evacuation will take a month.",
             title: str = "An article", language: str | None = None, **extra) -> Article:
        actor = extra.pop("actor", None)
        data = {"title": title, "body": body, **extra}
        if language:
            data["language"] = language
        article = article_service.create_article(actor, data).article
        db.session.commit()
        return article

    return make


@pytest.fixture
def make_claim(make_article) -> Callable[..., Claim]:
    def make(article: Article | None = None, quote: str | None = None, actor: User | None = None, **data) -> Claim:
        article = article or make_article()
        if quote is None and "start" not in data:
            quote = article.body.split(".")[0]
        if quote is not None:
            data["quote"] = quote
        claim = claim_service.create_claim(actor, article, data)
        db.session.commit()
        return claim

    return make


def login(client, user: User, password: str = PASSWORD, remember: bool = False):
    return client.post("/login", data={"email": user.email, "password": password, "remember": "y" if remember else ""})


@pytest.fixture
def login_as(client, make_user):
    """Log the test client in as a new user of the role; returns the user."""

    def do(role: str = "reviewer") -> User:
        user = make_user(role)
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return do


class Api:
    """A JSON client with a bearer token."""

    def __init__(self, client, token: str, user: User):
        self.client, self.user = client, user
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, url, **kw):
        return self.client.get(url, headers=self.headers, **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, headers=self.headers, json=json, **kw)

    def patch(self, url, json=None, **kw):
        return self.client.patch(url, headers=self.headers, json=json, **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self.headers, **kw)


@pytest.fixture
def api(client, make_user) -> Callable[..., Api]:
    def make(role: str = "reviewer", user: User | None = None) -> Api:
        user = user or make_user(role)
        _, raw = user_service.create_token(None, user, "test")
        db.session.commit()
        return Api(client, raw, user)

    return make


@pytest.fixture
def corpus_text() -> str:
    if not os.path.exists(CORPUS):
        pytest.skip("the user's corpus (../shared/corpus) is not beside this checkout")
    with open(CORPUS, encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture
def empty_database_url(tmp_path):
    """A second, empty database: a SQLite file, or on PostgreSQL a database made for this test."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'second.sqlite'}"
        return
    base = TestingConfig.SQLALCHEMY_DATABASE_URI
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"claimdesk_second_test_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def live_server(app):
    """The app served over HTTP on a free local port, in a thread, for browsers and racing clients."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser): one for the whole session."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make system-deps installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture
def use_keys(app):
    """Run the desk with another SECRET_KEY (and fallbacks) for one test; the test's key comes back after."""
    saved = app.config["SECRET_KEY"], app.config.get("SECRET_KEY_FALLBACKS")

    def use(current: str, *fallbacks: str) -> None:
        app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = current, list(fallbacks)
        secret_box.configure(app.config)

    yield use
    app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = saved
    secret_box.configure(app.config)
