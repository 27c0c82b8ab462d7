"""flask backup / restore: the whole desk, every table identical after a round trip into an empty database."""

import json

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import ApiToken, EarlierCheck, FactCheckFeed, User
from app.models.user import RecoveryCode
from app.reports import backup
from app.services import reports, secret_box, suggestions, two_factor, users
from config import TestingConfig
from tests.conftest import PASSWORD
from tests.two_factor_helpers import fresh_code, raw_secret, turn_on


def dump_all(engine: sa.Engine) -> dict[str, list[dict]]:
    """Every row of every table of the desk's data, as dicts in primary-key order."""
    with engine.connect() as connection:
        return {t.name: [dict(r._mapping) for r in connection.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in db.metadata.sorted_tables}


@pytest.fixture
def other_app(empty_database_url):
    """An app on the empty database, its schema created (as `db upgrade` would)."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def full_desk(reviewed, arabic, people, make_user, app, tmp_path, monkeypatch):
    """Every kind of row: users (one with an API token), articles, claims and keys, sources, evidence,
    comments, events, a withdrawn and a live publication, a rejected suggestion, two-factor and its setting, a capture, a job."""
    from tests.captures.test_captures import capture_of

    monkeypatch.setitem(app.config, "CAPTURE_STORE_DIR", str(tmp_path / "store"))
    capture_of(reviewed["claims"][0], b"<html><body><p>About 100 trucks crossed, the ministry said.</p></body></html>")
    from app import jobs

    jobs.enqueue("reports.render", {"article_id": arabic["article"].id, "format": "md"}, user_id=people["editor"].id)
    users.create_token(None, people["editor"], "cms")
    turn_on(people["editor2"])
    two_factor.set_required(make_user("admin"), True)
    reports.publish(people["editor"], arabic["article"], include_unapproved=True)
    reports.withdraw(people["editor"], arabic["article"])
    reports.publish(people["editor2"], reviewed["article"], include_unapproved=True)
    suggestions.reject(people["reviewer"], reviewed["article"], {"start": 0, "end": 8})
    feed = FactCheckFeed(url="https://partner.example/feed.json", etag='"v1"')
    db.session.add(EarlierCheck(url="https://partner.example/checks/1", claim_reviewed="٤٢ شاحنة عبرت المعبر",
                                rating="مضلل", origin="feed", feed=feed, language="ar"))
    db.session.commit()
    before = dump_all(db.engine)
    empty = [name for name, rows in before.items() if not rows and name not in backup.DERIVED]
    assert not empty, f"the test desk should fill every table: {empty}"
    return before


def test_a_round_trip_leaves_every_table_identical(runner, full_desk, other_app, tmp_path):
    path = tmp_path / "desk.json"
    result = runner.invoke(args=["backup", "-o", str(path), "--with-password-hashes"])
    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "claimdesk-backup" and document["format_version"] == 1
    assert len(document["tables"]["event"]) == len(full_desk["event"]) > 20
    with other_app.app_context():
        result = other_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code == 0, result.output
        assert "Restored" in result.output
        after = dump_all(db.engine)
        assert after == full_desk
        # new rows continue after the restored ids (PostgreSQL sequences are moved past them)
        newcomer, _ = users.create_user(None, "new@desk.example", "reviewer", PASSWORD)
        db.session.commit()
        assert newcomer.id == max(u["id"] for u in full_desk["user"]) + 1
        # restored users log in with their own passwords, restored tokens still work
        assert users.authenticate(full_desk["user"][0]["email"], PASSWORD) is not None
        db.session.rollback()


def test_without_hashes_users_cannot_log_in_until_given_a_password(runner, full_desk, other_app, tmp_path):
    path = tmp_path / "desk.json"
    assert runner.invoke(args=["backup", "-o", str(path)]).exit_code == 0
    raw = path.read_text(encoding="utf-8")
    assert '"password_hash"' not in raw and "api_token" not in json.loads(raw)["tables"]
    assert '"totp_secret"' not in raw and "recovery_code" not in json.loads(raw)["tables"]
    with other_app.app_context():
        result = other_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code == 0 and "cannot log in until" in result.output
        after = dump_all(db.engine)
        assert after["event"] == full_desk["event"] and after["claim"] == full_desk["claim"]
        assert db.session.query(ApiToken).count() == 0
        email = full_desk["user"][0]["email"]
        assert users.authenticate(email, PASSWORD) is None
        db.session.rollback()


def test_new_passwords_are_printed_once(runner, full_desk, other_app, tmp_path):
    path = tmp_path / "desk.json"
    runner.invoke(args=["backup", "-o", str(path)])
    with other_app.app_context():
        result = other_app.test_cli_runner().invoke(args=["restore", str(path), "--new-passwords"])
        assert result.exit_code == 0, result.output
        email = full_desk["user"][0]["email"]
        password = result.output.split(email)[1].split()[0]
        assert users.authenticate(email, password) is not None
        db.session.rollback()


def test_restore_refuses_a_database_that_is_not_empty(runner, full_desk, tmp_path):
    path = tmp_path / "desk.json"
    runner.invoke(args=["backup", "-o", str(path), "--with-password-hashes"])
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "Nothing restored: The database is not empty" in result.output
    assert dump_all(db.engine) == full_desk


@pytest.mark.parametrize("content, message", [
    ("{", "cut short"),
    ('{"format": "other", "tables": {}}', "Not a ClaimDesk backup"),
    ('{"format": "claimdesk-backup", "format_version": 99, "tables": {}}', "newer than this desk reads"),
    ('{"format": "claimdesk-backup", "format_version": 1, "tables": {"bogus": []}}', "does not know: 'bogus'"),
    ('{"format": "claimdesk-backup", "format_version": 1, "tables": {"user": [{"id": 1, "evil": 2}]}}',
     "has no column 'evil'"),
    ('{"format": "claimdesk-backup", "format_version": 1, "tables": {"user": [{"id": 1, "email": "a@b.example", '
     '"name": "", "role": "admin", "active": true, "session_epoch": 0, "created_at": "2026-02-21T10:00:00+00:00"}], '
     '"bogus": []}}', "does not know: 'bogus'"),  # the user already loaded is rolled back
])
def test_restore_refuses_what_is_not_a_backup_and_writes_nothing(other_app, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with other_app.app_context():
        result = other_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code != 0 and message in result.output, result.output
        assert db.session.query(User).count() == 0


def test_the_backup_is_read_row_by_row(full_desk, other_app, tmp_path):
    from app.reports import backup

    path = tmp_path / "desk.json"
    with path.open("w", encoding="utf-8") as handle:
        backup.write_backup(handle, with_password_hashes=True)
    with other_app.app_context(), path.open(encoding="utf-8") as handle:
        restored = backup.restore(handle, block_size=64)  # every row straddles a block boundary somewhere
        assert restored.counts == {name: len(rows) for name, rows in full_desk.items() if name not in backup.DERIVED}
        assert dump_all(db.engine) == full_desk


def test_published_versions_survive_a_round_trip_byte_for_byte(runner, full_desk, other_app, tmp_path, client):
    token = next(p["token"] for p in full_desk["publication"] if p["withdrawn_at"] is None)
    withdrawn = next(p["token"] for p in full_desk["publication"] if p["withdrawn_at"] is not None)
    served = {url: client.get(url).data for url in (f"/r/{token}", f"/r/{token}/v/1.json", "/feeds/claimreview.json")}
    path = tmp_path / "desk.json"
    assert runner.invoke(args=["backup", "-o", str(path)]).exit_code == 0
    with other_app.app_context():
        assert other_app.test_cli_runner().invoke(args=["restore", str(path)]).exit_code == 0
        restored = other_app.test_client()
        assert {url: restored.get(url).data for url in served} == served
        assert restored.get(f"/r/{withdrawn}").status_code == 410
        db.session.remove()


@pytest.fixture
def keyed_app(empty_database_url, use_keys):
    """An app on the empty database that runs with its own SECRET_KEY (and fallbacks): another desk."""
    made = []

    def make(secret_key: str, *fallbacks: str):
        class Config(TestingConfig):
            SQLALCHEMY_DATABASE_URI = empty_database_url
            SECRET_KEY = secret_key
            SECRET_KEY_FALLBACKS = list(fallbacks)

        other = create_app(Config)
        with other.app_context():
            db.create_all()
        made.append(other)
        return other

    yield make  # use_keys, torn down after, gives this test desk its key back
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_two_factor_secrets_travel_sealed_and_a_desk_without_the_key_turns_two_factor_off(
        runner, full_desk, people, keyed_app, tmp_path):
    editor = people["editor2"]
    clear, sealed = two_factor.secret_of(editor), raw_secret(editor.id)
    path = tmp_path / "desk.json"
    assert runner.invoke(args=["backup", "-o", str(path), "--with-password-hashes"]).exit_code == 0
    raw = path.read_text(encoding="utf-8")
    assert clear not in raw and sealed in raw and '"totp_secrets": "sealed"' in raw
    assert TestingConfig.SECRET_KEY not in raw  # no key material in a backup
    other = keyed_app("another-desks-key")
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code == 0, result.output
        assert "1 user's two-factor secret opens with none of this desk's keys" in result.output
        assert f"they must set it up again: {editor.email}" in result.output
        restored = db.session.get(User, editor.id)
        assert not restored.two_factor_enabled and restored.totp_secret is None
        assert db.session.query(RecoveryCode).filter_by(user_id=editor.id).count() == 0
        assert users.authenticate(editor.email, PASSWORD) is not None  # the password still works
        db.session.rollback()


def test_a_desk_with_the_old_key_among_its_fallbacks_keeps_two_factor_and_reseals_it(
        runner, full_desk, people, keyed_app, tmp_path):
    editor = people["editor2"]
    clear = two_factor.secret_of(editor)
    path = tmp_path / "desk.json"
    assert runner.invoke(args=["backup", "-o", str(path), "--with-password-hashes"]).exit_code == 0
    other = keyed_app("the-new-desk-key", TestingConfig.SECRET_KEY)
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code == 0 and "set it up again" not in result.output
        stored = raw_secret(editor.id)
        assert secret_box.box().is_current(stored) and secret_box.SecretBox("the-new-desk-key").open(stored) == clear
        restored = db.session.get(User, editor.id)
        assert two_factor.verify(restored, fresh_code(editor.id)) == "totp"
        db.session.rollback()
