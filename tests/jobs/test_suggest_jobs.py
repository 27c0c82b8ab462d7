"""Check-worthiness work as jobs: whole-article scoring and the scheduled retraining from desk decisions."""

from __future__ import annotations

import numpy as np
import pytest

from app import jobs
from app.extensions import db
from app.services import checkworthiness as cw
from app.services import suggestions
from app.suggest import model as cm


@pytest.fixture
def learning(tmp_path, monkeypatch):
    saved = (cw.SETTINGS.enabled, cw.SETTINGS.model_dir)
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir = True, tmp_path / "models"
    monkeypatch.setattr(cw, "active_model", lambda: cm.fit(
        np.eye(cm.HashEncoder.dim, dtype=np.float32)[:4], np.array([1, 0, 1, 0]), ["en"] * 4, "hash-ngrams"))
    yield tmp_path
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir = saved


def test_scoring_an_article_is_a_job_whose_vectors_the_page_then_uses(learning, make_article, make_user,
                                                                      monkeypatch):
    monkeypatch.setattr(cw.SETTINGS, "inline_sentences", 12)  # more sentences than the request path encodes
    body = " ".join(f"The mill ground {n} sacks of barley in week {n}." for n in range(1, 26))
    article = make_article(body=body)
    waiting = suggestions.pending(article)
    assert waiting and not any("check-worthiness" in s.reason for s in waiting)
    assert all(s.pending for s in waiting)  # "being scored", not ranked by the rules
    job = jobs.enqueue("suggest.score_article", {"article_id": article.id}, user_id=make_user("editor").id)
    assert job.state == "finished" and job.progress == 1.0
    assert job.result == {"sentences": 25, "encoded": 25}
    cm.CACHE._data.clear()  # another process: only the database has the vectors
    try:
        scored = suggestions.pending(db.session.get(type(article), article.id))
        assert all("check-worthiness" in s.reason and not s.pending for s in scored)
    finally:
        cm.CACHE._data.clear()  # the next test's desk starts with no vectors


def test_retraining_waits_for_desk_decisions_then_fits_the_desks_model(learning, make_article, make_user, monkeypatch):
    from app.suggest import examples

    job = jobs.enqueue("suggest.retrain", {})
    assert job.state == "finished" and job.result == {"trained": False, "reason": "no desk decisions yet"}
    rows = [examples.Example(text=f"Officials confirmed {n} people were evacuated.", language="en", label=1)
            for n in range(6)] + [examples.Example(text=f"What a lovely morning {n}!", language="en", label=0)
                                  for n in range(6)]
    monkeypatch.setattr(cw, "shipped_examples", lambda: rows)
    article = make_article(body="The ministry said 40 schools closed in March. What a lovely morning, honestly.")
    found = suggestions.pending(article)
    suggestions.reject(make_user("reviewer"), article, {"start": found[0].start, "end": found[0].end})
    db.session.commit()
    monkeypatch.setattr(cm, "DEFAULT_ENCODER", "hash-ngrams")
    job = jobs.enqueue("suggest.retrain", {})
    assert job.state == "finished", job.error
    assert job.result["trained"] is True and job.result["examples"] > len(rows)
    assert (learning / "models" / cw.MODEL_FILE).exists()
