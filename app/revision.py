"""The desk's revision: a value in the database that changes in the same transaction as any write.

Pages that are costly to build are remembered per process (app/page_memo.py) under the revision their
reader saw. For that to be safe the revision must change whenever anything a page shows changes, on any
worker, in any process (web, job worker, CLI), through any path (the ORM, Core, raw SQL). So it is kept at
the one place all of those pass through: the engine. Every statement that is not a read marks its
connection; when a marked connection commits, the row ``desk_revision`` gets a fresh random value as the
last statement of that same transaction. A reader that sees value V therefore sees the data committed
with V or newer (never older): what it renders may be stored under V, and a later reader that sees V
gets that rendering or the one after, never one from before V.

The value is random, not a counter: an emptied table or a restored backup can never bring back a value a
process still remembers pages under. Schema changes (CREATE, DROP, ALTER) are not writes of data: the
migrations run with the revision suspended and bump it once at the end (migrations/env.py).
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator

import sqlalchemy as sa

TABLE = "desk_revision"
WROTE = "claimdesk_wrote"  # on a DBAPI connection's info: statements that write ran since its last commit
SUSPENDED = "claimdesk_revision_suspended"

_READS = ("SELECT", "PRAGMA", "SHOW", "EXPLAIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ",
          "VALUES", "ANALYZE", "VACUUM", "LISTEN", "RESET", "DISCARD", "CREATE", "DROP", "ALTER", "COMMENT",
          "GRANT", "REVOKE")
_DML = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
# The value is an integer made here, never input; the table name a constant.
_BUMP = f"INSERT INTO {TABLE} (id, value) VALUES (1, {{value}}) ON CONFLICT (id) DO UPDATE SET value = excluded.value"  # noqa: S608


def is_write(statement: str) -> bool:
    """Whether a statement may change data. In doubt, yes: a needless new revision costs a re-render only."""
    head = statement.lstrip(" \t\r\n(").upper()
    if head.startswith("WITH"):
        return _DML.search(statement) is not None
    return not head.startswith(_READS)


def _after_cursor_execute(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    if is_write(statement) and not conn.info.get(SUSPENDED):
        conn.info[WROTE] = True


def _commit(conn) -> None:
    info = conn.info
    if info.pop(WROTE, False) and not info.get(SUSPENDED):
        bump(conn)


def _forget(conn, *_args) -> None:
    conn.info.pop(WROTE, None)


def _reset(_dbapi_connection, record, _reset_state) -> None:  # the pool's rollback on return
    record.info.pop(WROTE, None)


def bump(conn: sa.Connection) -> None:
    """Give the revision a new value inside ``conn``'s transaction. Through SQLAlchemy, so that a failure
    (a lock timeout, a database gone away, SQLite busy) is the usual wrapped error the desk's handlers know
    (409, 503), and a broken connection is invalidated; the bump itself marks nothing."""
    info = conn.info
    was = info.get(SUSPENDED)
    info[SUSPENDED] = True
    try:
        conn.exec_driver_sql(_BUMP.format(value=secrets.randbits(62) + 1))
    finally:
        if was is None:
            info.pop(SUSPENDED, None)


def install(engine: sa.Engine) -> None:
    """Keep the revision for every transaction on ``engine`` (once per engine)."""
    if sa.event.contains(engine, "commit", _commit):
        return
    sa.event.listen(engine, "after_cursor_execute", _after_cursor_execute)
    sa.event.listen(engine, "commit", _commit)
    sa.event.listen(engine, "rollback", _forget)
    sa.event.listen(engine.pool, "reset", _reset)


@contextlib.contextmanager
def suspended(conn: sa.Connection) -> Iterator[None]:
    """Writes on ``conn`` leave the revision alone (the migrations: the table may not exist yet)."""
    conn.info[SUSPENDED] = True
    try:
        yield
    finally:
        conn.info.pop(SUSPENDED, None)
        conn.info.pop(WROTE, None)


def has_uncommitted_writes(conn: sa.Connection) -> bool:
    """This connection wrote in its open transaction: what it reads is not yet anyone's revision."""
    return bool(conn.info.get(WROTE))


READ_SQL = f"SELECT value FROM {TABLE} WHERE id = 1"  # noqa: S608 - a constant
READ = sa.text(READ_SQL)


def read(conn: sa.Connection) -> int | None:
    """The revision as ``conn`` sees it now (None before the first write)."""
    return conn.execute(READ).scalar()


# In a request: the revision read in the same statement as the viewer (the first statement of the request).
_G_NAME = "claimdesk_revision"


def seen(value: int | None) -> None:
    """Remember, for this request, the revision read together with its viewer (the first such read wins:
    it is the oldest, so nothing the request reads afterwards is older than it)."""
    from flask import g, has_request_context

    if has_request_context() and _G_NAME not in g:
        setattr(g, _G_NAME, value)


def of_this_request() -> int | None:
    """The revision this request's pages may be remembered under, or None: not read with the viewer, no
    write yet, or this request has written something it has not committed."""
    from flask import g

    value = g.get(_G_NAME)
    if value is None or has_uncommitted_writes_now():
        return None
    return value


def has_uncommitted_writes_now() -> bool:
    """The request's own session has written in its open transaction (none open: nothing written)."""
    from app.extensions import db

    session = db.session()
    if not session.in_transaction():
        return False
    return has_uncommitted_writes(session.connection())
