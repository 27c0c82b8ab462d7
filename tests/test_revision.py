"""The desk's revision (app/revision.py): every committed write changes it, in its own transaction; reads,
rollbacks and schema changes leave it alone."""

import pytest
import sqlalchemy as sa

from app import revision
from app.extensions import db
from app.models import User
from app.services import users


def _now() -> int | None:
    with db.engine.connect() as conn:
        return revision.read(conn)


@pytest.mark.parametrize(("statement", "writes"), [
    ("SELECT 1", False),
    ("  select * from claim", False),
    ("(SELECT 1) UNION (SELECT 2)", False),
    ("PRAGMA foreign_keys=ON", False),
    ("SAVEPOINT sa_1", False),
    ("CREATE TABLE x (id int)", False),
    ("WITH t AS (SELECT 1) SELECT * FROM t", False),
    ("INSERT INTO claim VALUES (1)", True),
    ("update claim set verdict = 'false'", True),
    ("DELETE FROM claim", True),
    ("TRUNCATE claim", True),
    ("WITH gone AS (DELETE FROM claim RETURNING id) SELECT count(*) FROM gone", True),
    ("COPY claim FROM STDIN", True),
    ("REPLACE INTO claim VALUES (1)", True),
])
def test_a_statement_is_a_write_unless_it_is_known_to_read(statement, writes):
    assert revision.is_write(statement) is writes


def test_an_orm_write_gives_a_new_revision_and_a_read_does_not(make_user):
    make_user("reviewer", email="first@desk.example")
    first = _now()
    assert first is not None
    db.session.scalars(sa.select(User)).all()
    db.session.commit()
    assert _now() == first
    user = db.session.scalar(sa.select(User).where(User.email == "first@desk.example"))
    user.name = "Renamed"
    db.session.commit()
    assert _now() not in (None, first)


def test_a_rolled_back_write_leaves_the_revision_alone(make_user):
    user = make_user("reviewer")
    first = _now()
    user.name = "Never saved"
    db.session.flush()
    db.session.rollback()
    assert _now() == first
    with db.engine.connect() as conn:  # Core, committed never
        conn.execute(sa.text("UPDATE \"user\" SET name = 'x'"))
        conn.rollback()
    assert _now() == first


def test_writes_past_the_orm_change_it_too(make_user):
    make_user("reviewer")
    seen = {_now()}
    with db.engine.begin() as conn:  # Core, as the jobs and the backup restore write
        conn.execute(sa.update(User).values(name="Core"))
    seen.add(_now())
    with db.engine.connect() as conn:  # raw SQL on the driver
        conn.exec_driver_sql("UPDATE \"user\" SET name = 'Raw'")
        conn.commit()
    seen.add(_now())
    assert len(seen) == 3 and None not in seen


def test_an_emptied_revision_table_never_comes_back_with_an_old_value(make_user):
    """The value is random: emptying the tables (or restoring a backup) cannot reissue a remembered one."""
    make_user("reviewer")
    values = {_now()}
    for _ in range(5):
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"DELETE FROM {revision.TABLE}"))
            conn.execute(sa.update(User).values(name="again"))
        values.add(_now())
    assert len(values) == 6


def test_the_viewer_and_the_revision_come_in_one_statement(app, make_user):
    """The revision is read no later than the viewer, so a page made after it is never older than it."""
    user = make_user("reviewer")
    _, raw = users.create_token(None, user, "t")
    db.session.commit()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with app.test_request_context("/"):
            assert users.user_for_token(raw).id == user.id
            value = revision.of_this_request()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert value is not None and value == _now()
    assert len([s for s in statements if revision.TABLE in s]) == 1
    assert "api_token" in statements[0] and revision.TABLE in statements[0]


def test_a_request_that_wrote_and_has_not_committed_has_no_revision_to_keep_pages_under(app, make_user):
    user = make_user("reviewer")
    _, raw = users.create_token(None, user, "t")
    db.session.commit()
    with app.test_request_context("/"):
        users.user_for_token(raw)
        assert revision.of_this_request() is not None
        db.session.execute(sa.update(User).where(User.id == user.id).values(name="pending"))
        assert revision.of_this_request() is None
        db.session.rollback()
