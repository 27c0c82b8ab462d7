"""The search index: the analysed terms of every searchable record (app/services/analyser.py), one row each.

The table is the same on both databases; what makes it a full-text index is the database's own engine:
PostgreSQL keeps a generated ``tsvector`` column of the terms (the ``simple`` configuration, which only splits
them: the analyser already folded and stemmed them) with a GIN index; SQLite keeps an FTS5 table with the
entry table as its external content, kept current by triggers. Neither is a model: the DDL below creates them
with the table (create_all, and the migration runs the same statements), and ``not_a_model`` keeps them out of
the models-versus-migrations comparison.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

# What is searched: claims, articles, evidence (excerpt and note) and earlier fact-checks.
SEARCH_KINDS = ("claim", "article", "evidence", "earlier_check")


class SearchEntry(Base):
    """One searchable record's analysed terms."""

    __tablename__ = "search_entry"
    __table_args__ = (sa.UniqueConstraint("kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    object_id: Mapped[int]
    terms: Mapped[str] = mapped_column(sa.Text)


FTS_TABLE = "search_fts"

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
)
SQLITE_DROP = ("DROP TABLE IF EXISTS search_fts",)
POSTGRESQL_DDL = (
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED",
    "CREATE INDEX ix_search_entry_tsv ON search_entry USING gin (tsv)",
)


def full_text_ddl(dialect: str) -> tuple[str, ...]:
    """The statements that make search_entry a full-text index on this database."""
    return {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}.get(dialect, ())


def not_a_model(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: False for the full-text objects above, which no model describes."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if reflected and compare_to is None and name in ("tsv", "ix_search_entry_tsv"):
        return False
    return True


@sa.event.listens_for(SearchEntry.__table__, "after_create")
def _create_full_text(target, connection, **kw) -> None:
    for statement in full_text_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)


@sa.event.listens_for(SearchEntry.__table__, "before_drop")
def _drop_full_text(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            connection.exec_driver_sql(statement)
