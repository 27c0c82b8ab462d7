"""The learned check-worthiness: training and measuring from files, learning from the desk, model files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from app.extensions import db
from app.models import SuggestionExample, SuggestionRun
from app.services import checkworthiness as cw
from app.services import suggestions
from app.suggest import Suggestion, suggest
from app.suggest import model as cm

YES = ["The ministry said {n} schools closed in March.", "Officials confirmed {n} people were evacuated.",
       "The council voted to spend £{n} million on the bridge.", "Prices rose by {n} percent last year.",
       "أعلنت الوزارة إغلاق {n} مدرسة في آذار.", "قال مسؤولون إن {n} شخصا أُجلوا من المنطقة."]
NO = ["What a lovely morning, thank you all for coming!", "I think this is a terrible idea, honestly.",
      "Who else is watching the match tonight?", "Good luck to everyone sitting exams this week.",
      "صباح الخير يا أصدقاء، شكرا لمتابعتكم.", "ما رأيكم في هذا الكلام؟ شاركونا آراءكم."]


def _tsv(path: Path, text_column: str = "text", yes: str = "Yes", no: str = "No") -> Path:
    rows = [f"{t.format(n=10 + i)}\t{yes}" for i in range(4) for t in YES]
    rows += [f"{t} {i}\t{no}" if i else f"{t}\t{no}" for i in range(4) for t in NO]
    path.write_text(f"{text_column}\tclass_label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def learning(tmp_path):
    """Learned scores on, the desk's model under a temporary CLAIMDESK_MODEL_DIR."""
    saved = (cw.SETTINGS.enabled, cw.SETTINGS.model_dir, cw.SETTINGS.inline_sentences)
    # 12: these tests' 30-sentence articles are more than the request path encodes itself
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir, cw.SETTINGS.inline_sentences = True, tmp_path / "models", 12
    yield tmp_path
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir, cw.SETTINGS.inline_sentences = saved


