"""Jobs: inline without Redis, on RQ with a real worker process, and what a person sees of them."""

from __future__ import annotations

import os
import signal
import socket

import pytest
import sqlalchemy as sa

import tests.jobs.handlers  # noqa: F401  the test kinds, for inline runs
from app import jobs
from app.extensions import db
from app.models import Job, User
from tests.live import wait_for


def job_row(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


# ---- inline (no REDIS_URL) ---------------------------------------------------------------------------------


def test_inline_report_job_answers_202_with_the_finished_job_and_its_file(api, make_article):
    article = make_article(title="Troops at the base")
    client = api("reviewer")
    response = client.post(f"/api/v1/articles/{article.id}/report-jobs", json={"format": "md"})
    assert response.status_code == 202
    job = response.json["job"]
    assert response.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert job["state"] == "finished" and job["progress"] == 1 and job["error"] is None
    assert job["finished_at"] and job["created_at"]
    download = client.get(job["result"]["download_url"])
    assert download.status_code == 200
    assert "Troops at the base" in download.get_data(as_text=True)
    assert client.get(f"/api/v1/jobs/{job['id']}").json == {"job": job}


def test_report_jobs_check_format_and_article_before_queueing(api, make_article):
    client = api("reviewer")
    article = make_article()
    assert client.post(f"/api/v1/articles/{article.id}/report-jobs", json={"format": "docx"}).status_code == 400
    assert client.post("/api/v1/articles/999999/report-jobs", json={"format": "pdf"}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0


def test_a_pdf_report_job_makes_a_pdf(api, make_article):
    article = make_article(body="نقلت وكالة رويترز عن مسؤولين أن القاعدة تضم نحو ألف جندي.", title="القاعدة")
    client = api("reviewer")
    job = client.post(f"/api/v1/articles/{article.id}/report-jobs", json={}).json["job"]
    assert job["result"]["content_type"] == "application/pdf"
    assert client.get(job["result"]["download_url"]).data.startswith(b"%PDF")


@pytest.mark.parametrize("kind, code", [("test.refused", "fetch_refused"), ("test.crash", "internal_error")])
def test_inline_failures_carry_a_code_and_a_message(kind, code):
    job = jobs.enqueue(kind, {})
    assert job.state == "failed" and job.error["code"] == code and job.error["message"]
    assert job.finished_at is not None and jobs.job_dict(job)["result"] is None


def test_a_failed_job_leaves_nothing_half_written():
    job = jobs.enqueue("test.writes", {"email": "half@desk.example"})
    assert job.state == "failed" and job.error == {"code": "fetch_failed", "message": "The site answered HTTP 503."}
    assert db.session.scalar(sa.select(User).where(User.email == "half@desk.example")) is None


def test_enqueue_refuses_a_kind_nobody_handles():
    with pytest.raises(ValueError):
        jobs.enqueue("no.such.kind", {})


def test_users_see_their_own_jobs_and_editors_see_all(api, make_article):
    article = make_article()
    owner, other, editor = api("reviewer"), api("reviewer"), api("editor")
    job_id = owner.post(f"/api/v1/articles/{article.id}/report-jobs", json={"format": "md"}).json["job"]["id"]
    assert other.get(f"/api/v1/jobs/{job_id}").status_code == 403
    assert other.get(f"/api/v1/jobs/{job_id}/download").status_code == 403
    assert editor.get(f"/api/v1/jobs/{job_id}").status_code == 200
    assert owner.get("/api/v1/jobs/424242").status_code == 404
    assert owner.client.get(f"/api/v1/jobs/{job_id}").status_code == 401


def test_the_job_page_and_its_json_for_the_script(client, login_as, make_article):
    user = login_as("reviewer")
    article = make_article()
    assert client.get(f"/jobs/report/{article.id}?format=md").status_code == 405  # a GET starts no work
    response = client.post(f"/jobs/report/{article.id}", data={"format": "md"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "data-job-url=" in html and "jobs.js" in html and "<script>" not in html
    job_id = db.session.scalar(sa.select(Job.id).where(Job.user_id == user.id))
    data = client.get(f"/jobs/{job_id}.json").json["job"]
    assert data["state"] == "finished" and data["link"] == f"/jobs/{job_id}/download"
    assert client.get(data["link"]).status_code == 200


def test_job_pages_answer_only_their_owner_or_an_editor(client, make_user, make_article):
    from tests.conftest import login

    article = make_article()
    owner = make_user("reviewer")
    job = jobs.enqueue("reports.render", {"article_id": article.id, "format": "md"}, user_id=owner.id)
    login(client, make_user("reviewer"))
    assert client.get(f"/jobs/{job.id}").status_code == 403
    assert client.get(f"/jobs/{job.id}.json").status_code == 403


# ---- RQ with a real worker process ----------------------------------------------------------------------------


def test_a_queued_job_is_run_by_a_worker_process(api, make_article, rq, worker):
    article = make_article(title="Queued report")
    client = api("reviewer")
    response = client.post(f"/api/v1/articles/{article.id}/report-jobs", json={"format": "md"})
    assert response.status_code == 202 and response.json["job"]["state"] == "queued"
    job_id = response.json["job"]["id"]
    process = worker()
    done = wait_for(lambda: (j := client.get(f"/api/v1/jobs/{job_id}").json["job"])["state"] in
                    ("finished", "failed") and j, timeout=60)
    assert done["state"] == "finished", process.output()
    assert "Queued report" in client.get(done["result"]["download_url"]).get_data(as_text=True)


def test_progress_shows_while_running_and_a_killed_worker_fails_the_job(rq, worker, tmp_path):
    pid_file = tmp_path / "pid"
    job = jobs.enqueue("test.sleep", {"pid_file": str(pid_file), "seconds": 60})
    assert job.state == "queued"
    process = worker()
    wait_for(lambda: pid_file.exists() and pid_file.read_text(), timeout=60)
    running = job_row(job.id)
    assert running.state == "running" and running.progress == 0.5, process.output()
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    try:
        failed = wait_for(lambda: (j := job_row(job.id)).state == "failed" and j, timeout=60)
    except AssertionError:
        raise AssertionError(f"{job_row(job.id).state} {job_row(job.id).error_code}\n{process.output()}") from None
    assert failed.error_code == "worker_died" and "stopped" in failed.error_message


def test_transient_failures_are_retried_with_back_off(rq, worker, tmp_path):
    job = jobs.enqueue("test.flaky", {"counter": str(tmp_path / "tries"), "succeed_on": 2})
    process = worker()
    done = wait_for(lambda: (j := job_row(job.id)).state in ("finished", "failed") and j, timeout=60)
    assert done.state == "finished", process.output()
    assert done.result["tries"] == 2 and done.attempts == 2


def test_transient_failures_give_up_after_the_last_retry(rq, worker, tmp_path):
    job = jobs.enqueue("test.flaky", {"counter": str(tmp_path / "tries"), "succeed_on": 99})
    worker()
    done = wait_for(lambda: (j := job_row(job.id)).state in ("finished", "failed") and j, timeout=60)
    assert done.state == "failed" and done.error_code == "fetch_timeout" and done.attempts == 3


def test_a_job_the_queue_lost_is_marked_failed_when_read(rq, monkeypatch):
    from app.jobs import rq_adapter
    from app.jobs.core import SETTINGS

    job = jobs.enqueue("test.refused", {})
    rq_adapter.connection().delete(f"rq:job:{rq_adapter.rq_id(job.id)}")
    monkeypatch.setattr(SETTINGS, "lost_after", -1)
    seen = jobs.get_job(job.id)
    assert seen.state == "failed" and seen.error_code == "job_lost"


def test_redis_down_fails_the_job_with_a_clear_code(app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    job = jobs.enqueue("test.refused", {})
    assert job.state == "failed" and job.error_code == "queue_unavailable"


def test_worker_command_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_the_worker_says_in_one_line_that_redis_is_unreachable(runner, app, monkeypatch):
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://worker:hunter2-secret@127.0.0.1:{port}/0")
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith(f"Error: Redis is unreachable at redis://worker:***@127.0.0.1:{port}/0 (")
    assert "hunter2" not in result.output


@pytest.mark.parametrize("url, shown", [
    ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ("redis://:pw-secret@redis.internal:6379/0", "redis://:***@redis.internal:6379/0"),
    ("rediss://desk:pw-secret@[::1]:6380/2?ssl_cert_reqs=none", "rediss://desk:***@[::1]:6380/2?ssl_cert_reqs=none"),
    ("unix:///run/redis.sock?db=1&password=pw-secret", "unix:///run/redis.sock?db=1&password=***"),
])
def test_the_worker_never_prints_the_redis_password(url, shown):
    from app.jobs.cli import without_password

    assert without_password(url) == shown


def test_one_recheck_chain_is_scheduled_per_redis_and_each_tick_queues_a_recheck(rq, app, monkeypatch):
    import datetime as dt

    from rq import Queue
    from rq.registry import ScheduledJobRegistry

    from app.jobs import rq_adapter, worker

    conn = rq_adapter.connection()
    conn.delete(worker.RECHECK_KEY)
    try:
        assert worker.schedule_recheck(conn, every=dt.timedelta(hours=1)) is True
        assert worker.schedule_recheck(conn, every=dt.timedelta(hours=1)) is False  # a second worker starting
        assert "claimdesk-recheck-tick" in ScheduledJobRegistry(queue=Queue(rq, connection=conn)).get_job_ids()
        monkeypatch.setitem(app.config, "RECHECK_OLDER_THAN_DAYS", 3)
        worker.periodic_recheck(3600)  # what the tick runs: a recheck job, and the next tick
        queued = db.session.scalar(sa.select(Job).where(Job.kind == "sources.recheck"))
        assert queued is not None and queued.payload == {"older_than_days": 3} and queued.state == "queued"
        assert conn.exists(worker.RECHECK_KEY)
    finally:
        conn.delete(worker.RECHECK_KEY)


def test_an_inline_job_whose_process_died_is_marked_failed_when_read(monkeypatch):
    import datetime as dt

    from app.jobs.core import SETTINGS
    from app.models.base import utcnow

    job = Job(kind="test.refused", state="running", payload={}, started_at=utcnow() - dt.timedelta(hours=2))
    db.session.add(job)
    db.session.commit()
    monkeypatch.setattr(SETTINGS, "lost_after", 60)
    seen = jobs.get_job(job.id)
    assert seen.state == "failed" and seen.error_code == "job_lost"
