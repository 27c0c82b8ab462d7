"""Only POST starts work: every GET route of the app, walked with real ids of a seeded desk, as an admin (by
session and by token) and anonymously, writes nothing to any database and queues no job.

Once, `GET /jobs/report/<id>` queued a PDF render (another site could make a signed-in browser start jobs),
and a reader's GET of an old publication froze it with the reader's Host header in its links.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app import jobs
from app.captures.store import store
from app.extensions import db
from app.fetch import Exchange
from app.jobs import core as jobs_core
from app.jobs.tasks import queue_report
from app.models import Job
from app.models.base import utcnow
from app.services import captures, evidence, reports
from app.services import users as user_service
from tests.conftest import PASSWORD, login
from tests.live import store_dir  # noqa: F401  (captures and job files in a folder of this test)

READING = ("SELECT", "PRAGMA", "SHOW", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET")
WRITING = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|REPLACE|COPY|LOCK)\b", re.I)
# The one write a GET may make, by design: the suggestion engine's run for an article, kept in suggestion_run
# (app/services/suggestions.py _store) so that the next view reads it instead of running the engine -- a
# derived computation, like a cache row, that changes nothing anyone decided.
ALLOWED_TABLE = "suggestion_run"
# Ways to read a route beyond its bare address (report formats: a big PDF is a job, so the GET offers a button).
VARIANTS = {
    "public.download": ["format=html", "format=md", "format=csv", "format=json", "format=claimreview", "format=pdf",
                        "format=html&inline=1"],
    "api.article_report": ["format=json", "format=md", "format=pdf"],
    "articles.show": ["suggestions=all"],
    "articles.index": ["archived=1", "q=trucks"],
    "queue.index": ["verdict=false&state=approved", "assignee=me"],
}


def is_write(statement: str) -> bool:
    text = re.sub(r"^(\s|/\*.*?\*/|--[^\n]*\n)+", "", statement, flags=re.S)
    first = text.split(None, 1)[0].upper() if text.strip() else ""
    if first in READING and not (first == "SELECT" and re.search(r"\bFOR (UPDATE|SHARE|NO KEY|KEY)\b", text, re.I)):
        return False
    if first == "WITH" and not WRITING.search(text):
        return False
    return not (ALLOWED_TABLE in text and re.match(r"(INSERT|UPDATE)\b", text, re.I))


def test_the_statement_filter_sees_writes():
    assert not is_write("SELECT claim.id FROM claim") and not is_write("  BEGIN") and not is_write("RELEASE SAVEPOINT x")
    assert is_write("INSERT INTO job (kind) VALUES (?)") and is_write("UPDATE article SET id=article.id")
    assert is_write("SELECT id FROM article WHERE id = 1 FOR UPDATE") and is_write("DELETE FROM event")
    assert is_write("WITH x AS (DELETE FROM job RETURNING id) SELECT * FROM x")
    assert not is_write("INSERT INTO suggestion_run (article_id) VALUES (1) ON CONFLICT (article_id) DO UPDATE SET a=1")


@pytest.fixture
def seeded(app, make_user, make_article, make_claim):
    """A desk with one of everything a GET route names: article, claim, evidence, source with a capture, a
    finished job with a file, users, a token, a publication with a version."""
    admin = make_user("admin", name="Walker Admin")
    editor = make_user("editor")
    article = make_article(body="About 1,000 troops remain. More than 20 trucks left. The base is large.",
                           title="Troops and trucks")
    claim = make_claim(article, "About 1,000 troops remain", actor=editor)
    make_claim(article, "More than 20 trucks left", actor=editor)
    item = evidence.add_evidence(editor, claim, {"url": "https://wire.example/a", "stance": "supports"})
    db.session.commit()
    source = item.source
    exchange = Exchange(url=source.url, final_url=source.url, status=200, reason="OK",
                        headers=[("Content-Type", "text/html; charset=utf-8")],
                        body=b"<html><body><p>About 900 troops remain.</p></body></html>",
                        request_headers=[("Host", source.host)], request_path="/a", address="203.0.113.7",
                        fetched_at=utcnow())
    capture, _ = captures.record_capture(source, exchange, store())
    version = reports.publish(editor, article, include_unapproved=True, base_url="http://127.0.0.1:5000")
    _, raw = user_service.create_token(None, admin, "walker")
    db.session.commit()
    job = queue_report(article.id, "md", user_id=admin.id)  # a finished job with a file (tests wait for jobs)
    db.session.commit()
    assert db.session.get(Job, job.id).state == "finished"
    return {"article_id": article.id, "claim_id": claim.id, "source_id": source.id, "capture_id": capture.id,
            "job_id": job.id, "user_id": editor.id, "token": version.publication.token, "number": version.number,
            "filename": "app.css", "admin": admin, "raw_token": raw}


def addresses(app, ids: dict) -> list[tuple[str, str]]:
    """(endpoint, URL) for every GET rule of the app and its variants, ids filled from the seeded desk."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(ids)
        assert not missing, f"{rule.rule}: seed a row for {sorted(missing)} so the walk reaches it"
        path = rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]
        found.append((rule.endpoint, path))
        found += [(rule.endpoint, f"{path}?{query}") for query in VARIANTS.get(rule.endpoint, [])]
    return found