def test_train_and_evaluate_from_a_small_tsv(learning, runner):
    train = _tsv(learning / "train.tsv")
    result = runner.invoke(args=["suggest", "train", str(train), "--encoder", "hash-ngrams"])
    assert result.exit_code == 0, result.output
    assert "Trained on 48 examples" in result.output and (learning / "models" / cw.MODEL_FILE).exists()
    assert cw.model_origin() == "desk"
    other = _tsv(learning / "dev.tsv", text_column="Text", yes="1", no="0")  # CheckThat!'s English columns
    result = runner.invoke(args=["suggest", "evaluate", str(other)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()[2:]}
    assert set(lines) == {"ar", "en", "all"}
    auc = float(lines["all"][3])
    assert auc > 0.9  # the same kinds of sentence it was trained on


def test_a_bad_training_file_gets_a_clear_message(learning, runner):
    bad = learning / "bad.tsv"
    bad.write_text("sentence\tlabel\nHello\tYes\n", encoding="utf-8")
    result = runner.invoke(args=["suggest", "train", str(bad), "--encoder", "hash-ngrams"])
    assert result.exit_code != 0 and "needs a text column" in result.output
    bad.write_text("text\tclass_label\nHello\tmaybe\n", encoding="utf-8")
    result = runner.invoke(args=["suggest", "train", str(bad), "--encoder", "hash-ngrams"])
    assert result.exit_code != 0 and "line 2" in result.output
    one_class = _tsv(learning / "yes.tsv", no="Yes")
    result = runner.invoke(args=["suggest", "train", str(one_class), "--encoder", "hash-ngrams"])
    assert result.exit_code != 0 and "both classes" in result.output
    assert not (learning / "models" / cw.MODEL_FILE).exists()


def test_the_model_file_is_plain_arrays_and_reloads_when_it_changes(learning):
    x = np.eye(4, dtype=np.float32)
    first = cm.fit(x, np.array([1, 0, 1, 0]), ["en"] * 4, "hash-ngrams")
    path = cm.save(first, cw.desk_model_path())
    with np.load(path, allow_pickle=False) as z:  # no object arrays anywhere
        assert str(z["encoder"]) == "hash-ngrams" and int(z["format_version"]) == cm.FORMAT_VERSION
    assert cw.active_model().head("en").weights[0] > 0
    cm.save(cm.fit(x, np.array([0, 1, 0, 1]), ["en"] * 4, "hash-ngrams"), path)
    assert cw.active_model().head("en").weights[0] < 0  # the new file is read without a restart
    path.write_bytes(b"not a model")
    assert cw.active_model() is not None  # a broken desk file falls back to the default
    with pytest.raises(cm.ModelFileError):
        cm.load(path)


def test_the_desk_learns_from_its_decisions_and_can_go_back(learning, runner, make_article, make_user, monkeypatch):
    from app.suggest import examples

    small = examples.read_tsv(_tsv(learning / "base.tsv"))
    monkeypatch.setattr(cw, "shipped_examples", lambda: small)  # the base the desk's decisions are added to
    monkeypatch.setattr(cw, "active_model", lambda: None)  # rules only until the desk trains
    body = ("The ministry said 40 schools closed in March. What a lovely morning for a walk, honestly. "
            "Officials confirmed 300 people were evacuated on Sunday.")
    article = make_article(body=body)
    reviewer = make_user("reviewer")
    found = suggestions.pending(article)
    assert len(found) >= 2
    suggestions.accept(reviewer, article, [{"start": found[0].start, "end": found[0].end}])
    suggestions.reject(reviewer, article, {"start": found[1].start, "end": found[1].end})
    walk = body.index("What a lovely")
    suggestions.reject(reviewer, article, {"start": walk, "end": body.index("honestly.") + 9})
    db.session.commit()
    kept = {(e.action, e.label) for e in db.session.query(SuggestionExample)}
    assert kept == {("accepted", True), ("rejected", False)}
    result = runner.invoke(args=["suggest", "train", "--from-desk", "--encoder", "hash-ngrams"])
    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    assert "desk decisions (3)" in cw.active_model().info["trained_on"]
    now = suggestions.current(article)
    assert now and all("check-worthiness" in s.reason for s in now)  # explained in the one-line reason
    result = runner.invoke(args=["suggest", "reset"])
    assert "Back to the default model" in result.output and cw.model_origin() == "default"


def test_a_hand_made_claim_is_a_labelled_example(learning, make_article, make_claim, make_user):
    article = make_article(body="The port reopened on Monday after a week of repairs.")
    make_claim(article=article, quote="The port reopened on Monday", actor=make_user("editor"))
    example = db.session.query(SuggestionExample).one()
    assert (example.action, example.label, example.language) == ("manual", True, "en")


def _s(start: int, end: int) -> Suggestion:
    return Suggestion(start, end, "", "other", 0.5, None, {}, "")


def test_merged_split_edited_and_accepted_are_told_apart():
    found = [_s(0, 10), _s(12, 20), _s(30, 50)]
    assert suggestions.decisions([(0, 10)], found) == ["accepted"]
    assert suggestions.decisions([(0, 20)], found) == ["merged"]
    assert suggestions.decisions([(30, 38), (40, 50)], found) == ["split", "split"]
    assert suggestions.decisions([(31, 45)], found) == ["edited"]
    assert suggestions.decisions([(60, 70)], found) == ["manual"]


TODAY = date(2026, 2, 21)


def test_the_learned_score_decides_what_is_worth_checking():
    no_figure = "وزارة التعليم توجه المدارس: لا تختبروا الطلاب غير المحصنين."
    assert suggest(no_figure, today=TODAY) == []  # the rules see nothing to check
    high = suggest(no_figure, today=TODAY, scorer=lambda s, lang: [0.9] * len(s))
    assert [x.quote for x in high] == [no_figure.rstrip(".") + "."] or [x.quote for x in high] == [no_figure]
    assert "check-worthiness 0.90" in high[0].reason
    figure = "The government cut the corporate tax to 28 percent in 2019."
    assert suggest(figure, today=TODAY)  # a figure: the rules alone would suggest it
    assert suggest(figure, today=TODAY, scorer=lambda s, lang: [0.02] * len(s)) == []
    # a sentence without a score yet shows the rules' spans marked "being scored", not ranked by them
    waiting = suggest(figure, today=TODAY, scorer=lambda s, lang: [None] * len(s))
    assert [(x.start, x.end) for x in waiting] == [(x.start, x.end) for x in suggest(figure, today=TODAY)]
    assert all(x.pending for x in waiting)
    # a promise is no claim, figure or not (issue 23)
    assert suggest("We will cut the corporate tax to 28 percent.", today=TODAY) == []


def test_the_default_model_reads_both_languages():
    """One small run of the real encoder (a few sentences): the project's default model, shipped data only."""
    model = cm.load(cm.DEFAULT_MODEL_PATH)
    assert model.encoder == cm.DEFAULT_ENCODER and {"ar", "en", "*"} <= set(model.heads)
    p = model.score(["Officials confirmed that 300 families were evacuated from the flooded district.",
                     "Good morning everyone, and thank you for joining us!",
                     "أكدت وزارة الصحة تسجيل 40 إصابة جديدة بالكوليرا في المخيم.",
                     "صباح الخير يا أصدقاء، نتمنى لكم يوما سعيدا."], ["en", "en", "ar", "ar"])
    assert p[0] > p[1] and p[2] > p[3]


def test_scoring_a_whole_article_keeps_vectors_for_the_request_path(learning, make_article, monkeypatch):
    monkeypatch.setattr(cw, "active_model", lambda: cm.fit(
        np.eye(cm.HashEncoder.dim, dtype=np.float32)[:4], np.array([1, 0, 1, 0]), ["en"] * 4, "hash-ngrams"))
    body = " ".join(f"The depot shipped {n} tonnes of grain on day {n}." for n in range(1, 31))
    article = make_article(body=body)
    before = suggestions.pending(article)  # 30 sentences: more than the request path encodes itself
    assert before and not any("check-worthiness" in s.reason for s in before)
    assert all(s.pending for s in before)  # listed "being scored", not ranked by the rules
    result = cw.score_article(article.id)  # the job's work
    db.session.commit()
    assert result == {"sentences": 30, "encoded": 30}
    cm.CACHE._data.clear()  # another process: only the database has the vectors
    after = suggestions.pending(article)
    assert after and all("check-worthiness" in s.reason and not s.pending for s in after)


def test_a_long_sentence_with_one_narrow_window_answers_200(api, make_article):
    filler = " ".join(["discussed"] * 50)
    article = make_article(body=f"The committee {filler} the delivery of 300 trucks to the port and more words.")
    response = api().get(f"/api/v1/articles/{article.id}/suggestions")
    assert response.status_code == 200
    assert [i["values"].get("quantity") for i in response.json["items"]] == [300]


def test_a_run_waiting_for_vectors_is_reused_until_one_arrives(learning, make_article, monkeypatch):
    model = cm.fit(np.eye(cm.HashEncoder.dim, dtype=np.float32)[:4], np.array([1, 0, 1, 0]), ["en"] * 4,
                   "hash-ngrams")
    monkeypatch.setattr(cw, "active_model", lambda: model)
    runs = []
    engine_suggest = suggestions.suggest
    monkeypatch.setattr(suggestions, "suggest", lambda *a, **k: runs.append(1) or engine_suggest(*a, **k))
    body = " ".join(f"The depot shipped {n} tonnes of grain on day {n}." for n in range(1, 31))
    article = make_article(body=body)
    cm.CACHE._data.clear()  # no vector anywhere yet, not even in this process's memory
    first = suggestions.pending(article, keep=True)  # 30 sentences, none with a kept vector: the rules decide for most
    assert suggestions.pending(article, keep=True) == first and len(runs) == 1  # nothing new: the run is reused
    cw.score_article(article.id)  # the job keeps every sentence's vector
    db.session.commit()
    cm.CACHE._data.clear()
    scored = suggestions.pending(article, keep=True)
    assert len(runs) == 2 and all("check-worthiness" in s.reason for s in scored)
    assert suggestions.pending(article, keep=True) == scored and len(runs) == 2  # complete now: kept, no more counting
    assert suggestions.pending(article) == scored and len(runs) == 2  # kept in the database: read, not run again


def test_the_scoring_job_keeps_vectors_this_process_only_held_in_memory(learning, make_article, monkeypatch):
    from app.models import SentenceVector

    model = cm.fit(np.eye(cm.HashEncoder.dim, dtype=np.float32)[:4], np.array([1, 0, 1, 0]), ["en"] * 4,
                   "hash-ngrams")
    monkeypatch.setattr(cw, "active_model", lambda: model)
    article = make_article(body="The depot shipped 40 tonnes of grain. Officials said 12 trucks left on Monday.")
    cm.CACHE._data.clear()
    suggestions.pending(article)  # a request: two short sentences encoded on the spot, kept nowhere but here
    assert db.session.query(SentenceVector).count() == 0
    assert cw.score_article(article.id) == {"sentences": 2, "encoded": 2}  # the job, in this same process
    db.session.commit()
    assert db.session.query(SentenceVector).count() == 2  # now every process sees them


def test_the_article_page_marks_suggestions_not_scored_yet_as_being_scored(learning, client, login_as,
                                                                           make_article, monkeypatch):
    model = cm.fit(np.eye(cm.HashEncoder.dim, dtype=np.float32)[:4], np.array([1, 0, 1, 0]), ["en"] * 4,
                   "hash-ngrams")
    monkeypatch.setattr(cw, "active_model", lambda: model)
    monkeypatch.setattr(cw.SETTINGS, "inline_sentences", 0)  # the request path encodes nothing itself
    cm.CACHE._data.clear()
    login_as("reviewer")
    article = make_article(body="The depot shipped 40 tonnes of grain in 2024. Officials said 12 trucks left.")
    try:
        html = client.get(f"/articles/{article.id}").get_data(as_text=True)
        assert 'name="s"' in html and "being scored" in html
        cw.score_article(article.id)
        db.session.commit()
        db.session.query(SuggestionRun).delete()
        db.session.commit()
        html = client.get(f"/articles/{article.id}").get_data(as_text=True)
        assert "being scored" not in html
    finally:
        cm.CACHE._data.clear()
