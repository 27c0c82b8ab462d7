"""A claim's place in its article: its order by position in the text (start offset, then id) among the
article's claims, counted from 1, with how many claims the article has. The one definition every page,
list and report reads, so that "claim 3 of 7" is the same claim wherever a person meets it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa

from app.extensions import db
from app.models import Claim


class Place(NamedTuple):
    """The claim's position in its article (from 1) and the article's number of claims."""

    position: int
    total: int


def position_column() -> sa.ColumnElement[int]:
    """The claim's position among its article's claims, as a window column (SQLite and PostgreSQL alike)."""
    return sa.func.row_number().over(partition_by=Claim.article_id, order_by=(Claim.start, Claim.id))


def _numbered(where: sa.ColumnElement[bool]) -> sa.Subquery:
    total = sa.func.count().over(partition_by=Claim.article_id)
    return (sa.select(Claim.id, position_column().label("position"), total.label("total"))
            .where(where).subquery())


def article_places(article_id: int) -> dict[int, Place]:
    """{claim id: Place} for every claim of the article, in one statement."""
    numbered = _numbered(Claim.article_id == article_id)
    rows = db.session.execute(sa.select(numbered.c.id, numbered.c.position, numbered.c.total))
    return {claim_id: Place(position, total) for claim_id, position, total in rows}


def places(claim_ids: Iterable[int]) -> dict[int, Place]:
    """{claim id: Place} for the given claims, of any articles, in one statement (counted over each
    claim's whole article, not over the claims asked for)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    articles = sa.select(Claim.article_id).where(Claim.id.in_(ids)).scalar_subquery()
    numbered = _numbered(Claim.article_id.in_(articles))
    rows = db.session.execute(sa.select(numbered.c.id, numbered.c.position, numbered.c.total)
                              .where(numbered.c.id.in_(ids)))
    return {claim_id: Place(position, total) for claim_id, position, total in rows}


def place(claim_id: int) -> Place | None:
    """The claim's Place, or None when there is no such claim."""
    return places([claim_id]).get(claim_id)
