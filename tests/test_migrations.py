"""Alembic goes from empty to head and back down, and head matches the models, on SQLite and PostgreSQL."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestingConfig

MIGRATIONS = os.path.join(os.path.dirname(__file__), "..", "migrations")


@pytest.fixture
def empty_database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    base = TestingConfig.SQLALCHEMY_DATABASE_URI
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = "claimdesk_migrations_test"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


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
