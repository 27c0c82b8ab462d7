"""Search across claims, articles, evidence and earlier fact-checks: the index kept current, and the queries.

Every write reaches the index from one place: a hook on the session's flush (``keep_index_current``) reads
the searchable objects the flush added, changed or deleted; the few paths that write rows without the ORM
(create_claims' multi-row INSERT, an import of earlier checks) call ``index`` with their ids. The terms come
from app/services/analyser.py on both databases; the query runs on PostgreSQL's GIN index (ranked by
ts_rank) or on SQLite's FTS5 table (ranked by bm25).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Article, Claim, EarlierCheck, Evidence
from app.models.search import FTS_TABLE, SEARCH_KINDS, SearchEntry
from app.services.analyser import Query, index_text, parse_query

# What each kind indexes, read from its model.
SOURCES: dict[str, tuple[type, tuple[str, ...]]] = {
    "claim": (Claim, ("quote", "statement", "rationale", "attributed_to")),
    "article": (Article, ("title", "body")),
    "evidence": (Evidence, ("excerpt", "note")),
    "earlier_check": (EarlierCheck, ("claim_reviewed", "rating", "publisher", "claim_author")),
}
_KIND_OF = {model: kind for kind, (model, _) in SOURCES.items()}
BATCH = 500
COUNT_CAP = 1000


# --- Keeping the index current -------------------------------------------------------------------------

def _entry_rows(kind: str, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    return [{"kind": kind, "object_id": row[0], "terms": index_text(*row[1:])} for row in rows]


def _write(connection: sa.Connection, kind: str, rows: list[dict[str, Any]], *, fresh: bool = False) -> None:
    """Replace the entries of these rows (``fresh``: they have none yet)."""
    if not rows:
        return
    if not fresh:
        forget(connection, kind, [row["object_id"] for row in rows])
    connection.execute(SearchEntry.__table__.insert(), rows)


def forget(connection: sa.Connection, kind: str, ids: Sequence[int]) -> None:
    """Drop the entries of these records."""
    table = SearchEntry.__table__
    for start in range(0, len(ids), BATCH):
        connection.execute(table.delete().where(table.c.kind == kind, table.c.object_id.in_(ids[start:start + BATCH])))


def index(kind: str, ids: Sequence[int], *, fresh: bool = False) -> None:
    """(Re)index these records of a kind from their stored text (for rows written without the ORM)."""
    model, columns = SOURCES[kind]
    connection = db.session.connection()
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = db.session.execute(sa.select(model.id, *(getattr(model, c) for c in columns)).where(model.id.in_(chunk)))
        _write(connection, kind, _entry_rows(kind, rows), fresh=fresh)


def index_rows(kind: str, rows: Iterable[Sequence[Any]]) -> None:
    """Index new records from their values in memory: (id, *texts in SOURCES' order)."""
    _write(db.session.connection(), kind, _entry_rows(kind, rows), fresh=True)


def index_earlier_checks(ids: Sequence[int]) -> None:
    """Index earlier fact-checks written without the ORM (an import's bulk INSERT)."""
    index("earlier_check", ids)


def reindex_all(connection: sa.Connection | None = None, batch: int = 2000) -> int:
    """Rebuild the whole index from the records (a migration, a restore); returns the entries written."""
    connection = connection or db.session.connection()
    connection.execute(SearchEntry.__table__.delete())
    written = 0
    for kind, (model, columns) in SOURCES.items():
        table = model.__table__
        last = 0
        while True:
            rows = connection.execute(sa.select(table.c.id, *(table.c[c] for c in columns))
                                      .where(table.c.id > last).order_by(table.c.id).limit(batch)).all()
            if not rows:
                break
            _write(connection, kind, _entry_rows(kind, rows), fresh=True)
            written += len(rows)
            last = rows[-1][0]
    return written


def _changed(obj: Any, columns: tuple[str, ...]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[c].history.has_changes() for c in columns)


def _after_flush(session: Session, flush_context: Any) -> None:
    """Index what this flush added or changed, forget what it deleted."""
    todo: dict[str, dict[int, Any]] = {}
    gone: dict[str, list[int]] = {}
    for obj in session.new:
        kind = _KIND_OF.get(type(obj))
        if kind:
            todo.setdefault(kind, {})[obj.id] = obj
    for obj in session.dirty:
        kind = _KIND_OF.get(type(obj))
        if kind and _changed(obj, SOURCES[kind][1]):
            todo.setdefault(kind, {})[obj.id] = obj
    for obj in session.deleted:
        kind = _KIND_OF.get(type(obj))
        if kind:
            gone.setdefault(kind, []).append(obj.id)
    if not todo and not gone:
        return
    connection = session.connection()
    for kind, ids in gone.items():
        forget(connection, kind, ids)
    for kind, objects in todo.items():
        columns = SOURCES[kind][1]
        rows = [(obj_id, *(getattr(obj, c) for c in columns)) for obj_id, obj in objects.items()]
        _write(connection, kind, _entry_rows(kind, rows))


def keep_index_current() -> None:
    """Hook the index to every flush of the desk's sessions (once)."""
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)


