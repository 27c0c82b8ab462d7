"""Typed models, one module per aggregate."""

from app.models.article import Article, Publication, PublicationVersion, SuggestionRejection
from app.models.base import Base
from app.models.claim import Claim, ClaimKey, Comment
from app.models.event import Event
from app.models.evidence import Evidence, Source
from app.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "Article",
    "Base",
    "Claim",
    "ClaimKey",
    "Comment",
    "Event",
    "Evidence",
    "Publication",
    "PublicationVersion",
    "Source",
    "SuggestionRejection",
    "User",
]