QUEUED: list[str] = []  # kinds a GET asked to queue during the walk
KEPT: list[str] = []  # the allowed writes seen (suggestion runs): proof the listener sees writes at all


def refuse_jobs(kind, *args, **kwargs):
    QUEUED.append(kind)
    raise QueuedJob(kind)


class QueuedJob(Exception):
    """A GET asked for a job to be queued (enqueue is replaced by this refusal during the walk)."""


@pytest.mark.parametrize("who", ["admin", "token", "anonymous"])
def test_no_get_route_writes_or_queues(app, seeded, monkeypatch, who):
    monkeypatch.setitem(app.config, "REPORT_PDF_INLINE_CLAIMS", 0)  # any PDF is a job: the GET must not start it
    monkeypatch.setattr(jobs_core, "enqueue", refuse_jobs)
    monkeypatch.setattr(jobs, "enqueue", refuse_jobs)
    client = app.test_client()
    headers = {}
    if who == "admin":
        assert login(client, seeded["admin"], PASSWORD).status_code == 302
        client.get("/")  # the session's first page (its CSRF token) before watching
    elif who == "token":
        headers = {"Authorization": f"Bearer {seeded['raw_token']}"}
    KEPT.clear()
    jobs_before = db.session.scalar(sa.select(sa.func.count(Job.id)))
    db.session.commit()
    offenders, answers = [], {}
    for endpoint, url in addresses(app, seeded):
        status, statements = _walk(client, url, headers)
        answers[url] = status
        assert status < 500 or statements, f"{url}: {status}"  # (a refused enqueue surfaces as a 500)
        if statements:
            offenders.append((endpoint, url, statements[:3]))
    assert offenders == [], "GET routes that wrote or queued:\n" + "\n".join(map(str, offenders))
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == jobs_before
    db.session.commit()
    if who in ("admin", "token"):  # the engine's run was kept (the allowed write), seen by the same listener
        assert KEPT, "no suggestion_run write seen: is the listener watching?"
    if who == "admin":  # the walk reached the pages themselves, not a wall of redirects
        reached = [url for url, status in answers.items() if status == 200]
        assert len(reached) > 40, answers
        assert answers[f"/articles/{seeded['article_id']}/report?format=pdf"] == 200  # the button, not a job


def _walk(client, url: str, headers: dict) -> tuple[int, list[str]]:
    seen: list[str] = []

    def watch(_conn, _cursor, statement, *rest):
        if is_write(statement):
            seen.append(statement.split("\n", 1)[0][:200])
        elif ALLOWED_TABLE in statement and not statement.lstrip().upper().startswith("SELECT"):
            KEPT.append(url)

    QUEUED.clear()
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", watch)
    try:
        try:
            response = client.get(url, headers=headers)
        except QueuedJob as queued:
            return 0, [f"queued a job: {queued}"]
        status = response.status_code
        response.close()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", watch)
    return status, seen + [f"queued a job: {kind}" for kind in QUEUED]