# --- Querying ----------------------------------------------------------------------------------------

def _quote(term: str) -> str:
    return term.replace('"', '""')


def match_string(query: Query, dialect: str) -> str:
    """The query in the database's own syntax: all words (any order) and each phrase (adjacent words)."""
    if dialect == "postgresql":
        parts = [f"'{w}'" for w in query.words]
        parts += ["(" + " <-> ".join(f"'{t}'" for t in phrase) + ")" for phrase in query.phrases]
        return " & ".join(parts)
    parts = [f'"{_quote(w)}"' for w in query.words]
    parts += ['"' + " ".join(_quote(t) for t in phrase) + '"' for phrase in query.phrases]
    return " ".join(parts)


def dialect_name() -> str:
    return db.session.get_bind().dialect.name


# Ranking reads every matching row's terms: a word in a tenth of a million claims would cost a second. The
# ranking is among the first CANDIDATES matches the index gives (all of them, for any query with fewer);
# counts and the queue's other sorts see every match.
CANDIDATES = 1000


@functools.lru_cache(maxsize=32)
def matches(kind: str, dialect: str, param: str = "match", ranked: bool = True) -> sa.Subquery:
    """The entries of a kind matching the bound parameter ``param``: (object_id, score), best score highest,
    among at most CANDIDATES matches; ``ranked=False``: (object_id) of every match."""
    entry = SearchEntry.__table__
    query = sa.bindparam(param, type_=sa.String())
    if dialect == "postgresql":
        tsquery = sa.func.to_tsquery(sa.literal_column("'simple'"), query)
        tsv = sa.literal_column("search_entry.tsv")
        found = sa.select(entry.c.object_id).where(entry.c.kind == kind, tsv.op("@@")(tsquery))
        if not ranked:
            return found.subquery(f"{kind}_found")
        some = found.add_columns(tsv.label("tsv")).limit(CANDIDATES).subquery(f"{kind}_candidates")
        select = sa.select(some.c.object_id, sa.func.ts_rank(some.c.tsv, tsquery).label("score"))
    else:
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        found = (sa.select(entry.c.object_id).select_from(fts.join(entry, entry.c.id == fts.c.rowid))
                 # the unary + keeps SQLite from walking the kind index with an FTS lookup per entry: the
                 # full-text match drives, each match finds its entry by primary key
                 .where(sa.literal_column(FTS_TABLE).op("MATCH")(query),
                        sa.literal_column("+search_entry.kind") == kind))
        if not ranked:
            return found.subquery(f"{kind}_found")
        # bm25() belongs to the MATCH query itself; FTS5 stops at the LIMIT
        select = found.add_columns((-sa.func.bm25(sa.literal_column(FTS_TABLE))).label("score")).limit(CANDIDATES)
    return select.subquery(f"{kind}_match")


