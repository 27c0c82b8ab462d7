"""Statements per request do not grow with the desk: every route bench/floor.py measures, at two sizes.

The same desk as the bench (bench/floor_data.py), built small and then about five times larger (more
claims in the desk, on the big article, evidence, history and the published report); each route must run
exactly as many statements on both. Nothing is timed here: bench/floor.py measures speed.
"""

import pytest
import sqlalchemy as sa

from app.extensions import db
from bench import floor_data
from bench.floor import ROUTES
from tests.conftest import login

SIZES = {
    "small": dict(n_claims=60, big=6, evidence=3, events=4, published=4),
    "large": dict(n_claims=400, big=40, evidence=15, events=30, published=20),
}


def _statements(app, client, path, headers):
    seen: list[str] = []

    def count(_conn, _cursor, statement, *rest):
        seen.append(statement)

    for _ in range(2):  # warm: lazy state, first-use work (the first view makes the session's CSRF token)
        assert client.get(path, headers=headers).status_code == 200, path
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        response = client.get(path, headers=headers)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
    assert response.status_code == 200, path
    return len(seen)


def _measure(app, size: str) -> dict[str, int]:
    marks = floor_data.build(reset=False, **SIZES[size])
    from app.models import User
    from app.services import users

    reader = db.session.scalar(sa.select(User).where(User.email == marks.reader_email))
    _, raw = users.create_token(None, reader, "statements")
    db.session.commit()
    session = app.test_client()
    login(session, reader, marks.password)
    counts = {}
    for name, path, who, _target in ROUTES:
        client = session if who else app.test_client()
        headers = {"Authorization": f"Bearer {raw}"} if who == "token" else {}
        counts[name] = _statements(app, client, path.format(**vars(marks)), headers)
    return counts


def _empty():
    db.session.remove()
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.mark.slow
def test_each_route_runs_the_same_statements_on_a_desk_five_times_larger(app):
    """Every view does its own work (there is no cache): a fixed number of statements whatever the size."""
    small = _measure(app, "small")
    _empty()
    large = _measure(app, "large")
    assert large == small
    # and few of them: a page reads its user, its rows and their counts, not a row at a time
    assert all(n <= 12 for n in large.values()), large
