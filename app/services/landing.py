"""Where a person lands after logging in: the work that waits for them, never an empty page."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Claim, User


def _any(*where) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(*where))) or False


def awaiting_approval_by(user: User) -> bool:
    """Claims waiting for approval that this person may approve (four eyes: not their own verdicts)."""
    return _any(Claim.state == "awaiting_approval",
                sa.or_(Claim.verdict_set_by_id.is_(None), Claim.verdict_set_by_id != user.id))


def landing(user: User) -> dict[str, str]:
    """The queue filters a person lands on: an editor's (and admin's) claims awaiting their approval first, then
    their own open claims, then the open claims nobody has taken; the whole queue when there is none of those."""
    if user.has_role("editor") and awaiting_approval_by(user):
        return {"state": "awaiting_approval", "approver": "me"}
    if _any(Claim.assignee_id == user.id, Claim.state != "approved"):
        return {"assignee": "me"}
    if _any(Claim.assignee_id.is_(None), Claim.state.in_(("open", "in_review"))):
        return {"assignee": "none"}
    return {}