@dataclass
class Hits:
    """One page of one kind's results, best first."""

    kind: str
    rows: list  # the kind's rows (see _LOADERS)
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _ranked_ids(kind: str, query: Query, limit: int, offset: int) -> tuple[list[int], int]:
    """The ids of one page of a kind's matches (a claim named by its number first) and the capped total."""
    dialect = dialect_name()
    model = SOURCES[kind][0]
    number = query.number if kind == "claim" and query.number is not None else None
    found = None if query.empty else matches(kind, dialect)
    params = {"match": match_string(query, dialect)}
    named = [number] if number is not None and db.session.get(model, number) is not None else []
    if found is None:
        return named[:limit] if offset == 0 else [], len(named)
    # joined with the records themselves: an entry whose record went with a cascade is never shown
    every = matches(kind, dialect, ranked=False)
    counted = sa.select(model.id).join(every, every.c.object_id == model.id)
    if named:
        counted = counted.where(model.id != named[0])
    count = db.session.execute(sa.select(sa.func.count()).select_from(counted.limit(COUNT_CAP).subquery()),
                               params).scalar()
    first = named if offset == 0 else []
    page_ids: list[int] = []
    if limit > len(first):
        ranked = sa.select(model.id).join(found, found.c.object_id == model.id)
        if named:
            ranked = ranked.where(model.id != named[0])
        page_ids = list(db.session.scalars(ranked.order_by(found.c.score.desc(), model.id.desc())
                                           .limit(limit - len(first)).offset(max(0, offset - len(named))), params))
    return first + page_ids, (count or 0) + len(named)


def _load_claims(ids: list[int]) -> dict[int, Any]:
    rows = db.session.execute(
        sa.select(Claim.id, Claim.quote, Claim.statement, sa.type_coerce(Claim.verdict, sa.String()).label("verdict"),
                  sa.type_coerce(Claim.state, sa.String()).label("state"), Claim.article_id,
                  Article.title.label("article_title"), Article.language)
        .join(Article, Article.id == Claim.article_id).where(Claim.id.in_(ids)))
    return {row.id: row for row in rows}


def _load_articles(ids: list[int]) -> dict[int, Any]:
    rows = db.session.execute(sa.select(Article.id, Article.title, Article.body, Article.language, Article.publisher)
                              .where(Article.id.in_(ids)))
    return {row.id: row for row in rows}


def _load_evidence(ids: list[int]) -> dict[int, Any]:
    from app.models import Source

    rows = db.session.execute(
        sa.select(Evidence.id, Evidence.claim_id, Evidence.excerpt, Evidence.note,
                  sa.type_coerce(Evidence.stance, sa.String()).label("stance"), Source.url, Source.title)
        .join(Source, Source.id == Evidence.source_id).where(Evidence.id.in_(ids)))
    return {row.id: row for row in rows}


def _load_earlier_checks(ids: list[int]) -> dict[int, Any]:
    rows = db.session.execute(
        sa.select(EarlierCheck.id, EarlierCheck.url, EarlierCheck.claim_reviewed, EarlierCheck.rating,
                  EarlierCheck.publisher, EarlierCheck.published_on, EarlierCheck.language)
        .where(EarlierCheck.id.in_(ids)))
    return {row.id: row for row in rows}


_LOADERS = {"claim": _load_claims, "article": _load_articles, "evidence": _load_evidence,
            "earlier_check": _load_earlier_checks}


def search(text: str | None, kind: str = "claim", page: int = 1, per_page: int = 20) -> Hits:
    """One page of a kind's records matching ``text``, most relevant first (a claim named by number first)."""
    if kind not in SEARCH_KINDS:
        raise ValueError(kind)
    query = parse_query(text)
    ids, total = _ranked_ids(kind, query, per_page, (page - 1) * per_page)
    loaded = _LOADERS[kind](ids) if ids else {}
    return Hits(kind, [loaded[i] for i in ids if i in loaded], total, page, per_page)


def counts(text: str | None) -> dict[str, int]:
    """How many records of each kind match (capped at COUNT_CAP), for the search page's tabs."""
    query = parse_query(text)
    return {kind: _ranked_ids(kind, query, 0, 0)[1] for kind in SEARCH_KINDS}
