"""Alembic goes from empty to head and back down, and head matches the models, on SQLite and PostgreSQL."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.models.search import not_a_model
from config import TestingConfig

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "migrations")


def test_upgrade_to_head_then_down_to_empty(empty_database_url):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"user", "article", "claim", "source", "evidence", "event", "comment", "api_token"} <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True,
                                                                           "include_object": not_a_model}), db.metadata)
        assert diff == [], f"the models differ from the migrations: {diff}"
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)  # and up again: downgrade left nothing behind
        db.session.remove()
        db.engine.dispose()


def test_a_desk_with_evidence_migrates_down_and_up_keeping_its_rows(empty_database_url, tmp_path):
    """Batch migrations rebuild tables on SQLite: rows other tables point at must survive (a FOREIGN KEY 500 once)."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        from app.services import articles, claims, evidence, users

        editor, _ = users.create_user(None, "mig@desk.example", "editor", "amber-lantern-fjord", "Mig")
        article = articles.create_article(editor, {"title": "Trucks", "body": "About 100 trucks crossed."}).article
        claim = claims.create_claim(editor, article, {"quote": "About 100 trucks"})
        evidence.add_evidence(editor, claim, {"url": "https://news.example/trucks", "stance": "supports"})
        db.session.commit()
        db.session.remove()
        downgrade(directory=MIGRATIONS, revision="0002")
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM evidence")).scalar() == 1
            assert conn.execute(sa.text("SELECT count(*) FROM source")).scalar() == 1
        downgrade(directory=MIGRATIONS, revision="base")
        db.session.remove()
        db.engine.dispose()


def test_migrating_leaves_foreign_keys_on_and_drops_the_old_revision_table(empty_database_url):
    """On SQLite the migration's connection goes back to the pool with its foreign keys enforced again (a
    rollback left them off once); head has no desk_revision table, and 0009 gets it back on the way down."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert "desk_revision" not in sa.inspect(db.engine).get_table_names()
        downgrade(directory=MIGRATIONS, revision="0009_desk_revision")
        assert "desk_revision" in sa.inspect(db.engine).get_table_names()
        upgrade(directory=MIGRATIONS)
        assert "desk_revision" not in sa.inspect(db.engine).get_table_names()
        downgrade(directory=MIGRATIONS, revision="base")
        db.session.remove()
        db.engine.dispose()


def test_0012_seals_clear_totp_secrets_and_the_downgrade_gives_them_back(empty_database_url, capfd):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    clear = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    select = sa.text('SELECT totp_secret FROM "user"')
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0011_suggestion_run")
        from app.services import secret_box

        # Written as 0011 knew the table (the model has grown columns since, which this database lacks).
        with db.engine.begin() as conn:
            conn.execute(sa.text('INSERT INTO "user" (email, name, password_hash, role, active, session_epoch, '
                                 "created_at) VALUES ('otp@desk.example', 'Otp', 'x', 'editor', :yes, 0, "
                                 "CURRENT_TIMESTAMP)"), {"yes": True})
            conn.execute(sa.text('UPDATE "user" SET totp_secret = :s, two_factor_enabled_at = CURRENT_TIMESTAMP'),
                         {"s": clear})
        db.session.remove()
        # Without a key there is nothing to seal with: the migration says so and stops.
        app.config["SECRET_KEY"] = ""
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error (alembic.ini: to stderr), then exits 1
            upgrade(directory=MIGRATIONS)
        assert "SECRET_KEY is not set" in capfd.readouterr().err
        with db.engine.connect() as conn:
            assert conn.execute(select).scalar() == clear
        app.config["SECRET_KEY"] = TestingConfig.SECRET_KEY
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            sealed = conn.execute(select).scalar()
        assert sealed != clear and clear not in sealed
        assert secret_box.SecretBox(TestingConfig.SECRET_KEY).open(sealed) == clear
        downgrade(directory=MIGRATIONS, revision="0011_suggestion_run")
        with db.engine.connect() as conn:
            assert conn.execute(select).scalar() == clear
        downgrade(directory=MIGRATIONS, revision="base")
        db.session.remove()
        db.engine.dispose()


def test_rejections_become_outcomes_and_a_claim_outranks_a_rejection_of_its_span(empty_database_url):
    """0013: a claim and a rejection stored on one span (the race this revision closes) keep the claim."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        from app.services import articles, claims, users

        editor, _ = users.create_user(None, "out@desk.example", "editor", "amber-lantern-fjord", "Out")
        article = articles.create_article(editor, {"title": "T", "body": "About 100 trucks crossed. Then 5 more."}).article
        claim = claims.create_claim(editor, article, {"quote": "About 100 trucks"})
        db.session.commit()
        ids = {"article": article.id, "claim": claim.id, "user": editor.id, "start": claim.start, "end": claim.end}
        db.session.remove()
        downgrade(directory=MIGRATIONS, revision="0012_seal_totp_secrets")  # before suggestion_outcome
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM suggestion_rejection")).scalar() == 0
            for start, end in ((ids["start"], ids["end"]), (26, 37)):
                conn.execute(sa.text('INSERT INTO suggestion_rejection (article_id, start, "end", rejected_by_id, '
                                     "created_at) VALUES (:a, :s, :e, :u, CURRENT_TIMESTAMP)"),
                             {"a": ids["article"], "s": start, "e": end, "u": ids["user"]})
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text('SELECT start, "end", outcome, claim_id, decided_by_id FROM suggestion_outcome '
                                        "ORDER BY start")).all()
        assert [tuple(r) for r in rows] == [(ids["start"], ids["end"], "claimed", ids["claim"], ids["user"]),
                                            (26, 37, "rejected", None, ids["user"])]
        downgrade(directory=MIGRATIONS, revision="0012_seal_totp_secrets")  # before suggestion_outcome
        with db.engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(sa.text('SELECT start, "end" FROM suggestion_rejection'))] == [(26, 37)]
        downgrade(directory=MIGRATIONS, revision="base")
        db.session.remove()
        db.engine.dispose()
