"""Typed models, one module per aggregate."""

from app.models.article import Article, Publication, PublicationVersion, SuggestionOutcome
from app.models.base import Base
from app.models.capture import Capture
from app.models.claim import Claim, ClaimKey, Comment
from app.models.event import Event
from app.models.evidence import Evidence, Source
from app.models.factcheck import EarlierCheck, FactCheckFeed
from app.models.job import Job
from app.models.learning import ClaimVector, EarlierCheckVector, SentenceVector, SuggestionExample, SuggestionRun
from app.models.notification import Notification
from app.models.search import SearchEntry
from app.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "Article",
    "Base",
    "Capture",
    "Claim",
    "ClaimKey",
    "ClaimVector",
    "Comment",
    "EarlierCheck",
    "EarlierCheckVector",
    "Event",
    "Evidence",
    "FactCheckFeed",
    "Job",
    "Notification",
    "Publication",
    "SearchEntry",
    "SentenceVector",
    "PublicationVersion",
    "Source",
    "SuggestionExample",
    "SuggestionOutcome",
    "SuggestionRun",
    "User",
]
