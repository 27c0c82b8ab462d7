"""Without Redis, long work runs on threads beside the web process: requests answer at once with the job running,
quick jobs still answer finished, and a PDF of a large article or a long import with suggestions is a job."""

from __future__ import annotations

import json
import uuid
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa

import tests.jobs.handlers  # noqa: F401  the test kinds
from app import jobs
from app.extensions import db
from app.models import Article, Job
from app.services import suggestions
from tests.conftest import login
from tests.jobs.handlers import gate
from tests.live import wait_for

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def short_wait(app, monkeypatch):
    """A request waits for its job as briefly as production's default allows (tests otherwise wait to the end)."""
    monkeypatch.setitem(app.config, "JOBS_INLINE_WAIT", 0.2)


def job_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Job.id)))


def long_body() -> str:
    """500,000 characters: one real news story (claims to suggest), then prose with nothing to check."""
    story = (DATA / "eastbrook-flood-barrier.en.txt").read_text(encoding="utf-8")
    filler = "The morning by the river was quiet, and the ducks seemed content with it. "
    body = story + "\n\n" + filler * (500_000 // len(filler) + 1)
    return body[:499_999] + "."


def test_a_500000_character_import_with_suggestions_answers_at_once_and_finishes_as_a_job(
        api, app, short_wait, monkeypatch):
    """The POST answers 202 while the job is still running (it is held at a gate until the answer is in),
    the desk answers other requests meanwhile, and polling shows the job finished with the article."""
    entered, release = gate(f"import-{uuid.uuid4().hex}")
    real_store_all = suggestions.store_all

    def held_store_all(actor, article):
        entered.set()
        assert release.wait(60), "the test never let the import go on"
        return real_store_all(actor, article)

    monkeypatch.setattr(suggestions, "store_all", held_store_all)
    client, other = api("reviewer"), api("editor")
    body = long_body()
    try:
        response = client.post("/api/v1/articles", json={"title": "A very long story", "body": body, "suggest": True})
        assert response.status_code == 202, response.json
        job = response.json["job"]
        assert job["kind"] == "articles.import" and job["state"] in ("queued", "running")
        assert response.headers["Location"] == f"/api/v1/jobs/{job['id']}"
        assert entered.wait(60)  # the job is at work on its thread, its article not yet stored
        polled = client.get(f"/api/v1/jobs/{job['id']}").json["job"]
        assert polled["state"] == "running" and polled["progress"] == pytest.approx(0.1)  # written live
        assert other.get("/api/v1/articles").status_code == 200  # the desk answers meanwhile
        assert other.get("/api/v1/claims").status_code == 200
    finally:
        release.set()
    done = wait_for(lambda: (j := client.get(f"/api/v1/jobs/{job['id']}").json["job"])["state"]
                    in ("finished", "failed") and j, timeout=300)
    assert done["state"] == "finished", done["error"]
    article = client.get(f"/api/v1/articles/{done['result']['article_id']}").json
    assert article["body"] == body and len(body) == 500_000
    assert done["result"]["claims"] == len(article["claims"]) > 0
    assert all(claim["origin"] == "suggested" for claim in article["claims"])


def test_a_quick_job_still_answers_finished_though_it_ran_on_a_job_thread(api, make_article):
    job = jobs.enqueue("test.where", {})
    assert job.state == "finished" and job.result["thread"].startswith("claimdesk-job")
    article = make_article(title="Quick report")
    response = api("reviewer").post(f"/api/v1/articles/{article.id}/report-jobs", json={"format": "md"})
    assert response.status_code == 202 and response.json["job"]["state"] == "finished"


def test_a_long_job_shows_its_progress_is_not_lost_and_the_desk_answers_meanwhile(
        client, login_as, short_wait, monkeypatch):
    from app.jobs.core import SETTINGS

    user = login_as("reviewer")
    name = f"slow-{uuid.uuid4().hex}"
    entered, release = gate(name)
    monkeypatch.setattr(SETTINGS, "lost_after", -1)  # a job of another process would count as lost at once
    try:
        job = jobs.enqueue("test.gate", {"gate": name}, user_id=user.id)
        assert job.state in ("queued", "running")  # the caller did not wait for the end
        assert entered.wait(60)
        seen = client.get(f"/jobs/{job.id}.json").json["job"]  # what the job page's script polls
        assert seen["state"] == "running" and seen["progress"] == 0.5 and seen["link"] is None
        page = client.get(f"/jobs/{job.id}")
        assert page.status_code == 200 and 'data-state="running"' in page.get_data(as_text=True)
        assert client.get("/articles/").status_code == 200  # other pages answer while it runs
    finally:
        release.set()
    assert jobs.drain(timeout=60)
    db.session.expire_all()
    assert jobs.get_job(job.id).state == "finished"


def test_a_pdf_above_the_size_is_a_job_and_below_it_is_served_at_once(api, app, make_article, make_claim,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_PDF_INLINE_CLAIMS", 1)
    small = make_article(title="Small article", body="The base holds about 1,000 soldiers. The road is closed.")
    make_claim(small, quote="The base holds about 1,000 soldiers")
    client = api("reviewer")
    direct = client.get(f"/api/v1/articles/{small.id}/report?format=pdf")
    assert direct.status_code == 200 and direct.data.startswith(b"%PDF") and job_count() == 0

    large = make_article(title="Large article", body="The base holds about 1,000 soldiers. The road is closed.")
    make_claim(large, quote="The base holds about 1,000 soldiers")
    make_claim(large, quote="The road is closed")
    asked = client.get(f"/api/v1/articles/{large.id}/report?format=pdf")  # a GET starts nothing: it says how
    assert asked.status_code == 409 and "POST" in asked.json["error"]["message"] and job_count() == 0
    response = client.post(f"/api/v1/articles/{large.id}/report-jobs", json={"format": "pdf"})
    assert response.status_code == 202
    job = response.json["job"]
    assert response.headers["Location"] == f"/api/v1/jobs/{job['id']}" and job["kind"] == "reports.render"
    assert job["state"] == "finished"  # the tests' requests wait for their job to the end
    assert client.get(job["result"]["download_url"]).data.startswith(b"%PDF")
    assert client.get(f"/api/v1/articles/{large.id}/report?format=md").status_code == 200  # only PDFs are jobs
    assert client.get("/api/v1/articles/987654/report?format=pdf").status_code == 404


def test_the_pages_ask_for_a_large_pdf_with_a_post_and_a_get_starts_nothing(client, app, make_user, make_article,
                                                                            make_claim, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_PDF_INLINE_CLAIMS", 1)
    article = make_article(body="The base holds about 1,000 soldiers. The road is closed.")
    make_claim(article, quote="The base holds about 1,000 soldiers")
    make_claim(article, quote="The road is closed")
    login(client, make_user("reviewer"))
    offer = client.get(f"/articles/{article.id}/report?format=pdf")
    html = offer.get_data(as_text=True)
    assert offer.status_code == 200 and "Claims in this article: 2." in html
    assert f'action="/jobs/report/{article.id}"' in html and job_count() == 0
    started = client.post(f"/jobs/report/{article.id}", data={"format": "pdf"})
    assert started.status_code == 303
    job_id = int(started.headers["Location"].rsplit("/", 1)[-1])
    data = client.get(f"/jobs/{job_id}.json").json["job"]
    assert data["state"] == "finished" and client.get(data["link"]).data.startswith(b"%PDF")


def test_a_long_upload_with_suggestions_is_a_job_whose_page_leads_to_the_article(client, app, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "SUGGEST_INLINE_MAX_CHARS", 1000)
    login_as("reviewer")
    sentence = "The base holds about 1,000 soldiers, according to officials. "
    upload = json.dumps({"title": "Uploaded", "body": sentence * 40, "suggest": True}).encode()
    response = client.post("/articles/new", data={"upload-file": (BytesIO(upload), "story.json"),
                                                  "upload-submit": "Upload"}, content_type="multipart/form-data")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = client.get(response.headers["Location"].rstrip("/") + ".json").json["job"]
    assert job["state"] == "finished" and job["kind"] == "articles.import"
    article = db.session.get(Article, job["result"]["article_id"])
    assert job["link"] == f"/articles/{article.id}" and article.claims
    assert all(claim.origin == "suggested" for claim in article.claims)


def test_a_stopping_process_leaves_no_job_running_or_queued(app, short_wait, monkeypatch):
    """What gunicorn.conf.py's worker_exit does: queued jobs are not started, running ones that do not finish in
    the time given are marked failed, and a job that finished keeps its result."""
    from app.jobs import local

    monkeypatch.setitem(app.config, "JOBS_LOCAL_THREADS", 2)
    assert local.shutdown(0) == []  # a pool of this size from here on
    done = jobs.enqueue("test.where", {})
    names = [f"stop-{n}-{uuid.uuid4().hex}" for n in range(3)]
    try:
        held = [jobs.enqueue("test.gate", {"gate": name}) for name in names]
        assert gate(names[0])[0].wait(60) and gate(names[1])[0].wait(60)  # two run; the third waits its turn
        assert not gate(names[2])[0].is_set()
        stopped = local.shutdown(0)
        assert stopped == [job.id for job in held]
        db.session.expire_all()
        for job in held:
            row = db.session.get(Job, job.id)
            assert row.state == "failed" and row.error_code == "job_lost" and "stopped" in row.error_message
        assert db.session.get(Job, done.id).state == "finished"
        assert not gate(names[2])[0].is_set()  # never started
    finally:
        for name in names:
            gate(name)[1].set()
    assert jobs.drain(timeout=60)


def test_asking_again_for_a_report_being_rendered_gives_the_same_job(client, app, make_user, make_article,
                                                                      make_claim, short_wait, monkeypatch):
    """A button pressed twenty times starts one render: a reviewer cannot fill the job threads with copies."""
    import threading

    from app.jobs import core

    article = make_article(body="The base holds about 1,000 soldiers. The road is closed.")
    make_claim(article, quote="The base holds about 1,000 soldiers")
    login(client, make_user("reviewer"))
    core.load_handlers()
    release = threading.Event()
    render = core.HANDLERS["reports.render"].fn

    def held(payload, progress):
        release.wait(60)
        return render(payload, progress)

    monkeypatch.setattr(core.HANDLERS["reports.render"], "fn", held)
    try:
        first = client.post(f"/jobs/report/{article.id}", data={"format": "pdf"})
        again = [client.post(f"/jobs/report/{article.id}", data={"format": "pdf"}) for _ in range(5)]
        assert {r.headers["Location"] for r in again} == {first.headers["Location"]}
        assert job_count() == 1
        other = client.post(f"/jobs/report/{article.id}", data={"format": "csv"})
        assert other.headers["Location"] != first.headers["Location"] and job_count() == 2
    finally:
        release.set()
        jobs.drain(60)
