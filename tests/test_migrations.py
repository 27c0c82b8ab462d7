"""Alembic goes from empty to head and back down, and head matches the models, on SQLite and PostgreSQL."""

import os

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
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
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == [], f"the models differ from the migrations: {diff}"
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)  # and up again: downgrade left nothing behind
        db.session.remove()
        db.engine.dispose()
