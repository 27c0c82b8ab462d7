"""An article fetched by URL from a trickling server fails with fetch_timeout at its deadline, inline (no
Redis) and on a real RQ worker process: neither a web worker nor the RQ worker is held by a slow peer. Bounded
by what the peer trickled before the fetch hung up, not by the clock (tests/fetch/hostile.py)."""

from __future__ import annotations

import dataclasses

import pytest

from app.extensions import db
from app.jobs import core
from app.models import Article, Job
from tests.fetch.hostile import slow_body, slow_headers, slow_status
from tests.fetch.test_deadline import WITHIN_DEADLINE
from tests.live import rq, store_dir, wait_for, worker  # noqa: F401  fixtures (store_dir is autouse)

TIMEOUT = 2


@pytest.mark.parametrize("script", [slow_status, slow_headers, slow_body], ids=["status-line", "headers", "body"])
def test_an_article_by_url_from_a_trickling_site_fails_in_time_inline(api, app, hostile, monkeypatch, script):
    server = hostile(script)
    monkeypatch.setitem(app.config, "FETCH_TIMEOUT", TIMEOUT)
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", server.host)
    client = api("reviewer")
    response = client.post("/api/v1/articles", json={"url": server.url("/news/1")})
    assert response.status_code == 202
    job = response.json["job"]
    assert job["state"] == "failed" and job["error"]["code"] == "fetch_timeout", job
    assert server.trickled_before_hang_up() <= WITHIN_DEADLINE
    assert db.session.query(Article).count() == 0


def test_an_article_by_url_from_a_trickling_site_fails_in_time_on_a_worker(api, app, hostile, monkeypatch,
                                                                           rq, worker):  # noqa: F811
    # One attempt only: the retries of a transient failure (10 s, 60 s, 300 s later) are the queue's business,
    # and each of them is bounded the same way.
    spec = core.HANDLERS["articles.fetch"]
    monkeypatch.setitem(core.HANDLERS, "articles.fetch", dataclasses.replace(spec, retry=()))
    server = hostile(slow_body)
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", server.host)  # the API checks before queueing
    client = api("reviewer")
    response = client.post("/api/v1/articles", json={"url": server.url("/news/2")})
    assert response.status_code == 202 and response.json["job"]["state"] == "queued"
    job_id = response.json["job"]["id"]
    process = worker(FETCH_TIMEOUT=str(TIMEOUT), FETCH_ALLOWED_HOSTS=server.host)

    def row() -> Job:
        db.session.expire_all()
        return db.session.get(Job, job_id)

    failed = wait_for(lambda: (j := row()).state in ("finished", "failed") and j, timeout=90, interval=0.05)
    assert failed.state == "failed" and failed.error_code == "fetch_timeout", process.output()
    assert server.trickled_before_hang_up() <= WITHIN_DEADLINE
    assert server.connections == 1 and f"{TIMEOUT} s" in failed.error_message
