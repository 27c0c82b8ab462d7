"""Comments on claims."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.extensions import db
from app.i18n import _l
from app.models import Claim, Comment, User
from app.services import audit
from app.services.claims import ensure_writable
from app.services.permissions import require
from app.services.validation import Checker


def add_comment(actor: User, claim: Claim, data: Mapping[str, Any]) -> Comment:
    """Add a comment to a claim (recorded in its history)."""
    require(actor, "comment")
    ensure_writable(claim.article)
    checker = Checker(data)
    body = checker.text("body", required=True, max_len=5000, allow_blank=False)
    checker.raise_if_errors(_l("The comment is not valid."))
    comment = Comment(claim=claim, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    audit.record(actor, "created", comment, after=body)
    return comment
