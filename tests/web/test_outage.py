"""With the database or Redis down the desk answers a plain 503 (pages) or its error shape (API), with the
security headers and without touching the database again; a hung Redis costs one short timeout, then the
rate limits count in memory."""

from __future__ import annotations

import copy
import socket
import threading

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db, limiter
from config import TestingConfig

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def keep_limiter():
    """create_app initialises the one shared limiter; put the suite's own state back afterwards."""
    saved = {key: copy.copy(value) for key, value in vars(limiter).items()}
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


def app_with(keep_limiter, **config):
    class Config(TestingConfig):
        pass

    for key, value in config.items():
        setattr(Config, key, value)
    return create_app(Config)


@pytest.fixture(params=["postgresql", "sqlite"])
def down_app(request, tmp_path, keep_limiter):
    """The app with its database unreachable: PostgreSQL on a closed port, or SQLite in a missing directory."""
    if request.param == "postgresql":
        url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/claimdesk?connect_timeout=2"
    else:
        url = f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}"
    app = app_with(keep_limiter, SQLALCHEMY_DATABASE_URI=url)
    attempts = []
    with app.app_context():
        sa.event.listen(db.engine, "do_connect", lambda *args: attempts.append(1))
    app.connect_attempts = attempts
    return app


def test_pages_answer_a_plain_503_with_the_security_headers(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # a logged-in visitor: the page must not try to load the user twice
        session["_fresh"] = True
    for url in ("/queue/", "/claims/1", "/articles/"):
        before = len(down_app.connect_attempts)
        response = client.get(url)
        assert response.status_code == 503, response.get_data(as_text=True)[:300]
        assert all(name in response.headers for name in HEADERS)
        assert response.headers["Retry-After"]
        html = response.get_data(as_text=True)
        assert "Temporarily unavailable" in html and "Log out" not in html
        assert len(down_app.connect_attempts) - before == 1  # one failed connection, none for the error page


def test_a_login_answers_503_not_500(down_app):
    response = down_app.test_client().post("/login", data={"email": "a@desk.example", "password": "whatever-it-is"})
    assert response.status_code == 503 and all(name in response.headers for name in HEADERS)


def test_the_api_answers_503_in_its_error_shape(down_app):
    client = down_app.test_client()
    for method, url in (("GET", "/api/v1/claims"), ("PATCH", "/api/v1/claims/1"), ("GET", "/api/v1/me")):
        response = client.open(url, method=method, headers={"Authorization": "Bearer abc"}, json={"version": 1})
        assert response.status_code == 503
        assert response.json["error"]["code"] == "unavailable"
        assert set(response.json["error"]) >= {"code", "message", "fields"}
        assert all(name in response.headers for name in HEADERS)
    assert client.get("/healthz").status_code == 503


class HungRedis:
    """A local socket that accepts connections and never answers (a Redis stuck in a long command)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self.server.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def hung_redis():
    server = HungRedis()
    yield server
    server.close()


def test_a_hung_redis_costs_one_short_timeout_then_limits_count_in_memory(hung_redis, keep_limiter, tmp_path,
                                                                         make_user):
    app = app_with(keep_limiter, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'hung.sqlite'}",
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{hung_redis.port}/0", RATELIMIT_STORAGE_TIMEOUT=0.2,
                   LOGIN_RATE_LIMIT="5 per minute")
    # The limiter's Redis client gives up after the configured timeout (its default is to wait for ever).
    assert limiter._storage_options["socket_timeout"] == 0.2
    assert limiter._storage_options["socket_connect_timeout"] == 0.2
    with app.app_context():
        db.create_all()
    client = app.test_client()
    statuses = [client.post("/login", data={"email": "nobody@desk.example", "password": "wrong-wrong-wrong"}).status_code
                for _ in range(12)]
    # Wrong passwords are refused (400) and the sixth attempt is limited: counted in memory, per process.
    assert statuses == [400] * 5 + [429] * 7, statuses
    # Redis was tried, then only now and then (the limiter's back-off), not on every request while it is silent.
    assert 1 <= len(hung_redis.connections) <= len(statuses) // 2, len(hung_redis.connections)
