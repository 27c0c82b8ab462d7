"""The audit log: every change writes an Event in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Article, Claim, Comment, Event, Evidence, Publication, Source, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _anchors(obj: Any) -> tuple[int | None, int | None]:
    if isinstance(obj, Claim):
        return obj.id, obj.article_id
    if isinstance(obj, (Evidence, Comment)):
        return obj.claim_id, obj.claim.article_id if obj.claim is not None else None
    if isinstance(obj, (Article,)):
        return None, obj.id
    if isinstance(obj, Publication):
        return None, obj.article_id
    return None, None


def record(
    actor: User | None,
    action: str,
    obj: Any,
    *,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
    note: str | None = None,
    claim_id: int | None = None,
) -> Event:
    """Append one Event for a change to obj (flushed, so the object has its id)."""
    if getattr(obj, "id", None) is None:
        db.session.flush()
    anchored_claim, article_id = _anchors(obj)
    event = Event(
        actor_id=actor.id if actor is not None else None,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        claim_id=claim_id if claim_id is not None else anchored_claim,
        article_id=article_id,
        action=action,
        field=field,
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )
    db.session.add(event)
    return event


def record_many(actor: User | None, action: str, object_type: str, items: list[dict[str, Any]]) -> None:
    """Append one Event per item with one multi-row INSERT (bulk writes; the objects are rows, not ORM
    objects). Each item gives object_id, claim_id, article_id and may give field, before, after and note:
    the same columns, one by one, as record() writes."""
    actor_id = actor.id if actor is not None else None
    rows = [{"actor_id": actor_id, "object_type": object_type, "object_id": item["object_id"],
             "claim_id": item.get("claim_id"), "article_id": item.get("article_id"), "action": action,
             "field": item.get("field"), "before": _jsonable(item.get("before")),
             "after": _jsonable(item.get("after")), "note": item.get("note")} for item in items]
    if rows:
        db.session.execute(Event.__table__.insert(), rows)


def add_unique(obj: Any) -> bool:
    """Add a row whose unique key another request may be inserting at this moment; False if it lost the race.

    On PostgreSQL a savepoint lets the loser carry on with the winner's row. SQLite serialises writers
    with its database lock, and pysqlite's savepoints are unsafe (releasing the first one commits), so
    there the row is simply added.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.add(obj)
        try:
            db.session.flush()
        except IntegrityError:  # pysqlite reads outside the transaction: the check before this one was stale
            db.session.rollback()
            return False
        return True
    try:
        with db.session.begin_nested():
            db.session.add(obj)
    except IntegrityError:
        return False
    return True


def lock_for_writing(model: type, row_id: int) -> None:
    """Take the write lock on one row until the transaction ends, so that a check-then-insert under it (a
    span not yet taken, a suggestion not yet rejected) cannot race: FOR UPDATE on PostgreSQL; on SQLite, whose
    driver runs reads outside the transaction, a no-op write that takes the database's one writer lock."""
    table = model.__table__
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(table.update().where(table.c.id == row_id).values(id=table.c.id))
    else:
        db.session.execute(sa.select(table.c.id).where(table.c.id == row_id).with_for_update())


def _history(condition: sa.ColumnElement[bool], latest: int | None = None) -> list[Event]:
    stmt = sa.select(Event).where(condition).options(sa.orm.joinedload(Event.actor))
    if latest is None:
        return list(db.session.scalars(stmt.order_by(Event.id)))
    return list(reversed(db.session.scalars(stmt.order_by(Event.id.desc()).limit(latest)).all()))


def claim_history(claim_id: int, latest: int | None = None) -> list[Event]:
    """Every event about a claim, its evidence, sources and comments (or its `latest` ones), oldest first,
    with actors loaded."""
    return _history(Event.claim_id == claim_id, latest)


def article_history(article_id: int, latest: int | None = None) -> list[Event]:
    """Every event about an article and what hangs from it (or its `latest` ones), oldest first."""
    return _history(Event.article_id == article_id, latest)


def event_dict(event: Event) -> dict:
    """An event as the API and the reports show it."""
    return {
        "id": event.id,
        "at": event.created_at.isoformat(),
        "actor": event.actor.email if event.actor else None,
        "actor_name": event.actor.display_name if event.actor else None,
        "object": event.object_type,
        "object_id": event.object_id,
        "action": event.action,
        "field": event.field,
        "before": event.before,
        "after": event.after,
        "note": event.note,
    }


__all__ = ["record", "record_many", "claim_history", "article_history", "event_dict", "Source"]
