"""Fixtures of the page tests."""

import pytest

MEMO_BODY = "Officials said about 1,000 soldiers remain. The withdrawal may take two months, according to Reuters."


@pytest.fixture
def desk(login_as, make_article, make_claim):
    """A signed-in reviewer, an article and one claim on it (the page memo's and the front's tests)."""
    user = login_as("reviewer")
    article = make_article(body=MEMO_BODY)
    claim = make_claim(article, "about 1,000 soldiers")
    return user, article, claim
