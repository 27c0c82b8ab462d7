"""Small rules about the database connection that several layers share."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

SQLITE_BUSY_MS = 5000  # how long a SQLite connection waits for another writer's lock (set at connect)


@contextlib.contextmanager
def impatient(conn: sa.Connection, ms: int = 200) -> Iterator[None]:
    """On SQLite, statements on `conn` wait at most `ms` for another writer's lock (then OperationalError),
    for writes that are advice (a job's progress, a kept computation); the connection goes back to the pool
    with the usual wait. Elsewhere nothing changes."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(ms)}")
    try:
        yield
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
