"""The one outcome of each span of an article (a claim, or a rejected suggestion), held by the database.

Every claim and every rejection inserts a SuggestionOutcome row, unique per (article, start, end). The checks
before the insert (under the article's lock) give the person a clear answer; the unique key is what makes a
second outcome impossible: a writer that raced past the checks (or a path that forgot them) loses at the
insert, and gets the winner's decision as a 409 with nothing saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import _l
from app.models import SuggestionOutcome
from app.services.errors import Conflict

Span = tuple[int, int]


def outcomes_of(article_id: int, span: Span | None = None) -> dict[Span, SuggestionOutcome]:
    """The decided spans of an article (or just the one given), with who decided."""
    stmt = (sa.select(SuggestionOutcome).where(SuggestionOutcome.article_id == article_id)
            .options(joinedload(SuggestionOutcome.decided_by)))
    if span is not None:
        stmt = stmt.where(SuggestionOutcome.start == span[0], SuggestionOutcome.end == span[1])
    return {(o.start, o.end): o for o in db.session.scalars(stmt)}


def rejected_spans(article_id: int) -> set[Span]:
    return {(start, end) for start, end in db.session.execute(
        sa.select(SuggestionOutcome.start, SuggestionOutcome.end).where(
            SuggestionOutcome.article_id == article_id, SuggestionOutcome.outcome == "rejected"))}


def already_decided(outcome: SuggestionOutcome, field: str = "quote") -> Conflict:
    """409 naming what became of the span and who decided it, the error ``field`` marked."""
    who = outcome.decided_by.display_name if outcome.decided_by is not None else _l("someone")
    if outcome.outcome == "claimed":
        message = _l("This span was already made a claim by %(name)s (claim #%(id)s).", name=who, id=outcome.claim_id)
        short = _l("Already claim #%(id)s.", id=outcome.claim_id)
    else:
        message = _l("This span was already rejected by %(name)s as a suggestion.", name=who)
        short = _l("Rejected by %(name)s.", name=who)
    return Conflict(message, {field: short},
                    outcome={"outcome": outcome.outcome, "claim_id": outcome.claim_id, "decided_by": str(who)})


def refuse_decided(article_id: int, spans: Iterable[tuple[Span, str]], known: dict | None = None) -> None:
    """Conflict for the first of the (span, error field) pairs that already has an outcome."""
    found = outcomes_of(article_id) if known is None else known
    for span, field in spans:
        if span in found:
            raise already_decided(found[span], field)


@contextmanager
def deciding(article_id: int, spans: Iterable[tuple[Span, str]]) -> Iterator[None]:
    """Around the insert of outcome rows: when the unique key refuses one (another request decided this span
    since the checks), everything this request did is rolled back and the winner's decision is the 409."""
    spans = list(spans)
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        refuse_decided(article_id, spans)
        raise Conflict(_l("Someone else decided on this span at the same moment. Nothing was saved.")) from None


def claimed(article_id: int, rows: Iterable[tuple[int, int, int]], actor_id: int | None) -> None:
    """Insert the outcome rows of new claims: (claim id, start, end); IntegrityError when a span is taken."""
    values = [{"article_id": article_id, "start": start, "end": end, "outcome": "claimed", "claim_id": claim_id,
               "decided_by_id": actor_id} for claim_id, start, end in rows]
    if values:
        db.session.execute(sa.insert(SuggestionOutcome), values)


def moved(claim_id: int, span: Span) -> None:
    """A claim's span changed: its outcome row follows (IntegrityError when the new span is taken)."""
    db.session.execute(sa.update(SuggestionOutcome).where(SuggestionOutcome.claim_id == claim_id)
                       .values(start=span[0], end=span[1]))
