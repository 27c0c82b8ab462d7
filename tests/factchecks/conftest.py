"""Fixtures: the reports' reviewed articles and people, a local site, and letting it through the fetch policy."""

import pytest

from tests.reports.conftest import arabic, people, reviewed  # noqa: F401
from tests.site import site  # noqa: F401


@pytest.fixture
def allow(app, monkeypatch):
    """Let the given local sites through the fetch policy."""

    def do(*sites):
        monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", ",".join(s.host for s in sites))

    return do
