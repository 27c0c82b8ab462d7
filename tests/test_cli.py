"""The flask commands a desk administrator runs."""

import json

from app.extensions import db
from app.models import Article, Claim, User
from app.services import users
from tests.conftest import CORPUS


def test_users_create_and_tokens_create(runner, client):
    result = runner.invoke(args=["users", "create", "Ed@Desk.example", "--role", "editor", "--password", "long-enough-pw"])
    assert result.exit_code == 0, result.output
    assert users.find_user("ed@desk.example").role == "editor"
    result = runner.invoke(args=["tokens", "create", "ed@desk.example"])
    assert result.exit_code == 0
    token = result.stdout.strip().splitlines()[-1]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["role"] == "editor"


def test_users_create_refuses_bad_input(runner):
    assert runner.invoke(args=["users", "create", "not-an-email", "--role", "editor"]).exit_code != 0
    assert runner.invoke(args=["users", "create", "a@desk.example", "--role", "boss"]).exit_code != 0
    result = runner.invoke(args=["users", "create", "a@desk.example", "--password", "short"])
    assert result.exit_code != 0 and "At least 10 characters" in result.output


def test_generated_password_is_printed_once(runner):
    result = runner.invoke(args=["users", "create", "gen@desk.example"])
    assert "Password: " in result.output
    password = result.output.split("Password: ")[1].strip()
    assert users.authenticate("gen@desk.example", password) is not None


def test_articles_import_batches_and_reports_failures(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("عنوان قصير\n\nوصلت أكثر من 20 شاحنة فارغة إلى القاعدة.", encoding="utf-8")
    as_json = tmp_path / "story.json"
    as_json.write_text(json.dumps({"title": "Story", "body": "About 1,000 troops.", "url": "https://n.example/s",
                                   "claims": [{"quote": "About 1,000 troops"}]}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = runner.invoke(args=["articles", "import", str(good), str(as_json), str(bad)])
    assert result.exit_code == 1
    assert "not imported" in result.output and "Invalid JSON" in result.output
    titles = {a.title: a for a in db.session.query(Article)}
    assert set(titles) == {"عنوان قصير", "Story"}
    assert titles["عنوان قصير"].language == "ar"
    again = runner.invoke(args=["articles", "import", str(as_json)])
    assert "already in the desk" in again.output


def test_importing_the_corpus_gives_a_desk_ready_to_work(runner, corpus_text):
    result = runner.invoke(args=["articles", "import", CORPUS])
    assert result.exit_code == 0, result.output
    article = db.session.query(Article).one()
    assert article.body == corpus_text
    assert article.language == "ar"
    claims = db.session.query(Claim).all()
    assert len(claims) == 20 and all(article.body[c.start:c.end] == c.quote for c in claims)
    assert {c.origin for c in claims} == {"import"}


def test_demo_loads_once_and_is_idempotent(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert first.output.count("@demo.claimdesk.example") == 4
    counts = (db.session.query(Article).count(), db.session.query(Claim).count(), db.session.query(User).count())
    second = runner.invoke(args=["demo"])
    assert "nothing changed" in second.output
    assert (db.session.query(Article).count(), db.session.query(Claim).count(), db.session.query(User).count()) == counts
    states = {c.state for c in db.session.query(Claim)}
    assert states == {"open", "in_review", "awaiting_approval", "approved"}
    for claim in db.session.query(Claim):
        assert claim.article.body[claim.start:claim.end] == claim.quote
        if claim.state == "approved":
            assert claim.approved_by_id != claim.verdict_set_by_id
    assert {a.language for a in db.session.query(Article)} == {"ar", "en"}


def test_make_runs_demo_keeps_the_new_passwords_for_the_end_only_when_asked(runner, app, tmp_path):
    app.instance_path = str(tmp_path)
    plain = runner.invoke(args=["demo"])
    assert plain.exit_code == 0 and not (tmp_path / "demo-passwords.txt").exists()
    # users made now: a fresh desk of its own would print them; here they exist, so nothing is saved
    again = runner.invoke(args=["demo", "--save-passwords"])
    assert again.exit_code == 0 and not (tmp_path / "demo-passwords.txt").exists()


def test_saved_demo_passwords_are_readable_by_their_owner_only(runner, app, tmp_path):
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["demo", "--save-passwords"])
    saved = tmp_path / "demo-passwords.txt"
    assert result.exit_code == 0 and saved.exists()
    assert "reviewer@demo.claimdesk.example" in saved.read_text(encoding="utf-8")
    assert saved.stat().st_mode & 0o077 == 0


def test_importing_the_corpus_without_it_says_what_to_do(runner, tmp_path):
    result = runner.invoke(args=["articles", "import", str(tmp_path / "shared" / "corpus" / "story.ar.txt")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "does not exist" in result.output and "../shared/corpus" in result.output
    assert "flask --app wsgi demo" in result.output
